import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseConfig } from "../../core/config.ts";
import { assertConfigProblems } from "../../testing/index.ts";

describe("parseConfig (DIPNET_MQTT)", () => {
  it("is off by default", () => {
    assert.deepEqual(parseConfig({}).mqtt, { kind: "off" });
  });
  it("reads embedded with host and port, and external URLs", () => {
    assert.deepEqual(parseConfig({ DIPNET_MQTT: "embedded" }).mqtt, {
      kind: "embedded",
      host: "127.0.0.1",
      port: 1884,
    });
    assert.deepEqual(parseConfig({ DIPNET_MQTT: "embedded", DIPNET_MQTT_PORT: "2883" }).mqtt, {
      kind: "embedded",
      host: "127.0.0.1",
      port: 2883,
    });
    assert.deepEqual(parseConfig({}, ["--mqtt", "mqtt://broker:1883"]).mqtt, {
      kind: "external",
      url: "mqtt://broker:1883",
    });
  });
  it("takes an external broker from MQTT_URL unless DIPNET_MQTT says otherwise", () => {
    const broker = { kind: "external", url: "mqtt://127.0.0.1:1883" };
    assert.deepEqual(parseConfig({ MQTT_URL: "mqtt://127.0.0.1:1883" }).mqtt, broker);
    assert.deepEqual(parseConfig({ MQTT_URL: "mqtt://127.0.0.1:1883", DIPNET_MQTT: "off" }).mqtt, { kind: "off" });
    assertConfigProblems({ MQTT_URL: "tcp://broker" }, ["MQTT_URL"]);
  });
  it("admits the operator client only with DIPNET_MQTT_OPERATOR_PASSWORD of 16 characters or more", () => {
    const password = "0123456789abcdef";
    assert.deepEqual(parseConfig({ DIPNET_MQTT: "embedded", DIPNET_MQTT_OPERATOR_PASSWORD: password }).mqtt, {
      kind: "embedded",
      host: "127.0.0.1",
      port: 1884,
      operator: { username: "operator", password },
    });
    assertConfigProblems({ DIPNET_MQTT: "embedded", DIPNET_MQTT_OPERATOR_PASSWORD: "short" }, [
      "DIPNET_MQTT_OPERATOR_PASSWORD",
    ]);
  });
  it("names a bad value", () => {
    assertConfigProblems({ DIPNET_MQTT: "http://x", DIPNET_MQTT_PORT: "99999" }, ["DIPNET_MQTT", "DIPNET_MQTT_PORT"]);
  });
});
