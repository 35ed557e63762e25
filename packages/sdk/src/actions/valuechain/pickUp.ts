import type { Hex } from "viem";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { checkHash32 } from "../ip/registry.ts";
import { writeOrderServices } from "./services.ts";

/** Parameters of `pickUp` and `confirmReceipt`. */
export type CustodyParameters = {
  serviceId: bigint;
  /** Hash of the GS1 EPCIS event recording the custody handover. */
  epcisHash: Hex;
};

/**
 * The booked carrier takes custody of a leg's goods from the maker.
 * @example await pickUp(client, { serviceId: 2n, epcisHash });
 */
export async function pickUp(client: DipnetClient, p: CustodyParameters): Promise<WriteResult> {
  return writeOrderServices(client, "pickUp", [p.serviceId, checkHash32("epcisHash", p.epcisHash)]);
}
