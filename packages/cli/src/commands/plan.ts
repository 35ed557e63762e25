import { readFileSync } from "node:fs";
import { parseFjs, solveFjsp } from "@dipnet/planner";
import { InvalidParameterError } from "@dipnet/sdk";
import type { Register } from "./types.ts";

function positiveNumber(value: string, field: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidParameterError(field, "must be a positive number");
  return n;
}

export const registerPlan: Register = (program, act) => {
  const plan = program.command("plan").description("production planning");
  plan
    .command("fjsp")
    .description("solve a flexible job shop instance (.fjs, Brandimarte/Hurink format) for makespan, on one core")
    .argument("<file>", ".fjs instance")
    .option("--time-limit <seconds>", "stop searching after this long", "10")
    .option("--seed <n>", "random seed: same seed, same search", "1")
    .action(
      act(async (_ctx, file: string, o: { timeLimit: string; seed: string }) => {
        let text: string;
        try {
          text = readFileSync(file, "utf8");
        } catch {
          throw new InvalidParameterError("file", `cannot read ${file}`);
        }
        const seed = Number(o.seed);
        if (!Number.isSafeInteger(seed)) throw new InvalidParameterError("seed", "must be an integer");
        const timeLimitMs = positiveNumber(o.timeLimit, "time-limit") * 1000;
        const result = solveFjsp(parseFjs(text), { timeLimitMs, seed });
        return {
          json: { makespan: result.makespan, operations: result.operations },
          human: [
            `makespan ${result.makespan}`,
            ...result.operations.map(
              (op) => `  job ${op.job} op ${op.op} → machine ${op.machine}  ${op.start}–${op.end}`,
            ),
          ],
        };
      }),
    );
};
