import {
  canonicalDocumentJson,
  claimSlashed,
  depositStake,
  formatTokenAmount,
  formatUtc,
  grantRoles,
  InvalidParameterError,
  participant,
  register,
  roles,
  smallFileCid,
  updateProfile,
  withdrawStake,
} from "@dipnet/sdk";
import { createDocumentStore } from "@dipnet/sdk/node";
import { type Hex, isHex, zeroHash } from "viem";
import { txLine } from "../output.ts";
import { parseAmount, parseContentHash, parseNodeAddresses, parseRoles, profileDocumentFile } from "../parse.ts";
import type { Register } from "./types.ts";

type ProfileOptions = { profile?: string; profileUri?: string; encryptionKey?: string; ipfs?: string };

/**
 * The profile's hash, URI and encryption key. With `--ipfs` the profile document names the node's
 * libp2p addresses (`node.ipfs`), is kept in the data dir's document store (the node there offers it
 * to its peers) and is registered as `ipfs://<cid>`, so other nodes fetch it and dial those addresses.
 */
async function profileArgs(opts: ProfileOptions, dataDir: string) {
  const key = opts.encryptionKey;
  if (key !== undefined && (!isHex(key) || key.length !== 66)) {
    throw new InvalidParameterError("--encryption-key", "must be a 0x-prefixed 32-byte X25519 public key");
  }
  const encryptionKey = (key ?? zeroHash) as Hex;
  if (opts.ipfs === undefined)
    return {
      profileHash: opts.profile ? parseContentHash(opts.profile, "--profile") : zeroHash,
      profileURI: opts.profileUri ?? "",
      encryptionKey,
    };
  const ipfs = parseNodeAddresses(opts.ipfs, "--ipfs");
  const base = opts.profile === undefined ? {} : profileDocumentFile(opts.profile, "--profile");
  const node = typeof base.node === "object" && base.node !== null ? base.node : {};
  const document = { ...base, node: { ...node, ipfs } };
  const profileHash = createDocumentStore(dataDir).put(document);
  const cid = smallFileCid(new TextEncoder().encode(canonicalDocumentJson(document)));
  return { profileHash, profileURI: opts.profileUri ?? `ipfs://${cid}`, encryptionKey };
}

export const registerParticipant: Register = (program, act) => {
  const p = program.command("participant").description("join the network and manage your profile");
  const profileOptions = (c: ReturnType<typeof p.command>) =>
    c
      .option("--profile <file|0xhash|text:…>", "profile document (hashed on chain)")
      .option("--profile-uri <uri>", "where the profile document can be fetched")
      .option("--encryption-key <0x…>", "X25519 public key for encrypted file sharing")
      .option(
        "--ipfs <multiaddrs>",
        "your node's libp2p addresses (/ip4/…/tcp/…/p2p/…, comma-separated), put into the profile so other nodes dial it",
      );

  profileOptions(
    p
      .command("register")
      .description("register as customer and/or manufacturer")
      .requiredOption("--roles <roles>", "customer,manufacturer"),
  ).action(
    act(async (ctx, opts: ProfileOptions & { roles: string }) => {
      const bits = parseRoles(opts.roles, "--roles", roles);
      const client = await ctx.signer();
      const profile = await profileArgs(opts, ctx.dataDir);
      const r = await register(client, { roles: bits, ...profile });
      return {
        json: {
          account: client.account.address,
          roles: bits,
          profileHash: profile.profileHash,
          profileURI: profile.profileURI,
          hash: r.hash,
          blockNumber: r.blockNumber,
        },
        human: [`${ctx.label(client.account.address)} registered as ${opts.roles}`, txLine(r)],
      };
    }),
  );

  profileOptions(p.command("update").description("replace your profile and encryption key")).action(
    act(async (ctx, opts: ProfileOptions) => {
      const client = await ctx.signer();
      const profile = await profileArgs(opts, ctx.dataDir);
      const r = await updateProfile(client, profile);
      return {
        json: {
          profileHash: profile.profileHash,
          profileURI: profile.profileURI,
          hash: r.hash,
          blockNumber: r.blockNumber,
        },
        human: [
          `profile updated: ${profile.profileHash}${profile.profileURI ? ` at ${profile.profileURI}` : ""}`,
          txLine(r),
        ],
      };
    }),
  );

  p.command("grant-roles")
    .description("take on more roles")
    .requiredOption("--roles <roles>", "customer,manufacturer")
    .action(
      act(async (ctx, opts: { roles: string }) => {
        const r = await grantRoles(await ctx.signer(), { roles: parseRoles(opts.roles, "--roles", roles) });
        return {
          json: { hash: r.hash, blockNumber: r.blockNumber },
          human: [`roles granted: ${opts.roles}`, txLine(r)],
        };
      }),
    );

  p.command("show")
    .description("show a participant (default: the signer)")
    .argument("[account]", "name or address")
    .action(
      act(async (ctx, account: string | undefined) => {
        const address = account ? ctx.address(account, "account") : (await ctx.signerAccount()).address;
        const info = await participant(await ctx.reader(), { account: address });
        const stake = await ctx.stakeToken();
        return {
          json: info,
          human: info.registered
            ? [
                `${ctx.label(address)}: ${info.roleNames.join(", ")}, registered ${formatUtc(info.registeredAt)}`,
                `  stake ${formatTokenAmount(info.stake, stake)} (free ${formatTokenAmount(info.free, stake)}, locked ${formatTokenAmount(info.locked, stake)})`,
                `  slashed stake to claim ${formatTokenAmount(info.slashed, stake)}`,
                `  profile ${info.profileHash}`,
              ]
            : [
                `${ctx.label(address)} is not registered`,
                ...(info.slashed > 0n ? [`  slashed stake to claim ${formatTokenAmount(info.slashed, stake)}`] : []),
              ],
        };
      }),
    );

  const stake = program.command("stake").description("manufacturer stake that backs order bonds");
  stake
    .command("deposit")
    .description("post stake (approves the registry first if needed)")
    .argument("<amount>", "in stake-token units, e.g. 1000")
    .action(
      act(async (ctx, amountText: string) => {
        const token = await ctx.stakeToken();
        const amount = parseAmount(amountText, token.decimals, "amount");
        const r = await depositStake(await ctx.signer(), { amount });
        return {
          json: { amount, hash: r.hash, blockNumber: r.blockNumber, approval: r.approval?.hash },
          human: [`staked ${formatTokenAmount(amount, token)}`, txLine(r)],
        };
      }),
    );
  stake
    .command("withdraw")
    .description("take back free stake")
    .argument("<amount>", "in stake-token units")
    .action(
      act(async (ctx, amountText: string) => {
        const token = await ctx.stakeToken();
        const amount = parseAmount(amountText, token.decimals, "amount");
        const r = await withdrawStake(await ctx.signer(), { amount });
        return {
          json: { amount, hash: r.hash, blockNumber: r.blockNumber },
          human: [`unstaked ${formatTokenAmount(amount, token)}`, txLine(r)],
        };
      }),
    );
  stake
    .command("claim")
    .description("claim stake slashed to you")
    .action(
      act(async (ctx) => {
        const token = await ctx.stakeToken();
        const r = await claimSlashed(await ctx.signer());
        return {
          json: { amount: r.amount, hash: r.hash, blockNumber: r.blockNumber },
          human: [`claimed ${formatTokenAmount(r.amount, token)} of slashed stake`, txLine(r)],
        };
      }),
    );
};
