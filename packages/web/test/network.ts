// Test node for the browser tests: a test network (anvil, the DIPNET contracts), demo participants with
// published profiles (data: URIs, hashed on chain), a certifier's attestations, a few orders in
// different states, and a node.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createNode, type DipnetNode, parseConfig } from "@dipnet/node";
import type { DaoParameters } from "@dipnet/sdk";
import {
  accept,
  admitCertifier,
  award,
  bid,
  certify,
  createRfq,
  depositStake,
  dispute,
  faucet,
  register,
  roles,
  setArbiter,
  ship,
} from "@dipnet/sdk";
import { deployTestNetwork, type TestAnvil, type TestNetwork } from "@dipnet/sdk/testing";
import { keccak256, toHex } from "viem";
import { profileDocument } from "../src/lib/profile.ts";

/** A seeded test network and a node indexing it; `stop` stops both. */
export type TestNode = TestNetwork & { node: DipnetNode; nodeUrl: string };

const tusd = (n: number) => BigInt(Math.round(n * 1_000_000));
const hash = (label: string) => keccak256(toHex(label));

const profiles = {
  alice: {
    name: "Alice Robotics",
    kind: "customer",
    city: "Munich",
    country: "DE",
    location: { lat: 48.137, lon: 11.575 },
  },
  bob: { name: "Bob Drives", kind: "customer", city: "Lyon", country: "FR", location: { lat: 45.764, lon: 4.835 } },
  carol: {
    name: "Carol Precision",
    city: "Brno",
    country: "CZ",
    location: { lat: 49.195, lon: 16.607 },
    capabilities: [
      { process: "cnc-milling", materials: ["aluminium-6061", "steel-s235"], machines: 6 },
      { process: "cnc-turning", materials: ["brass", "stainless-316l"], machines: 3 },
    ],
    certifications: ["ISO 9001"],
  },
  dave: {
    name: "Dave Additive",
    city: "Eindhoven",
    country: "NL",
    location: { lat: 51.441, lon: 5.47 },
    capabilities: [
      { process: "fdm-printing", materials: ["petg", "abs"], machines: 12 },
      { process: "sls-printing", materials: ["pa12"], machines: 2 },
    ],
  },
  erin: {
    name: "Erin Metalworks",
    city: "Porto",
    country: "PT",
    location: { lat: 41.158, lon: -8.629 },
    capabilities: [
      { process: "sheet-metal", materials: ["steel-s235", "aluminium-5052"], machines: 4 },
      { process: "laser-cutting", materials: ["steel-s235"], machines: 2 },
    ],
    certifications: ["ISO 9001", "EN 1090"],
  },
} as const;

/**
 * Starts anvil, deploys, seeds the history above (unless `seed` is false: a network without
 * participants or orders) and starts a node. `chainId` (default 31337, the local chain) makes anvil
 * report another chain id, as a public test network would; `apiHost` (default 127.0.0.1) is where
 * the node listens. With `dao` the network is handed to its DAO at deployment, so nobody can admit
 * arbiters or certifiers without a proposal: the seed is then the participants alone.
 */
