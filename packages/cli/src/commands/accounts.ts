import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AccountError, InvalidParameterError, localChainIds } from "@dipnet/sdk";
import { devAccounts, encryptKeystore, readDeployment } from "@dipnet/sdk/node";
import { type Hex, isHex } from "viem";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import type { Context } from "../context.ts";
import { table } from "../output.ts";
import type { Register } from "./types.ts";

const NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/i;

async function saveKeystore(ctx: Context, name: string, key: Hex) {
  if (!NAME.test(name)) throw new InvalidParameterError("--name", `"${name}" must be 1-32 letters, digits, - or _`);
  const file = path.join(ctx.keystoreDir, `${name}.json`);
  if (existsSync(file)) throw new InvalidParameterError("--name", `a keystore "${name}" already exists (${file})`);
  const password = await ctx.password(`new keystore "${name}"`);
  if (password.length < 8) throw new InvalidParameterError("password", "must have at least 8 characters");
  const scryptN = ctx.io.env.DIPNET_KEYSTORE_SCRYPT_N ? Number(ctx.io.env.DIPNET_KEYSTORE_SCRYPT_N) : undefined;
  const keystore = await encryptKeystore(key, password, { scryptN });
  mkdirSync(ctx.keystoreDir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(keystore, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
  const address = privateKeyToAddress(key);
  return { json: { name, address, file }, human: [`keystore "${name}" created for ${address}`, `  ${file}`] };
}

export const registerAccounts: Register = (program, act) => {
  const accounts = program.command("accounts").description("local dev accounts and encrypted keystores");

  accounts
    .command("list")
    .description("list dev accounts (local chains) and keystore accounts")
    .action(
      act(async (ctx) => {
        let local = true;
        try {
          local = localChainIds.includes(readDeployment(path.join(ctx.dataDir, "deployments.json")).chainId);
        } catch {
          // No deployment yet: assume a local chain for listing.
        }
        const dev = local
          ? Object.entries(devAccounts()).map(([name, a]) => ({ name, address: a.address, kind: "dev" }))
          : [];
        const stored = ctx.keystores().map((k) => ({ name: k.name, address: k.address, kind: "keystore" }));
        const all = [...dev, ...stored];
        return { json: all, human: table(all.map((a) => [a.name, a.address, a.kind])) };
      }),
    );

  accounts
    .command("new")
    .description("create a key and store it in an encrypted keystore (password: DIPNET_PASSWORD or prompt)")
    .requiredOption("--name <name>", "keystore name")
    .action(act(async (ctx, opts: { name: string }) => saveKeystore(ctx, opts.name, generatePrivateKey())));

  accounts
    .command("import")
    .description("import a private key (DIPNET_PRIVATE_KEY or prompt) into an encrypted keystore")
    .requiredOption("--name <name>", "keystore name")
    .action(
      act(async (ctx, opts: { name: string }) => {
        let key = ctx.io.env.DIPNET_PRIVATE_KEY;
        if (key === undefined) {
          if (!ctx.io.prompt) throw new AccountError("set DIPNET_PRIVATE_KEY or run in a terminal to enter the key");
          key = await ctx.io.prompt("Private key: ");
        }
        key = key.trim();
        if (!isHex(key) || key.length !== 66)
          throw new InvalidParameterError("private key", "must be 0x followed by 64 hex digits");
        return saveKeystore(ctx, opts.name, key);
      }),
    );
};
