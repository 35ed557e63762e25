import { type Address, type Hex, pad } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import { participantRegistryAbi } from "../../generated/abis.ts";
import { type ScanOptions, scanLogs } from "../../internal/logs.ts";
import type { DipnetClient, DipnetReadClient, WriteResult } from "../../types.ts";
import { isEncryptionPublicKey } from "../../vault/keys.ts";
import { participant } from "../reads/participant.ts";
import { updateProfile } from "./updateProfile.ts";

/** Parameters of `encryptionKeyHistory`. */
export type EncryptionKeyHistoryParameters = ScanOptions & { account: Address };
/** One registered encryption key: version n is the n-th distinct key the account registered. */
export type RegisteredEncryptionKey = { version: number; publicKey: Hex; blockNumber: bigint };
/** Every key the account registered, oldest first (the last is current), and its latest profile. */
export type EncryptionKeyHistoryReturnType = {
  keys: RegisteredEncryptionKey[];
  profile: { profileHash: Hex; profileURI: string } | undefined;
};

/**
 * The account's encryption keys from its `ParticipantRegistered` and `ProfileUpdated` events: old
 * versions stay listed, so files sent to an old key can still be matched to the version that reads them.
 */
export async function encryptionKeyHistory(
  client: DipnetReadClient,
  p: EncryptionKeyHistoryParameters,
): Promise<EncryptionKeyHistoryReturnType> {
  const logs = await scanLogs(client, {
    ...p,
    address: client.deployment.contracts.participantRegistry,
    abi: participantRegistryAbi,
    topics: [null, pad(p.account.toLowerCase() as Hex)],
  });
  const keys: RegisteredEncryptionKey[] = [];
  let profile: EncryptionKeyHistoryReturnType["profile"];
  for (const log of logs) {
    if (log.eventName !== "ParticipantRegistered" && log.eventName !== "ProfileUpdated") continue;
    if (log.args.account.toLowerCase() !== p.account.toLowerCase()) continue;
    profile = { profileHash: log.args.profileHash, profileURI: log.args.profileURI };
    const key = log.args.encryptionKey.toLowerCase() as Hex;
    if (isEncryptionPublicKey(key) && !keys.some((k) => k.publicKey === key))
      keys.push({ version: keys.length + 1, publicKey: key, blockNumber: log.blockNumber });
  }
  return { keys, profile };
}

/** Parameters of `setEncryptionKey`: the X25519 public key to register (0x-hex, 32 bytes). */
export type SetEncryptionKeyParameters = { publicKey: Hex };
/** The profile update transaction. */
export type SetEncryptionKeyReturnType = WriteResult;

/** Registers the signer's encryption key (a profile update that keeps its profile hash and URI). */
export async function setEncryptionKey(
  client: DipnetClient,
  p: SetEncryptionKeyParameters,
): Promise<SetEncryptionKeyReturnType> {
  if (!isEncryptionPublicKey(p.publicKey))
    throw new InvalidParameterError("publicKey", "must be a non-zero 32-byte 0x-hex X25519 key");
  const account = client.account.address;
  const record = await participant(client, { account });
  if (!record.registered)
    throw new InvalidParameterError("account", `${account} is not a registered participant: register first`);
  const { profile } = await encryptionKeyHistory(client, { account });
  return updateProfile(client, {
    profileHash: record.profileHash,
    profileURI: profile?.profileURI ?? "",
    encryptionKey: p.publicKey,
  });
}
