// Customer agent (demo). Each step, from the read model:
//  - posts an RFQ when its pace allows (one per `rfqInterval` of chain time, at most `maxOpenRfqs`
//    open), drawn from a catalogue of realistic parts with matching process, material, quantity,
//    budget (reference cost × 1.3–1.9), bond (10 % of budget) and deadline;
//  - after bidding closes awards the best feasible bid by the scoring rule
//        score = price + latenessPenalty × budget × leadTime in days      (lowest wins; ties: earliest bid)
//    with `latenessPenalty` = 2 % of the budget per day by default. A bid is feasible when its lead
//    time still meets the deadline. On "negotiate" orders it first counter-offers the winner 6 %
//    less and awards after the maker accepts or the wait ends. No feasible bid → withdraws the RFQ.
//  - approves submitted milestones, accepts shipped orders after inspection;
//  - on a share of orders ("fates", a fixed function of the order id, so restart-safe) it disputes
//    the delivery or cancels after award; when a maker misses its due date plus the grace period it
//    claims the default;
//  - withdraws refunds, claims slashed bonds, (demo) tops its tUSD up from the faucet.

import { referenceCost, unitsToUsd, usdToUnits } from "@dipnet/planner";
import {
  accept,
  approveMilestone,
  award,
  balanceOf,
  cancelOrder,
  cancelRfq,
  claimDefault,
  claimSlashed,
  counterOffer,
  createRfq,
  type DipnetClient,
  dispute,
  expireDispute,
  faucet,
  settleCommitDeposit,
  withdraw,
} from "@dipnet/sdk";
import { createDocumentStore, type DocumentStore, documentUri } from "../modules/documents/store.ts";
import type { AgentReadModel, BidRow, OrderRow } from "./readModel.ts";
import { type Agent, type AgentLog, type AgentTick, createActionGuard, unitHash } from "./runtime.ts";

/** A part a customer may order: the catalogue entry and the ranges its RFQs draw from. */
export type PartTemplate = {
  part: string;
  description: string;
  process: string;
  materials: readonly string[];
  quantity: readonly [number, number];
  /** Milestone plans to choose from (basis points). */
  milestones: readonly (readonly number[])[];
  /** A certification a share (0–1) of its RFQs require of bidders (enforced on chain). Default: none. */
  certification?: { type: string; share: number } | undefined;
};

/** Realistic parts across every process of the network. */
export const partCatalog: readonly PartTemplate[] = [
  {
    part: "motor-mount-bracket",
    description: "Motor mount bracket, 4 × M5, 3 mm folded",
    process: "sheet-metal",
    materials: ["steel-s235", "aluminium-5052", "stainless-316"],
    quantity: [50, 400],
    milestones: [[3000, 7000], [10_000]],
  },
  {
    part: "sensor-housing",
    description: "Sensor housing, pocketed, ±0.02 mm bore",
    process: "cnc-milling",
    materials: ["aluminium-6061", "stainless-316"],
    quantity: [5, 40],
    milestones: [
      [2000, 3000, 5000],
      [4000, 6000],
    ],
    certification: { type: "ISO 9001", share: 0.5 },
  },
  {
    part: "drive-shaft",
    description: "Drive shaft Ø20 × 180 mm, keyway, h6 fits",
    process: "cnc-turning",
    materials: ["steel-4140", "stainless-316", "brass-c360"],
    quantity: [10, 120],
    milestones: [[3000, 7000], [10_000]],
  },
  {
    part: "electronics-enclosure",
    description: "Electronics enclosure 200 × 120 × 60 mm, louvres, PEM nuts",
    process: "sheet-metal",
    materials: ["aluminium-5052", "steel-s235"],
    quantity: [20, 200],
    milestones: [[4000, 6000]],
  },
  {
    part: "camera-gimbal-arm",
    description: "Gimbal arm, lightweighted, 5-axis",
    process: "cnc-milling",
    materials: ["aluminium-6061", "titanium-ti6al4v"],
    quantity: [4, 20],
    milestones: [[2000, 3000, 5000]],
    // Flight hardware: aerospace quality management.
    certification: { type: "AS9100", share: 0.6 },
  },
  {
    part: "handheld-housing",
    description: "Handheld device housing, two shells with snap fits",
    process: "injection-moulding",
    materials: ["abs", "polycarbonate", "polypropylene"],
    quantity: [1000, 5000],
    milestones: [[3000, 3000, 4000]],
  },
  {
    part: "duct-adapter",
    description: "Air duct adapter, organic shape",
    process: "sls-printing",
    materials: ["pa12-powder"],
    quantity: [10, 120],
    milestones: [[10_000], [5000, 5000]],
  },
  {
    part: "fixture-jig",
    description: "Assembly jig for the bracket line",
    process: "fdm-printing",
    materials: ["petg", "pla", "abs"],
    quantity: [2, 12],
    milestones: [[10_000]],
  },
  {
    part: "microfluidic-prototype",
    description: "Microfluidic chip prototype, 200 µm channels",
    process: "sla-printing",
    materials: ["resin-standard"],
    quantity: [5, 40],
    milestones: [[10_000], [5000, 5000]],
    // A medical device component: medical-device quality management.
    certification: { type: "ISO 13485", share: 0.6 },
  },
  {
    part: "bearing-spacer",
    description: "Bearing spacer ring, Ra 0.8",
    process: "cnc-turning",
    materials: ["steel-4140", "brass-c360"],
    quantity: [50, 300],
    milestones: [[10_000]],
  },
];

