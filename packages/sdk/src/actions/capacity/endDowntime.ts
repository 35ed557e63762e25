import { capacityLedgerAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { capacityLedgerAddress } from "./ledger.ts";

/** Parameters of `endDowntime`. */
export type EndDowntimeParameters = { downtimeId: bigint };

/** Ends a downtime now: its slots from the current one on are free again. Machine owner only. */
export async function endDowntime(client: DipnetClient, p: EndDowntimeParameters): Promise<WriteResult> {
  return writeAndWait(
    client,
    {
      address: capacityLedgerAddress(client),
      abi: capacityLedgerAbi,
      functionName: "endDowntime",
      args: [p.downtimeId],
    },
    { action: "endDowntime" },
  );
}
