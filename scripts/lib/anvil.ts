import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { devAccountNames, devMnemonic } from "@dipnet/sdk/node";
import { repoRoot } from "./paths.ts";

/** A failure to start or stop the embedded chain, with a message meant for the user. */
export class AnvilError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "AnvilError";
  }
}

const archNames: Record<string, string> = { x64: "amd64", arm64: "arm64" };

/**
 * Path of the anvil executable shipped in `@foundry-rs/anvil`'s platform package, run directly rather
 * than through the package's Node wrapper so that signals reach anvil itself.
 */
export function anvilBinary(): string {
  const require = createRequire(join(repoRoot, "package.json"));
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

/** Parameters of {@link startAnvil}. */
export interface StartAnvilParameters {
  host: string;
  port: number;
  chainId: number;
  /** Chain state file, loaded at start when present and written every `stateIntervalSeconds` and at exit. */
  stateFile: string;
  /** File that receives anvil's own output (appended). */
  logFile: string;
  /**
   * File holding the running anvil's pid, removed when it stops. An anvil left running by a caller that
   * was killed (kill -9) is found through it and stopped, state saved, before a new one starts.
   */
  pidFile: string;
  /** Seconds between state dumps: bounds what a kill -9 can lose. Default: 1. */
  stateIntervalSeconds?: number;
  /** How long to wait for the RPC to answer. Default: 60,000 ms (loading a large state takes a while). */
  readyTimeoutMs?: number;
}

/** A running embedded chain. */
export interface Anvil {
  rpcUrl: string;
  pid: number;
  /** Resolves with the exit code (or signal name) when anvil exits, for whatever reason. */
  exited: Promise<number | string>;
  /** Stops anvil with SIGTERM so it writes its state, escalating to SIGKILL after `timeoutMs` (default 15,000). */
  stop(timeoutMs?: number): Promise<void>;
}

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

/** Returns the chain id the RPC at `url` reports, or undefined when it does not answer. */
export async function rpcChainId(url: string, timeoutMs = 2_000): Promise<number | undefined> {
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

/** Whether anvil's output from byte `start` of `logFile` on says it is listening. */
function listening(logFile: string, start: number): boolean {
  return readFileSync(logFile).subarray(start).includes("Listening on ");
}

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
async function stopOrphan(pidFile: string, stateFile: string, log: (message: string) => void): Promise<void> {
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
 * Starts anvil and resolves once its RPC answers with the expected chain id.
 *
 * Anvil runs in its own process group, so a Ctrl-C in the terminal reaches only the caller, which
 * decides the order of shutdown through {@link Anvil.stop}.
 */
export async function startAnvil(
  parameters: StartAnvilParameters,
  log: (message: string) => void = () => {},
): Promise<Anvil> {
  const { host, port, chainId, stateFile, logFile, pidFile } = parameters;
  const rpcUrl = `http://${host}:${port}`;
  await stopOrphan(pidFile, stateFile, log);
  if (await portInUse(host, port)) {
    throw new AnvilError(
      `${host}:${port} is already in use: is another \`npm start\` running? Stop it, or choose another port with --chain-port`,
    );
  }

  const binary = anvilBinary();
  // Where this anvil's own output starts in the (appended) log: its "Listening on" line there proves
  // that it bound the port itself, so a chain another process started on the port meanwhile is
  // never taken for ours.
  const logStart = existsSync(logFile) ? statSync(logFile).size : 0;
  const logFd = openSync(logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn(
      binary,
      [
        "--host",
        host,
        "--port",
        String(port),
        "--chain-id",
        String(chainId),
        // Every named dev account of the SDK (deployer, alice, bob, …) gets 10,000 ETH at genesis.
        "--mnemonic",
        devMnemonic,
        "--accounts",
        String(devAccountNames.length),
        "--state",
        stateFile,
        "--state-interval",
        String(parameters.stateIntervalSeconds ?? 1),
        // No CORS headers: no web page may call the chain (anvil_* included); browsers use the
        // node's /rpc gateway, which forwards only read and raw-transaction methods.
        "--no-cors",
      ],
      { stdio: ["ignore", logFd, logFd], detached: true },
    );
  } finally {
    closeSync(logFd);
  }

  const exited = new Promise<number | string>((resolve) => {
    child.once("error", (error) => resolve(`spawn error: ${error.message}`));
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown"));
  });
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    rmSync(pidFile, { force: true });
  });
  if (child.pid !== undefined) writeFileSync(pidFile, `${child.pid}\n`);

  const stop = async (timeoutMs = 15_000): Promise<void> => {
    if (hasExited) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (parameters.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (hasExited) {
      throw new AnvilError(
        `anvil exited (${await exited}) before its RPC answered; its log (${logFile}) ends:\n${tail(logFile)}`,
      );
    }
    const answered = listening(logFile, logStart) ? await rpcChainId(rpcUrl, 1_000) : undefined;
    if (answered === chainId) break;
    if (answered !== undefined) {
      await stop();
      throw new AnvilError(`anvil at ${rpcUrl} reports chain id ${answered}, expected ${chainId}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new AnvilError(`anvil did not answer on ${rpcUrl} in time; its log (${logFile}) ends:\n${tail(logFile)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  if (child.pid === undefined) throw new AnvilError("anvil started without a process id");
  return { rpcUrl, pid: child.pid, exited, stop };
}
