// The demo's confidential packages: a third of the customers' RFQs carry a drawing package,
// encrypted in the customer's client to its own key and stored through the node, under DIPNET's
// standard NDA. Makers that bid accept the NDA on chain; at award the customer grants the winner
// the package's key (a key envelope wrapped to the maker's registered key); the winner fetches the
// envelope and the package through the makers' own IPFS node — bitswap from the customers' node,
// not a shared folder — and decrypts them with its key.
import { Readable } from "node:stream";
import {
  acceptNda,
  type DipnetClient,
  decodeKeyEnvelope,
  decryptStream,
  grantPackageToAwardedMaker,
  putFile,
  setPackage,
  standardNdaHash,
  type VaultKeyPair,
} from "@dipnet/sdk";
import { sha256 } from "viem";
import type { AgentReadModel, OrderEvent } from "../agents/readModel.ts";
import { type Agent, type AgentAction, type AgentLog, type AgentTick, createActionGuard } from "../agents/runtime.ts";
import type { IpfsNode } from "../core/ipfs.ts";
import { demoVaultKey } from "./designs.ts";
import type { DemoNetwork } from "./seed.ts";

/** Which RFQs carry a package: a fixed function of the id, so a restarted demo decides the same. */
const carriesPackage = (orderId: number): boolean => orderId % 3 === 0;

/** The package of an order: a drawing archive's stand-in, deterministic per order. */
function demoPackageFile(orderId: number): Uint8Array {
  const lines = [
    `DIPNET demo drawing package for order #${orderId}`,
    "CONFIDENTIAL: shared under the DIPNET standard NDA",
  ];
  for (let sheet = 1; sheet <= 400; sheet++)
    lines.push(`sheet ${sheet}: dimension D${sheet} = ${(orderId * 3.1 + sheet * 0.25).toFixed(2)} mm ± 0.05`);
  return new TextEncoder().encode(lines.join("\n"));
}

const lower = (value: unknown) => String(value).toLowerCase();

/** The current package's CID (its latest PackageSet), if any. */
function currentPackage(events: readonly OrderEvent[]): string | undefined {
  const set = events.filter((e) => e.name === "PackageSet").at(-1);
  return set ? String(set.args.packageCid) : undefined;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of stream as unknown as AsyncIterable<Uint8Array>) parts.push(part);
  return Buffer.concat(parts);
}

const fromIpfs = (ipfs: IpfsNode, cid: string) =>
  Readable.toWeb(Readable.from(ipfs.cat(cid, { timeoutMs: 30_000 }))) as ReadableStream<Uint8Array>;

/** Parameters of `withDemoPackages`. */
export type DemoPackagesParameters = {
  network: DemoNetwork;
  readModel: AgentReadModel;
  /** The node the customers upload packages and envelopes through. */
  nodeUrl: string;
  /** The makers' own IPFS node, peered with the node's. */
  makersIpfs: IpfsNode;
  log?: AgentLog | undefined;
};

/**
 * Adds the package steps to the demo customers' and manufacturers' agents: after its own step, each
 * takes its package step in the same turn (one account never sends two transactions at once).
 */
