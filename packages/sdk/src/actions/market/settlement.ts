import { orderMarketAbi } from "../../generated/abis.ts";
import { eventsOf } from "../../internal/write.ts";
import type { DipnetReadClient, WriteResult } from "../../types.ts";

/** Final split of an order's escrow (`OrderSettled`), in payment-token base units (bond in stake token). */
export type Settlement = { makerAmount: bigint; customerRefund: bigint; fee: bigint; bondSlashed: bigint };
/** A write result with the settlement it caused, if any. */
export type SettlementResult = WriteResult & { settlement: Settlement | undefined };

/** Adds the `OrderSettled` split (if the transaction emitted one) to a write result. */
export function settlementOf(client: DipnetReadClient, result: WriteResult): SettlementResult {
  const [log] = eventsOf(result.receipt, orderMarketAbi, client.deployment.contracts.orderMarket, "OrderSettled");
  const settlement = log
    ? {
        makerAmount: log.args.makerAmount,
        customerRefund: log.args.customerRefund,
        fee: log.args.fee,
        bondSlashed: log.args.bondSlashed,
      }
    : undefined;
  return { ...result, settlement };
}
