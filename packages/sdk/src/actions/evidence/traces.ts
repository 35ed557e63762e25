import { type Address, type Hex, keccak256, stringToBytes, zeroAddress } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import { evidenceRegistryAbi } from "../../generated/abis.ts";
import type { DipnetClient, DipnetReadClient, WriteResult } from "../../types.ts";
import { evidenceRegistryAddress, writeEvidenceRegistry } from "./registry.ts";

/** The registry's id of an item (part, batch, shipment): `keccak256(utf8(its EPC URI))`. */
export function itemIdOf(epc: string): Hex {
  if (epc.length === 0 || epc.length > 1000 || !/^[a-z][a-z0-9+.-]*:\S+$/i.test(epc))
    throw new InvalidParameterError("item", "must be a URI (an EPC, e.g. urn:epc:id:sgtin:…)");
  return keccak256(stringToBytes(epc));
}

function checkOrderId(orderId: bigint | number): bigint {
  const id = BigInt(orderId);
  if (id <= 0n) throw new InvalidParameterError("orderId", "must be an order id (1 or more)");
  return id;
}

/** Parameters of `recordTrace`. */
export type RecordTraceParameters = {
  /** The order the item belongs to: only its maker may create the item. */
  orderId: bigint | number;
  /** The item's EPC URI. */
  item: string;
  /** Hash of the EPCIS event (its canonical JSON's keccak256). */
  eventHash: Hex;
  /** Hand custody of the item to this account with this event. Default: no change. */
  custodyTo?: Address | undefined;
};

/**
 * Records an EPCIS event's hash for an item of an order; the first trace (by the order's maker only)
 * makes the signer its custodian, later ones need the custodian, and `custodyTo` hands custody over.
 */
export async function recordTrace(client: DipnetClient, p: RecordTraceParameters): Promise<WriteResult> {
  if (!/^0x[0-9a-fA-F]{64}$/.test(p.eventHash)) throw new InvalidParameterError("eventHash", "must be a 32-byte hash");
  return writeEvidenceRegistry(client, "recordTrace", [
    checkOrderId(p.orderId),
    itemIdOf(p.item),
    p.eventHash,
    p.custodyTo ?? zeroAddress,
  ]);
}

/** A recorded trace: `recorder` was the item's custodian when it recorded. */
export type TraceInfo = { orderId: bigint; eventHash: Hex; itemId: Hex; recorder: Address; recordedAt: number };

/** Where an event hash was recorded for an item of an order, or undefined. */
export async function getTrace(
  client: DipnetReadClient,
  p: { orderId: bigint | number; item: string; eventHash: Hex },
): Promise<TraceInfo | undefined> {
  const orderId = checkOrderId(p.orderId);
  const itemId = itemIdOf(p.item);
  const t = await client.publicClient.readContract({
    address: evidenceRegistryAddress(client),
    abi: evidenceRegistryAbi,
    functionName: "traceOf",
    args: [orderId, itemId, p.eventHash],
  });
  if (t.recordedAt === 0n) return undefined;
  return { orderId, eventHash: p.eventHash, itemId, recorder: t.recorder, recordedAt: Number(t.recordedAt) };
}

/** The custodian of an item of an order, or undefined before its first trace. */
export async function getCustodian(
  client: DipnetReadClient,
  p: { orderId: bigint | number; item: string },
): Promise<Address | undefined> {
  const custodian = await client.publicClient.readContract({
    address: evidenceRegistryAddress(client),
    abi: evidenceRegistryAbi,
    functionName: "custodianOf",
    args: [checkOrderId(p.orderId), itemIdOf(p.item)],
  });
  return custodian === zeroAddress ? undefined : custodian;
}
