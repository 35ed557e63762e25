// Benchmark load: a fresh anvil with the DIPNET contracts and many real market transactions.
// Participants are set up through the SDK; the bulk load is then sent as JSON-RPC batches of
// `eth_sendTransaction` from anvil's unlocked development accounts with automine off and one
// `evm_mine` per batch, encoded with the SDK's ABIs. That is ~50× faster than sending one signed
// transaction at a time, and the events are the same real `RfqCreated`, `BidderInvited` and
// `BidPlaced` logs the indexer sees in production.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  createDipnetClient,
  type Deployment,
  type DipnetClient,
  deployDipnet,
  depositStake,
  faucet,
  orderMarketAbi,
  register,
  roles,
} from "@dipnet/sdk";
import { devAccounts } from "@dipnet/sdk/node";
import { type Address, encodeFunctionData, type Hex, keccak256, toHex, zeroHash } from "viem";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const arch = process.arch === "x64" ? "amd64" : process.arch;
const platformBin = path.join(root, "node_modules/@foundry-rs", `anvil-${process.platform}-${arch}`, "bin/anvil");
const anvilBin = existsSync(platformBin) ? platformBin : path.join(root, "node_modules/.bin/anvil");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A benchmark chain. */
export type BenchChain = {
  rpcUrl: string;
  deployment: Deployment;
  rpc: (method: string, params?: unknown[]) => Promise<unknown>;
  stop: () => Promise<void>;
};

