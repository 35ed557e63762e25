// Child process for crash tests: indexes one block per transaction until caught up, so a
// kill -9 lands between (or inside) commits. Args: <database config JSON> <rpc url> <deployment JSON>.
import { http } from "viem";
import { createIndexer, openDatabase } from "../compose.ts";
import { createChainReader } from "../core/indexer/rpc.ts";

const [databaseJson, rpcUrl, deploymentJson] = process.argv.slice(2) as [string, string, string];
const database = await openDatabase(JSON.parse(databaseJson));
const indexer = createIndexer({
  db: database.db,
  chain: createChainReader(http(rpcUrl, { retryCount: 0 })),
  deployment: JSON.parse(deploymentJson),
  initialRange: 1,
  maxRange: 1,
});
// One line per committed block with events: the parent kills after a chosen number of them.
indexer.subscribe((update) => {
  if (update.kind === "events") process.stdout.write("committed\n");
});
process.stdout.write("started\n");
await indexer.syncOnce();
await database.close();
process.stdout.write("done\n");
