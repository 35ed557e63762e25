// Demo telemetry: every demo machine's controller publishes signed readings over MQTT to the node's
// IoT gateway, as a real shop floor would. What a machine reports follows what the capacity ledger
// says it is doing at chain time: a live reservation → running (spindle load, rising temperature,
// counting cycles, the order it works on), declared downtime → down, otherwise idle and cooling.
// Device keys are derived from the machine's public demo identity (demo only, like the accounts).
import { createHash } from "node:crypto";
import {
  ContractRevertError,
  type DeviceKey,
  type DipnetClient,
  publicKeyOf,
  type Reading,
  registerDevice as registerDeviceOnChain,
  setAnchorer,
} from "@dipnet/sdk";
import { createDevicePublisher, type DevicePublisher } from "@dipnet/sdk/mqtt";
import type { AgentReadModel } from "../agents/readModel.ts";
import type { AgentLog } from "../agents/runtime.ts";
import { DeviceRegistryError } from "../modules/iot/registry.ts";
import { anchorerIndex, demoAccount } from "./network.ts";
import type { DemoNetwork } from "./seed.ts";

/** What a machine is doing. */
export type MachineState = "running" | "idle" | "down";

/** A machine's simulated physical state, carried from one reading to the next. */
export type MachineSim = { temperature: number; cycles: number };

type Profile = {
  /** Name of the load metric: machining has a spindle, other processes a drive or laser. */
  loadMetric: "spindle_load" | "load";
  /** Typical load while running (%). */
  load: number;
  /** Temperature the machine settles at while running and while idle (°C). */
  hot: number;
  idle: number;
  /** Chain seconds per production cycle (part or shot). */
  cycleSeconds: number;
};

const AMBIENT = 21;

/** Per process: realistic loads, temperatures (spindle, laser head, chamber, barrel) and cycle times. */
const profiles: Record<string, Profile> = {
  "cnc-milling": { loadMetric: "spindle_load", load: 62, hot: 46, idle: AMBIENT + 3, cycleSeconds: 900 },
  "cnc-turning": { loadMetric: "spindle_load", load: 55, hot: 42, idle: AMBIENT + 2, cycleSeconds: 300 },
  "sheet-metal": { loadMetric: "load", load: 70, hot: 34, idle: AMBIENT + 2, cycleSeconds: 120 },
  "fdm-printing": { loadMetric: "load", load: 35, hot: 60, idle: AMBIENT + 1, cycleSeconds: 7200 },
  "sla-printing": { loadMetric: "load", load: 25, hot: 31, idle: 28, cycleSeconds: 10_800 },
  "sls-printing": { loadMetric: "load", load: 45, hot: 172, idle: 40, cycleSeconds: 43_200 },
  "injection-moulding": { loadMetric: "load", load: 68, hot: 225, idle: 180, cycleSeconds: 35 },
};
const fallbackProfile: Profile = { loadMetric: "load", load: 50, hot: 40, idle: AMBIENT + 2, cycleSeconds: 600 };

/** Chain seconds for the temperature to close ~63 % of the gap to its target. */
const THERMAL_TIME_CONSTANT = 1800;

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * One telemetry step of a machine (pure): from its state over `chainSeconds` of chain time to the
 * readings it reports and its next simulated state.
 * @example const { readings, sim } = stepMachine({ temperature: 21, cycles: 0 }, { process: "cnc-milling", state: "running", chainSeconds: 2400 });
 */
export function stepMachine(
  sim: MachineSim,
  p: {
    process: string;
    state: MachineState;
    chainSeconds: number;
    orderId?: number | undefined;
    random?: () => number;
  },
): { sim: MachineSim; readings: Reading[] } {
  const random = p.random ?? Math.random;
  const profile = profiles[p.process] ?? fallbackProfile;
  const noise = (amplitude: number) => (random() * 2 - 1) * amplitude;
  const target = p.state === "running" ? profile.hot : p.state === "idle" ? profile.idle : AMBIENT;
  const approach = 1 - Math.exp(-Math.max(0, p.chainSeconds) / THERMAL_TIME_CONSTANT);
  const temperature = sim.temperature + (target - sim.temperature) * approach + noise(0.2);
  const cycles = p.state === "running" ? sim.cycles + Math.max(0, p.chainSeconds) / profile.cycleSeconds : sim.cycles;
  const load =
    p.state === "running"
      ? Math.min(100, Math.max(5, profile.load + noise(12)))
      : p.state === "idle"
        ? 1 + random() * 2
        : 0;
  const readings: Reading[] = [
    { metric: "state", value: p.state },
    { metric: profile.loadMetric, value: round(load, 1), unit: "%" },
    { metric: "temperature", value: round(temperature, 2), unit: "Cel" },
    { metric: "cycle_count", value: Math.floor(cycles) },
  ];
  if (p.state === "running" && p.orderId !== undefined) readings.push({ metric: "order_id", value: p.orderId });
  return { sim: { temperature, cycles }, readings };
}

