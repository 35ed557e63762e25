import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { InvalidParameterError } from "@dipnet/sdk";
import type { Register } from "./types.ts";

function runningNodePid(dataDir: string): number | undefined {
  const file = path.join(dataDir, "dipnet.pid");
  if (!existsSync(file)) return undefined;
  const pid = Number.parseInt(readFileSync(file, "utf8"), 10);
  if (!Number.isInteger(pid)) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM" ? pid : undefined;
  }
}

export const registerNode: Register = (program, act) => {
  const node = program.command("node").description("operate a DIPNET node's read model");
  node
    .command("reindex")
    .description("rebuild the node's read model (SQLite in the data dir, or DATABASE_URL) from the chain")
    .action(
      act(async (ctx) => {
        const pid = runningNodePid(ctx.dataDir);
        if (pid !== undefined) {
          throw new InvalidParameterError(
            "data-dir",
            `a node (process ${pid}) is running on ${ctx.dataDir}: stop it first, then reindex`,
          );
        }
        // Loaded on demand: only this command needs the node's store and indexer.
        const { createNode, parseConfig } = await import("@dipnet/node");
        // Quiet unless DIPNET_LOG_LEVEL asks otherwise: the command reports its result itself.
        const config = parseConfig({
          DIPNET_LOG_LEVEL: "silent",
          ...ctx.io.env,
          DIPNET_DATA_DIR: ctx.dataDir,
          DIPNET_RPC_URL: ctx.rpcUrl,
        });
        const started = Date.now();
        const instance = await createNode({ config });
        try {
          await instance.indexer.reindex();
          const { indexedBlock } = instance.indexer.status();
          const seconds = (Date.now() - started) / 1000;
          return {
            json: { indexedBlock, seconds, metrics: instance.indexer.metrics() },
            human: `read model rebuilt from the chain up to block ${indexedBlock} in ${seconds.toFixed(1)} s`,
          };
        } finally {
          await instance.stop();
        }
      }),
    );
};
