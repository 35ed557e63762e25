// The market's commands: each module registers one command group's commands on it.
import type { Register } from "../types.ts";
import { registerBid } from "./bid.ts";
import { registerCounter } from "./counter.ts";
import { registerOrder } from "./order.ts";
import { registerRfq } from "./rfq.ts";
import { registerThread } from "./thread.ts";
import { registerWithdraw } from "./withdraw.ts";

/** RFQs, bids, counter-offers, orders and payouts. */
export const registerMarket: Register = (program, act) => {
  registerRfq(program.command("rfq").description("requests for quotation (customer)"), act);
  registerBid(program.command("bid").description("bids (manufacturer)"), act);
  registerCounter(program.command("counter").description("counter-offers"), act);
  const order = program
    .command("order")
    .description("awarded orders: milestones, delivery, disputes, cancellation, the private thread");
  registerOrder(order, act);
  registerThread(order, act);
  registerWithdraw(program, act);
};
