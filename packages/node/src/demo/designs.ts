// The demo's intellectual property: a design studio registers its designs as tokens (each file
// encrypted to the studio's own vault key, only ciphertext in IPFS) and licenses them to makers,
// and every demo participant sets up the vault key it needs for confidential packages. Idempotent:
// a restarted demo registers only what is missing.
import { Readable } from "node:stream";
import {
  createLicence,
  type DipnetClient,
  deriveKeyPair,
  encryptionKeyHistory,
  encryptStream,
  listDesigns,
  listLicences,
  participant,
  register,
  registerDesign,
  roles,
  setEncryptionKey,
  type VaultKeyPair,
} from "@dipnet/sdk";
import { type Address, sha256 } from "viem";
import type { RfqLicence } from "../agents/customer.ts";
import type { IpfsNode } from "../core/ipfs.ts";
import type { DocumentStore } from "../modules/documents/store.ts";
import { documentUri } from "../modules/documents/store.ts";
import { type DemoDesign, demoAccount, profileDocument } from "./network.ts";
import type { DemoNetwork } from "./seed.ts";

const tusd = (amount: number) => BigInt(Math.round(amount * 1_000_000));

/** The vault key (version 1) of a demo account, derived from its signature as any client would. */
export function demoVaultKey(accountIndex: number): Promise<VaultKeyPair> {
  return deriveKeyPair({ account: demoAccount(accountIndex), version: 1 });
}

/** A design's file: a STEP-like text, deterministic per title so a restarted demo hashes the same. */
export function demoDesignFile(design: DemoDesign): Uint8Array {
  const lines = [
    "ISO-10303-21;",
    "HEADER;",
    `FILE_DESCRIPTION(('${design.title}'),'2;1');`,
    `FILE_NAME('${design.title}.stp','2026-01-01T00:00:00',('Atelier Vogel'),(''),'','','');`,
    "FILE_SCHEMA(('AP242_MANAGED_MODEL_BASED_3D_ENGINEERING_MIM_LF'));",
    "ENDSEC;",
    "DATA;",
  ];
  for (let i = 1; i <= 2_000; i++)
    lines.push(`#${i}=CARTESIAN_POINT('',(${(i * 0.37).toFixed(3)},${(i * 1.13) % 97},${(i * 7) % 53}.5));`);
  lines.push("ENDSEC;", "END-ISO-10303-21;");
  return new TextEncoder().encode(lines.join("\n"));
}

/** Encrypts `plaintext` to `recipients` in the vault format and adds the ciphertext to `ipfs`. */
async function addEncrypted(ipfs: IpfsNode, plaintext: Uint8Array, recipients: readonly `0x${string}`[]) {
  const sealed = (Readable.toWeb(Readable.from([plaintext])) as ReadableStream<Uint8Array>).pipeThrough(
    encryptStream({ recipients }),
  );
  return ipfs.add(sealed as unknown as AsyncIterable<Uint8Array>);
}

/** Registers `client`'s derived vault key when its account has none yet. Returns the transactions sent. */
async function ensureVaultKey(client: DipnetClient, accountIndex: number): Promise<number> {
  const { keys } = await encryptionKeyHistory(client, { account: client.account.address });
  if (keys.length > 0) return 0;
  await setEncryptionKey(client, { publicKey: (await demoVaultKey(accountIndex)).publicKey });
  return 1;
}

/** Parameters of `seedDemoDesigns`. */
export type SeedDemoDesignsParameters = {
  network: DemoNetwork;
  ipfs: IpfsNode;
  documents: DocumentStore;
  log?: ((message: string) => void) | undefined;
};

/**
 * Sets up every demo participant's vault key, registers the design studio and its designs (files
 * encrypted to its key, in IPFS) and their licences. Returns the number of transactions sent.
 */
export async function seedDemoDesigns(p: SeedDemoDesignsParameters): Promise<number> {
  const log = p.log ?? (() => {});
  const { network } = p;
  let transactions = 0;
  for (const { spec, client } of [...network.customers, ...network.manufacturers])
    transactions += await ensureVaultKey(client, spec.accountIndex);

  const { spec, client } = network.designer;
  const key = await demoVaultKey(spec.accountIndex);
  const account = client.account.address;
  if (!(await participant(client, { account })).registered) {
    const profileHash = p.documents.put(profileDocument(spec, account));
    await register(client, {
      roles: roles.customer,
      profileHash,
      profileURI: documentUri("profile", profileHash),
      encryptionKey: key.publicKey,
    });
    transactions++;
    log(`${spec.name} (${spec.location.city}) registered`);
  }
  const registered = await listDesigns(client, { owner: account });
  for (const design of spec.designs) {
    // Each step is checked on its own, so a demo stopped between registration and licence resumes.
    let designId = registered.find((d) => d.title === design.title)?.designId;
    if (designId === undefined) {
      const file = demoDesignFile(design);
      const cid = await addEncrypted(p.ipfs, file, [key.publicKey]);
      ({ designId } = await registerDesign(client, { contentHash: sha256(file), cid, title: design.title }));
      transactions++;
      log(`${spec.name} registered design #${designId} "${design.title}"`);
    }
    const { licence } = design;
    if (!licence || (await listLicences(client, { designId })).length > 0) continue;
    const { licenceId } = await createLicence(client, {
      designId,
      paymentToken: client.deployment.contracts.testStablecoin as Address,
      royaltyPerUnit: tusd(licence.royaltyPerUnit),
      maxUnits: BigInt(licence.maxUnits),
      open: licence.makers === "open",
      makers: licence.makers === "open" ? [] : licence.makers.map((index) => demoAccount(index).address),
    });
    transactions++;
    log(`${spec.name} licensed design #${designId} as licence #${licenceId}`);
  }
  return transactions;
}

/**
 * The studio's open licences, as the demo customers' RFQs reference them (a design's process and
 * material, its royalty): so some orders build a licensed design and pay its royalty from escrow.
 */
export async function openDemoLicences(network: DemoNetwork): Promise<RfqLicence[]> {
  const { spec, client } = network.designer;
  const designs = await listDesigns(client, { owner: client.account.address });
  const licences: RfqLicence[] = [];
  for (const design of spec.designs) {
    if (design.licence?.makers !== "open") continue;
    const registered = designs.find((d) => d.title === design.title);
    if (!registered) continue;
    const open = (await listLicences(client, { designId: registered.designId })).find((l) => l.open && l.endedAt === 0);
    if (open)
      licences.push({
        licenceId: open.licenceId,
        process: design.process,
        material: design.material,
        royaltyPerUnit: open.royaltyPerUnit,
      });
  }
  return licences;
}
