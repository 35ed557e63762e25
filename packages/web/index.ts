// @dipnet/web — the dashboard's production build, for the node to serve.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const webDir = path.dirname(fileURLToPath(import.meta.url));

/** Absolute path of the built dashboard (`npm run build -w @dipnet/web` writes it). */
export const webDistDir: string = path.join(webDir, "dist");

function newestMtime(p: string): number {
  const stat = statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** What the build is made of in a checkout: the dashboard's sources and the SDK it bundles. */
const dashboardSources = [path.join(webDir, "src"), path.join(webDir, "index.html"), path.join(webDir, "../sdk/src")];

/**
 * Whether the dashboard in `dir` is built and current: its `index.html` exists and is not older than
 * any of `sources` that exist (none do in an installed package, only in a checkout).
 */
export function isWebBuilt(dir: string = webDistDir, sources: readonly string[] = dashboardSources): boolean {
  const index = path.join(dir, "index.html");
  if (!existsSync(index)) return false;
  const present = sources.filter((s) => existsSync(s));
  if (present.length === 0) return true;
  return statSync(index).mtimeMs >= Math.max(...present.map(newestMtime));
}
