// `dipnet reputation <address> --json` (computed from chain logs alone) equals the scorecard the node
// serves at GET /api/participants/:address (computed from its indexed events), for every
// manufacturer of the demo network after its agents have run orders through their lifecycle.
// Here, not in @dipnet/node: the CLI depends on the node, not the other way round.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createNode, type Demo, type DipnetNode, parseConfig, startDemo } from "@dipnet/node";
import { type CliEnvironment, startCliEnvironment } from "./testing.ts";

describe("scorecards on the demo network: dipnet reputation = GET /api/participants/:address", () => {
  let environment: CliEnvironment;
  let node: DipnetNode;
  let url: string;
  let demo: Demo | undefined;
  const logs: string[] = [];

  before(async () => {
    environment = await startCliEnvironment("reputation");
    node = await createNode({
      config: parseConfig({
        DIPNET_DATA_DIR: environment.dataDir,
        DIPNET_RPC_URL: environment.anvil.rpcUrl,
        DIPNET_API_PORT: "0",
        DIPNET_POLL_MS: "100",
        DIPNET_FINALITY_DEPTH: "2",
      }),
      logDestination: { write: (line) => logs.push(line.trimEnd()) },
    });
    ({ url } = await node.start());
  });
  after(async () => {
    await demo?.stop();
    await node?.stop();
    await environment?.stop();
  });

  const get = async (path: string) => {
    const response = await fetch(`${url}${path}`);
    if (response.status !== 200) assert.fail(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const statuses = async (): Promise<Record<string, number>> => (await get("/api/stats")).orders.byStatus;

  it("agree for every manufacturer once the demo has completed, disputed and ruled orders", async () => {
    demo = await startDemo({
      node,
      rate: 40,
      timeScale: 7200,
      biddingRealSeconds: 3,
      intervalMs: 200,
      fates: { dispute: 0.3, cancel: 0.1, negotiate: 0.3 },
      log: (level, message) => logs.push(`${level} ${message}`),
    });
    // Bounded in chain time (15 days: 180 s at 7,200×), so a slow machine only slows the demo down.
    const deadline = (await environment.anvil.now()) + 15n * 86_400n;
    for (;;) {
      const s = await statuses();
      if ((s.Completed ?? 0) >= 3 && (s.Resolved ?? 0) >= 1) break;
      if ((await environment.anvil.now()) > deadline)
        assert.fail(`the demo did not get far in 15 chain days: ${JSON.stringify(s)}\n${logs.slice(-20).join("\n")}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await demo.stop();
    demo = undefined;
    // Both sides must see the same chain: wait until the node has indexed the head.
    const head = Number(await environment.anvil.client.getBlockNumber());
    for (;;) {
      const status = node.indexer.status();
      if (status.indexedBlock !== null && status.indexedBlock >= head) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const makers = (await get("/api/participants?role=manufacturer&limit=200")).items as { address: string }[];
    assert.ok(makers.length >= 8, `${makers.length} manufacturers`);
    let scored = 0;
    for (const { address } of makers) {
      const fromApi = (await get(`/api/participants/${address}`)).scorecard;
      const fromCli = await environment.ok(undefined, "reputation", address);
      assert.deepEqual(fromCli, fromApi, `scorecards of ${address}`);
      if (fromApi.awarded > 0) scored++;
    }
    // The comparison covered real records, not only empty ones.
    const total = (key: (c: { completedOrders: number; disputes: { opened: number } }) => number) =>
      Promise.all(makers.map(async (m) => key((await get(`/api/participants/${m.address}`)).scorecard))).then((v) =>
        v.reduce((a, b) => a + b, 0),
      );
    assert.ok(scored >= 2, `${scored} manufacturers with awarded orders`);
    assert.ok((await total((c) => c.completedOrders)) >= 3);
    assert.ok((await total((c) => c.disputes.opened)) >= 1);
  });
});
