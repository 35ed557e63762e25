// ISO 2859-1 acceptance sampling: general inspection level II, single sampling, normal inspection
// (Table 1 code letters, Table 2-A plans; identical to ANSI/ASQ Z1.4 and MIL-STD-105E).
//
// Table 2-A is diagonal: one row down (next code letter) or one column right (next AQL) moves one
// step along the same sequence of cells. With rows A=0 … R=15 and AQL columns 0.010=0 … 10=15,
// cell (row, column) depends only on row + column: below 14 an arrow down, 14 is Ac 0 / Re 1, 15 an
// arrow up, 16 an arrow down, then 1/2, 2/3, 3/4, 5/6, 7/8, 10/11, 14/15, 21/22, and arrows up
// beyond. An arrow means: use the first plan in its direction (its sample size too).
import { InvalidParameterError } from "../../errors/base.ts";

/** Acceptable quality limits (percent nonconforming items) the table covers. */
export const aqlValues = [
  0.01, 0.015, 0.025, 0.04, 0.065, 0.1, 0.15, 0.25, 0.4, 0.65, 1, 1.5, 2.5, 4, 6.5, 10,
] as const;

const codeLetters = ["A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "Q", "R"] as const;
const sampleSizes = [2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000] as const;
/** Upper lot-size bound of letters A … P (Table 1, level II); Q covers every larger lot. */
const lotBounds = [8, 15, 25, 50, 90, 150, 280, 500, 1200, 3200, 10_000, 35_000, 150_000, 500_000] as const;
/** Accept numbers from diagonal 17 on (reject number = accept + 1 in single normal sampling). */
const acceptSequence = [1, 2, 3, 5, 7, 10, 14, 21] as const;

/** A single sampling plan. */
export type AqlSamplingPlan = {
  lotSize: number;
  aql: number;
  /** Table 1 code letter of the lot size (level II). */
  codeLetter: string;
  /** Items to inspect; the whole lot when the plan's sample would not be smaller. */
  sampleSize: number;
  /** Accept the lot with at most this many nonconforming items in the sample. */
  acceptNumber: number;
  /** Reject the lot with at least this many. */
  rejectNumber: number;
  /** True when the plan asks for 100 % inspection (sample size ≥ lot size). */
  fullInspection: boolean;
};

function cell(row: number, column: number): "down" | "up" | { ac: number } {
  const d = row + column;
  if (d < 14 || d === 16) return "down";
  if (d === 14) return { ac: 0 };
  if (d === 15 || d > 24) return "up";
  return { ac: acceptSequence[d - 17] as number };
}

/**
 * The ISO 2859-1 plan (level II, single, normal) for a lot size and AQL.
 * @example aqlSamplingPlan({ lotSize: 500, aql: 1 }) // { codeLetter: "H", sampleSize: 50, acceptNumber: 1, rejectNumber: 2, … }
 */
export function aqlSamplingPlan(p: { lotSize: number; aql: number }): AqlSamplingPlan {
  if (!Number.isSafeInteger(p.lotSize) || p.lotSize < 2)
    throw new InvalidParameterError("lotSize", "must be an integer of at least 2");
  const column = aqlValues.indexOf(p.aql as (typeof aqlValues)[number]);
  if (column < 0) throw new InvalidParameterError("aql", `must be one of ${aqlValues.join(", ")}`);
  const letterRow = lotBounds.findIndex((bound) => p.lotSize <= bound);
  const start = letterRow < 0 ? 14 : letterRow;
  let row = start;
  let c = cell(row, column);
  // The top row's up-arrows have nothing above them; the table's arrows there point down.
  const direction = c === "up" && row === 0 ? 1 : c === "up" ? -1 : 1;
  while (typeof c === "string") {
    row += direction;
    c = cell(row, column);
  }
  const sampleSize = sampleSizes[row] as number;
  const fullInspection = sampleSize >= p.lotSize;
  return {
    lotSize: p.lotSize,
    aql: p.aql,
    codeLetter: codeLetters[start] as string,
    sampleSize: fullInspection ? p.lotSize : sampleSize,
    acceptNumber: c.ac,
    rejectNumber: c.ac + 1,
    fullInspection,
  };
}

/** The lot decision for `nonconforming` items found in the plan's sample. */
export function aqlDecision(plan: AqlSamplingPlan, nonconforming: number): "accept" | "reject" {
  if (!Number.isSafeInteger(nonconforming) || nonconforming < 0 || nonconforming > plan.sampleSize)
    throw new InvalidParameterError("nonconforming", `must be an integer from 0 to the sample size ${plan.sampleSize}`);
  return nonconforming <= plan.acceptNumber ? "accept" : "reject";
}
