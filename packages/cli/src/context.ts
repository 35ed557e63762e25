import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import {
  AccountError,
  checkDeployment,
  createDipnetClient,
  type Deployment,
  type DipnetClient,
  type DipnetReadClient,
  formatAddress,
  getTokenInfo,
  InvalidParameterError,
  localChainIds,
  participantRegistryAbi,
  type TokenInfo,
} from "@dipnet/sdk";
import { decryptKeystore, devAccounts, type KeystoreV3, readDeployment } from "@dipnet/sdk/node";
import { type Account, type Address, getAddress, type Hex, isAddress, isHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

/** Where output goes and what the environment says; injectable so tests run the CLI in-process. */
export type CliIo = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Reads a secret from the terminal; undefined when there is no terminal. */
  prompt?: ((question: string) => Promise<string>) | undefined;
};

/** Global options every command accepts. */
export type GlobalOptions = { as?: string; json?: boolean; rpc?: string; dataDir?: string; chainId?: string };

/** Everything a command needs, resolved lazily from options and environment (parsed once per run). */
export type Context = ReturnType<typeof createContext>;

/** Reads a line from the terminal without echoing it. */
export function terminalPrompt(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stderr.write(question);
    output._writeToOutput = () => {};
    rl.question("", (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    });
  });
}

