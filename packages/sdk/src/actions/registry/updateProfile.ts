import type { Hex } from "viem";
import { writeParticipantRegistry } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `updateProfile`: the new profile and encryption key (all replaced). */
export type UpdateProfileParameters = { profileHash: Hex; profileURI: string; encryptionKey: Hex };
/** The update transaction. */
export type UpdateProfileReturnType = WriteResult;

/** Replaces the signer's profile and encryption key. */
export async function updateProfile(
  client: DipnetClient,
  p: UpdateProfileParameters,
): Promise<UpdateProfileReturnType> {
  return writeParticipantRegistry(client, "updateProfile", [p.profileHash, p.profileURI, p.encryptionKey]);
}
