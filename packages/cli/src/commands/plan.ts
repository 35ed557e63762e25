import { readFileSync } from "node:fs";
import { parseFjs, solveFjsp } from "@dipnet/planner";
import { formatUtc, InvalidParameterError } from "@dipnet/sdk";
import { table } from "../output.ts";
import { parseId } from "../parse.ts";
import { commitPlan, planOpenOrders, readPlanFile } from "./planNetwork.ts";
import { replanAfterDowntime, replanLines } from "./replan.ts";
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
  plan
    .command("network")
    .description("plan the open and awarded orders onto the capacity ledger's machines; --commit reserves the plan")
    .option("--commit", "reserve the plan on chain (as --as, or on local chains as each machine's owner)")
    .option("--plan <file>", "commit this plan (printed earlier by plan network --json) instead of planning anew")
    .action(
      act(async (ctx, o: { commit?: boolean; plan?: string }) => {
        const plan = o.plan ? readPlanFile(o.plan) : await planOpenOrders(ctx);
        if (o.commit) plan.committed = await commitPlan(ctx, plan);
        const human = [
          `${plan.assignments.length} step(s) planned; objective ${plan.objective.total.toFixed(1)} (tardiness ${plan.objective.tardinessH.toFixed(1)} h, cost ${plan.objective.cost.toFixed(2)}, makespan ${plan.objective.makespanH.toFixed(1)} h)`,
          ...table(
            plan.assignments.map((a) => [
              `#${a.orderId}.${a.step}`,
              a.process,
              `machine #${a.machineId} (${ctx.label(a.owner)})`,
              `${formatUtc(a.start)} – ${formatUtc(a.end)}`,
              a.explanation,
            ]),
          ),
          ...plan.unplanned.map((u) => `  #${u.orderId} not planned: ${u.reason}`),
          ...(plan.alreadyReserved.length ? [`  already reserved: #${plan.alreadyReserved.join(", #")}`] : []),
          ...(plan.committed ?? []).map(
            (c) =>
              `  reserved #${c.orderId} for ${ctx.label(c.owner)}: reservations ${c.reservationIds.join(", ")} (tx ${c.hash})`,
          ),
        ];
        return { json: plan, human };
      }),
    );
  plan
    .command("replan")
    .description(
      "re-plan the orders whose reservations a downtime released, changing as little as possible; --commit moves them on chain",
    )
    .option("--machine <id>", "only downtimes of this machine (default: every machine's)")
    .option("--commit", "send one atomic replan (release + reserve) per order and owner")
    .action(
      act(async (ctx, o: { machine?: string; commit?: boolean }) => {
        const r = await replanAfterDowntime(ctx, {
          machineId: o.machine === undefined ? undefined : parseId(o.machine, "--machine"),
          commit: o.commit === true,
        });
        return { json: r, human: replanLines(ctx, r, formatUtc) };
      }),
    );
};
