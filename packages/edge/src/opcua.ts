// OPC UA edge adapter: subscribes to variables of a machine's OPC UA server and publishes their
// values as signed readings with the adapter's own device key. Changes are collected per metric
// (latest value wins) and sent as one message per publish interval, so one signature covers many
// readings; while the broker lags, values keep merging instead of queueing without bound.
import { homedir } from "node:os";
import path from "node:path";
import { format } from "node:util";
import { isMetricName, messageLimits, type Reading } from "@dipnet/sdk";
import type { DevicePublisher } from "@dipnet/sdk/mqtt";
import { OPCUACertificateManager } from "node-opcua-certificate-manager";
import {
  AttributeIds,
  type ClientMonitoredItem,
  type ClientSession,
  type ClientSubscription,
  type DataValue,
  MessageSecurityMode,
  OPCUAClient,
  resolveNodeId,
  SecurityPolicy,
  setErrorLogger,
  setWarningLogger,
  TimestampsToReturn,
} from "node-opcua-client";

/** One OPC UA variable and the metric it becomes. */
export type OpcUaVariable = {
  /** OPC UA node id, e.g. `ns=2;s=Mill.Spindle.Load`. */
  nodeId: string;
  /** Reading metric name (1–64 of `A-Z a-z 0-9 _ . : -`). */
  metric: string;
  /** Unit of the readings (e.g. `%`, `Cel`). Default: none. */
  unit?: string | undefined;
};

/** Parameters of `createOpcUaAdapter`. */
export type CreateOpcUaAdapterParameters = {
  /** `opc.tcp://host:port[/path]` of the machine's OPC UA server. */
  endpoint: string;
  variables: OpcUaVariable[];
  /** Publishes the adapter device's signed readings (see `createDevicePublisher`). */
  publisher: Pick<DevicePublisher, "publish" | "inFlight">;
  /** Server-side sampling interval per variable (ms). Default: 500. */
  samplingIntervalMs?: number | undefined;
  /** How often changed values are published as one message (ms). Default: 1000. */
  publishIntervalMs?: number | undefined;
  /** Unacknowledged messages at most; beyond that changes wait and merge. Default: 100. */
  maxInFlight?: number | undefined;
  /**
   * Folder of the OPC UA client's certificate store (node-opcua creates a self-signed certificate
   * there even without security). Default: `~/.config/dipnet/opcua-pki`.
   */
  pkiDir?: string | undefined;
  /** Diagnostics. Default: none. */
  log?: ((level: "info" | "warn" | "error", message: string) => void) | undefined;
};

/** Counters of the adapter. */
export type OpcUaAdapterStats = {
  /** Value changes received from the server. */
  changes: number;
  /** Changes not published: bad status, or a value that is not a number, boolean or short string. */
  skipped: number;
  /** Messages published and acknowledged. */
  published: number;
  /** Messages whose publish failed (their values are lost; later changes are sent). */
  failed: number;
};

/** A running adapter. */
export type OpcUaAdapter = {
  /** Connects, subscribes to every variable and starts publishing. Retries the connection until it succeeds. */
  start: () => Promise<void>;
  /** Publishes what is pending (waiting up to 2 s for acknowledgements), then closes the subscription and the connection. Safe to call twice. */
  stop: () => Promise<void>;
  stats: () => OpcUaAdapterStats;
};

/** Problems with an adapter's settings. */
export class OpcUaAdapterConfigError extends Error {
  override name = "OpcUaAdapterConfigError";
}

/** Checks the variables and endpoint; throws one error listing every problem. */
export function checkOpcUaSettings(p: { endpoint: string; variables: OpcUaVariable[] }): void {
  const problems: string[] = [];
  if (!/^opc\.tcp:\/\/[^/\s]+/.test(p.endpoint))
    problems.push(`endpoint: must be opc.tcp://host:port, got "${p.endpoint}"`);
  if (p.variables.length === 0) problems.push("variables: at least one node id → metric is needed");
  if (p.variables.length > messageLimits.maxReadings) {
    problems.push(`variables: at most ${messageLimits.maxReadings}`);
  }
  const metrics = new Set<string>();
  for (const v of p.variables) {
    try {
      resolveNodeId(v.nodeId);
    } catch {
      problems.push(`node ${v.nodeId}: not an OPC UA node id (e.g. ns=2;s=Mill.Spindle.Load)`);
    }
    if (!isMetricName(v.metric))
      problems.push(`node ${v.nodeId}: metric "${v.metric}" must be 1-64 of A-Z a-z 0-9 _ . : -`);
    else if (metrics.has(v.metric)) problems.push(`metric ${v.metric}: used twice`);
    metrics.add(v.metric);
    if (v.unit !== undefined && v.unit.length > messageLimits.maxUnit) {
      problems.push(`metric ${v.metric}: unit longer than ${messageLimits.maxUnit} characters`);
    }
  }
  if (problems.length > 0) throw new OpcUaAdapterConfigError(`invalid OPC UA adapter settings: ${problems.join("; ")}`);
}

