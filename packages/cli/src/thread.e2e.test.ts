// An order's private thread from the command line, end to end on anvil and a real node: messages
// are sealed in the CLI to the readers' registered keys, the node keeps ciphertext only, and a key
// rotation leaves earlier messages readable.
import assert from "node:assert/strict";
import { createServer } from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createApi, type Database, openDatabase } from "@dipnet/node";
import { idleIndexer } from "@dipnet/node/testing";
import { readDeployment } from "@dipnet/sdk/node";
import type { FastifyInstance } from "fastify";
import { type CliEnvironment, registerTestParties, rfqCreateArgs, startCliEnvironment, syncNode } from "./testing.ts";

/** A port free now on the loopback: the node's public URL must be known before it listens. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("dipnet order thread and say end to end", () => {
  let environment: CliEnvironment;
  let store: Database;
  let api: FastifyInstance;
  let node = "";
  let orderId = "";
  const ok = (as: string | undefined, ...args: string[]) => environment.ok(as, ...args);
  const sync = () => syncNode(environment, store.db);

  before(async () => {
    environment = await startCliEnvironment("thread");
    const { dataDir, anvil } = environment;
    await registerTestParties(environment);
    ({ orderId } = await ok("alice", ...rfqCreateArgs()));
    orderId = String(orderId);
    await ok("bob", "bid", "place", orderId, "--price", "4000", "--lead-time", "5d");
    await anvil.increaseTime(3_601);
    await ok("alice", "order", "award", orderId, "--maker", "bob", "--price", "4000", "--lead-time", "5d");
    for (const who of ["alice", "bob", "carol"]) await ok(who, "key", "setup");

    store = await openDatabase({ kind: "sqlite", file: path.join(dataDir, "node.sqlite") });
    await sync();
    const port = await freePort();
    node = `http://127.0.0.1:${port}`;
    api = await createApi({
      db: store.db,
      deployment: readDeployment(path.join(dataDir, "deployments.json")),
      indexer: idleIndexer,
      publicUrl: node,
    });
    await api.listen({ host: "127.0.0.1", port });
  });
  after(async () => {
    await api?.close();
    await store?.close();
    await environment?.stop();
  });

  it("sends a message sealed to the customer and the maker; the node stores ciphertext only", async () => {
    const said = await ok("alice", "order", "say", orderId, "Deliver to gate 3, Tuesdays only", "--node", node);
    assert.deepEqual(
      said.recipients.map((r: { keyVersion: number }) => r.keyVersion),
      [1, 1],
    );
    const rows = await store.db.selectFrom("order_messages").selectAll().execute();
    assert.equal(rows.length, 1);
    assert.ok(!JSON.stringify(rows).includes("gate 3"), "the node's row holds no plaintext");
    const read = await ok("bob", "order", "thread", orderId, "--node", node);
    assert.deepEqual(
      read.map((m: { text: string; role: string }) => [m.role, m.text]),
      [["customer", "Deliver to gate 3, Tuesdays only"]],
    );
    const carol = await environment.fails("carol", "order", "thread", orderId, "--node", node);
    assert.match(carol.message, /403.*not the customer, the maker/);
  });

  it("keeps earlier messages readable after the maker rotates its key, and seals new ones to the new key", async () => {
    await ok("bob", "key", "setup", "--rotate");
    await sync();
    const said = await ok("alice", "order", "say", orderId, "Second batch: anodise black", "--node", node);
    assert.deepEqual(
      said.recipients.map((r: { keyVersion: number }) => r.keyVersion),
      [1, 2],
    );
    const read = await ok("bob", "order", "thread", orderId, "--node", node);
    assert.deepEqual(
      read.map((m: { text: string }) => m.text),
      ["Deliver to gate 3, Tuesdays only", "Second batch: anodise black"],
    );
  });
});
