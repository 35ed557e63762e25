// Seeds the demo network with real transactions: the arbiter and the certifier are admitted (at
// deployment when a DAO governs, here when the deployer still does), members delegate their DIP
// votes to themselves, the certifier certifies manufacturers (EAS attestations) for what their profiles list, every participant
// registers with its profile (hash on chain, document in the data dir), customers get test tUSD,
// manufacturers post stake and register their machines on the capacity ledger. Idempotent: every step first reads the chain and does only what is
// missing, so a restart after a partial seed completes it.
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  admitCertifier,
  balanceOf,
  certificationTypeId,
  certificationTypes,
  certifierKinds,
  certifierRegistryAbi,
  certify,
  createDipnetClient,
  type Deployment,
  type DipnetClient,
  delegateVotes,
  depositStake,
  dipnetContracts,
  exportCredential,
  faucet,
  getCertification,
  getDipAccount,
  grantRoles,
  listMachines,
  localChainIds,
  participant,
  register,
  registerMachine,
  roles,
  setArbiter,
} from "@dipnet/sdk";
import { type Address, parseEther, zeroAddress } from "viem";
import { createDocumentStore, type DocumentStore, documentUri } from "../modules/documents/store.ts";
import {
  type DemoArbiter,
  type DemoCertifier,
  type DemoCustomer,
  type DemoDesigner,
  type DemoManufacturer,
  demoAccount,
  demoArbiter,
  demoCertifier,
  demoCustomers,
  demoDesigner,
  demoManufacturers,
  governanceIndex,
  profileDocument,
} from "./network.ts";

/** The demo participants, each with a client for its account. */
export type DemoNetwork = {
  governance: DipnetClient;
  manufacturers: { spec: DemoManufacturer; client: DipnetClient }[];
  customers: { spec: DemoCustomer; client: DipnetClient }[];
  arbiter: { spec: DemoArbiter; client: DipnetClient };
  certifier: { spec: DemoCertifier; client: DipnetClient };
  designer: { spec: DemoDesigner; client: DipnetClient };
};

/** Parameters of `demoNetwork`. */
export type DemoNetworkParameters = {
  rpcUrl: string;
  deployment: Deployment;
  /** Receipt polling in ms. Default: 100. */
  pollingInterval?: number | undefined;
  /** Take only the first N manufacturers / customers (tests). Default: all. */
  manufacturers?: number | undefined;
  customers?: number | undefined;
};

/** Clients for the demo participants' accounts (development mnemonic: local chains only). */
export function demoNetwork(p: DemoNetworkParameters): DemoNetwork {
  const client = (index: number) =>
    createDipnetClient({
      rpcUrl: p.rpcUrl,
      deployment: p.deployment,
      account: demoAccount(index),
      pollingInterval: p.pollingInterval ?? 100,
    });
  return {
    governance: client(governanceIndex),
    manufacturers: demoManufacturers
      .slice(0, p.manufacturers ?? demoManufacturers.length)
      .map((spec) => ({ spec, client: client(spec.accountIndex) })),
    customers: demoCustomers
      .slice(0, p.customers ?? demoCustomers.length)
      .map((spec) => ({ spec, client: client(spec.accountIndex) })),
    arbiter: { spec: demoArbiter, client: client(demoArbiter.accountIndex) },
    certifier: { spec: demoCertifier, client: client(demoCertifier.accountIndex) },
    designer: { spec: demoDesigner, client: client(demoDesigner.accountIndex) },
  };
}

/** Parameters of `seedDemo`. Amounts in tUSD base units (6 decimals). */
export type SeedDemoParameters = {
  network: DemoNetwork;
  /** Where profile documents are stored. Default: in memory. */
  documents?: DocumentStore | undefined;
  /** tUSD each customer holds at least. Default: 20,000 tUSD. */
  customerFunds?: bigint | undefined;
  /** Stake each manufacturer posts. Default: 8,000 tUSD. */
  manufacturerStake?: bigint | undefined;
  /**
   * Where the certifier's VC-JWTs are saved (`<uid>.json`, the files `dipnet cred export` reads
   * without the certifier's key: `<dataDir>/credentials`). Default: not saved.
   */
  credentialsDir?: string | undefined;
  log?: ((message: string) => void) | undefined;
};

/** What `seedDemo` did: the number of transactions it sent (0 when everything was in place). */
export type SeedDemoReturnType = { transactions: number };

const FAUCET_LIMIT = 10_000_000_000n;
/** Three years, as ISO certificates run. */
const CERTIFICATION_VALIDITY = 3n * 365n * 86_400n;

