import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  forEachBackend,
  groundTruth,
  killPoints,
  snapshot,
  type TestNetwork,
  useTestNetwork,
} from "../../testing/index.ts";
import type { DatabaseConfig } from "../db/index.ts";

const worker = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../testing/indexWorker.ts");

/**
 * Runs the worker; with `kill`, sends SIGKILL once it has committed `afterCommits` blocks with
 * events, `delayMs` later (so the kill lands between or inside later commits). Resolves with its
 * exit code or signal.
 */
function runWorker(
  config: DatabaseConfig,
  chain: TestNetwork,
  kill?: { afterCommits: number; delayMs: number },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--no-warnings", worker, JSON.stringify(config), chain.anvil.rpcUrl, JSON.stringify(chain.deployment)],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let timer: NodeJS.Timeout | undefined;
    let commits = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      commits += chunk.toString().split("committed").length - 1;
      if (kill && commits >= kill.afterCommits && !timer) {
        timer = setTimeout(() => child.kill("SIGKILL"), kill.delayMs);
      }
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(signal ?? String(code));
    });
  });
}

forEachBackend((backend) => {
  describe(`indexer killed with SIGKILL on ${backend.name}`, () => {
    const net = useTestNetwork({ scenario: true });

    it("loses and duplicates no row across kills at random points", async (t) => {
      const { seed, random } = killPoints(t);
      // Create and migrate the database here; the workers open it by its config.
      await (await backend.open()).close();
      const resolved = backend.config();
      let kills = 0;
      for (let i = 0; i < 3; i++) {
        const afterCommits = 1 + Math.floor(random() * 3);
        const outcome = await runWorker(resolved, net.chain, { afterCommits, delayMs: Math.floor(random() * 5) });
        if (outcome === "SIGKILL") kills++;
      }
      assert.equal(await runWorker(resolved, net.chain), "0", `seed ${seed}`);
      assert.ok(kills > 0, `at least one run was killed mid-way (seed ${seed})`);

      const check = await backend.open();
      try {
        const expected = await groundTruth(backend.name, net.chain);
        assert.deepEqual(await snapshot(check.db), expected, `rows after the kills (seed ${seed})`);
        const cursor = await check.db.selectFrom("cursor").selectAll().executeTakeFirstOrThrow();
        const maxEvent = await check.db
          .selectFrom("events")
          .select((eb) => eb.fn.max("block_number").as("n"))
          .executeTakeFirstOrThrow();
        assert.ok(Number(maxEvent.n) <= cursor.block_number, "the cursor is never behind the data it claims");
      } finally {
        await check.close();
      }
    });
  });
});
