export type { CliIo } from "./context.ts";
export { buildProgram, describeError, processIo, run } from "./main.ts";
