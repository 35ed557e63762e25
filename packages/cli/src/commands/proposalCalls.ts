// Turns parsed proposal actions into the calls the timelock will make, checking against the chain
// what parsing could not: token decimals, the minimum bond against the minimum stake, the threshold
// against the DIP supply, a transfer against the treasury's balance.
import {
  balanceOf,
  certifierKinds,
  certifierRegistryAbi,
  DeploymentError,
  describeCall,
  dipnetGovernorAbi,
  dipnetTimelockAbi,
  dipTokenAbi,
  erc20PermitAbi,
  formatBps,
  formatDuration,
  formatTokenAmount,
  governanceSettings,
  InvalidParameterError,
  type MarketParameters,
  marketParameters,
  maxMinStake,
  maxThresholdSupplyDivisor,
  orderMarketAbi,
  type ProposalCall,
  participantRegistryAbi,
  type TokenInfo,
} from "@dipnet/sdk";
import { type Address, encodeFunctionData, formatEther } from "viem";
import type { Context } from "../context.ts";
import { parseAmount } from "../parse.ts";
import type { ProposalAction } from "../proposalActions.ts";

/** The DAO's contracts; a deployment without them is governed by its deployer, not by proposals. */
export function daoOf(ctx: Context): { dipToken: Address; timelock: Address; governor: Address } {
  const { dipToken, timelock, governor } = ctx.deployment().contracts;
  if (!dipToken || !timelock || !governor)
    throw new DeploymentError(
      "this deployment has no DAO (DIP, timelock, Governor): deploy with `dipnet deploy --dip <acct=amount,…>`",
    );
  return { dipToken, timelock, governor };
}

/** A built action: what it does in words, and the call decoded against its contract's ABI. */
export type BuiltAction = { action: string; summary: string; call: ProposalCall; decoded: string };

const DIP: Pick<TokenInfo, "symbol" | "decimals"> = { symbol: "DIP", decimals: 18 };

/**
 * Builds the calls of `actions` (parsed from `texts`), in order. Market parameters are set all at
 * once on chain, so each market action's call carries the changes of the ones before it and the
 * current values of the rest, read now.
 */
