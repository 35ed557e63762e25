import type { DipnetClient, WriteResult } from "../../types.ts";
import { writeCapacityLedger } from "./ledger.ts";

/** Parameters of `endDowntime`. */
export type EndDowntimeParameters = { downtimeId: bigint };

/** Ends a downtime now: its slots from the current one on are free again. Machine owner only. */
export async function endDowntime(client: DipnetClient, p: EndDowntimeParameters): Promise<WriteResult> {
  return writeCapacityLedger(client, "endDowntime", [p.downtimeId]);
}
