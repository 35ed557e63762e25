import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Anvil, startAnvil } from "./anvil.ts";
import { freePort } from "./testing.ts";

describe("startAnvil (the embedded chain of npm start)", () => {
  const dir = mkdtempSync(join(tmpdir(), "dipnet-anvil-"));
  let chain: Anvil;
  before(async () => {
    chain = await startAnvil({
      host: "127.0.0.1",
      port: await freePort(),
      chainId: 31337,
      stateFile: join(dir, "state.json"),
      logFile: join(dir, "anvil.log"),
      pidFile: join(dir, "anvil.pid"),
    });
  });
  after(async () => {
    await chain?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers no cross-origin browser request, so no web page can call anvil_* on it", async () => {
    const origin = "http://evil.example";
    const preflight = await fetch(chain.rpcUrl, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    assert.equal(preflight.headers.get("access-control-allow-origin"), null);
    const answer = await fetch(chain.rpcUrl, {
      method: "POST",
      headers: { origin, "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    assert.equal(answer.headers.get("access-control-allow-origin"), null);
    // Same-origin and server-side callers (the node, its /rpc gateway) are served as before.
    assert.equal(((await answer.json()) as { result: string }).result, "0x7a69");
  });
});
