import { spawn } from "node:child_process";
import { delimiter, dirname, join } from "node:path";
import { repoRoot } from "./paths.ts";

/** Options of {@link run}. */
export interface RunOptions {
  /** Working directory. Default: the repository root. */
  cwd?: string;
  /** Extra environment variables, on top of {@link toolEnv}. Default: none. */
  env?: Record<string, string>;
  /** Stop the command (SIGTERM, then SIGKILL 10 s later) after this long. Default: no limit. */
  timeoutMs?: number;
  /** Stops the command (SIGTERM) when aborted. Default: none. */
  signal?: AbortSignal;
}

/** Exit code and combined stdout + stderr of a finished command. */
export interface RunResult {
  code: number;
  output: string;
}

/**
 * Environment for child tools: the running Node (22) and `node_modules/.bin` first on PATH, so a
 * `#!/usr/bin/env node` script or a nested `npm` never falls back to the system Node 20.
 */
export function toolEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const path = [dirname(process.execPath), join(repoRoot, "node_modules", ".bin"), process.env.PATH ?? ""];
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: path.join(delimiter), ...extra };
  // Keep colours when a person is watching; the parsers strip them.
  if (process.stdout.isTTY && env.FORCE_COLOR === undefined && env.NO_COLOR === undefined) env.FORCE_COLOR = "1";
  return env;
}

/**
 * Runs a command, streaming its output to this process's stdout/stderr while capturing it.
 * Resolves (never rejects) with the exit code; a command that cannot start yields code 127.
 */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: toolEnv(options.env),
      stdio: ["ignore", "pipe", "pipe"],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const chunks: string[] = [];
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      chunks.push(chunk);
      process.stdout.write(chunk);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      chunks.push(chunk);
      process.stderr.write(chunk);
    });
    child.on("error", (error) => {
      if (error.name === "AbortError") return;
      chunks.push(`could not run ${command}: ${error.message}\n`);
      process.stderr.write(`could not run ${command}: ${error.message}\n`);
    });
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            const message = `\n${command} took longer than ${Math.round((options.timeoutMs ?? 0) / 60_000)} min; stopping it\n`;
            chunks.push(message);
            process.stderr.write(message);
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
          }, options.timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? 124 : (code ?? (signal ? 128 : 127)), output: chunks.join("") });
    });
  });
}