/** An OPC UA value as a reading value, or undefined when it has no reading form. */
export function readingValue(value: unknown): Reading["value"] | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "boolean") return value;
  if (typeof value === "string") return value.length <= messageLimits.maxStringValue ? value : undefined;
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : undefined;
  // node-opcua represents Int64/UInt64 as [high, low] 32-bit words.
  if (Array.isArray(value) && value.length === 2 && value.every((w) => Number.isInteger(w))) {
    const [high, low] = value as [number, number];
    const n = high * 2 ** 32 + (low >>> 0);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.getTime() : undefined;
  return undefined;
}

/**
 * Creates an OPC UA → MQTT adapter.
 * @example const adapter = createOpcUaAdapter({ endpoint: "opc.tcp://10.0.0.5:4840", variables: [{ nodeId: "ns=2;s=Spindle.Load", metric: "spindle_load", unit: "%" }], publisher }); await adapter.start();
 */
export function createOpcUaAdapter(p: CreateOpcUaAdapterParameters): OpcUaAdapter {
  checkOpcUaSettings(p);
  const log = p.log ?? (() => {});
  // node-opcua prints its warnings to stdout, where they would mix with a command's output.
  // Its loggers are process-wide; the latest adapter's log receives them.
  setWarningLogger((...args: unknown[]) => log("warn", `opcua: ${format(...args).trim()}`));
  setErrorLogger((...args: unknown[]) => log("error", `opcua: ${format(...args).trim()}`));
  const publishIntervalMs = p.publishIntervalMs ?? 1000;
  const maxInFlight = p.maxInFlight ?? 100;
  const stats: OpcUaAdapterStats = { changes: 0, skipped: 0, published: 0, failed: 0 };
  const order = new Map(p.variables.map((v, i) => [v.metric, i]));
  let pending = new Map<string, Reading>();
  const client = OPCUAClient.create({
    applicationName: "dipnet-edge-opcua",
    endpointMustExist: false,
    securityMode: MessageSecurityMode.None,
    securityPolicy: SecurityPolicy.None,
    keepSessionAlive: true,
    connectionStrategy: { maxRetry: -1, initialDelay: 500, maxDelay: 10_000 },
    // Our own store: a certificate made for another application name draws warnings on every connect.
    clientCertificateManager: new OPCUACertificateManager({
      rootFolder: p.pkiDir ?? path.join(homedir(), ".config", "dipnet", "opcua-pki"),
      automaticallyAcceptUnknownCertificate: true,
    }),
  });
  client.on("connection_lost", () => log("warn", `opcua: connection to ${p.endpoint} lost, reconnecting`));
  client.on("connection_reestablished", () => log("info", `opcua: reconnected to ${p.endpoint}`));
  let session: ClientSession | undefined;
  let subscription: ClientSubscription | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  function onChange(variable: OpcUaVariable, dataValue: DataValue): void {
    stats.changes++;
    const value = dataValue.statusCode.isGood() ? readingValue(dataValue.value.value) : undefined;
    if (value === undefined) {
      stats.skipped++;
      return;
    }
    const at = dataValue.sourceTimestamp ?? dataValue.serverTimestamp;
    const reading: Reading = { metric: variable.metric, value };
    if (variable.unit !== undefined) reading.unit = variable.unit;
    if (at) reading.ts = at.getTime();
    pending.set(variable.metric, reading);
  }

  const publishing = new Set<Promise<void>>();
  // Sequence numbers are assigned when `publish` is called, so concurrent publishes keep order.
  function send(): void {
    if (pending.size === 0 || p.publisher.inFlight() >= maxInFlight) return;
    const readings = [...pending.values()].sort((a, b) => (order.get(a.metric) ?? 0) - (order.get(b.metric) ?? 0));
    pending = new Map();
    const done = p.publisher.publish(readings).then(
      () => {
        stats.published++;
      },
      (error: unknown) => {
        stats.failed++;
        log("error", `opcua: publishing ${readings.length} readings failed: ${String(error)}`);
      },
    );
    publishing.add(done);
    void done.finally(() => publishing.delete(done));
  }

  return {
    async start() {
      await client.connect(p.endpoint);
      session = await client.createSession();
      subscription = await session.createSubscription2({
        requestedPublishingInterval: Math.min(publishIntervalMs, 1000),
        requestedMaxKeepAliveCount: 20,
        requestedLifetimeCount: 600,
        maxNotificationsPerPublish: 0,
        publishingEnabled: true,
        priority: 1,
      });
      for (const variable of p.variables) {
        const item: ClientMonitoredItem = await subscription.monitor(
          { nodeId: resolveNodeId(variable.nodeId), attributeId: AttributeIds.Value },
          { samplingInterval: p.samplingIntervalMs ?? 500, discardOldest: true, queueSize: 1 },
          TimestampsToReturn.Both,
        );
        item.on("changed", (dataValue) => onChange(variable, dataValue));
        item.on("err", (message) => log("warn", `opcua: node ${variable.nodeId}: ${message}`));
      }
      timer = setInterval(send, publishIntervalMs);
      log("info", `opcua: ${p.variables.length} variables of ${p.endpoint} subscribed`);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      send();
      // Wait for acknowledgements, but not forever: the broker may be gone.
      await Promise.race([Promise.all(publishing), new Promise((r) => setTimeout(r, 2000).unref())]);
      await subscription?.terminate().catch(() => {});
      await session?.close().catch(() => {});
      await client.disconnect();
    },
    stats: () => ({ ...stats }),
  };
}
