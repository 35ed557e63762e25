import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the repository root. */
export const repoRoot: string = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Absolute path of an executable installed in the root `node_modules/.bin`. */
export function binPath(name: string): string {
  return join(repoRoot, "node_modules", ".bin", name);
}
