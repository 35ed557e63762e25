import { type Hex, zeroHash } from "viem";
import { writeParticipantRegistry } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `register`: `roles` is a bit set (`roles.customer | roles.manufacturer`). */
export type RegisterParameters = {
  roles: number;
  /** Content hash of the public profile document. Default: zero. */
  profileHash?: Hex | undefined;
  /** Where the profile document can be fetched. Default: empty. */
  profileURI?: string | undefined;
  /** X25519 public key for encrypted file sharing. Default: zero (none yet). */
  encryptionKey?: Hex | undefined;
};
/** The registration transaction. */
export type RegisterReturnType = WriteResult;

/** Joins the network as customer and/or manufacturer. */
export async function register(client: DipnetClient, parameters: RegisterParameters): Promise<RegisterReturnType> {
  return writeParticipantRegistry(client, "register", [
    parameters.roles,
    parameters.profileHash ?? zeroHash,
    parameters.profileURI ?? "",
    parameters.encryptionKey ?? zeroHash,
  ]);
}
