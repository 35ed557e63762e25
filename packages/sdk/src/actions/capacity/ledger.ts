import { type Address, type Hex, hexToString, stringToHex } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import { capacityLedgerAbi } from "../../generated/abis.ts";
import { contractWriter } from "../../internal/write.ts";
import type { DipnetReadClient } from "../../types.ts";

/** Address of the deployment's capacity ledger; throws when the deployment predates it. */
export function capacityLedgerAddress(client: DipnetReadClient): Address {
  const address = client.deployment.contracts.capacityLedger;
  if (!address) throw new InvalidParameterError("capacityLedger", "this deployment has no capacity ledger: redeploy");
  return address;
}

/** Writes to the capacity ledger. */
export const writeCapacityLedger = contractWriter(capacityLedgerAbi, capacityLedgerAddress);

/**
 * Scan options ending at the latest block, read uncached: viem caches the block number, and a read
 * right after a write must see that write's logs.
 */
export async function freshScan<T extends { toBlock?: bigint | undefined }>(
  client: DipnetReadClient,
  p: T,
): Promise<T> {
  return { ...p, toBlock: p.toBlock ?? (await client.publicClient.getBlockNumber({ cacheTime: 0 })) };
}

/** A short id (process or material, at most 32 bytes of UTF-8) as the ledger's `bytes32`. */
export function toBytes32Id(field: string, id: string): Hex {
  if (id.length === 0) throw new InvalidParameterError(field, "must not be empty");
  if (new TextEncoder().encode(id).length > 32)
    throw new InvalidParameterError(field, `"${id}" is longer than 32 bytes`);
  return stringToHex(id, { size: 32 });
}

/** A ledger `bytes32` id back as text (trailing zero bytes dropped). */
export function fromBytes32Id(id: Hex): string {
  return hexToString(id, { size: 32 });
}
