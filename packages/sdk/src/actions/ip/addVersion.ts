import { InvalidParameterError } from "../../errors/base.ts";
import type { DipnetClient } from "../../types.ts";
import { type RegisterDesignParameters, type RegisterDesignReturnType, registerWithParent } from "./registerDesign.ts";

/** Parameters of `addVersion`: a design's fields and the design it is a new version of. */
export type AddVersionParameters = RegisterDesignParameters & {
  /** The design this is a new version of; the signer must own it. */
  parentId: bigint;
};

/**
 * Registers a new version of a design the signer owns; the new token points to its parent.
 * @example const { designId } = await addVersion(client, { parentId: 1n, contentHash, cid, title: "Bracket rev B" });
 */
export async function addVersion(client: DipnetClient, p: AddVersionParameters): Promise<RegisterDesignReturnType> {
  if (p.parentId <= 0n) throw new InvalidParameterError("parentId", "must be a design id (1 or more)");
  return registerWithParent(client, p, p.parentId, "registerDesign");
}