/**
 * Brings the chain to the seeded demo state, sending only the transactions still missing.
 * @example await seedDemo({ network: demoNetwork({ rpcUrl, deployment }), documents: createDocumentStore(dataDir) });
 */
export async function seedDemo(p: SeedDemoParameters): Promise<SeedDemoReturnType> {
  const { network } = p;
  const { governance } = network;
  const log = p.log ?? (() => {});
  const documents = p.documents ?? createDocumentStore();
  const chainId = await governance.publicClient.getChainId();
  if (!localChainIds.includes(chainId)) {
    throw new Error(`the demo network uses the public development accounts: chain ${chainId} is not a local chain`);
  }
  let transactions = 0;
  const token = governance.deployment.contracts.testStablecoin;
  if (!token) throw new Error("the demo needs the test stablecoin (deploy on a local chain)");

  // Gas money for accounts beyond those the chain funds at genesis.
  const all = [
    ...network.manufacturers.map((x) => x.client),
    ...network.customers.map((x) => x.client),
    network.arbiter.client,
    network.certifier.client,
    network.designer.client,
  ];
  for (const c of all) {
    const balance = await governance.publicClient.getBalance({ address: c.account.address });
    if (balance < parseEther("1")) {
      const hash = await governance.walletClient.sendTransaction({ to: c.account.address, value: parseEther("100") });
      await governance.publicClient.waitForTransactionReceipt({ hash });
      transactions++;
      log(`funded ${c.account.address} with 100 ETH for gas`);
    }
  }

  // Governance admits the arbiter: the deployer where it still governs (a DAO admits members by proposal).
  const { orderMarket } = dipnetContracts(governance);
  const daoGoverns = governance.deployment.contracts.governor !== undefined;
  if (!(await orderMarket.read.isArbiter([network.arbiter.client.account.address]))) {
    if (daoGoverns) log(`arbiter ${network.arbiter.spec.name} is not admitted: only a proposal can admit it`);
    else {
      await setArbiter(governance, { arbiter: network.arbiter.client.account.address, allowed: true });
      transactions++;
      log(`governance admitted arbiter ${network.arbiter.spec.name}`);
    }
  }
  documents.put(profileDocument(network.arbiter.spec, network.arbiter.client.account.address));

  const join = async (client: DipnetClient, spec: DemoManufacturer | DemoCustomer, role: number) => {
    const profileHash = documents.put(profileDocument(spec, client.account.address));
    const record = await participant(client, { account: client.account.address });
    if (!record.registered) {
      await register(client, { roles: role, profileHash, profileURI: documentUri("profile", profileHash) });
      transactions++;
      log(`${spec.name} (${spec.location.city}) registered`);
    } else if ((record.roles & role) !== role) {
      await grantRoles(client, { roles: role });
      transactions++;
    }
  };
  const mintUpTo = async (client: DipnetClient, target: bigint) => {
    let balance = await balanceOf(client, { token, account: client.account.address });
    while (balance < target) {
      const amount = target - balance > FAUCET_LIMIT ? FAUCET_LIMIT : target - balance;
      await faucet(client, { amount });
      transactions++;
      balance += amount;
    }
  };

  for (const { spec, client } of network.customers) {
    await join(client, spec, roles.customer);
    await mintUpTo(client, p.customerFunds ?? 20_000_000_000n);
  }
  const stakeTarget = p.manufacturerStake ?? 8_000_000_000n;
  for (const { spec, client } of network.manufacturers) {
    await join(client, spec, roles.manufacturer);
    const record = await participant(client, { account: client.account.address });
    if (record.stake < stakeTarget) {
      const amount = stakeTarget - record.stake;
      await mintUpTo(client, amount);
      const r = await depositStake(client, { amount });
      transactions += r.approval ? 2 : 1;
      log(`${spec.name} staked ${Number(amount) / 1e6} tUSD`);
    }
  }

  // Each manufacturer registers its machine park on the capacity ledger, in the order of its spec
  // (the autopilot maps its machines to ledger ids by that order); only the ones not yet there.
  if (governance.deployment.contracts.capacityLedger) {
    for (const { spec, client } of network.manufacturers) {
      const onChain = await listMachines(client, { owner: client.account.address, includeInactive: true });
      for (const machine of spec.machines.slice(onChain.length)) {
        await registerMachine(client, {
          process: machine.process,
          materials: spec.materials.slice(0, 16),
          envelope: { x: 800, y: 600, z: 500 },
          hourlyRate: BigInt(Math.round(machine.hourlyRate * 1e6)),
          location: { latitude: spec.location.lat, longitude: spec.location.lon },
        });
        transactions++;
        log(`${spec.name} registered machine ${machine.type}`);
      }
    }
  }

  // Members vote with their own DIP: delegation to oneself is what makes a balance count as votes.
  if (governance.deployment.contracts.dipToken) {
    const members = [...network.manufacturers, ...network.customers, network.arbiter, network.certifier];
    for (const { spec, client } of members) {
      const { balance, delegate } = await getDipAccount(client, client.account.address);
      if (balance === 0n || delegate !== zeroAddress) continue;
      await delegateVotes(client, { delegatee: client.account.address });
      transactions++;
      log(`${spec.name} delegated its DIP votes to itself`);
    }
  }

  // Governance admits the certifier (as the arbiter above), which certifies the manufacturers.
  const certifier = network.certifier.client;
  documents.put(profileDocument(network.certifier.spec, certifier.account.address));
  const { certifierRegistry } = governance.deployment.contracts; // absent in deployments that predate it
  const admitted =
    certifierRegistry &&
    (await governance.publicClient.readContract({
      address: certifierRegistry,
      abi: certifierRegistryAbi,
      functionName: "isCertifier",
      args: [certifier.account.address, certifierKinds.certification],
    }));
  if (certifierRegistry && !admitted) {
    if (daoGoverns) log(`certifier ${network.certifier.spec.name} is not admitted: only a proposal can admit it`);
    else {
      await admitCertifier(governance, { certifier: certifier.account.address });
      transactions++;
      log(`governance admitted certifier ${network.certifier.spec.name}`);
    }
  }
  if (certifierRegistry && (admitted || !daoGoverns)) {
    transactions += await renewDemoCertifications({ network, credentialsDir: p.credentialsDir, log });
  }
  return { transactions };
}

