import path from "node:path";
import {
  balanceOf,
  type DaoParameters,
  defaultGovernorSettings,
  deployDipnet,
  dipnetChain,
  erc20PermitAbi,
  faucet,
  formatTokenAmount,
  formatUtc,
  governanceBounds,
  InvalidParameterError,
  maxThresholdSupplyDivisor,
  owed,
  participant,
  watchMarketEvents,
  watchRegistryEvents,
} from "@dipnet/sdk";
import { writeDeployment } from "@dipnet/sdk/node";
import { type Address, createPublicClient, createWalletClient, formatEther, http } from "viem";
import { toJson, txLine } from "../output.ts";
import { parseAllocation, parseAmount, parseBps, parseDuration } from "../parse.ts";
import { parseBoundedDuration, parseBoundedPercent } from "../proposalActions.ts";
import type { Register } from "./types.ts";

export const registerMisc: Register = (program, act) => {
  program
    .command("balance")
    .description("native, token, stake and owed balances (default: the signer)")
    .argument("[account]", "name or address")
    .option("--token <token>", "payment token (default: tUSD)")
    .action(
      act(async (ctx, account: string | undefined, o: { token?: string }) => {
        const address = account ? ctx.address(account, "account") : (await ctx.signerAccount()).address;
        const reader = await ctx.reader();
        const token = ctx.token(o.token);
        const [info, stake, native, tokens, owes, p] = await Promise.all([
          ctx.tokenInfo(token),
          ctx.stakeToken(),
          reader.publicClient.getBalance({ address }),
          balanceOf(reader, { token, account: address }),
          owed(reader, { token, account: address }),
          participant(reader, { account: address }),
        ]);
        return {
          json: {
            account: address,
            native,
            token,
            balance: tokens,
            owed: owes,
            stake: p.stake,
            lockedStake: p.locked,
            slashed: p.slashed,
          },
          human: [
            `${ctx.label(address)}`,
            `  native        ${formatEther(native)} ETH`,
            `  wallet        ${formatTokenAmount(tokens, info)}`,
            `  withdrawable  ${formatTokenAmount(owes, info)}`,
            `  stake         ${formatTokenAmount(p.stake, stake)} (locked ${formatTokenAmount(p.locked, stake)})`,
            ...(p.slashed > 0n ? [`  slashed to claim ${formatTokenAmount(p.slashed, stake)}`] : []),
          ],
        };
      }),
    );

  program
    .command("faucet")
    .description("mint test stablecoin (local chains only; at most 10000 per call)")
    .argument("<amount>", "in tUSD, e.g. 5000")
    .option("--to <account>", "recipient (default: the signer)")
    .action(
      act(async (ctx, amountText: string, o: { to?: string }) => {
        if (!ctx.isLocal()) throw new InvalidParameterError("faucet", "exists on local chains only");
        const token = ctx.token(undefined);
        const info = await ctx.tokenInfo(token);
        const amount = parseAmount(amountText, info.decimals, "amount");
        const r = await faucet(await ctx.signer(), { amount, to: o.to ? ctx.address(o.to, "--to") : undefined });
        return {
          json: { to: r.to, amount, hash: r.hash, blockNumber: r.blockNumber },
          human: [`minted ${formatTokenAmount(amount, info)} to ${ctx.label(r.to)}`, txLine(r)],
        };
      }),
    );

  program
    .command("deploy")
    .description(
      "deploy the contracts and write <data-dir>/deployments.json; with --dip the network is handed to its DAO, else the signer governs",
    )
    .option("--stake-token <address>", "stake token (default: the test stablecoin, local chains only)")
    .option("--min-stake <amount>", "minimum stake in stake-token units (default: 100 on local chains)")
    .option("--payment-tokens <addresses>", "comma-separated allowed payment tokens (default: the test stablecoin)")
    .option("--fee <share>", "protocol fee, e.g. 1% (default 1%)")
    .option("--acceptance <duration>", "acceptance window (default 7d)")
    .option("--grace <duration>", "late-delivery grace (default 3d)")
    .option("--arbiters <accounts>", "comma-separated arbiters admitted at deployment (later ones by proposal)")
    .option("--certifiers <accounts>", "comma-separated certifiers admitted at deployment for certifications")
    .option(
      "--dip <allocation>",
      "DIP held at the start, e.g. alice=400000,bob=300000: deploys DIP, timelock and Governor and hands the network to them",
    )
    .option("--voting-delay <duration>", "with --dip: time from proposal to the vote, 1h to 7d (default 1d)")
    .option("--voting-period <duration>", "with --dip: time to vote, 1d to 14d (default 7d)")
    .option("--quorum <percent>", "with --dip: votes for + abstain needed, 1% to 50% of the supply (default 4%)")
    .option(
      "--threshold <amount>",
      "with --dip: DIP of delegated votes needed to propose, ≤ 1% of the supply (default 1000)",
    )
    .option("--timelock-delay <duration>", "with --dip: time from queueing to execution, 1d to 7d (default 2d)")
    .option("--force", "overwrite an existing deployments.json")
    .action(
      act(async (ctx, o: Record<string, string | boolean | undefined>) => {
        const file = path.join(ctx.dataDir, "deployments.json");
        let exists = true;
        try {
          ctx.deployment();
        } catch {
          exists = false;
        }
        if (exists && !o.force)
          throw new InvalidParameterError("--force", `${file} exists; pass --force to deploy again`);
        const probe = createPublicClient({ transport: http(ctx.rpcUrl) });
        const chainId = await probe.getChainId();
        const account = await ctx.signerAccount(chainId);
        const chain = dipnetChain(chainId, ctx.rpcUrl);
        const publicClient = createPublicClient({ chain, transport: http(ctx.rpcUrl), pollingInterval: 200 });
        const walletClient = createWalletClient({ chain, transport: http(ctx.rpcUrl), account });
        const str = (key: string) => (typeof o[key] === "string" ? (o[key] as string) : undefined);
        const stakeToken = str("stakeToken")
          ? ctx.address(str("stakeToken") as string, "--stake-token", chainId)
          : undefined;
        let minStake: bigint | undefined;
        if (str("minStake") !== undefined) {
          if (!stakeToken) throw new InvalidParameterError("--min-stake", "needs --stake-token (its decimals)");
          const decimals = await publicClient.readContract({
            address: stakeToken,
            abi: erc20PermitAbi,
            functionName: "decimals",
          });
          minStake = parseAmount(str("minStake") as string, decimals, "--min-stake");
        }
        const accounts = (key: "arbiters" | "certifiers") =>
          str(key)
            ?.split(",")
            .map((a) => ctx.address(a.trim(), `--${key}`, chainId));
        const dao = daoParameters(str, (value, option) => ctx.address(value, option, chainId));
        const deployment = await deployDipnet({
          walletClient,
          publicClient,
          stakeToken,
          minStake,
          paymentTokens: str("paymentTokens")
            ?.split(",")
            .map((t) => ctx.address(t.trim(), "--payment-tokens", chainId)),
          marketParameters: {
            feeBps: str("fee") ? parseBps(str("fee") as string, "--fee") : undefined,
            acceptanceWindow: str("acceptance")
              ? parseDuration(str("acceptance") as string, "--acceptance")
              : undefined,
            lateGrace: str("grace") ? parseDuration(str("grace") as string, "--grace") : undefined,
          },
          arbiters: accounts("arbiters"),
          certifiers: accounts("certifiers")?.map((account) => ({ account })),
          dao,
        });
        const { dipToken, timelock, governor } = deployment.contracts;
        writeDeployment(file, deployment);
        return {
          json: { ...deployment, file },
          human: [
            `deployed on chain ${deployment.chainId} at block ${deployment.deployBlock}`,
            `  orderMarket          ${deployment.contracts.orderMarket}`,
            `  participantRegistry  ${deployment.contracts.participantRegistry}`,
            ...(deployment.contracts.testStablecoin
              ? [`  testStablecoin       ${deployment.contracts.testStablecoin}`]
              : []),
            ...(dipToken && timelock && governor
              ? [
                  `  dipToken             ${dipToken}`,
                  `  governor             ${governor}`,
                  `  timelock             ${timelock}  (owns every contract, holds the treasury)`,
                  "  the network is governed by DIP holders' proposals (dipnet gov propose)",
                ]
              : ["  the signer governs the network (no DAO: deploy with --dip to hand it to one)"]),
            `  written to ${file}`,
          ],
        };
      }),
    );

  program
    .command("watch")
    .description("print market and registry events as they happen (Ctrl-C to stop)")
    .action(
      act(async (ctx) => {
        const reader = await ctx.reader();
        const print = (e: {
          contract: string;
          eventName: string;
          args: Record<string, unknown>;
          blockNumber: bigint;
        }) =>
          ctx.io.stdout(
            ctx.json
              ? toJson(e).replace(/\n\s*/g, " ")
              : `${formatUtc(Math.floor(Date.now() / 1000))}  block ${e.blockNumber}  ${e.eventName}  ${toJson(e.args).replace(/\n\s*/g, " ")}`,
          );
        const stops = [watchMarketEvents(reader, print), watchRegistryEvents(reader, print)];
        await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
        for (const stop of stops) stop();
        return { json: { stopped: true }, human: "stopped" };
      }),
    );
};