/** Builds the per-run context from global options and environment. */
export function createContext(options: GlobalOptions, io: CliIo) {
  const env = io.env;
  const dataDir = path.resolve(io.cwd, options.dataDir ?? env.DIPNET_DATA_DIR ?? ".dipnet");
  const rpcUrl = options.rpc ?? env.DIPNET_RPC_URL ?? "http://127.0.0.1:8545";
  const chainIdText = options.chainId ?? env.DIPNET_CHAIN_ID;
  const json = options.json === true;
  const keystoreDir = path.join(dataDir, "keystore");
  let deployment: Deployment | undefined;
  let reader: DipnetReadClient | undefined;
  let checked = false;

  const loadDeployment = (): Deployment => {
    if (deployment) return deployment;
    const d = readDeployment(path.join(dataDir, "deployments.json"));
    if (chainIdText !== undefined) {
      const chainId = Number(chainIdText);
      if (!Number.isSafeInteger(chainId) || chainId <= 0) {
        throw new InvalidParameterError("DIPNET_CHAIN_ID", `"${chainIdText}" is not a chain id`);
      }
      if (chainId !== d.chainId) {
        throw new InvalidParameterError(
          "DIPNET_CHAIN_ID",
          `is ${chainId}, but ${dataDir}/deployments.json is for chain ${d.chainId}`,
        );
      }
    }
    deployment = d;
    return d;
  };
  const isLocal = () => localChainIds.includes(loadDeployment().chainId);

  const keystores = (): { name: string; address: Address; file: string }[] => {
    if (!existsSync(keystoreDir)) return [];
    return readdirSync(keystoreDir)
      .filter((f) => f.endsWith(".json"))
      .flatMap((f) => {
        try {
          const data = JSON.parse(readFileSync(path.join(keystoreDir, f), "utf8")) as KeystoreV3;
          return [
            {
              name: f.slice(0, -5),
              address: getAddress(`0x${data.address.replace(/^0x/, "")}`),
              file: path.join(keystoreDir, f),
            },
          ];
        } catch {
          return [];
        }
      });
  };
  const devByName = (chainId?: number): Record<string, Account> =>
    (chainId !== undefined ? localChainIds.includes(chainId) : isLocal()) ? devAccounts() : {};

  const password = async (purpose: string): Promise<string> => {
    const fromEnv = env.DIPNET_PASSWORD;
    if (fromEnv !== undefined) return fromEnv;
    if (!io.prompt) throw new AccountError(`${purpose} needs a password: set DIPNET_PASSWORD or run in a terminal`);
    return io.prompt(`Password for ${purpose}: `);
  };

  const unlock = async (entry: { name: string; file: string }): Promise<Account> => {
    const keystore = JSON.parse(readFileSync(entry.file, "utf8")) as KeystoreV3;
    return privateKeyToAccount(await decryptKeystore(keystore, await password(`keystore "${entry.name}"`)));
  };

  const ctx = {
    io,
    json,
    dataDir,
    rpcUrl,
    keystoreDir,
    deployment: loadDeployment,
    isLocal,
    keystores,
    password,

    /** A read-only client, checked once against the chain. */
    async reader(): Promise<DipnetReadClient> {
      reader ??= createDipnetClient({ rpcUrl, deployment: loadDeployment(), pollingInterval: 200, nameOf: ctx.nameOf });
      if (!checked) {
        await checkDeployment(reader);
        checked = true;
      }
      return reader;
    },

    /**
     * The signer chosen by `--as` (dev name, keystore name or address) or DIPNET_PRIVATE_KEY. Dev
     * accounts exist only on local chains (`chainId`, default the deployment's).
     */
    async signerAccount(chainId?: number): Promise<Account> {
      const as = options.as ?? env.DIPNET_AS;
      if (as === undefined) {
        const key = env.DIPNET_PRIVATE_KEY;
        if (key === undefined) {
          throw new AccountError("no signer: pass --as <name|address> or set DIPNET_PRIVATE_KEY");
        }
        if (!isHex(key) || key.length !== 66)
          throw new InvalidParameterError("DIPNET_PRIVATE_KEY", "must be a 0x-prefixed 32-byte hex key");
        return privateKeyToAccount(key as Hex);
      }
      const stored = keystores();
      const byName = stored.find((k) => k.name === as);
      if (byName) return unlock(byName);
      const dev = devByName(chainId)[as];
      if (dev) return dev;
      if (isAddress(as, { strict: false })) {
        const address = getAddress(as);
        const devMatch = Object.values(devByName(chainId)).find((a) => a.address === address);
        if (devMatch) return devMatch;
        const ks = stored.find((k) => k.address === address);
        if (ks) return unlock(ks);
        throw new AccountError(`--as ${as}: no key for this address (import it with dipnet accounts import)`);
      }
      const hint = chainId !== undefined || isLocal() ? "a dev account (alice, bob, …), " : "";
      throw new AccountError(`--as ${as}: unknown account; use ${hint}a keystore name or an address`);
    },

    /** A client that signs as the chosen account. */
    async signer(): Promise<DipnetClient> {
      const account = await ctx.signerAccount();
      await ctx.reader();
      return createDipnetClient({
        rpcUrl,
        deployment: loadDeployment(),
        account,
        pollingInterval: 200,
        nameOf: ctx.nameOf,
      });
    },

    /** Name of a known address (dev account or keystore). */
    nameOf(address: Address): string | undefined {
      const a = getAddress(address);
      try {
        const contract = Object.entries(loadDeployment().contracts).find(([, c]) => c && getAddress(c) === a);
        if (contract) return contract[0];
      } catch {
        // No deployment: no contract names.
      }
      const ks = keystores().find((k) => k.address === a);
      if (ks) return ks.name;
      try {
        return Object.entries(devByName()).find(([, acc]) => acc.address === a)?.[0];
      } catch {
        return undefined;
      }
    },

    /** Renders an address with its name when known. */
    label(address: Address): string {
      return formatAddress(address, ctx.nameOf);
    },

    /**
     * Resolves a name or address given for `option`. Dev account names count on local chains
     * (`chainId`, default the deployment's).
     */
    address(value: string, option: string, chainId?: number): Address {
      if (isAddress(value, { strict: false })) return getAddress(value);
      const ks = keystores().find((k) => k.name === value);
      if (ks) return ks.address;
      const dev = devByName(chainId)[value];
      if (dev) return dev.address;
      throw new InvalidParameterError(option, `"${value}" is neither an address nor a known account name`);
    },

    /** Resolves `--token` (an address or the test stablecoin's symbol); default the test stablecoin. */
    token(value: string | undefined, option = "--token"): Address {
      const stablecoin = loadDeployment().contracts.testStablecoin;
      if (value === undefined || value.toLowerCase() === "tusd") {
        if (!stablecoin) throw new InvalidParameterError(option, "required: this deployment has no test stablecoin");
        return stablecoin;
      }
      if (isAddress(value, { strict: false })) return getAddress(value);
      throw new InvalidParameterError(option, `"${value}" is not a token address`);
    },

    async tokenInfo(token: Address): Promise<TokenInfo> {
      return getTokenInfo(await ctx.reader(), token);
    },

    async stakeToken(): Promise<TokenInfo> {
      const r = await ctx.reader();
      const token = await r.publicClient.readContract({
        address: r.deployment.contracts.participantRegistry,
        abi: participantRegistryAbi,
        functionName: "stakeToken",
      });
      return getTokenInfo(r, token);
    },

    /** Latest block time: relative dates count from chain time, not the wall clock. */
    async now(): Promise<bigint> {
      const r = await ctx.reader();
      return (await r.publicClient.getBlock()).timestamp;
    },

    /** Reads a JSON file from the data directory; `fallback` when absent. */
    readJson<T>(name: string, fallback: T): T {
      const file = path.join(dataDir, name);
      return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : fallback;
    },

    /** Writes a JSON file in the data directory atomically (temp file + rename). */
    writeJson(name: string, data: unknown, mode?: number): void {
      const file = path.join(dataDir, name);
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify(data, null, 2)}\n`, mode !== undefined ? { mode } : {});
      renameSync(temp, file);
    },
  };
  return ctx;
}

/** Token machine rates are quoted in: the deployment's test stablecoin, else 6-decimal USD. */
export async function rateToken(ctx: Context): Promise<Pick<TokenInfo, "symbol" | "decimals">> {
  const stable = ctx.deployment().contracts.testStablecoin;
  return stable ? ctx.tokenInfo(stable) : { symbol: "USD", decimals: 6 };
}