export function withDemoPackages(agents: readonly Agent[], p: DemoPackagesParameters): Agent[] {
  const log = p.log ?? (() => {});
  const keys = new Map<number, Promise<VaultKeyPair>>();
  const keyOf = (index: number) => {
    const known = keys.get(index);
    if (known) return known;
    const derived = demoVaultKey(index);
    keys.set(index, derived);
    return derived;
  };

  type Steps = { step: (tick: AgentTick) => Promise<void>; actions: () => readonly AgentAction[] };

  const customerSteps = (name: string, client: DipnetClient, accountIndex: number): Steps => {
    const guard = createActionGuard(`${name} (packages)`, log);
    const me = client.account.address.toLowerCase();
    return {
      actions: guard.actions,
      async step(tick) {
        if (guard.busy(tick)) return;
        for (const o of await p.readModel.ordersOf({ customer: me }, ["Open", "Awarded", "Shipped"])) {
          if (!carriesPackage(o.id)) continue;
          const events = await p.readModel.orderEvents(o.id, ["PackageSet", "AccessGranted"]);
          const pkg = currentPackage(events);
          const key = `package:${o.id}`;
          if (!pkg && o.status === "Open" && tick.now < o.bidding_ends && guard.ready(tick, key)) {
            await guard.act(tick, key, `attach the package of order ${o.id}`, async () => {
              const own = await keyOf(accountIndex);
              const file = demoPackageFile(o.id);
              const { cid } = await putFile({
                nodeUrl: p.nodeUrl,
                plaintext: Readable.toWeb(Readable.from([file])) as ReadableStream<Uint8Array>,
                recipients: [own.publicKey],
                uploader: me,
              });
              return setPackage(client, { orderId: BigInt(o.id), ndaHash: standardNdaHash, packageCid: cid });
            });
            continue;
          }
          const maker = o.maker?.toLowerCase();
          if (!pkg || !maker || !guard.ready(tick, key)) continue;
          const granted = events.some(
            (e) => e.name === "AccessGranted" && lower(e.args.grantee) === maker && e.args.fileCid === pkg,
          );
          if (granted) continue;
          await guard.act(tick, key, `grant the package of order ${o.id} to its maker`, async () => {
            const r = await grantPackageToAwardedMaker(client, {
              nodeUrl: p.nodeUrl,
              orderId: BigInt(o.id),
              keys: [await keyOf(accountIndex)],
            });
            if (r.status !== "granted") throw new Error(r.reason);
            return r;
          });
        }
      },
    };
  };

  const makerSteps = (name: string, client: DipnetClient, accountIndex: number): Steps => {
    const guard = createActionGuard(`${name} (packages)`, log);
    const me = client.account.address.toLowerCase();
    // Packages this maker has read, this run (reading again after a restart does no harm).
    const opened = new Set<string>();
    return {
      actions: guard.actions,
      async step(tick) {
        if (guard.busy(tick)) return;
        // Accept the NDA of packaged RFQs it bid on while bidding is open.
        for (const { o } of await p.readModel.bidsOf(me, "Open")) {
          if (!carriesPackage(o.id) || tick.now >= o.bidding_ends) continue;
          const events = await p.readModel.orderEvents(o.id, ["PackageSet", "NdaAccepted"]);
          if (!currentPackage(events)) continue;
          if (events.some((e) => e.name === "NdaAccepted" && lower(e.args.account) === me)) continue;
          await guard.act(tick, `nda:${o.id}`, `accept the NDA of order ${o.id}`, () =>
            acceptNda(client, { orderId: BigInt(o.id), ndaHash: standardNdaHash }),
          );
        }
        // Read the packages granted to it, through its own IPFS node.
        for (const o of await p.readModel.ordersOf({ maker: me }, ["Awarded", "Shipped"])) {
          if (!carriesPackage(o.id)) continue;
          const events = await p.readModel.orderEvents(o.id, ["PackageSet", "AccessGranted"]);
          const pkg = currentPackage(events);
          const grant = events.find(
            (e) => e.name === "AccessGranted" && lower(e.args.grantee) === me && e.args.fileCid === pkg,
          );
          if (!pkg || !grant || opened.has(pkg)) continue;
          try {
            const own = await keyOf(accountIndex);
            const envelope = decodeKeyEnvelope(
              await readAll(
                fromIpfs(p.makersIpfs, String(grant.args.keyEnvelopeCid)).pipeThrough(decryptStream({ keys: [own] })),
              ),
            );
            if (envelope.fileCid !== pkg) throw new Error(`the envelope holds the key of ${envelope.fileCid}`);
            const plain = await readAll(
              fromIpfs(p.makersIpfs, pkg).pipeThrough(decryptStream({ fileKey: envelope.fileKey })),
            );
            opened.add(pkg);
            log(
              "info",
              `${name} fetched the package of order ${o.id} through its own IPFS node and decrypted it (${plain.length} bytes, sha256 ${sha256(plain).slice(0, 18)}…)`,
            );
          } catch (error) {
            log(
              "warn",
              `${name}: the package of order ${o.id} could not be read yet: ${(error as Error).message.split("\n")[0]}`,
            );
          }
        }
      },
    };
  };

  const byAccount = new Map<string, Steps>([
    ...p.network.customers.map(
      ({ spec, client }) => [client.account.address, customerSteps(spec.name, client, spec.accountIndex)] as const,
    ),
    ...p.network.manufacturers.map(
      ({ spec, client }) => [client.account.address, makerSteps(spec.name, client, spec.accountIndex)] as const,
    ),
  ]);
  return agents.map((agent) => {
    const extra = byAccount.get(agent.client.account.address);
    if (!extra) return agent;
    return {
      ...agent,
      async step(tick) {
        await agent.step(tick);
        await extra
          .step(tick)
          .catch((error: Error) => log("warn", `${agent.name} (packages): ${error.message.split("\n")[0]}`));
      },
      actions: () => [...agent.actions(), ...extra.actions()],
    };
  });
}
