// Edge gateways: device keys, and the OPC UA adapter that publishes a machine's variables as
// signed readings to a DIPNET node's IoT gateway.
import { createDeviceKey, InvalidParameterError, isIotId, publicKeyOf } from "@dipnet/sdk";
import type { Register } from "./types.ts";

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `<metric>=<node id>` pairs and `<metric>=<unit>` pairs → the adapter's variables. */
export function parseOpcUaVariables(nodes: string[], units: string[]) {
  const unitOf = new Map<string, string>();
  for (const u of units) {
    const at = u.indexOf("=");
    if (at <= 0) throw new InvalidParameterError("--unit", `expected <metric>=<unit>, got "${u}"`);
    unitOf.set(u.slice(0, at), u.slice(at + 1));
  }
  if (nodes.length === 0) throw new InvalidParameterError("--node", "give at least one --node <metric>=<node id>");
  const variables = nodes.map((n) => {
    const at = n.indexOf("=");
    if (at <= 0 || at === n.length - 1) {
      throw new InvalidParameterError(
        "--node",
        `expected <metric>=<node id> (e.g. spindle_load=ns=2;s=Spindle.Load), got "${n}"`,
      );
    }
    const metric = n.slice(0, at);
    return { metric, nodeId: n.slice(at + 1), unit: unitOf.get(metric) };
  });
  for (const metric of unitOf.keys()) {
    if (!variables.some((v) => v.metric === metric)) {
      throw new InvalidParameterError("--unit", `metric ${metric} has no --node`);
    }
  }
  return variables;
}

function positiveInteger(raw: string | undefined, fallback: number, option: string): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 10 || n > 3_600_000) {
    throw new InvalidParameterError(option, `must be milliseconds from 10 to 3600000, got "${raw}"`);
  }
  return n;
}

type OpcUaOptions = {
  endpoint: string;
  device: string;
  manufacturer: string;
  machine: string;
  key?: string;
  node: string[];
  unit: string[];
  mqtt: string;
  format: string;
  interval?: string;
  sampling?: string;
  topicPrefix?: string;
};

export const registerEdge: Register = (program, act) => {
  const edge = program.command("edge").description("edge gateways feeding a node's IoT gateway (device keys, OPC UA)");

  edge
    .command("keygen")
    .description("create a device key (Ed25519): keep the private key on the device, register the public key")
    .action(
      act(async () => {
        const key = createDeviceKey();
        return {
          json: key,
          human: [
            `private key  ${key.privateKey}  (secret: give it to the device only)`,
            `public key   ${key.publicKey}`,
          ],
        };
      }),
    );

  edge
    .command("opcua")
    .description("subscribe to a machine's OPC UA variables and publish them as signed readings over MQTT until Ctrl-C")
    .requiredOption("--endpoint <url>", "the machine's OPC UA server, opc.tcp://host:port")
    .requiredOption("--device <id>", "the adapter's registered device id")
    .requiredOption("--manufacturer <id>", "manufacturer the device is registered to (topic segment)")
    .requiredOption("--machine <id>", "machine the device is registered to (topic segment)")
    .option("--key <hex>", "the device's Ed25519 private key, 32 bytes hex (env DIPNET_DEVICE_KEY)")
    .option(
      "--node <metric=nodeId>",
      "a variable to publish, e.g. spindle_load=ns=2;s=Spindle.Load (repeat)",
      collect,
      [],
    )
    .option("--unit <metric=unit>", "unit of a metric's readings, e.g. spindle_load=% (repeat)", collect, [])
    .option("--mqtt <url>", "MQTT broker of the node's gateway", "mqtt://127.0.0.1:1884")
    .option("--format <json|sparkplug>", "wire format", "json")
    .option("--interval <ms>", "publish changed values every <ms> (default 1000)")
    .option("--sampling <ms>", "OPC UA sampling interval (default 500)")
    .option("--topic-prefix <prefix>", "topic prefix on a shared broker (as the gateway's)")
    .action(
      act(async (ctx, o: OpcUaOptions) => {
        const privateKey = (o.key ?? ctx.io.env.DIPNET_DEVICE_KEY ?? "").replace(/^0x/, "");
        if (!/^[0-9a-fA-F]{64}$/.test(privateKey)) {
          throw new InvalidParameterError("--key", "give the device's 32-byte hex private key (or DIPNET_DEVICE_KEY)");
        }
        if (o.format !== "json" && o.format !== "sparkplug") {
          throw new InvalidParameterError("--format", `must be json or sparkplug, got "${o.format}"`);
        }
        const variables = parseOpcUaVariables(o.node, o.unit);
        const publishIntervalMs = positiveInteger(o.interval, 1000, "--interval");
        const samplingIntervalMs = positiveInteger(o.sampling, 500, "--sampling");
        // Loaded on demand: only this command needs OPC UA and MQTT.
        const { checkOpcUaSettings, createOpcUaAdapter } = await import("@dipnet/edge");
        const { createDevicePublisher } = await import("@dipnet/sdk/mqtt");
        for (const option of ["device", "manufacturer", "machine"] as const) {
          if (!isIotId(o[option])) throw new InvalidParameterError(`--${option}`, "must be 1-64 of A-Z a-z 0-9 . _ -");
        }
        if (!/^opc\.tcp:\/\/[^/\s]+/.test(o.endpoint)) {
          throw new InvalidParameterError("--endpoint", `must be opc.tcp://host:port, got "${o.endpoint}"`);
        }
        try {
          checkOpcUaSettings({ endpoint: o.endpoint, variables });
        } catch (error) {
          throw new InvalidParameterError(
            "--node",
            (error as Error).message.replace(/^invalid OPC UA adapter settings: /, ""),
          );
        }
        const log = (level: string, message: string) => ctx.io.stderr(`[${level}] ${message}`);
        const publisher = createDevicePublisher({
          url: o.mqtt,
          device: { id: o.device, manufacturer: o.manufacturer, machine: o.machine },
          privateKey,
          format: o.format,
          topicPrefix: o.topicPrefix,
          log,
        });
        const adapter = createOpcUaAdapter({
          endpoint: o.endpoint,
          variables,
          publisher,
          publishIntervalMs,
          samplingIntervalMs,
          pkiDir: `${ctx.dataDir}/opcua-pki`,
          log,
        });
        const stopped = new Promise<string>((resolve) => {
          process.once("SIGINT", () => resolve("SIGINT"));
          process.once("SIGTERM", () => resolve("SIGTERM"));
        });
        ctx.io.stderr(
          `publishing ${variables.length} variables of ${o.endpoint} as device ${o.device} ` +
            `(public key ${publicKeyOf(privateKey)}) to ${o.mqtt}; Ctrl-C to stop`,
        );
        await Promise.race([adapter.start(), stopped]);
        const signal = await stopped;
        await adapter.stop();
        await publisher.close();
        const stats = adapter.stats();
        return {
          json: { stopped: signal, ...stats },
          human: `stopped (${signal}): ${stats.published} messages published, ${stats.changes} changes, ${stats.skipped} skipped, ${stats.failed} failed`,
        };
      }),
    );
};
