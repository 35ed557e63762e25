// The one anvil launcher: ephemeral chains for tests (`@dipnet/sdk/testing`) and the persistent
// embedded chain of `npm start` are the same process started with different options.
import { type ChildProcess, spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { devAccountNames, devMnemonic } from "./devAccounts.ts";

/** A failure to start or stop anvil, with a message meant for the user. */
export class AnvilError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "AnvilError";
  }
}

/** The port asked for is taken by another process. */
export class AnvilPortInUseError extends AnvilError {}

const archNames: Record<string, string> = { x64: "amd64", arm64: "arm64" };

/**
 * Path of the anvil executable shipped in `@foundry-rs/anvil`'s platform package, run directly rather
 * than through the package's Node wrapper, so that signals reach anvil itself and killing the caller's
 * child never orphans it.
 */
function anvilBinary(): string {
  const require = createRequire(import.meta.url);
  let wrapperDir: string;
  try {
    wrapperDir = dirname(require.resolve("@foundry-rs/anvil/package.json"));
  } catch (cause) {
    throw new AnvilError("@foundry-rs/anvil is not installed; run `npm start` or `npm test` to install it", {
      cause,
    });
  }
  const pkg = `@foundry-rs/anvil-${process.platform}-${archNames[process.arch] ?? process.arch}`;
  const exe = process.platform === "win32" ? "anvil.exe" : "anvil";
  try {
    return createRequire(join(wrapperDir, "package.json")).resolve(`${pkg}/bin/${exe}`);
  } catch (cause) {
    throw new AnvilError(`anvil has no binary for ${process.platform}/${process.arch} (${pkg} is not installed)`, {
      cause,
    });
  }
}

/** A chain kept across runs: what `npm start` needs on top of a test chain. */
export type PersistentChain = {
  /** Chain state, loaded at start when present and written every `stateIntervalSeconds` and at exit. */
  stateFile: string;
  /** Receives anvil's own output (appended). */
  logFile: string;
  /**
   * Holds the running anvil's pid, removed when it stops. An anvil left running by a caller that was
   * killed (kill -9) is found through it and stopped, state saved, before a new one starts.
   */
  pidFile: string;
  /** Seconds between state dumps: bounds what a kill -9 can lose. Default: 1. */
  stateIntervalSeconds?: number | undefined;
};

/** Options of {@link startAnvil}. */
export type StartAnvilOptions = {
  /** Default: 127.0.0.1. */
  host?: string | undefined;
  /**
   * Default: 0, a port anvil picks itself, so it can never be mistaken for another chain that took a
   * port between a check and the spawn (found through /proc on Linux, else from its output).
   */
  port?: number | undefined;
  /** Default: 31337. */
  chainId?: number | undefined;
  /** Funded accounts of the development mnemonic. Default: the SDK's named dev accounts. */
  accounts?: number | undefined;
  /** Keep the chain in files across runs; without it the chain lives as long as the process. */
  persist?: PersistentChain | undefined;
  /** How long to wait for the RPC to answer. Default: 60,000 ms (loading a large state takes a while). */
  readyTimeoutMs?: number | undefined;
  /** More anvil arguments (e.g. `--base-fee 0`). */
  args?: readonly string[] | undefined;
  /** Progress messages. Default: none. */
  log?: ((message: string) => void) | undefined;
};

/** A running anvil. */
export type Anvil = {
  rpcUrl: string;
  port: number;
  /** The anvil process, which itself bound `port`. */
  pid: number;
  /** Resolves with the exit code (or signal name) when anvil exits, for whatever reason. */
  exited: Promise<number | string>;
  /** Stops anvil with SIGTERM (a persistent chain writes its state), SIGKILL after `timeoutMs` (default 15,000). */
  stop: (timeoutMs?: number) => Promise<void>;
};

/** Whether something accepts TCP connections on host:port. */
export function portInUse(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** The chain id the RPC at `url` reports, or undefined when it does not answer. */
async function rpcChainId(url: string, timeoutMs = 2_000): Promise<number | undefined> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json()) as { result?: unknown };
    return typeof body.result === "string" ? Number(BigInt(body.result)) : undefined;
  } catch {
    return undefined;
  }
}

/** The TCP port `pid` listens on, from /proc (Linux); undefined while it listens on none. */
function listeningPort(pid: number): number | undefined {
  const sockets = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (link.startsWith("socket:[")) sockets.add(link.slice(8, -1));
      } catch {} // closed meanwhile
    }
  } catch {
    return undefined; // exited meanwhile
  }
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local address (hex ip:port), state 0A = LISTEN, inode
      if (fields[3] === "0A" && sockets.has(fields[9] ?? ""))
        return Number.parseInt(fields[1]?.split(":")[1] ?? "", 16);
    }
  }
  return undefined;
}

/** The port in anvil's "Listening on host:port" line, in `output`. */
const announcedPort = (output: string): number | undefined => {
  const match = /Listening on [^\s]+:(\d+)/.exec(output);
  return match ? Number(match[1]) : undefined;
};

