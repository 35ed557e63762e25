import {
  accept,
  acceptCounterOffer,
  approveMilestone,
  award,
  awardWithPermit,
  bid,
  cancelOrder,
  cancelRfq,
  checkProductionEvidence,
  claimDefault,
  commitBid,
  counterOffer,
  createRfq,
  dispute,
  expireDispute,
  finalize,
  formatBps,
  formatDuration,
  formatTokenAmount,
  formatUtc,
  getOrder,
  InvalidParameterError,
  listBids,
  listRfqs,
  type OrderStatus,
  orderStatuses,
  orderTimeline,
  type ProductionEvidence,
  revealBid,
  rule,
  type Settlement,
  settleCommitDeposit,
  ship,
  submitEvidence,
  submitMilestone,
  type TokenInfo,
  withdraw,
  withdrawBid,
  withdrawCounterOffer,
} from "@dipnet/sdk";
import { type Address, type Hex, isHex, zeroAddress } from "viem";
import type { Context } from "../context.ts";
import { table, txLine } from "../output.ts";
import {
  parseAmount,
  parseBps,
  parseCertificationType,
  parseContentHash,
  parseCount,
  parseDate,
  parseDuration,
  parseId,
  parseMilestones,
  productionEvidenceFile,
} from "../parse.ts";
import type { Register } from "./types.ts";

type SealedBid = { price: string; leadTime: number; salt: Hex };

async function paymentTokenOf(ctx: Context, orderId: bigint): Promise<TokenInfo> {
  const order = await getOrder(await ctx.reader(), { orderId });
  return ctx.tokenInfo(order.paymentToken);
}

const sealedKey = (ctx: Context, orderId: bigint, maker: Address) =>
  `${ctx.deployment().chainId}:${ctx.deployment().contracts.orderMarket}:${orderId}:${maker}`;

function settlementLines(s: Settlement | undefined, pay: TokenInfo, stake: TokenInfo): string[] {
  if (!s) return [];
  return [
    `  settled: maker ${formatTokenAmount(s.makerAmount, pay)}, customer refund ${formatTokenAmount(s.customerRefund, pay)}, fee ${formatTokenAmount(s.fee, pay)}, bond slashed ${formatTokenAmount(s.bondSlashed, stake)}`,
  ];
}

const timeFields = new Set(["deadline", "biddingEnds", "revealEnds", "dueAt", "acceptanceEnds", "closedAt"]);
const payFields = new Set([
  "price",
  "budget",
  "fee",
  "amount",
  "makerAmount",
  "customerRefund",
  "compensation",
  "deposit",
]);
const stakeFields = new Set(["bond", "bondSlashed", "released"]);

function renderArgs(
  ctx: Context,
  args: Record<string, unknown>,
  pay: TokenInfo,
  stake: TokenInfo,
  contract: string,
): string {
  const params = args.params as Record<string, unknown> | undefined;
  const shown = [
    "process",
    "material",
    "quantity",
    "budget",
    "bond",
    "deadline",
    "biddingEnds",
    "revealEnds",
    "specURI",
  ];
  const flat = params
    ? {
        ...args,
        ...Object.fromEntries(
          shown
            .filter((k) => params[k] !== undefined && params[k] !== 0 && params[k] !== "")
            .map((k) => [k, params[k]]),
        ),
      }
    : args;
  return Object.entries(flat)
    .filter(([k]) => k !== "orderId" && k !== "params")
    .map(([k, v]) => {
      if (typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v)) return `${k}=${ctx.label(v as Address)}`;
      if (timeFields.has(k)) return `${k}=${formatUtc(v as number)}`;
      if (k === "leadTime") return `${k}=${formatDuration(v as number)}`;
      if (k.endsWith("Bps")) return `${k}=${formatBps(v as number)}`;
      if (contract === "participantRegistry" && k === "amount") return `${k}=${formatTokenAmount(v as bigint, stake)}`;
      if (payFields.has(k)) return `${k}=${formatTokenAmount(v as bigint, pay)}`;
      if (stakeFields.has(k)) return `${k}=${formatTokenAmount(v as bigint, stake)}`;
      return `${k}=${String(v)}`;
    })
    .join(" ");
}

