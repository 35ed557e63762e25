// Checks an evidence bundle (a CAR file) with nothing but the file and a chain RPC: every block
// against its CID, every published document's signature against its publisher, every hash the
// bundle says is on chain against the named transaction's event on that chain (right contract,
// right chain id), every cited machine reading's Merkle proof against a root anchored on chain, and
// every certification against its attestation. The first failure is returned, naming its check.
import { type Abi, type Address, decodeEventLog, getAddress, type Hex, http, keccak256, type Transport } from "viem";
import { parseProductionEvidence } from "../actions/evidence/production.ts";
import { verifyReadingProofDocument } from "../actions/evidence/readingProof.ts";
import { verifyReadingOnChain } from "../actions/evidence/verifyReading.ts";
import { getCertification } from "../actions/identity/listCertifications.ts";
import { getOrder } from "../actions/reads/getOrder.ts";
import { createDipnetClient } from "../client.ts";
import { capacityLedgerAbi, evidenceRegistryAbi, orderMarketAbi, participantRegistryAbi } from "../generated/abis.ts";
import type { DipnetReadClient } from "../types.ts";
import {
  type BundleChainEvent,
  BundleCheckError,
  type BundleContract,
  type BundleIdentityContract,
  bundleContracts,
  bundleIdentityContracts,
  type EvidenceBundle,
  readEvidenceBundle,
} from "./car.ts";
import { parsePublication, verifyPublication } from "./publication.ts";

/** One check that passed, with what it covered. */
export type BundleCheck = { check: string; passed: string };

/** The outcome of `checkEvidenceBundle`: every check passed, or the first that failed. */
export type EvidenceBundleCheckResult =
  | { valid: true; checks: BundleCheck[]; bundle: EvidenceBundle }
  | { valid: false; checks: BundleCheck[]; failedCheck: string; block: string | undefined; reason: string };

/** Parameters of `checkEvidenceBundle`. */
export type CheckEvidenceBundleParameters = {
  /** The chain's JSON-RPC URL. */
  rpcUrl: string;
  /** Transport instead of `http(rpcUrl)` (e.g. a browser's). Default: http. */
  transport?: Transport | undefined;
  /** The order market to trust; the bundle must name it. Default: the one the bundle names. */
  orderMarket?: Address | undefined;
};

const abis: Record<BundleContract, Abi> = {
  orderMarket: orderMarketAbi,
  participantRegistry: participantRegistryAbi,
  evidenceRegistry: evidenceRegistryAbi,
  capacityLedger: capacityLedgerAbi,
};

/** A decoded argument in one comparable form: integers as decimal strings, hex and addresses lowercase. */
export function normaliseEventArg(value: unknown): unknown {
  if (typeof value === "bigint" || typeof value === "number") return BigInt(value).toString();
  if (typeof value === "string") return /^0x[0-9a-fA-F]*$/.test(value) ? value.toLowerCase() : value;
  if (Array.isArray(value)) return value.map(normaliseEventArg);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, normaliseEventArg(v)]),
    );
  return value;
}

/** The value at a dotted argument path (`params.specHash`). */
const argAt = (args: Record<string, unknown>, path: string): unknown =>
  path
    .split(".")
    .reduce<unknown>((v, key) => (v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined), args);

const describe = (e: BundleChainEvent) => `${e.event} in tx ${e.txHash}`;

/**
 * Checks an evidence bundle against a chain. Never throws for a bad bundle: the result names the
 * failed check (`blocks`, `format`, `documents`, `signatures`, `chain`, `contracts`, `events`,
 * `publishers`, `readings`, `certifications`) and, for the first three, the block.
 * @example const r = await checkEvidenceBundle(readFileSync("order-12.car"), { rpcUrl }); if (!r.valid) console.log(r.reason);
 */
