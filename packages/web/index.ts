// @dipnet/web — the dashboard's production build, for the node to serve.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the built dashboard (`npm run build -w @dipnet/web` writes it). */
export const webDistDir: string = path.join(path.dirname(fileURLToPath(import.meta.url)), "dist");

/** Whether the dashboard has been built (its `index.html` exists). */
export function isWebBuilt(dir: string = webDistDir): boolean {
  return existsSync(path.join(dir, "index.html"));
}