/** Shares (0–1) of orders that end off the happy path. Default: dispute 0.12, cancel 0.08, negotiate 0.25. */
export type OrderFates = { dispute: number; cancel: number; negotiate: number };

/** Parameters of `createCustomerAgent`. Durations are chain seconds. */
export type CreateCustomerAgentParameters = {
  name: string;
  client: DipnetClient;
  readModel: AgentReadModel;
  /** Chain seconds between its RFQs; 0 posts none. Default: 3600. */
  rfqInterval?: number | undefined;
  /** Most open RFQs at a time. Default: 4. */
  maxOpenRfqs?: number | undefined;
  /** Length of the bidding window. Default: 3600. */
  biddingSeconds?: number | undefined;
  /** Lateness penalty per day of lead time, as a share of the budget. Default: 0.02. */
  latenessPenalty?: number | undefined;
  /** Time after shipping until it accepts (or disputes). Default: 3600. */
  inspectionSeconds?: number | undefined;
  /** How long it waits for a counter-offer to be accepted. Default: 3600. */
  counterOfferWait?: number | undefined;
  /** Share of the lead time after award at which a "cancel" order is cancelled. Default: 0.25. */
  cancelAfter?: number | undefined;
  /** Slack kept between award + lead time and the deadline (the award lands a little later). Default: 600. */
  awardSlack?: number | undefined;
  fates?: Partial<OrderFates> | undefined;
  /** Part catalogue to draw RFQs from. Default: `partCatalog`. */
  catalog?: readonly PartTemplate[] | undefined;
  /** Demo: mint test tUSD when short for an award. Default: false. */
  useFaucet?: boolean | undefined;
  /** Where specification and inspection documents are kept. Default: in memory. */
  documents?: DocumentStore | undefined;
  /**
   * Design licences its RFQs may build under: every other RFQ of a licence's process and material
   * references it (when the budget covers three times the royalty). Default: none.
   */
  licences?: readonly RfqLicence[] | undefined;
  log?: AgentLog | undefined;
};

/** A design licence RFQs may reference: its id, the part it covers, and its royalty per unit. */
export type RfqLicence = { licenceId: bigint; process: string; material: string; royaltyPerUnit: bigint };

/**
 * A low-discrepancy number in [0, 1) for an order id (Weyl sequence of the golden ratio): a fixed
 * function of the id, so restart-safe, and spread evenly, so every path shows within a few orders.
 */
const spread = (orderId: number, offset: number) => (orderId * 0.6180339887498949 + offset) % 1;

/** What happens to an order off the happy path: a fixed function of the order id. */
export function orderFate(orderId: number, fates: OrderFates): "dispute" | "cancel" | "normal" {
  const u = spread(orderId, 0);
  if (u < fates.dispute) return "dispute";
  if (u < fates.dispute + fates.cancel) return "cancel";
  return "normal";
}

/** Whether the customer negotiates this order with a counter-offer. */
const negotiates = (orderId: number, share: number) => spread(orderId, 0.5) < share;

/** Bid score (lower is better): price + penalty × budget × lead time in days. */
export function bidScore(p: { price: bigint; leadTime: number; budget: bigint; latenessPenalty: number }): number {
  return unitsToUsd(p.price) + p.latenessPenalty * unitsToUsd(p.budget) * (p.leadTime / 86_400);
}