export const registerMarket: Register = (program, act) => {
  // ------------------------------------------------------------------ rfq
  const rfq = program.command("rfq").description("requests for quotation (customer)");
  rfq
    .command("create")
    .description("post an RFQ")
    .requiredOption("--spec <file|0xhash|text:…>", "specification package (hashed on chain)")
    .option("--spec-uri <uri>", "where the specification package is stored", "")
    .requiredOption("--process <process>", "e.g. cnc-milling")
    .requiredOption("--material <material>", "e.g. aluminium-6061")
    .requiredOption("--quantity <n>", "number of parts")
    .requiredOption("--budget <amount>", "highest acceptable price, in token units")
    .requiredOption("--bond <amount>", "bond the winner locks from its stake, in stake-token units")
    .requiredOption("--deadline <date>", "latest delivery: ISO date or +30d")
    .option("--bidding-ends <date>", "end of bidding: ISO date or +2d", "+1d")
    .option("--sealed", "sealed bidding (commit, then reveal)")
    .option("--reveal-ends <date>", "end of the reveal window (sealed only); default bidding end + 1d")
    .option("--invite <accounts>", "invite-only: comma-separated names or addresses")
    .option("--milestones <shares>", "milestone shares in percent, e.g. 30,50,20 (last released on acceptance)", "100")
    .option("--token <token>", "payment token address (default: tUSD)")
    .option("--requires <certification>", 'certification bidders must hold, e.g. "ISO 9001"')
    .action(
      act(async (ctx, o: Record<string, string | boolean | undefined>) => {
        const token = ctx.token(o.token as string | undefined);
        const [pay, stake, now] = await Promise.all([ctx.tokenInfo(token), ctx.stakeToken(), ctx.now()]);
        const biddingEnds = parseDate(o.biddingEnds as string, now, "--bidding-ends");
        if (!o.sealed && o.revealEnds !== undefined)
          throw new InvalidParameterError("--reveal-ends", "only applies with --sealed");
        const revealEnds = o.sealed
          ? o.revealEnds !== undefined
            ? parseDate(o.revealEnds as string, now, "--reveal-ends")
            : biddingEnds + 86_400n
          : 0n;
        const invitees = o.invite ? (o.invite as string).split(",").map((v) => ctx.address(v.trim(), "--invite")) : [];
        const params = {
          specHash: parseContentHash(o.spec as string, "--spec"),
          specURI: o.specUri as string,
          process: o.process as string,
          material: o.material as string,
          quantity: parseCount(o.quantity as string, "--quantity"),
          paymentToken: token,
          budget: parseAmount(o.budget as string, pay.decimals, "--budget"),
          bond: parseAmount(o.bond as string, stake.decimals, "--bond"),
          deadline: parseDate(o.deadline as string, now, "--deadline"),
          biddingEnds,
          revealEnds,
          invitees,
          milestoneBps: parseMilestones(o.milestones as string, "--milestones"),
          requiredCertification:
            o.requires === undefined ? undefined : parseCertificationType(o.requires as string, "--requires"),
        };
        const r = await createRfq(await ctx.signer(), params);
        return {
          json: { orderId: r.orderId, hash: r.hash, blockNumber: r.blockNumber },
          human: [
            `RFQ ${r.orderId} posted: ${params.quantity} × ${params.process}/${params.material}, budget ${formatTokenAmount(params.budget, pay)}, bids until ${formatUtc(biddingEnds)}${o.sealed ? ` (sealed, reveal until ${formatUtc(revealEnds)})` : ""}${params.requiredCertification ? `, bidders need ${params.requiredCertification}` : ""}`,
            txLine(r),
          ],
        };
      }),
    );

  rfq
    .command("list")
    .description("list RFQs and orders")
    .option("--status <statuses>", `filter: ${orderStatuses.slice(1).join(",").toLowerCase()}`)
    .option("--customer <account>", "only this customer's")
    .action(
      act(async (ctx, o: { status?: string; customer?: string }) => {
        const status = o.status?.split(",").map((s) => {
          const match = orderStatuses.find((name) => name.toLowerCase() === s.trim().toLowerCase());
          if (!match) throw new InvalidParameterError("--status", `unknown status "${s}"`);
          return match as OrderStatus;
        });
        const rfqs = await listRfqs(await ctx.reader(), {
          status,
          customer: o.customer ? ctx.address(o.customer, "--customer") : undefined,
        });
        const rows = await Promise.all(
          rfqs.map(async (r) => {
            const pay = await ctx.tokenInfo(r.paymentToken);
            return [
              `#${r.orderId}`,
              r.status,
              `${r.quantity} × ${r.process}/${r.material}`,
              `budget ${formatTokenAmount(r.budget, pay)}`,
              `bids until ${formatUtc(r.biddingEnds)}`,
              ctx.label(r.customer),
            ];
          }),
        );
        return { json: rfqs, human: rows.length ? table(rows) : "no RFQs" };
      }),
    );

  const showOrder = async (ctx: Context, idText: string) => {
    const orderId = parseId(idText, "orderId");
    const reader = await ctx.reader();
    const order = await getOrder(reader, { orderId });
    const [pay, stake, bids] = await Promise.all([
      ctx.tokenInfo(order.paymentToken),
      ctx.stakeToken(),
      listBids(reader, { orderId }),
    ]);
    const lines = [
      `order ${orderId}: ${order.status}${order.inviteOnly ? " (invite-only)" : ""}${order.revealEnds ? " (sealed bidding)" : ""}`,
      `  customer   ${ctx.label(order.customer)}`,
      order.maker !== zeroAddress ? `  maker      ${ctx.label(order.maker)}` : "",
      order.price !== undefined
        ? `  price      ${formatTokenAmount(order.price, pay)} (fee ${formatBps(order.feeBps)})`
        : `  budget     ${formatTokenAmount(order.amount, pay)} (fee ${formatBps(order.feeBps)})`,
      `  bond       ${formatTokenAmount(order.bond, stake)}`,
      `  bidding    until ${formatUtc(order.biddingEnds)}${order.revealEnds ? `, reveal until ${formatUtc(order.revealEnds)}` : ""}`,
      `  deadline   ${formatUtc(order.deadline)}`,
      order.dueAt ? `  due        ${formatUtc(order.dueAt)}` : "",
      order.acceptanceEnds ? `  acceptance until ${formatUtc(order.acceptanceEnds)}` : "",
      order.rulingEnds ? `  arbiters rule until ${formatUtc(order.rulingEnds)}; then anyone may expire a dispute` : "",
      `  milestones ${order.milestoneBps.map((b) => formatBps(b)).join(" / ")} — released ${order.milestonesReleased}`,
      order.requiredCertification ? `  requires   ${order.requiredCertification} certification` : "",
      ...(bids.length ? ["  bids:"] : []),
      ...bids.map(
        (b) =>
          `    ${ctx.label(b.maker)}: ${b.state}${b.state === "Committed" ? "" : ` ${formatTokenAmount(b.price, pay)}, lead time ${formatDuration(b.leadTime)}`}${b.counterOffer ? ` — counter-offer ${formatTokenAmount(b.counterOffer.price, pay)}, ${formatDuration(b.counterOffer.leadTime)}` : ""}`,
      ),
    ].filter((l) => l !== "");
    return { json: { ...order, bids }, human: lines };
  };
  rfq.command("show").description("show an RFQ with its bids").argument("<orderId>").action(act(showOrder));
  rfq
    .command("cancel")
    .description("withdraw an RFQ before award, at no cost")
    .argument("<orderId>")
    .action(
      act(async (ctx, idText: string) => {
        const orderId = parseId(idText, "orderId");
        const r = await cancelRfq(await ctx.signer(), { orderId });
        return {
          json: { orderId, hash: r.hash, blockNumber: r.blockNumber },
          human: [`RFQ ${orderId} cancelled`, txLine(r)],
        };
      }),
    );

  // ------------------------------------------------------------------ bids
  const b = program.command("bid").description("bids (manufacturer)");
  const terms = async (ctx: Context, orderId: bigint, o: { price?: string; leadTime?: string }) => {
    if (o.price === undefined) throw new InvalidParameterError("--price", "required");
    if (o.leadTime === undefined) throw new InvalidParameterError("--lead-time", "required");
    const pay = await paymentTokenOf(ctx, orderId);
    return {
      pay,
      price: parseAmount(o.price, pay.decimals, "--price"),
      leadTime: parseDuration(o.leadTime, "--lead-time"),
    };
  };
  b.command("place")
    .description("place or revise an open bid")
    .argument("<orderId>")
    .requiredOption("--price <amount>", "in payment-token units, e.g. 1250.50")
    .requiredOption("--lead-time <duration>", "e.g. 10d")
    .action(
      act(async (ctx, idText: string, o: { price: string; leadTime: string }) => {
        const orderId = parseId(idText, "orderId");
        const t = await terms(ctx, orderId, o);
        const r = await bid(await ctx.signer(), { orderId, price: t.price, leadTime: t.leadTime });
        return {
          json: { orderId, price: t.price, leadTime: t.leadTime, hash: r.hash, blockNumber: r.blockNumber },
          human: [
            `bid on RFQ ${orderId}: ${formatTokenAmount(t.price, t.pay)}, lead time ${formatDuration(t.leadTime)}`,
            txLine(r),
          ],
        };
      }),
    );
  b.command("commit")
    .description("commit a sealed bid (the salt is kept in the data directory for the reveal)")
    .argument("<orderId>")
    .requiredOption("--price <amount>", "in payment-token units")
    .requiredOption("--lead-time <duration>", "e.g. 10d")
    .option("--salt <0x…>", "32-byte secret (default: random)")
    .action(
      act(async (ctx, idText: string, o: { price: string; leadTime: string; salt?: string }) => {
        const orderId = parseId(idText, "orderId");
        if (o.salt !== undefined && (!isHex(o.salt) || o.salt.length !== 66))
          throw new InvalidParameterError("--salt", "must be 0x + 64 hex digits");
        const t = await terms(ctx, orderId, o);
        const client = await ctx.signer();
        const r = await commitBid(client, {
          orderId,
          price: t.price,
          leadTime: t.leadTime,
          salt: o.salt as Hex | undefined,
        });
        const store = ctx.readJson<Record<string, SealedBid>>("sealed-bids.json", {});
        store[sealedKey(ctx, orderId, client.account.address)] = {
          price: t.price.toString(),
          leadTime: t.leadTime,
          salt: r.salt,
        };
        ctx.writeJson("sealed-bids.json", store, 0o600);
        return {
          json: {
            orderId,
            commitment: r.commitment,
            salt: r.salt,
            deposit: r.deposit,
            hash: r.hash,
            blockNumber: r.blockNumber,
          },
          human: [
            `sealed bid committed on RFQ ${orderId}; reveal it with: dipnet bid reveal ${orderId}`,
            `  deposit ${formatTokenAmount(r.deposit, t.pay)} held until the reveal (forfeited to the customer if never revealed)`,
            `  salt ${r.salt} (saved in ${ctx.dataDir}/sealed-bids.json)`,
            txLine(r),
          ],
        };
      }),
    );
  b.command("reveal")
    .description("reveal your sealed bid (terms from the data directory unless given)")
    .argument("<orderId>")
    .option("--price <amount>", "committed price")
    .option("--lead-time <duration>", "committed lead time")
    .option("--salt <0x…>", "committed salt")
    .action(
      act(async (ctx, idText: string, o: { price?: string; leadTime?: string; salt?: string }) => {
        const orderId = parseId(idText, "orderId");
        const client = await ctx.signer();
        const saved = ctx.readJson<Record<string, SealedBid>>("sealed-bids.json", {})[
          sealedKey(ctx, orderId, client.account.address)
        ];
        const pay = await paymentTokenOf(ctx, orderId);
        const price =
          o.price !== undefined
            ? parseAmount(o.price, pay.decimals, "--price")
            : saved
              ? BigInt(saved.price)
              : undefined;
        const leadTime = o.leadTime !== undefined ? parseDuration(o.leadTime, "--lead-time") : saved?.leadTime;
        const salt = (o.salt ?? saved?.salt) as Hex | undefined;
        if (price === undefined || leadTime === undefined || salt === undefined) {
          throw new InvalidParameterError(
            "--price/--lead-time/--salt",
            `no saved sealed bid for RFQ ${orderId}; give the committed terms`,
          );
        }
        const r = await revealBid(client, { orderId, price, leadTime, salt });
        return {
          json: { orderId, price, leadTime, hash: r.hash, blockNumber: r.blockNumber },
          human: [
            `bid revealed on RFQ ${orderId}: ${formatTokenAmount(price, pay)}, lead time ${formatDuration(leadTime)}`,
            txLine(r),
          ],
        };
      }),
    );
  b.command("withdraw")
    .description("withdraw your bid while bidding is open")
    .argument("<orderId>")
    .action(
      act(async (ctx, idText: string) => {
        const orderId = parseId(idText, "orderId");
        const r = await withdrawBid(await ctx.signer(), { orderId });
        return {
          json: { orderId, hash: r.hash, blockNumber: r.blockNumber },
          human: [`bid on RFQ ${orderId} withdrawn`, txLine(r)],
        };
      }),
    );
  b.command("settle-deposit")
    .description("settle the commit deposit of a sealed bid never revealed: to the customer (anyone)")
    .argument("<orderId>")
    .requiredOption("--maker <account>", "the manufacturer that committed")
    .action(
      act(async (ctx, idText: string, o: { maker: string }) => {
        const orderId = parseId(idText, "orderId");
        const maker = ctx.address(o.maker, "--maker");
        const r = await settleCommitDeposit(await ctx.signer(), { orderId, maker });
        const pay = await paymentTokenOf(ctx, orderId);
        return {
          json: {
            orderId,
            maker,
            deposit: r.deposit,
            forfeited: r.forfeited,
            hash: r.hash,
            blockNumber: r.blockNumber,
          },
          human: [
            `commit deposit of ${ctx.label(maker)} on RFQ ${orderId}: ${formatTokenAmount(r.deposit, pay)} ${r.forfeited ? "forfeited to the customer" : "returned to the manufacturer"}`,
            txLine(r),
          ],
        };
      }),
    );
  b.command("list")
    .description("list the bids on an RFQ")
    .argument("<orderId>")
    .action(
      act(async (ctx, idText: string) => {
        const orderId = parseId(idText, "orderId");
        const [bids, pay] = await Promise.all([
          listBids(await ctx.reader(), { orderId }),
          paymentTokenOf(ctx, orderId),
        ]);
        return {
          json: bids,
          human: bids.length
            ? table(
                bids.map((x) => [
                  ctx.label(x.maker),
                  x.state,
                  x.state === "Committed" ? "sealed" : formatTokenAmount(x.price, pay),
                  x.state === "Committed" ? "" : formatDuration(x.leadTime),
                  x.counterOffer
                    ? `counter-offer ${formatTokenAmount(x.counterOffer.price, pay)} / ${formatDuration(x.counterOffer.leadTime)}`
                    : "",
                ]),
              )
            : `no bids on RFQ ${orderId}`,
        };
      }),
    );

  // ------------------------------------------------------------------ counter-offers
  const counter = program.command("counter").description("counter-offers");
  counter
    .command("offer")
    .description("offer a bidding manufacturer other terms (customer)")
    .argument("<orderId>")
    .requiredOption("--maker <account>", "the manufacturer")
    .requiredOption("--price <amount>", "in payment-token units")
    .requiredOption("--lead-time <duration>", "e.g. 12d")
    .action(
      act(async (ctx, idText: string, o: { maker: string; price: string; leadTime: string }) => {
        const orderId = parseId(idText, "orderId");
        const maker = ctx.address(o.maker, "--maker");
        const t = await terms(ctx, orderId, o);
        const r = await counterOffer(await ctx.signer(), { orderId, maker, price: t.price, leadTime: t.leadTime });
        return {
          json: { orderId, maker, price: t.price, leadTime: t.leadTime, hash: r.hash, blockNumber: r.blockNumber },
          human: [
            `counter-offer to ${ctx.label(maker)} on RFQ ${orderId}: ${formatTokenAmount(t.price, t.pay)}, lead time ${formatDuration(t.leadTime)}`,
            txLine(r),
          ],
        };
      }),
    );
  counter
    .command("accept")
    .description("accept the customer's counter-offer of exactly these terms (manufacturer)")
    .argument("<orderId>")
    .requiredOption("--price <amount>", "the offered price, as you saw it (dipnet bid list)")
    .requiredOption("--lead-time <duration>", "the offered lead time, as you saw it")
    .action(
      act(async (ctx, idText: string, o: { price: string; leadTime: string }) => {
        const orderId = parseId(idText, "orderId");
        const t = await terms(ctx, orderId, o);
        const r = await acceptCounterOffer(await ctx.signer(), { orderId, price: t.price, leadTime: t.leadTime });
        return {
          json: { orderId, price: t.price, leadTime: t.leadTime, hash: r.hash, blockNumber: r.blockNumber },
          human: [
            `counter-offer on RFQ ${orderId} accepted: ${formatTokenAmount(t.price, t.pay)}, lead time ${formatDuration(t.leadTime)}`,
            txLine(r),
          ],
        };
      }),
    );
  counter
    .command("withdraw")
    .description("withdraw your counter-offer to a manufacturer (customer)")
    .argument("<orderId>")
    .requiredOption("--maker <account>", "the manufacturer")
    .action(
      act(async (ctx, idText: string, o: { maker: string }) => {
        const orderId = parseId(idText, "orderId");
        const maker = ctx.address(o.maker, "--maker");
        const r = await withdrawCounterOffer(await ctx.signer(), { orderId, maker });
        return {
          json: { orderId, maker, hash: r.hash, blockNumber: r.blockNumber },
          human: [`counter-offer to ${ctx.label(maker)} on RFQ ${orderId} withdrawn`, txLine(r)],
        };
      }),
    );

  // ------------------------------------------------------------------ orders
  const order = program.command("order").description("awarded orders: milestones, delivery, disputes, cancellation");
  order
    .command("award")
    .description("award the order to a bid of exactly these terms and fund escrow (customer)")
    .argument("<orderId>")
    .requiredOption("--maker <account>", "the winning manufacturer")
    .requiredOption("--price <amount>", "the bid's price, as you saw it (dipnet bid list)")
    .requiredOption("--lead-time <duration>", "the bid's lead time, as you saw it")
    .option("--permit", "fund with an EIP-2612 permit signature instead of an approval transaction")
    .action(
      act(async (ctx, idText: string, o: { maker: string; price: string; leadTime: string; permit?: boolean }) => {
        const orderId = parseId(idText, "orderId");
        const maker = ctx.address(o.maker, "--maker");
        const t = await terms(ctx, orderId, o);
        const client = await ctx.signer();
        const stake = await ctx.stakeToken();
        const pay = t.pay;
        const named = { orderId, maker, price: t.price, leadTime: t.leadTime };
        const r = o.permit ? await awardWithPermit(client, named) : await award(client, named);
        return {
          json: {
            orderId,
            maker,
            price: r.price,
            fee: r.fee,
            dueAt: r.dueAt,
            bond: r.bond,
            hash: r.hash,
            blockNumber: r.blockNumber,
          },
          human: [
            `order ${orderId} awarded to ${ctx.label(maker)}: ${formatTokenAmount(r.price, pay)} + fee ${formatTokenAmount(r.fee, pay)} in escrow, bond ${formatTokenAmount(r.bond, stake)}, due ${formatUtc(r.dueAt)}`,
            txLine(r),
          ],
        };
      }),
    );
  const milestone = order.command("milestone").description("milestone payments");
  milestone
    .command("submit")
    .description("report the next milestone done (manufacturer)")
    .argument("<orderId>")
    .requiredOption(
      "--evidence <file|0xhash|text:…>",
      "evidence (hashed on chain); a production evidence document (dipnet-production-evidence/v1) is checked first: its order, milestone and every cited reading against the chain",
    )
    .action(
      act(async (ctx, idText: string, o: { evidence: string }) => {
        const orderId = parseId(idText, "orderId");
        const client = await ctx.signer();
        const document = productionEvidenceFile(o.evidence);
        let evidenceHash: Hex;
        if (document !== undefined) {
          const check = await checkProductionEvidence(client, document);
          const doc = document as ProductionEvidence;
          if (doc.orderId !== orderId.toString())
            throw new InvalidParameterError("--evidence", `the document is for order ${doc.orderId}, not ${orderId}`);
          const next = (await getOrder(client, { orderId })).milestonesReleased;
          if (doc.milestone !== next)
            throw new InvalidParameterError(
              "--evidence",
              `the document is for milestone ${doc.milestone}, the next is ${next}`,
            );
          if (check.unproven.length > 0)
            throw new InvalidParameterError(
              "--evidence",
              `cited readings not proven by an anchored root: ${check.unproven.join(", ")}`,
            );
          evidenceHash = check.hash;
        } else evidenceHash = parseContentHash(o.evidence, "--evidence");
        const r = await submitMilestone(client, { orderId, evidenceHash });
        return {
          json: { orderId, index: r.index, evidenceHash, hash: r.hash, blockNumber: r.blockNumber },
          human: [`milestone ${r.index} of order ${orderId} submitted`, txLine(r)],
        };
      }),
    );
  milestone
    .command("approve")
    .description("approve the next milestone (normally the one reported) and release its payment (customer)")
    .argument("<orderId>")
    .action(
      act(async (ctx, idText: string) => {
        const orderId = parseId(idText, "orderId");
        const r = await approveMilestone(await ctx.signer(), { orderId });
        const pay = await paymentTokenOf(ctx, orderId);
        return {
          json: { orderId, index: r.index, amount: r.amount, hash: r.hash, blockNumber: r.blockNumber },
          human: [
            `milestone ${r.index} of order ${orderId} approved: ${formatTokenAmount(r.amount, pay)} released to the maker`,
            txLine(r),
          ],
        };
      }),
    );
  order
    .command("ship")
    .description("mark the order shipped (manufacturer)")
    .argument("<orderId>")
    .requiredOption("--evidence <file|0xhash|text:…>", "shipping evidence")
    .action(
      act(async (ctx, idText: string, o: { evidence: string }) => {
        const orderId = parseId(idText, "orderId");
        const r = await ship(await ctx.signer(), { orderId, evidenceHash: parseContentHash(o.evidence, "--evidence") });
        return {
          json: { orderId, acceptanceEnds: r.acceptanceEnds, hash: r.hash, blockNumber: r.blockNumber },
          human: [`order ${orderId} shipped; accept or dispute until ${formatUtc(r.acceptanceEnds)}`, txLine(r)],
        };
      }),
    );

  const settle = (verb: string, fn: typeof accept) => async (ctx: Context, idText: string) => {
    const orderId = parseId(idText, "orderId");
    const r = await fn(await ctx.signer(), { orderId });
    const [pay, stake] = await Promise.all([paymentTokenOf(ctx, orderId), ctx.stakeToken()]);
    return {
      json: { orderId, settlement: r.settlement, hash: r.hash, blockNumber: r.blockNumber },
      human: [`order ${orderId} ${verb}`, ...settlementLines(r.settlement, pay, stake), txLine(r)],
    };
  };
  order
    .command("accept")
    .description("accept delivery (customer)")
    .argument("<orderId>")
    .action(act(settle("accepted", accept)));
  order
    .command("finalize")
    .description("accept on the customer's behalf after the acceptance window (anyone)")
    .argument("<orderId>")
    .action(act(settle("finalised", finalize)));
  order
    .command("cancel")
    .description("cancel an awarded, unshipped order, compensating the maker for the lead time elapsed (customer)")
    .argument("<orderId>")
    .action(
      act(async (ctx, idText: string) => {
        const orderId = parseId(idText, "orderId");
        const r = await cancelOrder(await ctx.signer(), { orderId });
        const [pay, stake] = await Promise.all([paymentTokenOf(ctx, orderId), ctx.stakeToken()]);
        return {
          json: {
            orderId,
            compensation: r.compensation,
            settlement: r.settlement,
            hash: r.hash,
            blockNumber: r.blockNumber,
          },
          human: [
            `order ${orderId} cancelled; the maker is compensated ${formatTokenAmount(r.compensation, pay)} beyond released milestones`,
            ...settlementLines(r.settlement, pay, stake),
            txLine(r),
          ],
        };
      }),
    );
  order
    .command("default")
    .description("reclaim escrow from a late maker and slash its bond (customer)")
    .argument("<orderId>")
    .action(act(settle("declared in default", claimDefault)));

  for (const [name, description, fn, verb] of [
    ["dispute", "dispute a shipped order within the acceptance window", dispute, "disputed"],
    ["evidence", "add evidence to an open dispute", submitEvidence, "evidence added"],
  ] as const) {
    order
      .command(name)
      .description(description)
      .argument("<orderId>")
      .requiredOption("--evidence <file|0xhash|text:…>", "evidence (hashed on chain)")
      .action(
        act(async (ctx, idText: string, o: { evidence: string }) => {
          const orderId = parseId(idText, "orderId");
          const r = await fn(await ctx.signer(), { orderId, evidenceHash: parseContentHash(o.evidence, "--evidence") });
          return {
            json: { orderId, hash: r.hash, blockNumber: r.blockNumber },
            human: [`order ${orderId}: ${verb}`, txLine(r)],
          };
        }),
      );
  }
  order
    .command("rule")
    .description("rule a dispute (arbiter)")
    .argument("<orderId>")
    .requiredOption("--refund <share>", "share of the unreleased price refunded to the customer: 60% or 6000bps")
    .requiredOption("--slash <share>", "share of the bond slashed to the customer: 50% or 5000bps")
    .action(
      act(async (ctx, idText: string, o: { refund: string; slash: string }) => {
        const orderId = parseId(idText, "orderId");
        const refundBps = parseBps(o.refund, "--refund");
        const slashBps = parseBps(o.slash, "--slash");
        const r = await rule(await ctx.signer(), { orderId, refundBps, slashBps });
        const [pay, stake] = await Promise.all([paymentTokenOf(ctx, orderId), ctx.stakeToken()]);
        return {
          json: { orderId, refundBps, slashBps, settlement: r.settlement, hash: r.hash, blockNumber: r.blockNumber },
          human: [
            `order ${orderId} ruled: refund ${formatBps(refundBps)}, slash ${formatBps(slashBps)}`,
            ...settlementLines(r.settlement, pay, stake),
            txLine(r),
          ],
        };
      }),
    );
  order
    .command("expire-dispute")
    .description("end a dispute no arbiter ruled on by its ruling end: half refunded, bond released (anyone)")
    .argument("<orderId>")
    .action(
      act(async (ctx, idText: string) => {
        const orderId = parseId(idText, "orderId");
        const r = await expireDispute(await ctx.signer(), { orderId });
        const [pay, stake] = await Promise.all([paymentTokenOf(ctx, orderId), ctx.stakeToken()]);
        return {
          json: { orderId, refundBps: r.refundBps, settlement: r.settlement, hash: r.hash, blockNumber: r.blockNumber },
          human: [
            `dispute on order ${orderId} expired unruled: refund ${formatBps(r.refundBps)}, bond released`,
            ...settlementLines(r.settlement, pay, stake),
            txLine(r),
          ],
        };
      }),
    );
  order.command("show").description("show an order").argument("<orderId>").action(act(showOrder));
  order
    .command("timeline")
    .description("every event of an order, in chain order")
    .argument("<orderId>")
    .action(
      act(async (ctx, idText: string) => {
        const orderId = parseId(idText, "orderId");
        const reader = await ctx.reader();
        const [events, pay, stake] = await Promise.all([
          orderTimeline(reader, { orderId }),
          paymentTokenOf(ctx, orderId),
          ctx.stakeToken(),
        ]);
        return {
          json: events,
          human: table(
            events.map((e) => [formatUtc(e.timestamp), e.eventName, renderArgs(ctx, e.args, pay, stake, e.contract)]),
          ),
        };
      }),
    );

  // ------------------------------------------------------------------ payouts
  program
    .command("withdraw")
    .description("pull everything the market owes you (payments, refunds, fees)")
    .option("--token <token>", "payment token (default: tUSD)")
    .action(
      act(async (ctx, o: { token?: string }) => {
        const token = ctx.token(o.token);
        const r = await withdraw(await ctx.signer(), { token });
        const info = await ctx.tokenInfo(token);
        return {
          json: { token, amount: r.amount, hash: r.hash, blockNumber: r.blockNumber },
          human: [`withdrew ${formatTokenAmount(r.amount, info)}`, txLine(r)],
        };
      }),
    );
};