function tail(file: string, lines = 15): string {
  if (!existsSync(file)) return "";
  return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops an anvil that a killed predecessor left running on the same state file, so that its state is
 * saved and its port freed. Only a process whose command line names `stateFile` is touched (checked
 * through /proc where it exists); on other systems, a live pid from the file is left alone.
 */
async function stopOrphan({ pidFile, stateFile }: PersistentChain, log: (message: string) => void): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8"), 10);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    let ours = false;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      ours = cmdline.some((arg) => arg.endsWith("anvil")) && cmdline.includes(stateFile);
    } catch {
      ours = false;
    }
    if (!ours) return;
    log(`stopping the chain left running by a previous run (anvil, pid ${pid})…`);
    process.kill(pid, "SIGTERM");
    const deadline = Date.now() + 15_000;
    while (isAlive(pid)) {
      if (Date.now() > deadline) {
        process.kill(pid, "SIGKILL");
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  rmSync(pidFile, { force: true });
}

/**
 * Starts anvil with the development mnemonic's accounts funded and CORS off (no web page may call
 * the chain, anvil_* included; browsers use the node's /rpc gateway), and resolves once its RPC
 * answers with the expected chain id. Without `persist` anvil stays silent where /proc shows its
 * port (its request log costs about a quarter of a test's transaction rate) and dies with the
 * caller; with it, anvil runs in its own process group, so a Ctrl-C reaches only the caller, which
 * decides the order of shutdown through {@link Anvil.stop}.
 * @example const chain = await startAnvil({ port: 8545, persist: { stateFile, logFile, pidFile } });
 */
export async function startAnvil(options: StartAnvilOptions = {}): Promise<Anvil> {
  const host = options.host ?? "127.0.0.1";
  const chainId = options.chainId ?? 31337;
  const { persist } = options;
  const log = options.log ?? (() => {});
  if (persist) await stopOrphan(persist, log);
  if (options.port && (await portInUse(host, options.port))) {
    throw new AnvilPortInUseError(`${host}:${options.port} is already in use`);
  }
  const silent = !persist && existsSync("/proc/self/fd");
  const args = [
    ...["--host", host, "--port", String(options.port ?? 0), "--chain-id", String(chainId)],
    ...["--mnemonic", devMnemonic, "--accounts", String(options.accounts ?? devAccountNames.length)],
    "--no-cors",
    ...(persist
      ? ["--state", persist.stateFile, "--state-interval", String(persist.stateIntervalSeconds ?? 1)]
      : silent
        ? ["--silent"]
        : []),
    ...(options.args ?? []),
  ];
  // Where this anvil's own output starts in an appended log: its "Listening on" line there proves
  // that it bound the port itself, so a chain another process started on the port meanwhile is
  // never taken for ours.
  const logStart = persist && existsSync(persist.logFile) ? statSync(persist.logFile).size : 0;
  const logFd = persist ? openSync(persist.logFile, "a") : undefined;
  let child: ChildProcess;
  try {
    child = spawn(anvilBinary(), args, {
      stdio: ["ignore", logFd ?? (silent ? "ignore" : "pipe"), logFd ?? "ignore"],
      detached: persist !== undefined,
    });
  } finally {
    if (logFd !== undefined) closeSync(logFd);
  }
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    if (announcedPort(output) === undefined) output += chunk.toString();
  });

  const exited = new Promise<number | string>((resolve) => {
    child.once("error", (error) => resolve(`spawn error: ${error.message}`));
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown"));
  });
  let hasExited = false;
  // A test run that ends or crashes must not leave its chain behind; a persistent chain is stopped
  // by its caller (and found through its pid file if the caller was killed).
  const killOnExit = () => child.kill("SIGTERM");
  if (!persist) process.once("exit", killOnExit);
  void exited.then(() => {
    hasExited = true;
    process.off("exit", killOnExit);
    if (persist) rmSync(persist.pidFile, { force: true });
  });
  if (persist && child.pid !== undefined) writeFileSync(persist.pidFile, `${child.pid}\n`);

  const stop = async (timeoutMs = 15_000): Promise<void> => {
    if (hasExited) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    await exited;
    clearTimeout(timer);
  };
  const failure = (reason: string) =>
    new AnvilError(persist ? `${reason}; its log (${persist.logFile}) ends:\n${tail(persist.logFile)}` : reason);

  const portNow = (): number | undefined => {
    if (persist) {
      return readFileSync(persist.logFile).subarray(logStart).includes("Listening on ") ? options.port : undefined;
    }
    return silent ? listeningPort(child.pid ?? 0) : announcedPort(output);
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (hasExited) throw failure(`anvil exited (${await exited}) before its RPC answered`);
    const port = portNow();
    const rpcUrl = port === undefined ? undefined : `http://${host}:${port}`;
    const answered = rpcUrl ? await rpcChainId(rpcUrl, 1_000) : undefined;
    if (rpcUrl && port !== undefined && answered === chainId) {
      if (child.pid === undefined) throw new AnvilError("anvil started without a process id");
      return { rpcUrl, port, pid: child.pid, exited, stop };
    }
    if (answered !== undefined) {
      await stop();
      throw new AnvilError(`anvil at ${rpcUrl} reports chain id ${answered}, expected ${chainId}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw failure(`anvil did not answer on ${rpcUrl ?? `${host} (no port yet)`} in time`);
    }
    await new Promise((resolve) => setTimeout(resolve, persist ? 100 : 20));
  }
}
