// `dipnet key` and `dipnet vault`: the account's encryption key (derived from its signature, public
// half on chain) and encrypted files through a node's IPFS. Plaintext and keys never leave this process.
import { createReadStream, createWriteStream, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { Readable, Writable } from "node:stream";
import {
  AccountError,
  deriveKeyPair,
  encryptionKeyHistory,
  getFile,
  grantFile,
  InvalidParameterError,
  isEncryptionPublicKey,
  participant,
  putFile,
  revokeAccess,
  setEncryptionKey,
  type VaultFileMeta,
  type VaultKeyPair,
} from "@dipnet/sdk";
import type { Account, Address, Hex } from "viem";
import type { Context } from "../context.ts";
import { table, txLine, txOutput } from "../output.ts";
import { parseId } from "../parse.ts";
import type { Register } from "./types.ts";

/** The node's API: `--node`, env DIPNET_API_URL, or the local node. */
export const nodeUrl = (ctx: Context, option: string | undefined) =>
  option ?? ctx.io.env.DIPNET_API_URL ?? "http://127.0.0.1:8080";

/** Every key pair the account has registered (derived again: the signature is deterministic), oldest first. */
export async function ownKeyPairs(ctx: Context, account: Account): Promise<VaultKeyPair[]> {
  const { keys } = await encryptionKeyHistory(await ctx.reader(), { account: account.address });
  const derived = await Promise.all(keys.map((k) => deriveKeyPair({ account, version: k.version })));
  const mine = derived.filter((pair, i) => pair.publicKey === keys[i]?.publicKey);
  if (mine.length === 0)
    throw new AccountError(`${ctx.label(account.address)} has no encryption key registered: run dipnet key setup`);
  return mine;
}

/** The registered encryption key of `address`, or a parameter error naming `option`. */
async function registeredKey(ctx: Context, address: Address, option: string): Promise<Hex> {
  const record = await participant(await ctx.reader(), { account: address });
  if (!isEncryptionPublicKey(record.encryptionKey))
    throw new InvalidParameterError(
      option,
      `${ctx.label(address)} has no encryption key registered (they run dipnet key setup first)`,
    );
  return record.encryptionKey.toLowerCase() as Hex;
}

export const registerVault: Register = (program, act) => {
  const key = program
    .command("key")
    .description("your encryption key: derived from your signature, public half on chain");
  key
    .command("setup")
    .description(
      "derive your encryption key and register its public half (idempotent); --rotate registers a new version",
    )
    .option("--rotate", "register the next key version; files sent to older versions stay readable")
    .action(
      act(async (ctx, o: { rotate?: boolean }) => {
        const signer = await ctx.signer();
        const account = signer.account;
        const { keys } = await encryptionKeyHistory(signer, { account: account.address });
        const current = (await participant(signer, { account: account.address })).encryptionKey.toLowerCase();
        if (!o.rotate && keys.length > 0) {
          const latest = await deriveKeyPair({ account, version: keys.length });
          if (latest.publicKey === current)
            return {
              json: { account: account.address, version: latest.version, publicKey: latest.publicKey, changed: false },
              human: `${ctx.label(account.address)} already has encryption key v${latest.version} ${latest.publicKey}`,
            };
        }
        const pair = await deriveKeyPair({ account, version: keys.length + 1 });
        const r = await setEncryptionKey(signer, { publicKey: pair.publicKey });
        return {
          json: {
            account: account.address,
            version: pair.version,
            publicKey: pair.publicKey,
            changed: true,
            hash: r.hash,
            blockNumber: r.blockNumber,
          },
          human: [
            `${ctx.label(account.address)} registered encryption key v${pair.version} ${pair.publicKey}`,
            txLine(r),
          ],
        };
      }),
    );
  key
    .command("show")
    .description("the registered encryption key of an account (default: yours) and its earlier versions")
    .argument("[address]", "address or account name")
    .action(
      act(async (ctx, who: string | undefined) => {
        const address = who === undefined ? (await ctx.signerAccount()).address : ctx.address(who, "address");
        const { keys } = await encryptionKeyHistory(await ctx.reader(), { account: address });
        const current = (await participant(await ctx.reader(), { account: address })).encryptionKey.toLowerCase();
        const latest = keys.find((k) => k.publicKey === current);
        return {
          json: {
            account: address,
            publicKey: latest ? current : null,
            version: latest?.version ?? null,
            history: keys.map((k) => ({ version: k.version, publicKey: k.publicKey, blockNumber: k.blockNumber })),
          },
          human: latest
            ? [
                `${ctx.label(address)}: encryption key v${latest.version} ${latest.publicKey}`,
                ...keys
                  .filter((k) => k !== latest)
                  .map((k) => `  earlier v${k.version} ${k.publicKey} (block ${k.blockNumber})`),
              ]
            : `${ctx.label(address)} has no encryption key registered`,
        };
      }),
    );

  const vault = program.command("vault").description("encrypted files through your node's IPFS");
  vault
    .command("put")
    .description("encrypt a file here to the recipients' registered keys (and yours) and store it")
    .argument("<file>", "the file to encrypt")
    .option("--to <address...>", "recipients (addresses or account names)", [])
    .option("--node <url>", "the node's API (env DIPNET_API_URL, default http://127.0.0.1:8080)")
    .action(
      act(async (ctx, file: string, o: { to: string[]; node?: string }) => {
        const source = path.resolve(ctx.io.cwd, file);
        let size: number;
        try {
          size = statSync(source).size;
        } catch {
          throw new InvalidParameterError("file", `cannot read "${file}"`);
        }
        const me = await ctx.signerAccount();
        const recipients = [...new Set([me.address, ...o.to.map((to) => ctx.address(to, "--to"))])];
        const keys = await Promise.all(
          recipients.map((a) => registeredKey(ctx, a, a === me.address ? "--as" : "--to")),
        );
        const { cid, size: stored } = await putFile({
          nodeUrl: nodeUrl(ctx, o.node),
          plaintext: Readable.toWeb(createReadStream(source)) as ReadableStream<Uint8Array>,
          recipients: keys,
        });
        return {
          json: {
            cid,
            size,
            ciphertextSize: stored,
            recipients: recipients.map((a, i) => ({ account: a, publicKey: keys[i] })),
          },
          human: [`stored ${cid} (${size} bytes, encrypted to ${recipients.map((a) => ctx.label(a)).join(", ")})`],
        };
      }),
    );
  vault
    .command("get")
    .description("download a file through your node and decrypt it with your key, or with the key a grant sent you")
    .argument("<cid>", "the file's CID")
    .requiredOption("-o, --output <file>", "where to write the plaintext (written whole or not at all)")
    .option("--node <url>", "the node's API (env DIPNET_API_URL, default http://127.0.0.1:8080)")
    .action(
      act(async (ctx, cid: string, o: { output: string; node?: string }) => {
        const me = await ctx.signerAccount();
        const keys = await ownKeyPairs(ctx, me);
        const target = path.resolve(ctx.io.cwd, o.output);
        const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.part`);
        const plaintext = await getFile({ nodeUrl: nodeUrl(ctx, o.node), cid, keys, grantee: me.address });
        try {
          await plaintext.pipeTo(Writable.toWeb(createWriteStream(temp, { flags: "wx" })));
          renameSync(temp, target);
        } catch (error) {
          rmSync(temp, { force: true });
          throw error;
        }
        const size = statSync(target).size;
        return { json: { cid, output: target, size }, human: `wrote ${target} (${size} bytes) from ${cid}` };
      }),
    );
  vault
    .command("grant")
    .description(
      "give an account the key of an order's file: wrapped to its registered key in an envelope stored through your node, the grant recorded on chain",
    )
    .argument("<orderId>")
    .argument("<fileCid>", "the vault file granted (e.g. the order's package CID: dipnet package show)")
    .requiredOption(
      "--to <account>",
      "the grantee: before award an account that accepted the NDA, after award the maker",
    )
    .option("--node <url>", "the node's API (env DIPNET_API_URL, default http://127.0.0.1:8080)")
    .action(
      act(async (ctx, id: string, fileCid: string, o: { to: string; node?: string }) => {
        const orderId = parseId(id, "orderId");
        const grantee = ctx.address(o.to, "--to");
        const signer = await ctx.signer();
        const keys = await ownKeyPairs(ctx, signer.account);
        const r = await grantFile(signer, { nodeUrl: nodeUrl(ctx, o.node), orderId, fileCid, grantee, keys });
        return txOutput(
          [
            `grant #${r.grantId}: ${ctx.label(grantee)} may read ${fileCid} of order #${orderId}`,
            `  key envelope ${r.envelopeCid}`,
          ],
          r,
          { grantId: r.grantId, orderId, fileCid, grantee, envelopeCid: r.envelopeCid },
        );
      }),
    );
  vault
    .command("revoke")
    .description(
      "revoke a grant you made: the grantee gets no key for new versions (a key already downloaded cannot be taken back)",
    )
    .argument("<grantId>")
    .action(
      act(async (ctx, id: string) => {
        const grantId = parseId(id, "grantId");
        const r = await revokeAccess(await ctx.signer(), { grantId });
        return txOutput(`grant #${grantId} revoked`, r, { grantId });
      }),
    );
  vault
    .command("ls")
    .description("files your node holds that are encrypted to any of your keys or that you uploaded")
    .option("--node <url>", "the node's API (env DIPNET_API_URL, default http://127.0.0.1:8080)")
    .action(
      act(async (ctx, o: { node?: string }) => {
        const me = await ctx.signerAccount();
        const { keys } = await encryptionKeyHistory(await ctx.reader(), { account: me.address });
        const base = nodeUrl(ctx, o.node);
        const queries = [...keys.map((k) => `recipient=${k.publicKey}`), `uploader=${me.address.toLowerCase()}`];
        const files = new Map<string, VaultFileMeta>();
        for (const query of queries) {
          const response = await fetch(new URL(`/api/vault/files?${query}`, base));
          if (!response.ok)
            throw new InvalidParameterError("--node", `${base} answered ${response.status} to the vault listing`);
          for (const f of ((await response.json()) as { items: VaultFileMeta[] }).items) files.set(f.cid, f);
        }
        const items = [...files.values()].sort((a, b) => b.createdAt - a.createdAt);
        return {
          json: items,
          human:
            items.length === 0
              ? "no vault files for you on this node"
              : table([
                  ["CID", "BYTES", "RECIPIENTS", "STORED"],
                  ...items.map((f) => [
                    f.cid,
                    String(f.size),
                    String(f.recipients.length),
                    new Date(f.createdAt).toISOString(),
                  ]),
                ]),
        };
      }),
    );
};
