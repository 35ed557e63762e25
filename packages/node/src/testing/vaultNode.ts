// Child process for the vault's two-node tests: a node's store, IPFS node and API, from the
// environment as `parseConfig` reads it. With DIPNET_TEST_INDEX_CHAIN=1 it also indexes the chain at
// DIPNET_RPC_URL for the deployment in `<dataDir>/deployments.json` (packages, grants), else it runs
// no indexer. Prints one JSON line `{ url, multiaddrs }` once it serves; SIGTERM stops it cleanly.
import path from "node:path";
import { readDeployment } from "@dipnet/sdk/node";
import pino from "pino";
import { http } from "viem";
import { createApi, createIndexer, openDatabase } from "../compose.ts";
import { parseConfig } from "../core/config.ts";
import { createChainReader } from "../core/indexer/rpc.ts";
import { createIpfsNode } from "../core/ipfs.ts";
import { idleIndexer, placeholderDeployment } from "./index.ts";

const config = parseConfig(process.env);
const database = await openDatabase(config.database);
const ipfs = createIpfsNode({
  dataDir: config.dataDir,
  config: config.ipfs ?? { kind: "helia", listen: [], peers: [] },
});
await ipfs.start();
const deployment =
  process.env.DIPNET_TEST_INDEX_CHAIN === "1"
    ? readDeployment(path.join(config.dataDir, "deployments.json"))
    : undefined;
const indexer = deployment
  ? createIndexer({
      db: database.db,
      chain: createChainReader(http(config.rpcUrl, { retryCount: 0, timeout: config.rpcTimeoutMs })),
      deployment,
      finalityDepth: config.finalityDepth,
      pollMs: config.pollMs,
    })
  : undefined;
indexer?.start();
const api = await createApi({
  db: database.db,
  deployment: deployment ?? placeholderDeployment,
  indexer: indexer ?? idleIndexer,
  ipfs,
  ipfsTimeoutMs: config.ipfsTimeoutMs,
  // Failed requests (a stream cut by a peer, say) on stderr, so a test or the bench shows why.
  logger: pino({ level: "error" }, process.stderr),
});
const url = await api.listen({ host: "127.0.0.1", port: 0 });
process.stdout.write(`${JSON.stringify({ url, multiaddrs: ipfs.identity().multiaddrs })}\n`);
process.once("SIGTERM", async () => {
  await api.close();
  await indexer?.stop();
  await ipfs.stop();
  await database.close();
  process.exit(0);
});