/**
 * The DAO of `dipnet deploy`'s options, checked before anything is sent; undefined without `--dip`
 * (the settings options then make no sense and are refused).
 */
function daoParameters(
  str: (key: string) => string | undefined,
  account: (value: string, option: string) => Address,
): DaoParameters | undefined {
  const settingOptions = ["votingDelay", "votingPeriod", "quorum", "threshold", "timelockDelay"];
  const dip = str("dip");
  if (dip === undefined) {
    const given = settingOptions.find((key) => str(key) !== undefined);
    if (given) {
      const option = `--${given.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw new InvalidParameterError(option, "is a DAO setting: give --dip <acct=amount,…> too");
    }
    return undefined;
  }
  const allocation = parseAllocation(dip, 18, "--dip", account);
  const duration = (key: "votingDelay" | "votingPeriod" | "timelockDelay", option: string) => {
    const value = str(key);
    return value === undefined ? undefined : parseBoundedDuration(value, option, governanceBounds[key]);
  };
  const quorum = str("quorum");
  const settings = {
    votingDelay: duration("votingDelay", "--voting-delay"),
    votingPeriod: duration("votingPeriod", "--voting-period"),
    quorumPercent:
      quorum === undefined ? undefined : parseBoundedPercent(quorum, "--quorum", governanceBounds.quorumPercent),
  };
  const timelockDelay = duration("timelockDelay", "--timelock-delay");
  const thresholdText = str("threshold");
  const threshold = thresholdText === undefined ? undefined : parseAmount(thresholdText, 18, "--threshold");
  const supply = allocation.reduce((sum, a) => sum + a.amount, 0n);
  const maxThreshold = supply / maxThresholdSupplyDivisor;
  const proposalThreshold = threshold ?? defaultGovernorSettings.proposalThreshold;
  const DIP = { symbol: "DIP", decimals: 18 };
  if (proposalThreshold === 0n || proposalThreshold > maxThreshold)
    throw new InvalidParameterError(
      "--threshold",
      `${formatTokenAmount(proposalThreshold, DIP)} is outside 1 DIP base unit to 1% of the allocated supply (${formatTokenAmount(maxThreshold, DIP)})`,
    );
  return { allocation, settings: { ...settings, proposalThreshold: threshold }, timelockDelay };
}
