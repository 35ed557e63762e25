import type { Address } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import { designRegistryAbi } from "../../generated/abis.ts";
import { eventOf } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { checkAccount, designRegistryAddress, writeDesignRegistry } from "./registry.ts";

/** Parameters of `createLicence`. */
export type CreateLicenceParameters = {
  designId: bigint;
  /** ERC-20 the royalty is paid in. */
  paymentToken: Address;
  /** Royalty per unit built, in base units of `paymentToken`. */
  royaltyPerUnit: bigint;
  /** Most units ever built under the licence, 1 or more. */
  maxUnits: bigint;
  /** Last moment units may be recorded, unix seconds; 0 (default) for no expiry. */
  expiresAt?: number | undefined;
  /** The makers allowed (1 to 64); omit or leave empty with `open`. */
  makers?: readonly Address[] | undefined;
  /** Any maker may build. Default: false. */
  open?: boolean | undefined;
};
/** The transaction and the new licence's id. */
export type CreateLicenceReturnType = WriteResult & { licenceId: bigint };

const maxUint64 = 2n ** 64n - 1n;
const maxUint96 = 2n ** 96n - 1n;

/**
 * Licences a design the signer owns to makers (or to anyone with `open`), per unit built.
 * @example const { licenceId } = await createLicence(client, { designId: 1n, paymentToken, royaltyPerUnit: 2_000_000n, maxUnits: 100n, makers: [maker] });
 */
export async function createLicence(
  client: DipnetClient,
  p: CreateLicenceParameters,
): Promise<CreateLicenceReturnType> {
  const open = p.open ?? false;
  const makers = (p.makers ?? []).map((m, i) => checkAccount(`makers[${i}]`, m));
  if (open && makers.length > 0) throw new InvalidParameterError("makers", "must be empty for an open licence");
  if (!open && makers.length === 0)
    throw new InvalidParameterError("makers", "must name a maker, or the licence be open");
  if (makers.length > 64) throw new InvalidParameterError("makers", "must name at most 64 makers");
  if (p.royaltyPerUnit < 0n || p.royaltyPerUnit > maxUint96)
    throw new InvalidParameterError("royaltyPerUnit", "must be from 0 to 2^96 - 1 base units");
  if (p.maxUnits < 1n || p.maxUnits > maxUint64)
    throw new InvalidParameterError("maxUnits", "must be from 1 to 2^64 - 1");
  const expiresAt = p.expiresAt ?? 0;
  if (!Number.isSafeInteger(expiresAt) || expiresAt < 0 || expiresAt >= 2 ** 40)
    throw new InvalidParameterError("expiresAt", "must be unix seconds, or 0 for no expiry");
  const terms = {
    paymentToken: checkAccount("paymentToken", p.paymentToken),
    royaltyPerUnit: p.royaltyPerUnit,
    maxUnits: p.maxUnits,
    expiresAt,
    open,
    makers,
  };
  const result = await writeDesignRegistry(client, "createLicence", [p.designId, terms]);
  const event = eventOf(result.receipt, designRegistryAbi, designRegistryAddress(client), "LicenceCreated");
  return { ...result, licenceId: event.args.licenceId };
}
