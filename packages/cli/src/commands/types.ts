import type { Command } from "commander";
import type { Context } from "../context.ts";
import type { CommandOutput } from "../output.ts";

/** Wraps a command body: builds the context from global options, prints its output. */
// biome-ignore lint/suspicious/noExplicitAny: commander passes positional args and options untyped.
export type Act = (fn: (ctx: Context, ...args: any[]) => Promise<CommandOutput>) => (...args: any[]) => Promise<void>;

/** Registers a group of commands on `program`. */
export type Register = (program: Command, act: Act) => void;