/** Picks the winning bid: feasible (meets the deadline if awarded at `now`), lowest score, earliest. */
export function pickWinner(
  bids: readonly BidRow[],
  order: Pick<OrderRow, "budget" | "deadline">,
  now: number,
  latenessPenalty: number,
  slack = 0,
): BidRow | undefined {
  const feasible = bids.filter(
    (b) =>
      b.state === "Active" && b.price !== null && b.lead_time !== null && now + slack + b.lead_time <= order.deadline,
  );
  feasible.sort((a, b) => {
    const sa = bidScore({
      price: BigInt(a.price ?? 0),
      leadTime: a.lead_time ?? 0,
      budget: BigInt(order.budget),
      latenessPenalty,
    });
    const sb = bidScore({
      price: BigInt(b.price ?? 0),
      leadTime: b.lead_time ?? 0,
      budget: BigInt(order.budget),
      latenessPenalty,
    });
    return sa - sb || a.created_block - b.created_block || a.maker.localeCompare(b.maker);
  });
  return feasible[0];
}

/** An RFQ drawn deterministically from the catalogue for the customer's `n`-th order. */
export function draftRfq(
  catalog: readonly PartTemplate[],
  seed: string,
  n: number,
  now: number,
  biddingSeconds: number,
) {
  const u = (label: string) => unitHash(`${seed}:${n}:${label}`);
  const template = catalog[Math.floor(u("part") * catalog.length)] as PartTemplate;
  const material = template.materials[Math.floor(u("material") * template.materials.length)] as string;
  const [qMin, qMax] = template.quantity;
  const quantity = Math.round(qMin + u("quantity") * (qMax - qMin));
  const cost = referenceCost(template.process, material, quantity);
  const budgetUsd = Math.ceil(cost * (1.3 + 0.6 * u("budget")));
  const milestoneBps = template.milestones[Math.floor(u("milestones") * template.milestones.length)] as number[];
  const biddingEnds = now + biddingSeconds;
  // Typical lead time: production on two shifts, a queue allowance and shipping; the deadline leaves 1.6–3× that.
  const hours = cost / 60;
  const typical = ((hours * 24) / 16) * 3600 + 2 * 86_400;
  const deadline = biddingEnds + Math.ceil(typical * (1.6 + 1.4 * u("deadline")));
  const requiredCertification =
    template.certification && u("certification") < template.certification.share
      ? template.certification.type
      : undefined;
  return {
    spec: {
      schema: "dipnet/spec@1",
      part: template.part,
      description: template.description,
      process: template.process,
      material,
      quantity,
      revision: `${seed.slice(2, 8)}-${n}`,
    },
    process: template.process,
    material,
    quantity,
    budget: usdToUnits(budgetUsd),
    bond: usdToUnits(Math.ceil(budgetUsd * 0.1)),
    deadline,
    biddingEnds,
    milestoneBps,
    requiredCertification,
  };
}

/**
 * Creates a customer agent.
 * @example const agent = createCustomerAgent({ name: "munich", client, readModel, rfqInterval: 7200, useFaucet: true });
 */