export async function buildProposalCalls(
  ctx: Context,
  actions: readonly ProposalAction[],
  texts: readonly string[],
): Promise<BuiltAction[]> {
  const reader = await ctx.reader();
  const dao = daoOf(ctx);
  const { orderMarket, participantRegistry, certifierRegistry } = reader.deployment.contracts;
  const [current, stake, settings, supply] = await Promise.all([
    marketParameters(reader),
    ctx.stakeToken(),
    governanceSettings(reader),
    reader.publicClient.readContract({ address: dao.dipToken, abi: dipTokenAbi, functionName: "totalSupply" }),
  ]);
  const market: MarketParameters = {
    feeBps: current.feeBps,
    acceptanceWindow: current.acceptanceWindow,
    lateGrace: current.lateGrace,
    minBond: current.minBond,
    rulingWindow: current.rulingWindow,
    cancellationFloorPercent: current.cancellationFloorPercent,
    commitDepositBps: current.commitDepositBps,
  };
  // What earlier actions of this proposal will have changed when a later one executes.
  let minStake = current.minStake;
  let dipSupply = supply;
  const spent = new Map<Address, bigint>();
  const collected = new Set<Address>();
  const owedToTreasury = (token: Address) =>
    reader.publicClient.readContract({
      address: orderMarket,
      abi: orderMarketAbi,
      functionName: "owed",
      args: [token, dao.timelock],
    });

  const stakeText = (amount: bigint) => formatTokenAmount(amount, stake);
  const setMarket = (changes: Partial<MarketParameters>): ProposalCall => {
    Object.assign(market, changes);
    return {
      target: orderMarket,
      data: encodeFunctionData({ abi: orderMarketAbi, functionName: "setParameters", args: [{ ...market }] }),
    };
  };
  const certifiers = (): Address => {
    if (!certifierRegistry) throw new DeploymentError("this deployment has no certifier registry");
    return certifierRegistry;
  };

  const built: BuiltAction[] = [];
  for (const [i, action] of actions.entries()) {
    const text = texts[i] ?? action.name;
    const { summary, call } = await (async (): Promise<{ summary: string; call: ProposalCall }> => {
      switch (action.name) {
        case "set-fee":
          return {
            summary: `protocol fee ${formatBps(market.feeBps)} → ${formatBps(action.feeBps)}`,
            call: setMarket({ feeBps: action.feeBps }),
          };
        case "set-windows": {
          const { name: _, ...changes } = action;
          const label = {
            acceptanceWindow: "acceptance window",
            lateGrace: "late grace",
            rulingWindow: "ruling window",
          };
          const summary = Object.entries(changes)
            .map(
              ([key, seconds]) =>
                `${label[key as keyof typeof label]} ${formatDuration(market[key as keyof typeof label])} → ${formatDuration(seconds)}`,
            )
            .join(", ");
          return { summary, call: setMarket(changes) };
        }
        case "set-min-bond": {
          const minBond = parseAmount(action.amount, stake.decimals, "set-min-bond <amount>");
          if (minBond > minStake)
            throw new InvalidParameterError(
              "set-min-bond <amount>",
              `${stakeText(minBond)} is above the minimum stake of ${stakeText(minStake)}: no maker could bid on such an RFQ`,
            );
          return {
            summary: `minimum bond ${stakeText(market.minBond)} → ${stakeText(minBond)}`,
            call: setMarket({ minBond }),
          };
        }
        case "set-cancellation-floor":
          return {
            summary: `cancellation floor ${market.cancellationFloorPercent}% → ${action.percent}%`,
            call: setMarket({ cancellationFloorPercent: action.percent }),
          };
        case "set-commit-deposit":
          return {
            summary: `commit deposit ${formatBps(market.commitDepositBps)} → ${formatBps(action.bps)} of the budget`,
            call: setMarket({ commitDepositBps: action.bps }),
          };
        case "set-min-stake": {
          const amount = parseAmount(action.amount, stake.decimals, "set-min-stake <amount>");
          if (amount > maxMinStake)
            throw new InvalidParameterError(
              "set-min-stake <amount>",
              `${stakeText(amount)} is above the registry's maximum`,
            );
          const summary = `minimum stake ${stakeText(minStake)} → ${stakeText(amount)}`;
          minStake = amount;
          return {
            summary,
            call: {
              target: participantRegistry,
              data: encodeFunctionData({ abi: participantRegistryAbi, functionName: "setMinStake", args: [amount] }),
            },
          };
        }
        case "payment-token":
          return {
            summary: `${action.allowed ? "allow" : "disallow"} payment token ${ctx.label(action.token)}`,
            call: {
              target: orderMarket,
              data: encodeFunctionData({
                abi: orderMarketAbi,
                functionName: "setPaymentToken",
                args: [action.token, action.allowed],
              }),
            },
          };
        case "admit-certifier": {
          const kinds = action.kinds.reduce((bits, kind) => bits | certifierKinds[kind], 0);
          return {
            summary: `admit ${ctx.label(action.account)} as certifier for ${action.kinds.join(", ")}`,
            call: {
              target: certifiers(),
              data: encodeFunctionData({
                abi: certifierRegistryAbi,
                functionName: "admitCertifier",
                args: [action.account, kinds],
              }),
            },
          };
        }
        case "remove-certifier":
          return {
            summary: `remove certifier ${ctx.label(action.account)}`,
            call: {
              target: certifiers(),
              data: encodeFunctionData({
                abi: certifierRegistryAbi,
                functionName: "removeCertifier",
                args: [action.account],
              }),
            },
          };
        case "admit-arbiter":
        case "remove-arbiter": {
          const allowed = action.name === "admit-arbiter";
          return {
            summary: `${allowed ? "admit" : "remove"} arbiter ${ctx.label(action.account)}`,
            call: {
              target: orderMarket,
              data: encodeFunctionData({
                abi: orderMarketAbi,
                functionName: "setArbiter",
                args: [action.account, allowed],
              }),
            },
          };
        }
        case "set-guardian":
          return {
            summary: `appoint ${ctx.label(action.account)} guardian: it may pause new RFQs and bids once`,
            call: {
              target: participantRegistry,
              data: encodeFunctionData({
                abi: participantRegistryAbi,
                functionName: "setGuardian",
                args: [action.account],
              }),
            },
          };
        case "resume-new-business":
          return {
            summary: "resume new RFQs and bids (end the guardian's pause)",
            call: {
              target: participantRegistry,
              data: encodeFunctionData({ abi: participantRegistryAbi, functionName: "resumeNewBusiness" }),
            },
          };
        case "treasury-collect": {
          const token = await ctx.tokenInfo(action.token);
          const owed = collected.has(action.token) ? 0n : await owedToTreasury(action.token);
          collected.add(action.token);
          if (owed === 0n)
            throw new InvalidParameterError(
              "treasury-collect <token>",
              `the market owes the treasury no ${token.symbol}`,
            );
          // What a later treasury-transfer of the same proposal may spend.
          spent.set(action.token, (spent.get(action.token) ?? 0n) - owed);
          return {
            summary: `collect the ${formatTokenAmount(owed, token)} of fees the market owes the treasury`,
            call: {
              target: orderMarket,
              data: encodeFunctionData({ abi: orderMarketAbi, functionName: "withdraw", args: [action.token] }),
            },
          };
        }
        case "treasury-transfer": {
          const token =
            action.token === dao.dipToken ? { ...DIP, address: dao.dipToken } : await ctx.tokenInfo(action.token);
          const amount = parseAmount(action.amount, token.decimals, "treasury-transfer <amount>");
          if (amount === 0n) throw new InvalidParameterError("treasury-transfer <amount>", "must be more than zero");
          const held =
            (await balanceOf(reader, { token: action.token, account: dao.timelock })) - (spent.get(action.token) ?? 0n);
          if (amount > held) {
            const owed = collected.has(action.token) ? 0n : await owedToTreasury(action.token);
            const collect =
              owed > 0n
                ? `; the market owes it ${formatTokenAmount(owed, token)} of fees: put treasury-collect ${token.symbol} first`
                : "";
            throw new InvalidParameterError(
              "treasury-transfer <amount>",
              `the treasury holds ${formatTokenAmount(held, token)}, less than ${formatTokenAmount(amount, token)}${collect}`,
            );
          }
          spent.set(action.token, (spent.get(action.token) ?? 0n) + amount);
          return {
            summary: `send ${formatTokenAmount(amount, token)} from the treasury to ${ctx.label(action.to)}`,
            call: {
              target: action.token,
              data: encodeFunctionData({ abi: erc20PermitAbi, functionName: "transfer", args: [action.to, amount] }),
            },
          };
        }
        case "mint-dip":
          dipSupply += action.amount;
          return {
            summary: `mint ${formatTokenAmount(action.amount, DIP)} to ${ctx.label(action.to)}`,
            call: {
              target: dao.dipToken,
              data: encodeFunctionData({ abi: dipTokenAbi, functionName: "mint", args: [action.to, action.amount] }),
            },
          };
        case "set-voting-delay":
          return {
            summary: `voting delay ${formatDuration(settings.votingDelay)} → ${formatDuration(action.seconds)}`,
            call: {
              target: dao.governor,
              data: encodeFunctionData({
                abi: dipnetGovernorAbi,
                functionName: "setVotingDelay",
                args: [action.seconds],
              }),
            },
          };
        case "set-voting-period":
          return {
            summary: `voting period ${formatDuration(settings.votingPeriod)} → ${formatDuration(action.seconds)}`,
            call: {
              target: dao.governor,
              data: encodeFunctionData({
                abi: dipnetGovernorAbi,
                functionName: "setVotingPeriod",
                args: [action.seconds],
              }),
            },
          };
        case "set-timelock-delay":
          return {
            summary: `timelock delay ${formatDuration(settings.timelockDelay)} → ${formatDuration(action.seconds)}`,
            call: {
              target: dao.timelock,
              data: encodeFunctionData({
                abi: dipnetTimelockAbi,
                functionName: "updateDelay",
                args: [BigInt(action.seconds)],
              }),
            },
          };
        case "set-quorum":
          return {
            summary: `quorum ${settings.quorumPercent}% → ${action.percent}% of the DIP supply`,
            call: {
              target: dao.governor,
              data: encodeFunctionData({
                abi: dipnetGovernorAbi,
                functionName: "updateQuorumNumerator",
                args: [BigInt(action.percent)],
              }),
            },
          };
        case "set-threshold": {
          const max = dipSupply / maxThresholdSupplyDivisor;
          if (action.amount > max)
            throw new InvalidParameterError(
              "set-threshold <amount>",
              `${formatTokenAmount(action.amount, DIP)} is above 1% of the DIP supply (${formatTokenAmount(max, DIP)})`,
            );
          return {
            summary: `proposal threshold ${formatTokenAmount(settings.proposalThreshold, DIP)} → ${formatTokenAmount(action.amount, DIP)}`,
            call: {
              target: dao.governor,
              data: encodeFunctionData({
                abi: dipnetGovernorAbi,
                functionName: "setProposalThreshold",
                args: [action.amount],
              }),
            },
          };
        }
        case "call": {
          const call = { target: action.target, data: action.data, value: action.value };
          const value = action.value > 0n ? ` with ${formatEther(action.value)} ETH` : "";
          return { summary: `call ${ctx.label(action.target)}${value}`, call };
        }
      }
    })();
    built.push({ action: text, summary, call, decoded: describeCall(reader, call).text });
  }
  return built;
}
