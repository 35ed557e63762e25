import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Another live process already uses the data directory. */
export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A killed process not yet reaped by its parent (a zombie) holds nothing.
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) return false;
    } catch {
      // no /proc (not Linux), or the process is gone by now
    }
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Claims `<dataDir>/dipnet.pid` for this process so that two `npm start`s never share one chain state.
 * A lock left by a process that no longer runs (e.g. after kill -9) is taken over.
 *
 * @returns a function that releases the lock (safe to call more than once).
 * @throws {DataDirLockedError} when a live process holds the lock.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const file = join(dataDir, "dipnet.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number.parseInt(readFileSync(file, "utf8"), 10);
    if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
      throw new DataDirLockedError(
        `data dir ${dataDir} is in use by process ${holder} (another \`npm start\`?); stop it or use another --data-dir`,
      );
    }
    rmSync(file, { force: true }); // stale: its process is gone
  }
  throw new DataDirLockedError(`could not lock data dir ${dataDir}; another process keeps claiming it`);
}
