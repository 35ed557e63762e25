import { type Address, type Hex, keccak256, stringToBytes, zeroAddress } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import { evidenceRegistryAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient, DipnetReadClient, WriteResult } from "../../types.ts";
import { evidenceRegistryAddress } from "./registry.ts";

/** The registry's id of an item (part, batch, shipment): `keccak256(utf8(its EPC URI))`. */
export function itemIdOf(epc: string): Hex {
  if (epc.length === 0 || epc.length > 1000 || !/^[a-z][a-z0-9+.-]*:\S+$/i.test(epc))
    throw new InvalidParameterError("item", "must be a URI (an EPC, e.g. urn:epc:id:sgtin:…)");
  return keccak256(stringToBytes(epc));
}

/** Parameters of `recordTrace`. */
export type RecordTraceParameters = {
  /** The item's EPC URI. */
  item: string;
  /** Hash of the EPCIS event (its canonical JSON's keccak256). */
  eventHash: Hex;
  /** Hand custody of the item to this account with this event. Default: no change. */
  custodyTo?: Address | undefined;
};

/**
 * Records an EPCIS event's hash for an item; the first trace makes the signer its custodian, later
 * ones need the custodian, and `custodyTo` hands custody over.
 */
export async function recordTrace(client: DipnetClient, p: RecordTraceParameters): Promise<WriteResult> {
  if (!/^0x[0-9a-fA-F]{64}$/.test(p.eventHash)) throw new InvalidParameterError("eventHash", "must be a 32-byte hash");
  return writeAndWait(
    client,
    {
      address: evidenceRegistryAddress(client),
      abi: evidenceRegistryAbi,
      functionName: "recordTrace",
      args: [itemIdOf(p.item), p.eventHash, p.custodyTo ?? zeroAddress],
    },
    { action: "recordTrace" },
  );
}

/** A recorded trace. */
export type TraceInfo = { eventHash: Hex; itemId: Hex; recorder: Address; recordedAt: number };

/** Where an event hash was recorded, or undefined. */
export async function getTrace(client: DipnetReadClient, p: { eventHash: Hex }): Promise<TraceInfo | undefined> {
  const t = await client.publicClient.readContract({
    address: evidenceRegistryAddress(client),
    abi: evidenceRegistryAbi,
    functionName: "traceOf",
    args: [p.eventHash],
  });
  if (t.recordedAt === 0n) return undefined;
  return { eventHash: p.eventHash, itemId: t.itemId, recorder: t.recorder, recordedAt: Number(t.recordedAt) };
}

/** The custodian of an item, or undefined before its first trace. */
export async function getCustodian(client: DipnetReadClient, p: { item: string }): Promise<Address | undefined> {
  const custodian = await client.publicClient.readContract({
    address: evidenceRegistryAddress(client),
    abi: evidenceRegistryAbi,
    functionName: "custodianOf",
    args: [itemIdOf(p.item)],
  });
  return custodian === zeroAddress ? undefined : custodian;
}
