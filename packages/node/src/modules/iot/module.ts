import { Counter } from "prom-client";
import { registerCounter, registerGauge } from "../../core/http/metrics.ts";
import type { NodeModule } from "../../core/module.ts";
import type { NodeServices } from "../services.ts";
import { rejectReasons } from "./ingest.ts";
import { deviceNamespacesMigration, iotMigration } from "./migration.ts";
import { registerIotRoutes } from "./routes.ts";

/** Signed device messages over MQTT: devices, readings, the gateway's counters. */
export const iotModule: NodeModule<NodeServices> = {
  name: "iot",
  migrations: { "0002_iot": iotMigration, "0011_device_namespaces": deviceNamespacesMigration },
  routes: (app, s) => registerIotRoutes(app, s.db),
  metrics: (registry, s) => {
    const stats = () => s.gateway?.stats();
    registerGauge(registry, "dipnet_iot_gateway_up", "1 while the IoT gateway runs (DIPNET_MQTT not off).", () =>
      stats() ? 1 : 0,
    );
    registerCounter(
      registry,
      "dipnet_iot_messages_accepted_total",
      "Signed device messages verified and stored.",
      () => stats()?.acceptedMessages ?? 0,
    );
    registerCounter(
      registry,
      "dipnet_iot_readings_accepted_total",
      "Readings in the accepted messages.",
      () => stats()?.acceptedReadings ?? 0,
    );
    new Counter({
      name: "dipnet_iot_messages_rejected_total",
      help: "Device messages rejected (never stored), by reason.",
      labelNames: ["reason"],
      registers: [registry],
      collect() {
        this.reset();
        const rejected = stats()?.rejected;
        for (const reason of rejectReasons) this.inc({ reason }, rejected?.[reason] ?? 0);
      },
    });
    registerCounter(
      registry,
      "dipnet_iot_store_failures_total",
      "Device messages not acknowledged because storing failed (redelivered).",
      () => stats()?.storeFailures ?? 0,
    );
    registerCounter(
      registry,
      "dipnet_iot_mqtt_errors_total",
      "MQTT connections dropped for protocol errors.",
      () => stats()?.mqttErrors ?? 0,
    );
  },
};
