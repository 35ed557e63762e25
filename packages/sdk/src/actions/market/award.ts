import type { Address } from "viem";
import { ContractRevertError } from "../../errors/base.ts";
import { decodeContractError } from "../../errors/decode.ts";
import { formatContractError } from "../../errors/messages.ts";
import { toDipnetError } from "../../errors/normalize.ts";
import { erc20PermitAbi, orderMarketAbi } from "../../generated/abis.ts";
import { errorContext, eventOf, writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient, DipnetReadClient, WriteResult } from "../../types.ts";
import { approveIfNeeded } from "../token/approveIfNeeded.ts";

/** Parameters of `award`. */
export type AwardParameters = {
  orderId: bigint;
  maker: Address;
  /** The bid's price as the customer saw it; the award reverts `MarketTermsChanged` if it is no longer. */
  price: bigint;
  /** The bid's lead time in seconds as the customer saw it. */
  leadTime: number;
  /** Approve the market for `price + fee` first when the allowance is short. Default: true. */
  approve?: boolean | undefined;
};
/** What the award locked: escrowed price and fee, due date and bond. */
export type AwardResult = { price: bigint; fee: bigint; leadTime: number; dueAt: number; bond: bigint };
/** The award transaction (and the approval, if one was needed). */
export type AwardReturnType = WriteResult & AwardResult & { approval: WriteResult | undefined };

/** What awarding a bid of `price` costs the customer: price, fee and token. */
export async function awardCost(client: DipnetReadClient, { orderId, price }: { orderId: bigint; price: bigint }) {
  const address = client.deployment.contracts.orderMarket;
  try {
    const order = await client.publicClient.readContract({
      address,
      abi: orderMarketAbi,
      functionName: "getOrder",
      args: [orderId],
    });
    // The contract's own rounding: price * the RFQ's fee rate / 10,000, rounded down.
    const fee = (price * BigInt(order.feeBps)) / 10_000n;
    return { token: order.paymentToken, price, fee, total: price + fee };
  } catch (error) {
    throw toDipnetError(error, await errorContext(client, { action: "award", orderId }));
  }
}

/** Decodes `OrderAwarded` from an award receipt. */
export function awardResultOf(client: DipnetReadClient, result: WriteResult): AwardResult {
  const log = eventOf(result.receipt, orderMarketAbi, client.deployment.contracts.orderMarket, "OrderAwarded");
  const { price, fee, leadTime, dueAt, bond } = log.args;
  return { price, fee, leadTime, dueAt, bond };
}

/** Reverts that only say the market may not take the payment yet: the approval sent next mends them. */
const awaitingApproval = new Set(["ERC20InsufficientAllowance", "SafeERC20FailedOperation"]);

/**
 * Checks that the award will pass once the market may take `total`, so that a refused award leaves
 * no approval behind: the award is simulated (the contract checks bidding window, bid and its
 * terms, certification, deadline and bond before it takes the payment, so without an allowance it
 * can only fail on the payment) and the customer's balance must cover `total`.
 */
async function checkAwardable(
  client: DipnetClient,
  { orderId, maker, price, leadTime, token, total }: AwardParameters & { token: Address; total: bigint },
): Promise<void> {
  try {
    await client.publicClient.simulateContract({
      address: client.deployment.contracts.orderMarket,
      abi: orderMarketAbi,
      functionName: "award",
      args: [orderId, maker, price, leadTime],
      account: client.account,
    });
  } catch (error) {
    const decoded = decodeContractError(error);
    if (!decoded || !awaitingApproval.has(decoded.name)) {
      throw toDipnetError(error, await errorContext(client, { action: "award", orderId }));
    }
  }
  const sender = client.account.address;
  const balance = await client.publicClient.readContract({
    address: token,
    abi: erc20PermitAbi,
    functionName: "balanceOf",
    args: [sender],
  });
  if (balance < total) {
    // What the token would say once approved, said before anything is sent.
    const shortfall = { name: "ERC20InsufficientBalance", args: { sender, balance, needed: total } };
    throw new ContractRevertError(
      formatContractError(shortfall, await errorContext(client, { action: "award", orderId })),
      { errorName: shortfall.name, args: shortfall.args, action: "award" },
    );
  }
}

/** The order `orderId` is a sub-order of; 0n for a customer's own order. */
async function parentOf(client: DipnetReadClient, orderId: bigint): Promise<bigint> {
  try {
    return await client.publicClient.readContract({
      address: client.deployment.contracts.orderMarket,
      abi: orderMarketAbi,
      functionName: "parentOf",
      args: [orderId],
    });
  } catch (error) {
    throw toDipnetError(error, await errorContext(client, { action: "award", orderId }));
  }
}

/**
 * The customer awards the order to `maker`'s active bid of exactly `price` and `leadTime`, funding
 * `price + fee` into escrow. Naming the terms means a bid revised (or a counter-offer accepted) in
 * front of the award makes it revert instead of paying other terms. With `approve`, the market is
 * approved first — only once the award is sure to pass. A sub-order's award (its customer is the
 * parent's maker) takes `price + fee` from the parent's credits instead, so nothing is approved.
 */
export async function award(client: DipnetClient, parameters: AwardParameters): Promise<AwardReturnType> {
  const { orderId, maker, price, leadTime, approve = true } = parameters;
  let approval: WriteResult | undefined;
  // A sub-order is funded from its parent's credits to the signer, not from the wallet.
  if (approve && (await parentOf(client, orderId)) === 0n) {
    const cost = await awardCost(client, { orderId, price });
    await checkAwardable(client, { ...parameters, token: cost.token, total: cost.total });
    approval = await approveIfNeeded(client, {
      token: cost.token,
      spender: client.deployment.contracts.orderMarket,
      amount: cost.total,
    });
  }
  const result = await writeOrderMarket(client, "award", [orderId, maker, price, leadTime], { orderId });
  return { ...result, ...awardResultOf(client, result), approval };
}
