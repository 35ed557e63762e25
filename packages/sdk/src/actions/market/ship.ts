import type { Hex } from "viem";
import { orderMarketAbi } from "../../generated/abis.ts";
import { eventOf, writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `ship`: the hash of the shipping evidence. */
export type ShipParameters = { orderId: bigint; evidenceHash: Hex };
/** The transaction and the end of the acceptance window (unix seconds). */
export type ShipReturnType = WriteResult & { acceptanceEnds: number };

/** The maker ships; the customer may accept or dispute until the acceptance window ends. */
export async function ship(client: DipnetClient, p: ShipParameters): Promise<ShipReturnType> {
  const address = client.deployment.contracts.orderMarket;
  const result = await writeOrderMarket(client, "ship", [p.orderId, p.evidenceHash], { orderId: p.orderId });
  const log = eventOf(result.receipt, orderMarketAbi, address, "OrderShipped");
  return { ...result, acceptanceEnds: log.args.acceptanceEnds };
}
