// The vault: encryption, decryption and node-to-node transfer of a large file against node:crypto
// AES-256-GCM and a plain TCP copy in the same run: packages/node/bench/vault.ts.
//   npm run bench -- vault [--mb 200] [--rounds 3]
import { run } from "../../packages/node/bench/vault.ts";
import { runBench } from "../lib/bench.ts";

export const description =
  "vault encrypt/decrypt MB/s vs node:crypto AES-256-GCM, IPFS node-to-node MB/s vs TCP, peak RSS ([--mb n] [--rounds n])";

export function main(args: readonly string[]): Promise<number> {
  return runBench("vault", () => run([...args]));
}