/** The demo device key of a machine: derived from its manufacturer's account and its id (public, demo only). */
export function demoDeviceKey(manufacturer: string, machineId: string): DeviceKey {
  const privateKey = createHash("sha256")
    .update(`dipnet-demo-device\n${manufacturer.toLowerCase()}\n${machineId}`)
    .digest("hex");
  return { privateKey, publicKey: publicKeyOf(privateKey) };
}

/** Parameters of `startDemoTelemetry`. */
export type StartDemoTelemetryParameters = {
  readModel: AgentReadModel;
  network: Pick<DemoNetwork, "governance" | "manufacturers">;
  /** The node's MQTT broker, e.g. `mqtt://127.0.0.1:1884`. */
  mqttUrl: string;
  /** Real milliseconds between a machine's messages. Default: 5000. */
  intervalMs?: number | undefined;
  log?: AgentLog | undefined;
};

/** Running demo telemetry. */
export type DemoTelemetry = {
  /** Machines publishing so far. */
  devices: () => string[];
  /** Stops publishing and disconnects. Safe to call twice. */
  stop: () => Promise<void>;
};

type Publishing = {
  deviceId: string;
  machineId: number;
  process: string;
  publisher: DevicePublisher;
  sim: MachineSim;
};

/**
 * Publishes every registered demo machine's telemetry until stopped. A machine's device is
 * registered the first time the machine is seen in the read model — on chain when the deployment
 * has an evidence registry (it publishes once the indexer has it), else with the node; its
 * messages alternate between the JSON and the Sparkplug B format by machine id, to exercise both.
 * @example const telemetry = startDemoTelemetry({ readModel, network, mqttUrl: "mqtt://127.0.0.1:1884" });
 */
