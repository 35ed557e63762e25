// Child process for the vault's two-node tests: a node's store, IPFS node and API (no chain), from
// the environment as `parseConfig` reads it. Prints one JSON line `{ url, multiaddrs }` once it
// serves; SIGTERM stops it cleanly.
import pino from "pino";
import { createApi, openDatabase } from "../compose.ts";
import { parseConfig } from "../core/config.ts";
import { createIpfsNode } from "../core/ipfs.ts";
import { idleIndexer, placeholderDeployment } from "./index.ts";

const config = parseConfig(process.env);
const database = await openDatabase(config.database);
const ipfs = createIpfsNode({
  dataDir: config.dataDir,
  config: config.ipfs ?? { kind: "helia", listen: [], peers: [] },
});
await ipfs.start();
const api = await createApi({
  db: database.db,
  deployment: placeholderDeployment,
  indexer: idleIndexer,
  ipfs,
  ipfsTimeoutMs: config.ipfsTimeoutMs,
  // Failed requests (a stream cut by a peer, say) on stderr, so a test or the bench shows why.
  logger: pino({ level: "error" }, process.stderr),
});
const url = await api.listen({ host: "127.0.0.1", port: 0 });
process.stdout.write(`${JSON.stringify({ url, multiaddrs: ipfs.identity().multiaddrs })}\n`);
process.once("SIGTERM", async () => {
  await api.close();
  await ipfs.stop();
  await database.close();
  process.exit(0);
});
