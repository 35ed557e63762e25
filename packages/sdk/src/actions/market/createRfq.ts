import { type Address, type Hex, zeroHash } from "viem";
import { certificationTypeId } from "../../certificationTypes.ts";
import { InvalidParameterError } from "../../errors/base.ts";
import { orderMarketAbi } from "../../generated/abis.ts";
import { eventOf, writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `createRfq`. Amounts in base units, times in unix seconds. */
export type CreateRfqParameters = {
  specHash: Hex;
  specURI: string;
  process: string;
  material: string;
  quantity: number;
  /** ERC-20 the order is paid in. Default: the deployment's test stablecoin. */
  paymentToken?: Address | undefined;
  /** Highest acceptable price. */
  budget: bigint;
  /** Bond the winner locks from its stake, in stake-token units. */
  bond: bigint;
  /** Latest delivery date. */
  deadline: bigint;
  /** End of bidding (or, when sealed, of committing). */
  biddingEnds: bigint;
  /** End of the reveal window for sealed bidding. Default: 0 (open bidding). */
  revealEnds?: bigint | undefined;
  /** Manufacturers allowed to bid. Default: empty (public RFQ). */
  invitees?: readonly Address[] | undefined;
  /** Milestone shares in basis points summing to 10000; the last is released on acceptance. Default: [10000]. */
  milestoneBps?: readonly number[] | undefined;
  /** Certification type bidders must hold, e.g. "ISO 9001". Default: none. */
  requiredCertification?: string | undefined;
  /**
   * Design licence the parts are built under (design registry id): only makers it allows can bid
   * and win, award meters `quantity` units against it and the royalty is paid to the designer from
   * the escrow. It must run, be paid in `paymentToken` and have room for `quantity`. Default: none.
   */
  licenceId?: bigint | undefined;
  /**
   * Order this RFQ is a sub-order of: the signer must be that order's maker, the order Awarded, the
   * payment token its own and `deadline` no later than its due date; award is funded from what the
   * parent order credited the maker (see `spendableCredit`), not from the wallet. A direct offer to
   * one firm is a sub-RFQ inviting only it. Default: none (the signer's own RFQ, as a customer).
   */
  parentId?: bigint | undefined;
};
/** The transaction and the new RFQ's id. */
export type CreateRfqReturnType = WriteResult & { orderId: bigint };

/** Posts an RFQ; the signer must be a registered customer, or for a sub-RFQ (`parentId`) the parent's maker. */
export async function createRfq(client: DipnetClient, p: CreateRfqParameters): Promise<CreateRfqReturnType> {
  const paymentToken = p.paymentToken ?? client.deployment.contracts.testStablecoin;
  if (!paymentToken)
    throw new InvalidParameterError("paymentToken", "required: this deployment has no test stablecoin");
  const address = client.deployment.contracts.orderMarket;
  const result = await writeOrderMarket(
    client,
    "createRfq",
    [
      {
        specHash: p.specHash,
        specURI: p.specURI,
        process: p.process,
        material: p.material,
        quantity: p.quantity,
        paymentToken,
        budget: p.budget,
        bond: p.bond,
        deadline: Number(p.deadline),
        biddingEnds: Number(p.biddingEnds),
        revealEnds: Number(p.revealEnds ?? 0n),
        invitees: [...(p.invitees ?? [])],
        milestoneBps: [...(p.milestoneBps ?? [10_000])],
        requiredCertification: p.requiredCertification ? certificationTypeId(p.requiredCertification) : zeroHash,
        licenceId: p.licenceId ?? 0n,
        parentId: p.parentId ?? 0n,
      },
    ],
    { token: paymentToken },
  );
  const log = eventOf(result.receipt, orderMarketAbi, address, "RfqCreated");
  return { ...result, orderId: log.args.orderId };
}
