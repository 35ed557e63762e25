import type { DipnetClient, WriteResult } from "../../types.ts";
import { writeOrderServices } from "./services.ts";

/** Parameters of `cancelService`. */
export type CancelServiceParameters = { serviceId: bigint };

/**
 * Cancels a booked service, crediting its fee back to the booker: by the booker before it is
 * performed (a leg before pick-up), or to reclaim it once its deadline passed unperformed; by anyone
 * when its order ended Cancelled, Defaulted or Resolved.
 * @example await cancelService(client, { serviceId: 1n });
 */
export async function cancelService(client: DipnetClient, p: CancelServiceParameters): Promise<WriteResult> {
  return writeOrderServices(client, "cancel", [p.serviceId], { action: "cancelService" });
}
