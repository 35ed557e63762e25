// @dipnet/web — the dashboard's production build, for the node to serve.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const webDir = path.dirname(fileURLToPath(import.meta.url));

/** Absolute path of the built dashboard (`npm run build -w @dipnet/web` writes it). */
export const webDistDir: string = path.join(webDir, "dist");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Whether the dashboard in `dir` is built and current: its `index.html` exists and, when the
 * sources are present (a checkout rather than an installed package), is not older than them.
 */
export function isWebBuilt(dir: string = webDistDir): boolean {
  const index = path.join(dir, "index.html");
  if (!existsSync(index)) return false;
  const sources = path.join(webDir, "src");
  if (dir !== webDistDir || !existsSync(sources)) return true;
  const newestSource = Math.max(newestMtime(sources), statSync(path.join(webDir, "index.html")).mtimeMs);
  return statSync(index).mtimeMs >= newestSource;
}
