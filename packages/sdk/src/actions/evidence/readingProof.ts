// Checks a reading proof (`GET /api/readings/:manufacturer/:device/:seq/proof`) against the chain alone: the
// message is well-formed, its leaf is in the batch root by the proof, the proof's anchorer anchored
// the root on the evidence registry and is the device's manufacturer or allowed by it, before any revocation of
// the device, the message is signed by the key the registry holds for the device, and the registry's
// own `verifyReading` agrees. Nothing here asks the node that produced the proof.
import type { Address, Hex } from "viem";
import { parseDeviceMessage, signingBytes, verifyDeviceMessage } from "../../iot/message.ts";
import type { DipnetReadClient } from "../../types.ts";
import { getAnchor } from "./anchorRoot.ts";
import { getDevice } from "./listDevices.ts";
import { isAnchorerOf } from "./setAnchorer.ts";
import { messageHashOf, type ReadingLeaf, verifyReadingProof } from "./tree.ts";
import { verifyReadingOnChain } from "./verifyReading.ts";

/** The checks, in order. */
export type ReadingProofCheck = "format" | "message" | "merkle" | "anchor" | "anchorer" | "device" | "signature";

/** What a valid proof establishes. */
export type VerifiedReading = {
  valid: true;
  device: string;
  seq: number;
  ts: number;
  readings: unknown[];
  root: Hex;
  anchorer: Address;
  /** Unix seconds the root was anchored at. */
  anchoredAt: number;
  manufacturer: Address;
  machineId: bigint;
  /** The device was revoked after the batch was anchored (readings anchored before stay valid evidence). */
  deviceRevoked: boolean;
};

/** Why a proof was rejected: the first failed check. */
export type RejectedReading = { valid: false; failedCheck: ReadingProofCheck; reason: string };

const hex32 = (v: unknown): v is Hex => typeof v === "string" && /^0x[0-9a-fA-F]{64}$/.test(v);
const address = (v: unknown): v is Address => typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v);

/**
 * Verifies a reading proof document against `client`'s chain and evidence registry.
 * @example const r = await verifyReadingProofDocument(client, JSON.parse(text)); if (!r.valid) console.log(r.failedCheck);
 */
export async function verifyReadingProofDocument(
  client: DipnetReadClient,
  document: unknown,
): Promise<VerifiedReading | RejectedReading> {
  const reject = (failedCheck: ReadingProofCheck, reason: string): RejectedReading => ({
    valid: false,
    failedCheck,
    reason,
  });
  const d = document as Record<string, unknown> | null;
  if (typeof d !== "object" || d === null || d.format !== "dipnet-reading-proof/v1")
    return reject("format", 'not a reading proof: "format" must be "dipnet-reading-proof/v1"');
  if (!hex32(d.root)) return reject("format", "root: must be a 32-byte hex hash");
  if (!address(d.anchorer)) return reject("format", "anchorer: must be the address that anchored the root");
  if (!address(d.manufacturer))
    return reject("format", "manufacturer: must be the address of the device's manufacturer");
  const manufacturer = d.manufacturer;
  const anchorer = d.anchorer;
  if (!Array.isArray(d.proof) || !d.proof.every(hex32))
    return reject("format", "proof: must be a list of 32-byte hashes");
  const parsed = parseDeviceMessage(new TextEncoder().encode(JSON.stringify(d.message ?? null)));
  if (!parsed.ok) return reject("message", `message: ${parsed.detail}`);
  const message = parsed.message;
  // The leaf is recomputed from the message itself: any altered field changes it.
  const messageHash = messageHashOf(signingBytes(message));
  const leaf: ReadingLeaf = { manufacturer, device: message.device, seq: message.seq, ts: message.ts, messageHash };
  const proof = d.proof as Hex[];
  if (!verifyReadingProof({ root: d.root, leaf, proof }))
    return reject("merkle", "the proof does not lead from this message's leaf to the root");
  const anchor = await getAnchor(client, { anchorer, root: d.root });
  if (!anchor) return reject("anchor", `root ${d.root} is not anchored by ${anchorer} on the evidence registry`);
  const device = await getDevice(client, { manufacturer, deviceId: message.device });
  if (!device)
    return reject("device", `${manufacturer} registered no device ${message.device} on the evidence registry`);
  if (!(await isAnchorerOf(client, { manufacturer: device.manufacturer, anchorer: anchor.anchorer })))
    return reject(
      "anchorer",
      `root ${d.root} was anchored by ${anchor.anchorer}, not allowed by its manufacturer ${device.manufacturer}`,
    );
  // A revoked key can sign readings with any timestamp: only an anchor before the revocation counts.
  if (device.revokedAt !== null && anchor.anchoredAt >= device.revokedAt)
    return reject(
      "device",
      `device ${message.device} was revoked at ${device.revokedAt}, not after the batch was anchored (${anchor.anchoredAt})`,
    );
  if (!verifyDeviceMessage(message, device.publicKey.slice(2)))
    return reject("signature", `the message is not signed by device ${message.device}'s registered key`);
  if (!(await verifyReadingOnChain(client, { anchorer, root: d.root, leaf, proof })))
    return reject("anchor", "the registry's verifyReading rejects the proof");
  return {
    valid: true,
    device: message.device,
    seq: message.seq,
    ts: message.ts,
    readings: message.readings,
    root: d.root,
    anchorer: anchor.anchorer,
    anchoredAt: anchor.anchoredAt,
    manufacturer: device.manufacturer,
    machineId: device.machineId,
    deviceRevoked: device.revoked,
  };
}
