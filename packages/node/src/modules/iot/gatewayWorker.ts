// Child process for the gateway crash test: an embedded-broker gateway that runs until killed.
// Args: <database config JSON> <port>.

import { openDatabase } from "../../compose.ts";
import { createGateway } from "./gateway.ts";

const [databaseJson, port] = process.argv.slice(2) as [string, string];
const database = await openDatabase(JSON.parse(databaseJson));
// Publishes as fast as the test can: no rate limit is under test here.
const gateway = createGateway({
  db: database.db,
  mqtt: { kind: "embedded", port: Number(port) },
  maxReadingsPerSecond: 1_000_000,
});
await gateway.start();
process.stdout.write("ready\n");
