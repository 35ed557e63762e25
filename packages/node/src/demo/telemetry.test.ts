import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { demoDeviceKey, type MachineSim, stepMachine } from "./telemetry.ts";

const reading = (readings: { metric: string; value: unknown }[], metric: string) =>
  readings.find((r) => r.metric === metric)?.value;

describe("demo telemetry", () => {
  describe("stepMachine", () => {
    it("heats up, loads the spindle and counts cycles while running; cools and rests while idle", () => {
      let sim: MachineSim = { temperature: 21, cycles: 0 };
      const temperatures: number[] = [];
      for (let i = 0; i < 10; i++) {
        const step = stepMachine(sim, { process: "cnc-milling", state: "running", chainSeconds: 900, orderId: 7 });
        sim = step.sim;
        temperatures.push(reading(step.readings, "temperature") as number);
        const load = reading(step.readings, "spindle_load") as number;
        assert.ok(load >= 40 && load <= 80, `load ${load}`);
        assert.equal(reading(step.readings, "state"), "running");
        assert.equal(reading(step.readings, "order_id"), 7);
        assert.equal(reading(step.readings, "cycle_count"), i + 1); // 900 s cycles
      }
      assert.ok((temperatures.at(-1) as number) > 40, `${temperatures}`);
      assert.ok((temperatures.at(-1) as number) > (temperatures[0] as number));
      for (let i = 0; i < 10; i++) {
        const step = stepMachine(sim, { process: "cnc-milling", state: "idle", chainSeconds: 900 });
        sim = step.sim;
        assert.ok((reading(step.readings, "spindle_load") as number) <= 3);
        assert.equal(reading(step.readings, "order_id"), undefined);
        assert.equal(reading(step.readings, "cycle_count"), 10);
      }
      assert.ok(sim.temperature < 26, `idle machine still at ${sim.temperature}`);
      const down = stepMachine(sim, { process: "cnc-milling", state: "down", chainSeconds: 900, orderId: 7 });
      assert.equal(reading(down.readings, "spindle_load"), 0);
      assert.equal(reading(down.readings, "order_id"), undefined);
    });

    it("uses each process's own load metric and temperatures", () => {
      const sim = { temperature: 180, cycles: 0 };
      const moulding = stepMachine(sim, { process: "injection-moulding", state: "running", chainSeconds: 36_000 });
      assert.ok((reading(moulding.readings, "temperature") as number) > 200);
      assert.equal(reading(moulding.readings, "spindle_load"), undefined);
      assert.equal(typeof reading(moulding.readings, "load"), "number");
      assert.equal(reading(moulding.readings, "cycle_count"), 1028); // 35 s shots
    });
  });

  describe("demoDeviceKey", () => {
    it("is the same for the same machine, and differs between machines and makers", () => {
      const a = demoDeviceKey("0xAbC", "pwn-m1");
      assert.deepEqual(a, demoDeviceKey("0xabc", "pwn-m1"));
      assert.notEqual(a.publicKey, demoDeviceKey("0xabc", "pwn-m2").publicKey);
      assert.notEqual(a.publicKey, demoDeviceKey("0xabd", "pwn-m1").publicKey);
      assert.match(a.publicKey, /^[0-9a-f]{64}$/);
    });
  });
});
