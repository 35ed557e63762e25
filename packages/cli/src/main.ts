// dipnet: every DIPNET role's actions from a terminal. `run(argv)` is the whole CLI; the
// launcher in bin/ calls it, tests call it in-process.
import { pathToFileURL } from "node:url";
import { ContractRevertError, DipnetError, InvalidParameterError } from "@dipnet/sdk";
import { Command, CommanderError } from "commander";
import { registerAccounts } from "./commands/accounts.ts";
import { registerCred } from "./commands/cred.ts";
import { registerEdge } from "./commands/edge.ts";
import { registerEvidence } from "./commands/evidence.ts";
import { registerGov } from "./commands/gov.ts";
import { registerIp } from "./commands/ip.ts";
import { registerMachineCommands } from "./commands/machine.ts";
import { registerMarket } from "./commands/market/index.ts";
import { registerMisc } from "./commands/misc.ts";
import { registerNode } from "./commands/node.ts";
import { registerParticipant } from "./commands/participant.ts";
import { registerPlan } from "./commands/plan.ts";
import { registerReputation } from "./commands/reputation.ts";
import { registerRewards } from "./commands/rewards.ts";
import { registerToken } from "./commands/token.ts";
import type { Act } from "./commands/types.ts";
import { registerVault } from "./commands/vault.ts";
import { type CliIo, createContext, terminalPrompt } from "./context.ts";
import { toJson } from "./output.ts";

/** The process's own terminal and environment. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
    cwd: process.cwd(),
    prompt: process.stdin.isTTY ? terminalPrompt : undefined,
  };
}

/** Builds the commander program; output goes through `io`. */
export function buildProgram(io: CliIo): Command {
  const program = new Command("dipnet")
    .description("DIPNET — distributed manufacturing orders settled by smart contracts")
    .option(
      "--as <account>",
      "signer: dev account name (local chains), keystore name, or address (env DIPNET_AS, or DIPNET_PRIVATE_KEY)",
    )
    .option("--json", "machine-readable output")
    .option("--rpc <url>", "JSON-RPC URL (env DIPNET_RPC_URL, default http://127.0.0.1:8545)")
    .option(
      "--data-dir <dir>",
      "data directory holding deployments.json and keystores (env DIPNET_DATA_DIR, default ./.dipnet)",
    )
    .option("--chain-id <id>", "expected chain id (env DIPNET_CHAIN_ID, default from deployments.json)")
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s.trimEnd()),
      writeErr: (s) => io.stderr(s.trimEnd()),
      outputError: () => {},
    });

  const act: Act =
    (fn) =>
    async (...args) => {
      const command = args[args.length - 1] as Command;
      const ctx = createContext(command.optsWithGlobals(), io);
      const out = await fn(ctx, ...args.slice(0, -1));
      io.stdout(ctx.json ? toJson(out.json) : [out.human].flat().join("\n"));
    };
  for (const register of [
    registerAccounts,
    registerParticipant,
    registerMarket,
    registerGov,
    registerToken,
    registerRewards,
    registerMisc,
    registerPlan,
    registerMachineCommands,
    registerNode,
    registerCred,
    registerReputation,
    registerEdge,
    registerEvidence,
    registerIp,
    registerVault,
  ])
    register(program, act);
  // Subcommands inherit the output and exit behaviour.
  const inherit = (cmd: Command) => {
    for (const sub of cmd.commands) {
      sub.exitOverride().configureOutput(program.configureOutput());
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}

/** Error as printed: name, one-line message, decoded arguments. */
export function describeError(error: unknown): { name: string; message: string; args?: Record<string, unknown> } {
  if (error instanceof ContractRevertError)
    return { name: error.errorName, message: error.shortMessage, args: error.args };
  if (error instanceof InvalidParameterError)
    return { name: error.name, message: error.shortMessage, args: { field: error.field, reason: error.reason } };
  if (error instanceof DipnetError) return { name: error.name, message: error.shortMessage };
  if (error instanceof CommanderError) return { name: "UsageError", message: error.message.replace(/^error: /, "") };
  const message = error instanceof Error ? error.message : String(error);
  return { name: error instanceof Error ? error.name : "Error", message: message.split("\n")[0] ?? message };
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. Never throws. */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const json = argv.includes("--json");
  try {
    await buildProgram(io).parseAsync([...argv], { from: "user" });
    return 0;
  } catch (error) {
    if (
      error instanceof CommanderError &&
      (error.exitCode === 0 || error.code === "commander.helpDisplayed" || error.code === "commander.version")
    ) {
      return 0;
    }
    const e = describeError(error);
    if (json) io.stderr(toJson({ error: e }));
    else io.stderr(`error: ${e.message}`);
    if (!json && io.env.DIPNET_DEBUG && error instanceof Error) io.stderr(error.stack ?? "");
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await run(process.argv.slice(2));
}