export async function checkEvidenceBundle(
  car: Uint8Array,
  p: CheckEvidenceBundleParameters,
): Promise<EvidenceBundleCheckResult> {
  const checks: BundleCheck[] = [];
  const pass = (check: string, passed: string) => checks.push({ check, passed });
  try {
    const { bundle, blocks, root } = await readEvidenceBundle(car);
    pass("blocks", `${blocks} blocks, each matching its CID; all linked from root ${root}`);
    const { chainId, contracts } = bundle.chain;
    const market = contracts.orderMarket;
    const domain = { chainId, orderMarket: market };
    const events = [
      ...bundle.events,
      ...bundle.parties.flatMap((party) => (party.registration ? [party.registration] : [])),
    ];

    // Offline: every document hashes to the hash that commits to it, every signature recovers its publisher.
    let documents = 0;
    for (const e of events)
      for (const [path, text] of Object.entries(e.documents ?? {})) {
        const claimed = argAt(e.args, path);
        if (typeof claimed !== "string" || keccak256(new TextEncoder().encode(text)) !== claimed.toLowerCase())
          throw new BundleCheckError(
            "documents",
            `the document of ${path} of ${describe(e)} does not hash to ${String(claimed)}`,
          );
        documents++;
      }
    for (const [i, publication] of bundle.publications.entries()) {
      parsePublication(publication);
      if (keccak256(new TextEncoder().encode(publication.document)) !== publication.documentHash)
        throw new BundleCheckError(
          "documents",
          `publications[${i}]'s document does not hash to ${publication.documentHash}`,
        );
      documents++;
    }
    pass("documents", `${documents} documents hash to the hashes that commit to them`);
    for (const [i, publication] of bundle.publications.entries())
      if (!(await verifyPublication(domain, publication)))
        throw new BundleCheckError(
          "signatures",
          `publications[${i}] (${publication.kind}, ${publication.documentHash}) is not signed by its publisher ${publication.publisher}`,
        );
    pass("signatures", `${bundle.publications.length} published documents signed by their publishers (EIP-712)`);

    // The chain: its id, then the contracts the bundle names and how they are wired.
    const client = createDipnetClient({
      rpcUrl: p.rpcUrl,
      transport: p.transport ?? http(p.rpcUrl, { retryCount: 2 }),
      deployment: {
        chainId,
        deployBlock: 0,
        contracts: {
          orderMarket: getAddress(market),
          participantRegistry: getAddress(contracts.participantRegistry ?? market),
          evidenceRegistry: contracts.evidenceRegistry ? getAddress(contracts.evidenceRegistry) : undefined,
          capacityLedger: contracts.capacityLedger ? getAddress(contracts.capacityLedger) : undefined,
          certifierRegistry: contracts.certifierRegistry ? getAddress(contracts.certifierRegistry) : undefined,
          eas: contracts.eas ? getAddress(contracts.eas) : undefined,
          didRegistry: contracts.didRegistry ? getAddress(contracts.didRegistry) : undefined,
        },
      },
    });
    const rpcChainId = await client.publicClient.getChainId();
    if (rpcChainId !== chainId)
      throw new BundleCheckError("chain", `the bundle is for chain ${chainId}, the RPC serves chain ${rpcChainId}`);
    pass("chain", `the RPC serves chain ${chainId}`);
    await checkContracts(client, bundle, p.orderMarket);
    pass("contracts", `${Object.keys(contracts).length} contracts with code, wired to market ${getAddress(market)}`);

    for (const e of events) await checkEvent(client, bundle, e);
    pass(
      "events",
      `${events.length} events found in their transactions, as claimed (${documents - bundle.publications.length} committed document hashes among them)`,
    );

    // Publishers: the order's customer or maker on chain, the arbiter who ruled its dispute, or, for a
    // disputed order, an arbiter governance admits.
    const orderIds = new Set(bundle.publications.map((x) => x.orderId));
    for (const orderId of orderIds) {
      const order = await getOrder(client, { orderId: BigInt(orderId) });
      const rulers = events
        .filter((e) => e.event === "DisputeResolved" && String(e.args.orderId) === orderId)
        .map((e) => String(e.args.arbiter).toLowerCase());
      const parties = new Set([order.customer.toLowerCase(), order.maker.toLowerCase(), ...rulers]);
      const disputed = events.some((e) => e.event === "DisputeOpened" && String(e.args.orderId) === orderId);
      // The node lets any arbiter governance admits publish while the order is disputed.
      const admittedArbiter = async (account: Address) =>
        disputed &&
        ((await client.publicClient.readContract({
          address: getAddress(market),
          abi: orderMarketAbi,
          functionName: "isArbiter",
          args: [getAddress(account)],
        })) as boolean);
      for (const publication of bundle.publications.filter((x) => x.orderId === orderId))
        if (!parties.has(publication.publisher.toLowerCase()) && !(await admittedArbiter(publication.publisher)))
          throw new BundleCheckError(
            "publishers",
            `${publication.publisher} published ${publication.documentHash} but is not the customer, the maker or an arbiter of order ${orderId}`,
          );
    }
    pass("publishers", "every publisher is the customer, the maker or an arbiter of its order on chain");

    const citations = await checkReadings(client, bundle, events);
    pass(
      "readings",
      `${bundle.readings.length} reading proofs and ${citations} cited readings proven under roots anchored on chain`,
    );

    let certifications = 0;
    const claimed = bundle.parties.some((party) => party.certifications.length > 0);
    if (claimed && bundleIdentityContracts.some((role) => !contracts[role]))
      throw new BundleCheckError(
        "certifications",
        "certifications are claimed but the bundle names no EAS, certifier registry and DID registry",
      );
    for (const party of bundle.parties)
      for (const c of party.certifications) {
        const onChain = await getCertification(client, c.uid).catch(() => undefined);
        const same =
          onChain &&
          onChain.subject.toLowerCase() === party.address.toLowerCase() &&
          onChain.subject.toLowerCase() === c.subject.toLowerCase() &&
          onChain.certifier.toLowerCase() === c.certifier.toLowerCase() &&
          onChain.type === c.type &&
          onChain.certificateNumber === c.certificateNumber &&
          onChain.issuedAt.toString() === c.issuedAt &&
          onChain.expiresAt.toString() === c.expiresAt;
        if (!same)
          throw new BundleCheckError(
            "certifications",
            `certification ${c.uid} of ${party.address} is not attested on chain as claimed`,
          );
        certifications++;
      }
    pass("certifications", `${certifications} certifications attested on chain as claimed`);
    return { valid: true, checks, bundle };
  } catch (error) {
    if (error instanceof BundleCheckError)
      return { valid: false, checks, failedCheck: error.check, block: error.block, reason: error.message };
    if (error instanceof Error && error.name === "InvalidParameterError")
      return { valid: false, checks, failedCheck: "format", block: undefined, reason: error.message };
    return {
      valid: false,
      checks,
      failedCheck: "chain",
      block: undefined,
      reason: `the chain did not answer as expected: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    };
  }
}

/** The contracts have code on this chain and are the ones the market is wired to. */
async function checkContracts(client: DipnetReadClient, bundle: EvidenceBundle, pinned: Address | undefined) {
  const { contracts } = bundle.chain;
  if (pinned && pinned.toLowerCase() !== contracts.orderMarket.toLowerCase())
    throw new BundleCheckError("contracts", `the bundle names market ${contracts.orderMarket}, not ${pinned}`);
  for (const [role, address] of Object.entries(contracts)) {
    if (
      !bundleContracts.includes(role as BundleContract) &&
      !bundleIdentityContracts.includes(role as BundleIdentityContract)
    )
      throw new BundleCheckError("contracts", `unknown contract role ${role}`);
    const code = await client.publicClient.getCode({ address: getAddress(address) });
    if (!code || code === "0x") throw new BundleCheckError("contracts", `${role} ${address} has no code on this chain`);
  }
  const read = (address: Address, abi: Abi, functionName: string) =>
    client.publicClient.readContract({ address, abi, functionName }) as Promise<Address>;
  const wired: [string, Promise<Address> | undefined, Address | undefined][] = [
    [
      "participantRegistry",
      read(getAddress(contracts.orderMarket), orderMarketAbi, "registry"),
      contracts.participantRegistry,
    ],
    [
      "certifierRegistry",
      contracts.certifierRegistry
        ? read(getAddress(contracts.orderMarket), orderMarketAbi, "certifierRegistry")
        : undefined,
      contracts.certifierRegistry,
    ],
    [
      "evidenceRegistry",
      contracts.evidenceRegistry
        ? read(getAddress(contracts.evidenceRegistry), evidenceRegistryAbi, "orderMarket")
        : undefined,
      contracts.evidenceRegistry ? contracts.orderMarket : undefined,
    ],
  ];
  for (const [role, actual, expected] of wired) {
    if (!actual || !expected) continue;
    if ((await actual).toLowerCase() !== expected.toLowerCase())
      throw new BundleCheckError(
        "contracts",
        `${role} ${contracts[role as BundleContract]} is not wired to market ${contracts.orderMarket}`,
      );
  }
}

/** The event is in its transaction's receipt on this chain, from the named contract, saying what is claimed. */
async function checkEvent(client: DipnetReadClient, bundle: EvidenceBundle, e: BundleChainEvent) {
  const address = bundle.chain.contracts[e.contract];
  if (!address || address.toLowerCase() !== e.address.toLowerCase())
    throw new BundleCheckError(
      "events",
      `${describe(e)} names ${e.contract} ${e.address}, not the bundle's ${String(address)}`,
    );
  const receipt = await client.publicClient.getTransactionReceipt({ hash: e.txHash as Hex }).catch(() => undefined);
  if (!receipt) throw new BundleCheckError("events", `transaction ${e.txHash} (${e.event}) is not on this chain`);
  if (Number(receipt.blockNumber) !== e.blockNumber || receipt.blockHash.toLowerCase() !== e.blockHash.toLowerCase())
    throw new BundleCheckError(
      "events",
      `${describe(e)} is in block ${receipt.blockNumber} ${receipt.blockHash}, not ${e.blockNumber} ${e.blockHash}`,
    );
  const log = receipt.logs.find((l) => l.logIndex === e.logIndex);
  if (!log || log.address.toLowerCase() !== address.toLowerCase())
    throw new BundleCheckError("events", `${describe(e)}: log ${e.logIndex} is not ${e.contract}'s`);
  let decoded: { eventName: string; args: unknown };
  try {
    decoded = decodeEventLog({ abi: abis[e.contract], topics: log.topics, data: log.data }) as typeof decoded;
  } catch {
    throw new BundleCheckError("events", `${describe(e)}: log ${e.logIndex} is no event of ${e.contract}`);
  }
  if (decoded.eventName !== e.event)
    throw new BundleCheckError("events", `${describe(e)}: log ${e.logIndex} is ${decoded.eventName}`);
  const actual = JSON.stringify(normaliseEventArg(decoded.args));
  const claimed = JSON.stringify(normaliseEventArg(e.args));
  if (actual !== claimed)
    throw new BundleCheckError("events", `${describe(e)} says ${actual} on chain, the bundle claims ${claimed}`);
}

/** Every reading proof verifies, and every reading a production evidence document cites is proven. */
async function checkReadings(client: DipnetReadClient, bundle: EvidenceBundle, events: BundleChainEvent[]) {
  const registry = bundle.chain.contracts.evidenceRegistry;
  const texts = [
    ...events.flatMap((e) => Object.values(e.documents ?? {})),
    ...bundle.publications.map((x) => x.document),
  ];
  const cited = texts.flatMap((text) => {
    let value: { type?: unknown };
    try {
      value = JSON.parse(text) as { type?: unknown };
    } catch {
      throw new BundleCheckError("format", "a document is not JSON");
    }
    return value?.type === "dipnet-production-evidence/v1" ? [parseProductionEvidence(value)] : [];
  });
  const citations = cited.flatMap((d) => d.events.flatMap((ev) => ev.readings));
  if ((citations.length > 0 || bundle.readings.length > 0) && !registry)
    throw new BundleCheckError("readings", "readings are cited but the bundle names no evidence registry");
  for (const [i, proof] of bundle.readings.entries()) {
    const claimed = (proof as { registry?: { address?: string; chainId?: number } }).registry;
    if (claimed?.address?.toLowerCase() !== registry?.toLowerCase() || claimed?.chainId !== bundle.chain.chainId)
      throw new BundleCheckError("readings", `readings[${i}] names another registry or chain`);
    const result = await verifyReadingProofDocument(client, proof);
    if (!result.valid)
      throw new BundleCheckError("readings", `readings[${i}]: ${result.failedCheck} check failed: ${result.reason}`);
  }
  for (const c of citations) {
    const leaf = { manufacturer: c.manufacturer, device: c.device, seq: c.seq, ts: c.ts, messageHash: c.messageHash };
    if (!(await verifyReadingOnChain(client, { anchorer: c.anchorer, root: c.root, leaf, proof: c.proof })))
      throw new BundleCheckError(
        "readings",
        `reading ${c.seq} of ${c.device} (${c.manufacturer}) is not proven under root ${c.root} anchored by ${c.anchorer}`,
      );
  }
  return citations.length;
}
