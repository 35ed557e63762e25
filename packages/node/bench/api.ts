// API benchmark: indexes a chain with a few thousand orders and ~20,000 bids (public RFQs, no invitee lists), serves the API
// over that SQLite read model, and loads `GET /api/orders` with autocannon (in a worker thread, so
// the load generator does not share the server's thread). Prints JSON lines:
// {"bench":"api","metric":"requests_per_s"|"latency_p99_ms"|…,"value":…,"unit":…}.
//   node packages/node/bench/api.ts [--duration 10] [--connections 10] [--orders 2000] [--path /api/orders]
import autocannon from "autocannon";
import { createApi } from "../src/compose.ts";
import { benchIndexer, benchOutput, flags, numberFlags, runAsScript, withBenchDatabase } from "./common.ts";
import { generateLoad, startBenchChain } from "./load.ts";

const { line, log } = benchOutput("api");

/** Runs the API benchmark. */
export async function run(args: string[]): Promise<void> {
  const f = flags(args);
  const { duration, connections, orders } = numberFlags(f, { duration: 10, connections: 10, orders: 2000 });
  const route = f.get("path") ?? "/api/orders";
  const chain = await startBenchChain();
  try {
    log(`generating ${orders} orders and ~20,000 events …`);
    await generateLoad(chain, { events: 20_000 + orders, publicOrders: orders, inviteShare: 0 });
    await withBenchDatabase(undefined, async (database) => {
      const indexer = benchIndexer(database, chain.anvil.rpcUrl, chain.deployment, { pollMs: 1000 });
      await indexer.syncOnce();
      const api = await createApi({ db: database.db, deployment: chain.deployment, indexer });
      try {
        await api.listen({ host: "127.0.0.1", port: 0 });
        const address = api.server.address();
        const port = typeof address === "object" && address ? address.port : 0;
        const url = `http://127.0.0.1:${port}${route}`;
        const probe = await fetch(url);
        if (probe.status !== 200) throw new Error(`GET ${route} answered ${probe.status}: ${await probe.text()}`);
        const items = ((await probe.json()) as { items: unknown[] }).items.length;
        log(`loading ${url} (${items} items per page) for ${duration} s with ${connections} connections …`);
        // The server's thread's CPU time per request: unlike requests/s, it hardly moves when other
        // processes share the machine.
        const cpuBefore = process.threadCpuUsage();
        const result = await autocannon({ url, connections, duration, workers: 1 });
        const cpu = process.threadCpuUsage(cpuBefore);
        const extra = { path: route, connections, duration_s: duration, items_per_response: items };
        if (result.non2xx > 0 || result.errors > 0)
          log(`warning: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
        line("requests_per_s", Math.round(result.requests.average), "req/s", extra);
        line("latency_p50_ms", result.latency.p50, "ms", extra);
        line("latency_p99_ms", result.latency.p99, "ms", extra);
        line("server_cpu_us_per_request", Math.round((cpu.user + cpu.system) / result.requests.total), "µs", extra);
        line("requests_total", result.requests.total, "requests", {
          ...extra,
          non2xx: result.non2xx,
          errors: result.errors,
        });
      } finally {
        await api.close();
      }
    });
  } finally {
    await chain.stop();
  }
}

runAsScript(import.meta.url, run);
