import path from "node:path";
import {
  balanceOf,
  deployDipnet,
  dipnetChain,
  erc20PermitAbi,
  faucet,
  formatTokenAmount,
  formatUtc,
  InvalidParameterError,
  owed,
  participant,
  watchMarketEvents,
  watchRegistryEvents,
} from "@dipnet/sdk";
import { writeDeployment } from "@dipnet/sdk/node";
import { createPublicClient, createWalletClient, formatEther, http } from "viem";
import { toJson, txLine } from "../output.ts";
import { parseAmount, parseBps, parseDuration } from "../parse.ts";
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
    .description("deploy the contracts and write <data-dir>/deployments.json (the signer becomes governance)")
    .option("--stake-token <address>", "stake token (default: the test stablecoin, local chains only)")
    .option("--min-stake <amount>", "minimum stake in stake-token units (default: 100 on local chains)")
    .option("--payment-tokens <addresses>", "comma-separated allowed payment tokens (default: the test stablecoin)")
    .option("--fee <share>", "protocol fee, e.g. 1% (default 1%)")
    .option("--acceptance <duration>", "acceptance window (default 7d)")
    .option("--grace <duration>", "late-delivery grace (default 3d)")
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
        const stakeToken = str("stakeToken") ? ctx.address(str("stakeToken") as string, "--stake-token") : undefined;
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
        const deployment = await deployDipnet({
          walletClient,
          publicClient,
          stakeToken,
          minStake,
          paymentTokens: str("paymentTokens")
            ?.split(",")
            .map((t) => ctx.address(t.trim(), "--payment-tokens")),
          marketParameters: {
            feeBps: str("fee") ? parseBps(str("fee") as string, "--fee") : undefined,
            acceptanceWindow: str("acceptance")
              ? parseDuration(str("acceptance") as string, "--acceptance")
              : undefined,
            lateGrace: str("grace") ? parseDuration(str("grace") as string, "--grace") : undefined,
          },
        });
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
