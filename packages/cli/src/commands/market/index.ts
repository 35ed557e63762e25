// The market's commands, one module per command group.
import type { Register } from "../types.ts";
import { registerBid } from "./bid.ts";
import { registerCounter } from "./counter.ts";
import { registerOrder } from "./order.ts";
import { registerRfq } from "./rfq.ts";
import { registerWithdraw } from "./withdraw.ts";

/** RFQs, bids, counter-offers, orders and payouts. */
export const registerMarket: Register = (program, act) => {
  for (const register of [registerRfq, registerBid, registerCounter, registerOrder, registerWithdraw])
    register(program, act);
};
