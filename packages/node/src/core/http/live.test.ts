// /ready and the live event stream of a whole node (createNode: real indexer, real store, real API)
// following a real anvil chain: /ready answers 503 while the indexer is still catching up and 200
// once it has, and a transaction sent to the chain arrives on /api/events as its domain event.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createRfq } from "@dipnet/sdk";
import { custom, http, keccak256, toHex } from "viem";
import { createNode, type DipnetNode } from "../../index.ts";
import {
  deployTestNetwork,
  driveScenario,
  setupParticipants,
  type TestNetwork,
  testNodeConfig,
} from "../../testing/index.ts";

/** Polls `condition` every 25 ms, at most `tries` times; true once it held. */
async function eventually(condition: () => Promise<boolean> | boolean, tries = 400): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

describe("a node following a chain", () => {
  let chain: TestNetwork;
  let node: DipnetNode;
  let url: string;
  let dataDir: string;
  // The indexer's log requests wait here until the test opens the gate, so that the node is
  // provably behind the chain while /ready is asked.
  let openGate: () => void;
  const gate = new Promise<void>((resolve) => {
    openGate = resolve;
  });
  let heldLogRequests = 0;

  before(async () => {
    chain = await deployTestNetwork();
    await setupParticipants(chain);
    await driveScenario(chain);
    dataDir = mkdtempSync(path.join(tmpdir(), "dipnet-live-"));
    const config = testNodeConfig(chain, dataDir);
    const upstream = http(chain.anvil.rpcUrl, { retryCount: 0 })({});
    const transport = custom({
      async request({ method, params }: { method: string; params?: unknown[] }) {
        if (method === "eth_getLogs") {
          heldLogRequests++;
          await gate;
        }
        return upstream.request({ method, params });
      },
    });
    node = await createNode({ config, deployment: chain.deployment, transport });
    ({ url } = await node.start());
  });

  after(async () => {
    openGate();
    await node?.stop();
    await chain?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("/ready answers 503 until the indexer caught up with the chain, then 200", async () => {
    assert.ok(await eventually(() => heldLogRequests > 0), "the indexer asks for the chain's logs");
    const behind = await fetch(`${url}/ready`);
    assert.equal(behind.status, 503);
    const body = (await behind.json()) as { status: string; state: string; indexedBlock: number | null };
    assert.equal(body.status, "catching-up");
    assert.equal(body.state, "syncing");
    assert.equal(((await (await fetch(`${url}/api/orders`)).json()) as { items: unknown[] }).items.length, 0);

    const head = Number(await chain.anvil.client.getBlockNumber());
    openGate();
    assert.ok(await eventually(async () => (await fetch(`${url}/ready`)).status === 200), "ready after catching up");
    const ready = (await (await fetch(`${url}/ready`)).json()) as { status: string; indexedBlock: number; lag: number };
    assert.equal(ready.status, "ready");
    assert.ok(ready.indexedBlock >= head, `indexed ${ready.indexedBlock} of ${head}`);
    assert.equal(ready.lag, 0);
    assert.equal(((await (await fetch(`${url}/api/orders`)).json()) as { items: unknown[] }).items.length, 5);
  });

  it("streams a transaction sent to the chain as its domain event over SSE", { timeout: 60_000 }, async () => {
    const controller = new AbortController();
    const response = await fetch(`${url}/api/events`, { signal: controller.signal });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "text/event-stream; charset=utf-8");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    assert.match(text, /: connected at block \d+/);

    const now = await chain.anvil.now();
    const posted = await createRfq(chain.clients.alice, {
      specHash: keccak256(toHex("live-bracket")),
      specURI: "ipfs://spec/live-bracket",
      process: "cnc-milling",
      material: "aluminium-6061",
      quantity: 3,
      budget: 300_000_000n,
      bond: 30_000_000n,
      deadline: now + 30n * 86_400n,
      biddingEnds: now + 3_600n,
    });
    const message = () => text.split("\n\n").find((m) => m.includes("event: RfqCreated\n"));
    while (!message()) {
      const chunk = await reader.read();
      assert.ok(!chunk.done, "the stream stays open");
      text += decoder.decode(chunk.value);
    }
    controller.abort();
    const lines = (message() as string).split("\n");
    const data = JSON.parse((lines.find((l) => l.startsWith("data: ")) as string).slice(6)) as {
      name: string;
      orderId: number;
      blockNumber: number;
      logIndex: number;
      txHash: string;
      args: { customer: string };
    };
    assert.equal(data.name, "RfqCreated");
    assert.equal(data.orderId, Number(posted.orderId));
    assert.equal(data.orderId, 6);
    assert.equal(data.txHash, posted.hash);
    assert.equal(data.blockNumber, Number(posted.blockNumber));
    assert.equal(data.args.customer, chain.clients.alice.account.address.toLowerCase());
    assert.ok(lines.includes(`id: ${data.blockNumber}:${data.logIndex}`));
  });
});
