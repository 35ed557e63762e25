import type { DipnetClient, WriteResult } from "../../types.ts";
import { checkHash32 } from "../ip/registry.ts";
import type { CustodyParameters } from "./pickUp.ts";
import { writeOrderServices } from "./services.ts";

/**
 * The leg's receiver confirms receipt of goods the carrier picked up; the carrier's fee is credited.
 * @example await confirmReceipt(client, { serviceId: 2n, epcisHash });
 */
export async function confirmReceipt(client: DipnetClient, p: CustodyParameters): Promise<WriteResult> {
  return writeOrderServices(client, "confirmReceipt", [p.serviceId, checkHash32("epcisHash", p.epcisHash)]);
}