/** Certifications are renewed this long before they expire, as certification bodies recertify ahead. */
const RENEW_WITHIN = 90n * 86_400n;

/**
 * The demo certifier certifies each manufacturer for the (known) certifications its profile lists,
 * for three years, where it holds none or the one it holds expires within 90 days; saves their
 * VC-JWTs in `credentialsDir`. Returns the number of transactions. The seed runs it once; the demo's
 * certifier agent again as chain time runs on (certifications would lapse after ~7 real hours).
 */
export async function renewDemoCertifications(p: {
  network: Pick<DemoNetwork, "manufacturers" | "certifier">;
  credentialsDir?: string | undefined;
  log?: ((message: string) => void) | undefined;
}): Promise<number> {
  const certifier = p.network.certifier.client;
  const { certifierRegistry } = certifier.deployment.contracts;
  if (!certifierRegistry) return 0;
  const known = new Set<string>(certificationTypes);
  let transactions = 0;
  const now = (await certifier.publicClient.getBlock()).timestamp;
  for (const { spec, client } of p.network.manufacturers) {
    for (const type of spec.certifications.filter((t) => known.has(t))) {
      const subject = client.account.address;
      const uid = await certifier.publicClient.readContract({
        address: certifierRegistry,
        abi: certifierRegistryAbi,
        functionName: "validCertification",
        args: [subject, certificationTypeId(type)],
      });
      const held = BigInt(uid) === 0n ? undefined : await getCertification(certifier, uid);
      if (!held?.valid || held.expiresAt - now < RENEW_WITHIN) {
        await certify(certifier, { subject, type, expiresAt: now + CERTIFICATION_VALIDITY, scope: spec.name });
        transactions++;
        p.log?.(`${p.network.certifier.spec.name} certified ${spec.name}: ${type}`);
      }
      if (p.credentialsDir) await saveCredential(certifier, p.credentialsDir, subject, type);
    }
  }
  return transactions;
}

/** Saves the VC-JWT of `subject`'s current certification of `type` unless it is saved already. */
async function saveCredential(certifier: DipnetClient, dir: string, subject: Address, type: string): Promise<void> {
  const { certifierRegistry } = certifier.deployment.contracts;
  if (!certifierRegistry) return;
  const uid = await certifier.publicClient.readContract({
    address: certifierRegistry,
    abi: certifierRegistryAbi,
    functionName: "validCertification",
    args: [subject, certificationTypeId(type)],
  });
  const file = path.join(dir, `${uid}.json`);
  if (existsSync(file)) return;
  const jwt = await exportCredential(certifier, { uid });
  mkdirSync(dir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ uid, subject, type, jwt }, null, 2)}\n`);
  renameSync(temp, file);
}