export async function startTestNode(
  options: { chainId?: number; seed?: boolean; publicUrl?: string; apiHost?: string; dao?: DaoParameters } = {},
): Promise<TestNode> {
  const network = await deployTestNetwork({ chainId: options.chainId, testStablecoin: true, dao: options.dao });
  const { anvil, deployment, clients } = network;
  if (options.seed ?? true) {
    await registerParticipants(clients);
    if (!options.dao) await seedHistory(anvil, clients);
  }

  const dataDir = mkdtempSync(path.join(tmpdir(), "dipnet-web-"));
  const config = parseConfig({
    DIPNET_DATA_DIR: dataDir,
    DIPNET_RPC_URL: anvil.rpcUrl,
    DIPNET_API_PORT: "0",
    DIPNET_API_HOST: options.apiHost ?? "127.0.0.1",
    DIPNET_POLL_MS: "100",
    DIPNET_FINALITY_DEPTH: "2",
    // The dashboard's origin when a test server in front of the node serves it (and signs in there).
    DIPNET_PUBLIC_URL: options.publicUrl,
    DIPNET_LOG_LEVEL: "silent",
  });
  const node = await createNode({ config, deployment });
  const { url: nodeUrl } = await node.start();
  return {
    ...network,
    node,
    nodeUrl,
    stop: async () => {
      await node.stop();
      await network.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The customers and manufacturers above, registered with their profiles, funded and (makers) staked. */
async function registerParticipants(clients: TestNode["clients"]): Promise<void> {
  for (const name of ["alice", "bob"] as const) {
    await register(clients[name], { roles: roles.customer, ...profileDocument(profiles[name]) });
    await faucet(clients[name], { amount: tusd(10_000) });
  }
  for (const name of ["carol", "dave", "erin"] as const) {
    await register(clients[name], { roles: roles.manufacturer, ...profileDocument(profiles[name]) });
    await faucet(clients[name], { amount: tusd(1_000) });
    await depositStake(clients[name], { amount: tusd(500) });
  }
}

/** An arbiter, certifications and the three orders the browser tests start from. */
async function seedHistory(anvil: TestAnvil, clients: TestNode["clients"]): Promise<void> {
  const { grace } = clients;
  await setArbiter(clients.deployer, { arbiter: clients.judy.account.address, allowed: true });

  // Certifications: carol holds a valid ISO 9001; erin's ISO 9001 expires during the history below.
  await admitCertifier(clients.deployer, { certifier: grace.account.address });
  const certifiedAt = Number(await anvil.now());
  await certify(grace, {
    subject: clients.carol.account.address,
    type: "ISO 9001",
    certificateNumber: "Q-2041",
    expiresAt: certifiedAt + 365 * 86_400,
  });
  await certify(grace, {
    subject: clients.erin.account.address,
    type: "ISO 9001",
    expiresAt: certifiedAt + 2 * 86_400,
  });

  // History: one completed order, one RFQ taking bids, one shipped order in dispute.
  const { bob, carol, dave, erin } = clients;
  const rfq = async (label: string, process: string, material: string, budget: number, window: number) => {
    const now = await anvil.now();
    const { orderId } = await createRfq(bob, {
      specHash: hash(label),
      specURI: `ipfs://spec/${label}`,
      process,
      material,
      quantity: 25,
      budget: tusd(budget),
      bond: tusd(40),
      biddingEnds: now + BigInt(window),
      deadline: now + BigInt(window) + 40n * 86_400n,
    });
    return orderId;
  };
  const done = await rfq("shaft", "cnc-turning", "stainless-316l", 2_400, 120);
  await bid(carol, { orderId: done, price: tusd(2_150), leadTime: 10 * 86_400 });
  await bid(dave, { orderId: done, price: tusd(2_300), leadTime: 7 * 86_400 });
  const disputed = await rfq("panel", "sheet-metal", "steel-s235", 1_800, 120);
  await bid(erin, { orderId: disputed, price: tusd(1_640), leadTime: 9 * 86_400 });
  await anvil.increaseTime(180);
  await award(bob, { orderId: done, maker: carol.account.address, price: tusd(2_150), leadTime: 10 * 86_400 });
  await award(bob, { orderId: disputed, maker: erin.account.address, price: tusd(1_640), leadTime: 9 * 86_400 });
  await anvil.increaseTime(6 * 86_400);
  await ship(carol, { orderId: done, evidenceHash: hash("tracking shaft") });
  await ship(erin, { orderId: disputed, evidenceHash: hash("tracking panel") });
  await accept(bob, { orderId: done });
  await dispute(bob, { orderId: disputed, evidenceHash: hash("panel holes misaligned") });
  const open = await rfq("housing", "fdm-printing", "petg", 900, 3 * 86_400);
  await bid(dave, { orderId: open, price: tusd(640), leadTime: 5 * 86_400 });
  await bid(erin, { orderId: open, price: tusd(720), leadTime: 4 * 86_400 });
}
