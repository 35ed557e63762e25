import assert from "node:assert/strict";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { startTestAnvil, type TestAnvil } from "./anvil.ts";

const EVIL = "http://evil.example";
const ADDRESS = "0x000000000000000000000000000000000000dEaD";

/** The inode of the socket listening on 127.0.0.1:`port` (from /proc/net/tcp). */
function listeningInode(port: number): string | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const line of readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    // local address, state 0A = LISTEN, inode
    if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === "0A") return fields[9];
  }
  return undefined;
}

function ownsSocket(pid: number, inode: string): boolean {
  return readdirSync(`/proc/${pid}/fd`).some((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`;
    } catch {
      return false;
    }
  });
}

async function call(anvil: TestAnvil, method: string, params: unknown[], headers: Record<string, string>) {
  return fetch(anvil.rpcUrl, {
    method: "POST",
    headers,
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
}

describe("startTestAnvil", () => {
  let anvil: TestAnvil;
  before(async () => {
    anvil = await startTestAnvil({ accounts: 1 });
  });
  after(async () => {
    await anvil?.stop();
  });

  it("answers no cross-origin browser request, so no web page can call anvil_* on it", async () => {
    // The preflight a browser sends before a JSON POST from another origin: not allowed.
    const preflight = await fetch(anvil.rpcUrl, {
      method: "OPTIONS",
      headers: {
        origin: EVIL,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    assert.equal(preflight.headers.get("access-control-allow-origin"), null);
    assert.notEqual(preflight.status, 200);
    const json = await call(anvil, "eth_chainId", [], { origin: EVIL, "content-type": "application/json" });
    assert.equal(json.headers.get("access-control-allow-origin"), null, "a page may not read the answer");
    // A "simple" request a page can send without a preflight is not executed.
    const simple = await call(anvil, "anvil_setBalance", [ADDRESS, "0x1234"], {
      origin: EVIL,
      "content-type": "text/plain",
    });
    assert.match(await simple.text(), /Invalid request/);
    const balance = await call(anvil, "eth_getBalance", [ADDRESS, "latest"], { "content-type": "application/json" });
    assert.equal(((await balance.json()) as { result: string }).result, "0x0");
  });

  it("talks to the process it started: that process holds the listening socket, one chain per launch", async () => {
    const others = await Promise.all([1, 2, 3].map(() => startTestAnvil({ accounts: 1 })));
    try {
      const all = [anvil, ...others];
      assert.equal(new Set(all.map((a) => a.port)).size, all.length);
      for (const a of all) {
        const inode = listeningInode(a.port);
        assert.ok(inode, `something listens on ${a.port}`);
        assert.ok(ownsSocket(a.pid, inode), `anvil ${a.pid} itself listens on ${a.port}`);
      }
    } finally {
      await Promise.all(others.map((a) => a.stop()));
    }
  });
});
