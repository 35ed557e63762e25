// Awarding from the dashboard: the SDK's award approves the payment token first, then awards. An
// award the contract would refuse must not leave that approval behind, so everything the contract
// checks is checked before anything is sent.
import type { Address } from "viem";
import { formatUnitsGrouped } from "../../../lib/format.ts";
import {
  award,
  awardCost,
  type DipnetClient,
  decodeContractError,
  erc20PermitAbi,
  errorContext,
  getTokenInfo,
  orderMarketAbi,
  toDipnetError,
} from "../../../lib/sdk.ts";

/** Reverts that only say the market may not take the payment yet: the approval sent next fixes them. */
const paymentErrors = new Set(["ERC20InsufficientAllowance", "SafeERC20FailedOperation"]);

/**
 * Awards `maker`'s bid, approving the payment token only once the award is sure to pass: the award is
 * simulated first (the contract checks the bidding window, the bid, certification, deadline and bond
 * before it takes the payment, so without an allowance it fails only on the payment) and the
 * customer's balance must cover price + fee.
 */
export async function checkedAward(client: DipnetClient, p: { orderId: bigint; maker: Address }) {
  const market = client.deployment.contracts.orderMarket;
  const context = { action: "award", orderId: p.orderId };
  const cost = await awardCost(client, p);
  try {
    await client.publicClient.simulateContract({
      address: market,
      abi: orderMarketAbi,
      functionName: "award",
      args: [p.orderId, p.maker],
      account: client.account,
    });
  } catch (error) {
    const decoded = decodeContractError(error);
    if (!decoded || !paymentErrors.has(decoded.name)) throw toDipnetError(error, await errorContext(client, context));
  }
  const balance = await client.publicClient.readContract({
    address: cost.token,
    abi: erc20PermitAbi,
    functionName: "balanceOf",
    args: [client.account.address],
  });
  if (balance < cost.total) {
    const token = await getTokenInfo(client, cost.token);
    const show = (v: bigint) => `${formatUnitsGrouped(v, token.decimals)} ${token.symbol}`;
    throw new Error(`award rejected: it takes ${show(cost.total)} (price + fee) and your balance is ${show(balance)}`);
  }
  return award(client, p);
}