export function createCustomerAgent(p: CreateCustomerAgentParameters): Agent {
  const { client, readModel } = p;
  const me = client.account.address.toLowerCase();
  const log = p.log ?? (() => {});
  const guard = createActionGuard(p.name, log);
  const documents = p.documents ?? createDocumentStore();
  const token = client.deployment.contracts.testStablecoin ?? "";
  const { orderMarket: market, participantRegistry: registry } = client.deployment.contracts;
  const fates: OrderFates = { dispute: 0.12, cancel: 0.08, negotiate: 0.25, ...p.fates };
  const latenessPenalty = p.latenessPenalty ?? 0.02;
  const inspection = p.inspectionSeconds ?? 3600;
  const counterWait = p.counterOfferWait ?? 3600;
  const rfqInterval = p.rfqInterval ?? 3600;
  const slack = p.awardSlack ?? 600;
  // (order, maker, price, lead time) awards that reverted: an optimisation only. Keyed by the terms,
  // so a bid whose terms changed under the award (MarketTermsChanged) is tried again on its new ones.
  const excluded = new Set<string>();
  const awardKey = (o: OrderRow, b: BidRow) => `${o.id}:${b.maker}:${b.price}:${b.lead_time}`;

  async function ensureFunds(amount: bigint): Promise<void> {
    if (!p.useFaucet || !token) return;
    const perCall = 10_000_000_000n; // the test faucet's limit per call
    let balance = await balanceOf(client, { token, account: client.account.address });
    while (balance < amount) {
      const need = amount - balance + 1_000_000_000n;
      const mint = need > perCall ? perCall : need;
      await faucet(client, { amount: mint });
      balance += mint;
    }
  }

  async function closeBidding(tick: AgentTick, o: OrderRow): Promise<void> {
    // All bids are in the read model once it includes a block after bidding closed.
    if (tick.indexedTime <= o.bidding_ends || tick.now <= o.bidding_ends) return;
    if (!guard.ready(tick, `rfq:${o.id}`)) return;
    const bids = (await readModel.bidsOn(o.id)).filter((b) => !excluded.has(awardKey(o, b)));
    const winner = pickWinner(bids, o, tick.now, latenessPenalty, slack);
    if (!winner) {
      await guard.act(tick, `rfq:${o.id}`, `withdraw RFQ ${o.id} (no feasible bid)`, () =>
        cancelRfq(client, { orderId: BigInt(o.id) }),
      );
      return;
    }
    if (negotiates(o.id, fates.negotiate)) {
      const offers = await readModel.orderEvents(o.id, ["CounterOffered"]);
      const mine = offers.find((e) => String(e.args.maker).toLowerCase() === winner.maker);
      if (!mine && offers.length === 0) {
        // 6 % off, in whole cents.
        const price = ((BigInt(winner.price ?? 0) * 94n) / 100n / 10_000n) * 10_000n;
        const landed = await guard.act(
          tick,
          `rfq:${o.id}`,
          `counter-offer ${unitsToUsd(price)} USD to ${winner.maker} on order ${o.id}`,
          () =>
            counterOffer(client, {
              orderId: BigInt(o.id),
              maker: winner.maker as `0x${string}`,
              price,
              leadTime: winner.lead_time ?? 0,
            }),
        );
        if (landed) return;
      } else if (mine && winner.counter_price !== null && tick.now < mine.blockTime + counterWait) {
        return; // give the maker time to answer
      }
    }
    const price = BigInt(winner.price ?? 0);
    await ensureFunds(price + (price * 1000n) / 10_000n);
    const landed = await guard.act(
      tick,
      `rfq:${o.id}`,
      `award order ${o.id} to ${winner.maker} at ${unitsToUsd(price)} USD, lead time ${((winner.lead_time ?? 0) / 3600).toFixed(1)} h`,
      // The terms it saw: a bid changed in front of the award reverts instead of binding other terms.
      () =>
        award(client, {
          orderId: BigInt(o.id),
          maker: winner.maker as `0x${string}`,
          price,
          leadTime: winner.lead_time ?? 0,
        }),
    );
    // A reverted award (e.g. the maker's stake no longer covers the bond) moves on to the next best bid.
    if (!landed) excluded.add(awardKey(o, winner));
  }

  async function step(tick: AgentTick): Promise<void> {
    const lateGrace = (await readModel.lateGrace(market)) ?? 3 * 86_400;
    const orders = await readModel.ordersOf({ customer: me }, ["Open", "Awarded", "Shipped", "Disputed"]);
    // Sealed bids never revealed forfeit their commit deposits to the customer once the reveal window
    // closed; settled first, since withdrawing the RFQ would send them back to their makers.
    for (const o of orders) {
      if (o.sealed !== 1 || tick.now <= o.reveal_ends || tick.indexedTime <= o.reveal_ends) continue;
      for (const b of await readModel.bidsOn(o.id)) {
        if (b.state !== "Committed" || b.deposit_state !== "held") continue;
        await guard.act(
          tick,
          `deposit:${o.id}:${b.maker}`,
          `take the commit deposit of ${b.maker}, never revealed on order ${o.id}`,
          () => settleCommitDeposit(client, { orderId: BigInt(o.id), maker: b.maker as `0x${string}` }),
        );
      }
    }
    for (const o of orders) {
      const id = BigInt(o.id);
      const fate = orderFate(o.id, fates);
      if (o.status === "Open") {
        await closeBidding(tick, o);
        continue;
      }
      if (o.status === "Disputed") {
        // No arbiter ruled in time: end it by the contract's default instead of leaving escrow locked.
        if (o.ruling_ends !== null && tick.now > o.ruling_ends) {
          await guard.act(tick, `order:${o.id}`, `expire the unruled dispute of order ${o.id}`, () =>
            expireDispute(client, { orderId: id }),
          );
        }
        continue;
      }
      if (o.milestones_submitted > o.milestones_released) {
        const idx = o.milestones_released;
        await guard.act(tick, `milestone:${o.id}:${idx}`, `approve milestone ${idx} of order ${o.id}`, () =>
          approveMilestone(client, { orderId: id }),
        );
      }
      if (o.status === "Awarded") {
        if (o.due_at !== null && tick.now > o.due_at + lateGrace) {
          await guard.act(tick, `order:${o.id}`, `claim default of order ${o.id} (due ${o.due_at}, late)`, () =>
            claimDefault(client, { orderId: id }),
          );
        } else if (
          fate === "cancel" &&
          o.awarded_at !== null &&
          tick.now >= o.awarded_at + (p.cancelAfter ?? 0.25) * (o.lead_time ?? 0)
        ) {
          await guard.act(tick, `order:${o.id}`, `cancel order ${o.id} after award`, () =>
            cancelOrder(client, { orderId: id }),
          );
        }
      } else if (o.status === "Shipped" && o.shipped_at !== null && tick.now >= o.shipped_at + inspection) {
        if (fate === "dispute" && tick.now <= (o.acceptance_ends ?? 0)) {
          const hash = documents.put({
            schema: "dipnet/evidence@1",
            kind: "inspection-report",
            orderId: o.id,
            customer: me,
            result: "nonconforming",
            finding: "dimensions out of tolerance on sampled parts",
          });
          await guard.act(tick, `order:${o.id}`, `dispute order ${o.id}`, () =>
            dispute(client, { orderId: id, evidenceHash: hash }),
          );
        } else {
          await guard.act(tick, `order:${o.id}`, `accept delivery of order ${o.id}`, () =>
            accept(client, { orderId: id }),
          );
        }
      }
    }

    if (guard.busy(tick)) return;
    // Refunds and slashed bonds.
    if (token) {
      const owed = await readModel.owedOf(market, token, me);
      if (owed >= 10_000_000n)
        await guard.act(tick, "withdraw", `withdraw ${unitsToUsd(owed)} tUSD of refunds`, () =>
          withdraw(client, { token }),
        );
      const slashed = await readModel.slashedOf(registry, me);
      if (slashed > 0n)
        await guard.act(tick, "claim", `claim ${unitsToUsd(slashed)} tUSD of slashed bonds`, () =>
          claimSlashed(client),
        );
    }
    if (guard.busy(tick)) return;
    // Pace: one RFQ per interval of chain time, a bounded number open.
    if (rfqInterval <= 0) return;
    const pace = await readModel.customerPace(me);
    if (pace.open >= (p.maxOpenRfqs ?? 4)) return;
    if (pace.lastCreatedAt !== undefined && tick.now < pace.lastCreatedAt + rfqInterval) return;
    const rfq = draftRfq(p.catalog ?? partCatalog, me, pace.total, tick.now, p.biddingSeconds ?? 3600);
    const licence =
      pace.total % 2 === 0
        ? p.licences?.find(
            (l) =>
              l.process === rfq.process &&
              l.material === rfq.material &&
              rfq.budget >= 3n * l.royaltyPerUnit * BigInt(rfq.quantity),
          )
        : undefined;
    const specHash = documents.put(licence ? { ...rfq.spec, licenceId: String(licence.licenceId) } : rfq.spec);
    await guard.act(
      tick,
      "post",
      `post RFQ: ${rfq.quantity} × ${rfq.spec.part} (${rfq.process}, ${rfq.material}), budget ${unitsToUsd(rfq.budget)} USD${rfq.requiredCertification ? `, requires ${rfq.requiredCertification}` : ""}${licence ? `, under licence ${licence.licenceId}` : ""}`,
      () =>
        createRfq(client, {
          specHash,
          specURI: documentUri("spec", specHash),
          process: rfq.process,
          material: rfq.material,
          quantity: rfq.quantity,
          budget: rfq.budget,
          bond: rfq.bond,
          deadline: BigInt(rfq.deadline),
          biddingEnds: BigInt(rfq.biddingEnds),
          milestoneBps: rfq.milestoneBps,
          requiredCertification: rfq.requiredCertification,
          licenceId: licence?.licenceId,
        }),
    );
  }

  return { name: p.name, client, step, actions: guard.actions };
}