export function startDemoTelemetry(p: StartDemoTelemetryParameters): DemoTelemetry {
  const log = p.log ?? (() => {});
  const intervalMs = p.intervalMs ?? 5000;
  const makers = new Map(p.network.manufacturers.map((m) => [m.client.account.address.toLowerCase(), m.spec]));
  const clients = new Map(p.network.manufacturers.map((m) => [m.client.account.address.toLowerCase(), m.client]));
  // With an evidence registry the gateway trusts only devices registered on chain.
  const onChain = p.network.governance.deployment.contracts.evidenceRegistry !== undefined;
  const registering = new Set<number>();
  const publishing = new Map<number, Publishing>();
  const silent = new Set<number>();
  let lastChainTime: number | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  async function discover(): Promise<void> {
    const machines = await p.readModel.machinesOf([...makers.keys()]);
    const index = new Map<string, number>();
    for (const row of machines) {
      const owner = row.owner.toLowerCase();
      const i = index.get(owner) ?? 0;
      index.set(owner, i + 1);
      const machineId = Number(row.machine_id);
      // The seed registers a maker's park in spec order, so the i-th ledger machine is the i-th spec machine.
      const spec = makers.get(owner)?.machines[i];
      if (!spec || publishing.has(machineId) || silent.has(machineId)) continue;
      const key = demoDeviceKey(owner, spec.id);
      const device = { id: spec.id, manufacturer: owner, machine: String(machineId) };
      if (onChain) {
        const indexed = await p.readModel.device({ manufacturer: owner, id: device.id });
        if (indexed?.source !== "chain") {
          await registerOnChain(clients.get(owner), machineId, device.id, key.publicKey);
          continue; // publishes once the indexer has the registration
        }
      } else {
        try {
          await p.readModel.registerDevice({
            id: device.id,
            publicKey: key.publicKey,
            manufacturer: owner,
            machine: device.machine,
          });
        } catch (error) {
          if (!(error instanceof DeviceRegistryError)) throw error;
          log("warn", `telemetry: ${error.message}; machine ${machineId} stays silent`);
          silent.add(machineId);
          continue;
        }
      }
      const cycles = await p.readModel.lastReading({ manufacturer: owner, id: device.id }, "cycle_count");
      publishing.set(machineId, {
        deviceId: device.id,
        machineId,
        process: row.process,
        publisher: createDevicePublisher({
          url: p.mqttUrl,
          device,
          privateKey: key.privateKey,
          format: machineId % 2 === 0 ? "json" : "sparkplug",
          clientId: `dipnet-demo-${device.id}`,
          log,
        }),
        sim: { temperature: AMBIENT + 1, cycles: cycles ?? 0 },
      });
      log("info", `telemetry: machine ${machineId} (${spec.type}) publishes as device ${device.id}`);
    }
  }

  /** Registers a machine's device key on chain once (a registration from an earlier run counts). */
  async function registerOnChain(
    client: DipnetClient | undefined,
    machineId: number,
    deviceId: string,
    publicKey: string,
  ): Promise<void> {
    if (!client || registering.has(machineId)) return;
    registering.add(machineId);
    try {
      await registerDeviceOnChain(client, { deviceId, machineId: BigInt(machineId), publicKey });
      // The demo node anchors with the demo anchorer account: readings count only under an allowed anchorer.
      await setAnchorer(client, { anchorer: demoAccount(anchorerIndex).address, allowed: true });
      log("info", `telemetry: device ${deviceId} of machine ${machineId} registered on chain`);
    } catch (error) {
      if (error instanceof ContractRevertError && error.errorName === "EvidenceDeviceExists") return;
      if (!(error instanceof ContractRevertError)) {
        // Not refused: e.g. the maker's agent sent a transaction from the same account at the same
        // moment (a nonce taken). Try again next round.
        registering.delete(machineId);
        log("info", `telemetry: registering device ${deviceId}: ${(error as Error).message.split("\n")[0]}; retrying`);
        return;
      }
      log(
        "warn",
        `telemetry: registering device ${deviceId}: ${(error as Error).message}; machine ${machineId} stays silent`,
      );
      silent.add(machineId);
    }
  }

  async function tick(): Promise<void> {
    const chainTime = Number((await p.network.governance.publicClient.getBlock({ blockTag: "latest" })).timestamp);
    await discover();
    const chainSeconds = lastChainTime === undefined ? 0 : Math.max(0, chainTime - lastChainTime);
    lastChainTime = chainTime;
    const ids = [...publishing.keys()];
    if (ids.length === 0) return;
    const [reservations, downtimes] = await Promise.all([
      p.readModel.reservations({ machineIds: ids, at: chainTime }),
      p.readModel.downtimes({ machineIds: ids, at: chainTime }),
    ]);
    const busy = new Map(
      reservations.filter((r) => r.status !== "Released").map((r) => [Number(r.machine_id), Number(r.order_id)]),
    );
    // A downtime ended before it began (to_slot = from_slot) never took the machine down.
    const down = new Set(downtimes.filter((d) => d.to_slot > d.from_slot).map((d) => Number(d.machine_id)));
    for (const machine of publishing.values()) {
      const state: MachineState = down.has(machine.machineId)
        ? "down"
        : busy.has(machine.machineId)
          ? "running"
          : "idle";
      const step = stepMachine(machine.sim, {
        process: machine.process,
        state,
        chainSeconds,
        orderId: busy.get(machine.machineId) || undefined,
      });
      machine.sim = step.sim;
      // Not awaited: the PUBACK comes after the gateway's commit; a slow one must not delay the others.
      if (machine.publisher.inFlight() < 10) {
        machine.publisher
          .publish(step.readings)
          .catch((error: Error) => log("warn", `telemetry: ${machine.deviceId}: ${error.message}`));
      }
    }
  }

  const loop = () => {
    if (stopped) return;
    running = tick()
      .catch((error: Error) => log("warn", `telemetry: ${error.message.split("\n")[0]}`))
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(loop, intervalMs);
      });
  };
  loop();

  return {
    devices: () => [...publishing.values()].map((m) => m.deviceId),
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await Promise.all([...publishing.values()].map((m) => m.publisher.close()));
    },
  };
}
