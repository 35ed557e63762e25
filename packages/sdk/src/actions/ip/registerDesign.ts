import type { Hex } from "viem";
import { designRegistryAbi } from "../../generated/abis.ts";
import { eventOf } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import {
  checkHash32,
  checkText,
  designRegistryAddress,
  maxCidBytes,
  maxTitleBytes,
  writeDesignRegistry,
} from "./registry.ts";

/** Parameters of `registerDesign`. */
export type RegisterDesignParameters = {
  /** sha256 of the plaintext file (`contentHashOf`), 32 bytes hex. */
  contentHash: Hex;
  /** IPFS CID of the encrypted file, 1 to 128 bytes. */
  cid: string;
  /** Title, 1 to 200 bytes. */
  title: string;
};
/** The transaction and the new design's token id. */
export type RegisterDesignReturnType = WriteResult & { designId: bigint };

/**
 * Registers an original design: its ERC-721 token is minted to the signer, with the block time as
 * evidence of priority.
 * @example const { designId } = await registerDesign(client, { contentHash: contentHashOf(file), cid, title: "Bracket" });
 */
export async function registerDesign(
  client: DipnetClient,
  p: RegisterDesignParameters,
): Promise<RegisterDesignReturnType> {
  return registerWithParent(client, p, 0n, "registerDesign");
}

/** Registers `p` under `parentId` (0 for an original) and reads the new id from the receipt. */
export async function registerWithParent(
  client: DipnetClient,
  p: RegisterDesignParameters,
  parentId: bigint,
  action: string,
): Promise<RegisterDesignReturnType> {
  const args = [
    checkHash32("contentHash", p.contentHash),
    checkText("cid", p.cid, maxCidBytes),
    checkText("title", p.title, maxTitleBytes),
    parentId,
  ] as const;
  const result = await writeDesignRegistry(client, "register", args, { action });
  const event = eventOf(result.receipt, designRegistryAbi, designRegistryAddress(client), "DesignRegistered");
  return { ...result, designId: event.args.designId };
}