/** Starts anvil without a block gas limit and deploys the contracts. */
export async function startBenchChain(): Promise<BenchChain> {
  const port = await freePort();
  const rpcUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    anvilBin,
    ["--port", String(port), "--silent", "--accounts", "11", "--disable-block-gas-limit", "--base-fee", "0"],
    { stdio: "ignore" },
  );
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  const rpc = async (method: string, params: unknown[] = []) => {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const body = (await response.json()) as { result?: unknown; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result;
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (exited) throw new Error("anvil exited during start-up");
    try {
      await rpc("eth_chainId");
      break;
    } catch {
      if (Date.now() > deadline) throw new Error("anvil did not start");
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const accounts = devAccounts();
  const bootstrap = createDipnetClient({
    rpcUrl,
    deployment: {
      chainId: 31337,
      deployBlock: 0,
      contracts: {
        orderMarket: "0x0000000000000000000000000000000000000001",
        participantRegistry: "0x0000000000000000000000000000000000000001",
      },
    },
    account: accounts.deployer,
    pollingInterval: 20,
  });
  const deployed = await deployDipnet({ walletClient: bootstrap.walletClient, publicClient: bootstrap.publicClient });
  const deployment: Deployment = {
    chainId: deployed.chainId,
    deployBlock: deployed.deployBlock,
    contracts: deployed.contracts,
  };
  return {
    rpcUrl,
    deployment,
    rpc,
    stop: async () => {
      if (exited) return;
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
    },
  };
}

/** What the load generator produced. */
export type LoadResult = { events: number; transactions: number; orders: number; seconds: number };

/**
 * Generates about `events` events: RFQs inviting 100 makers each (101 events per transaction) for
 * half of them, and bid revisions (one `BidPlaced` each) by staked makers for the other half.
 * `publicOrders` open RFQs are posted first (they carry the bids; the API bench lists them).
 */
export async function generateLoad(
  chain: BenchChain,
  p: { events: number; publicOrders?: number; inviteShare?: number; log?: (m: string) => void },
): Promise<LoadResult> {
  const started = Date.now();
  const log = p.log ?? (() => {});
  const accounts = devAccounts();
  const client = (name: keyof typeof accounts): DipnetClient =>
    createDipnetClient({
      rpcUrl: chain.rpcUrl,
      deployment: chain.deployment,
      account: accounts[name],
      pollingInterval: 20,
    });
  const customers = [client("alice"), client("bob")];
  const makers = [client("carol"), client("dave"), client("erin"), client("frank"), client("grace"), client("heidi")];
  for (const c of customers)
    await register(c, { roles: roles.customer, profileURI: "bench", profileHash: keccak256(toHex("c")) });
  for (const m of makers) {
    await register(m, { roles: roles.manufacturer, profileURI: "bench", profileHash: keccak256(toHex("m")) });
    await faucet(m, { amount: 1_000_000_000n });
    await depositStake(m, { amount: 500_000_000n });
  }
  const now = BigInt(Math.floor(Date.now() / 1000));
  const market = chain.deployment.contracts.orderMarket;
  const token = chain.deployment.contracts.testStablecoin as Address;
  const rfqParams = (i: number, invitees: Address[]) => ({
    specHash: keccak256(toHex(`spec-${i}`)),
    specURI: `ipfs://bench/spec-${i}`,
    process: ["cnc-milling", "cnc-turning", "sheet-metal", "fdm-printing"][i % 4] as string,
    material: ["aluminium-6061", "steel-4140", "steel-s235", "petg"][i % 4] as string,
    quantity: 10 + (i % 90),
    paymentToken: token,
    budget: 1_000_000_000n + BigInt(i) * 1_000n,
    bond: 10_000_000n,
    deadline: Number(now + 90n * 86_400n),
    biddingEnds: Number(now + 60n * 86_400n),
    revealEnds: 0,
    invitees,
    milestoneBps: [3000, 7000],
    requiredCertification: zeroHash,
  });

  const publicOrders = p.publicOrders ?? 200;
  const inviteShare = p.inviteShare ?? 0.5;
  const inviteTxs = Math.floor((p.events * inviteShare) / 101);
  const bidTxs = Math.max(0, p.events - inviteTxs * 101 - publicOrders);

  // Raw batches: one JSON-RPC request carrying many eth_sendTransaction calls, then one block.
  await chain.rpc("evm_setAutomine", [false]);
  const nonces = new Map<string, number>();
  const nonceOf = async (from: Address) => {
    if (!nonces.has(from)) nonces.set(from, Number(await chain.rpc("eth_getTransactionCount", [from, "pending"])));
    const n = nonces.get(from) as number;
    nonces.set(from, n + 1);
    return n;
  };
  let transactions = 0;
  const sendBatch = async (txs: { from: Address; data: Hex; gas: number }[]) => {
    const body = [];
    for (const [i, tx] of txs.entries()) {
      body.push({
        jsonrpc: "2.0",
        id: i,
        method: "eth_sendTransaction",
        params: [
          {
            from: tx.from,
            to: market,
            data: tx.data,
            gas: toHex(tx.gas),
            nonce: toHex(await nonceOf(tx.from)),
            gasPrice: "0x3b9aca00",
          },
        ],
      });
    }
    const response = await fetch(chain.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const answers = (await response.json()) as { error?: { message: string } }[];
    const failed = answers.find((a) => a.error);
    if (failed) throw new Error(`eth_sendTransaction: ${failed.error?.message}`);
    await chain.rpc("evm_mine");
    transactions += txs.length;
  };
  const create = (i: number, invitees: Address[]) =>
    encodeFunctionData({ abi: orderMarketAbi, functionName: "createRfq", args: [rfqParams(i, invitees)] });

  // Public RFQs (the bids go there).
  const firstOrder = 1;
  for (let done = 0; done < publicOrders; ) {
    const n = Math.min(500, publicOrders - done);
    await sendBatch(
      Array.from({ length: n }, (_, k) => {
        const from = (customers[(done + k) % 2] as DipnetClient).account.address;
        return { from, data: create(done + k, []), gas: 600_000 };
      }),
    );
    done += n;
  }
  log(`${publicOrders} public RFQs`);
  // Invite-only RFQs: 100 invitees each.
  const invitees = Array.from({ length: 100 }, (_, k) => `0x${(k + 1).toString(16).padStart(40, "0")}` as Address);
  for (let done = 0; done < inviteTxs; ) {
    const n = Math.min(100, inviteTxs - done);
    await sendBatch(
      Array.from({ length: n }, (_, k) => {
        const from = (customers[(done + k) % 2] as DipnetClient).account.address;
        return { from, data: create(publicOrders + done + k, invitees), gas: 5_000_000 };
      }),
    );
    done += n;
    if (done % 500 === 0 || done === inviteTxs) log(`${done}/${inviteTxs} invite-only RFQs`);
  }
  // Bids and bid revisions on the public RFQs.
  for (let done = 0; done < bidTxs; ) {
    const n = Math.min(2000, bidTxs - done);
    await sendBatch(
      Array.from({ length: n }, (_, k) => {
        const i = done + k;
        const maker = makers[i % makers.length] as DipnetClient;
        const orderId = BigInt(firstOrder + (Math.floor(i / makers.length) % publicOrders));
        const data = encodeFunctionData({
          abi: orderMarketAbi,
          functionName: "bid",
          args: [orderId, 500_000_000n + BigInt(i % 100_000), 86_400 + (i % 1000)],
        });
        return { from: maker.account.address, data, gas: 150_000 };
      }),
    );
    done += n;
    if (done % 10_000 === 0 || done === bidTxs) log(`${done}/${bidTxs} bids`);
  }
  await chain.rpc("evm_setAutomine", [true]);
  const events = publicOrders + inviteTxs * 101 + bidTxs;
  return { events, transactions, orders: publicOrders + inviteTxs, seconds: (Date.now() - started) / 1000 };
}
