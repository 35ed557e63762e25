// Benchmark load: a fresh anvil with the DIPNET contracts and many real market transactions.
// Participants are set up through the SDK; the bulk load is then sent as JSON-RPC batches of
// `eth_sendTransaction` from anvil's unlocked development accounts with automine off and one
// `evm_mine` per batch, encoded with the SDK's ABIs. That is ~50× faster than sending one signed
// transaction at a time, and the events are the same real `RfqCreated`, `BidderInvited` and
// `BidPlaced` logs the indexer sees in production.
import { type DipnetClient, depositStake, faucet, orderMarketAbi, register, roles } from "@dipnet/sdk";
import { deployTestNetwork, type TestNetwork } from "@dipnet/sdk/testing";
import { type Address, encodeFunctionData, type Hex, keccak256, toHex, zeroHash } from "viem";

/** A benchmark chain: a test network whose anvil has no block gas limit and no base fee. */
export type BenchChain = TestNetwork;

export function startBenchChain(): Promise<BenchChain> {
  return deployTestNetwork({ anvilArgs: ["--disable-block-gas-limit", "--base-fee", "0"] });
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
  const { alice, bob, carol, dave, erin, frank, grace, heidi } = chain.clients;
  const customers = [alice, bob];
  const makers = [carol, dave, erin, frank, grace, heidi];
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
    licenceId: 0n,
    parentId: 0n,
  });

  const publicOrders = p.publicOrders ?? 200;
  const inviteShare = p.inviteShare ?? 0.5;
  const inviteTxs = Math.floor((p.events * inviteShare) / 101);
  const bidTxs = Math.max(0, p.events - inviteTxs * 101 - publicOrders);

  // Raw batches: one JSON-RPC request carrying many eth_sendTransaction calls, then one block.
  await chain.anvil.client.setAutomine(false);
  const nonces = new Map<string, number>();
  const nonceOf = async (from: Address) => {
    if (!nonces.has(from))
      nonces.set(from, await chain.anvil.client.getTransactionCount({ address: from, blockTag: "pending" }));
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
    const response = await fetch(chain.anvil.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const answers = (await response.json()) as { error?: { message: string } }[];
    const failed = answers.find((a) => a.error);
    if (failed) throw new Error(`eth_sendTransaction: ${failed.error?.message}`);
    await chain.anvil.client.mine({ blocks: 1 });
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
  await chain.anvil.client.setAutomine(true);
  const events = publicOrders + inviteTxs * 101 + bidTxs;
  return { events, transactions, orders: publicOrders + inviteTxs, seconds: (Date.now() - started) / 1000 };
}
