import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Anvil, AnvilPortInUseError, startAnvil } from "./anvil.ts";

describe("startAnvil with persist (the embedded chain of npm start)", () => {
  const dir = mkdtempSync(join(tmpdir(), "dipnet-anvil-"));
  const persist = {
    stateFile: join(dir, "state.json"),
    logFile: join(dir, "anvil.log"),
    pidFile: join(dir, "anvil.pid"),
  };
  let chain: Anvil;
  before(async () => {
    // A port of its own, from an ephemeral chain's pick, then reused: the persistent chain binds it.
    const probe = await startAnvil();
    await probe.stop();
    chain = await startAnvil({ port: probe.port, persist });
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

  it("refuses a port another process holds, and records its own pid", async () => {
    assert.equal(readFileSync(persist.pidFile, "utf8").trim(), String(chain.pid));
    await assert.rejects(startAnvil({ port: chain.port }), AnvilPortInUseError);
  });

  it("keeps its state across a restart, stopping an orphan left running on the state file", async () => {
    const rpc = async (url: string, method: string, params: unknown[] = []) => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      });
      return ((await response.json()) as { result: string }).result;
    };
    await rpc(chain.rpcUrl, "anvil_mine", ["0x5"]);
    const height = await rpc(chain.rpcUrl, "eth_blockNumber");
    // As if its caller had been killed: the chain is left running with its pid file.
    const orphan = chain.pid;
    chain = await startAnvil({ port: chain.port, persist });
    assert.notEqual(chain.pid, orphan, "a new anvil runs");
    assert.equal(await rpc(chain.rpcUrl, "eth_blockNumber"), height, "the blocks survived");
  });
});
