// The manufacturer's cost and time model: machine hours and cost of a job from its process,
// material and quantity. Pure functions. Money is in US dollars (floats, rounded to cents when
// priced); the agents convert to token base units. Machine work is in machine hours.

/** Machine time of one process: `setupHours + hoursPerPart × quantity × material factor`. */
export type ProcessModel = {
  /** Set-up (fixturing, programming, first-article check) per job. */
  setupHours: number;
  /** Machine time per part for a typical part in aluminium. */
  hoursPerPart: number;
  /** Fixed cost per job that is not machine time (e.g. an injection mould), USD. */
  fixedCost: number;
  /** Typical stock mass per part in kg (material cost = mass × price per kg × scrap factor). */
  massKg: number;
};

/** Machine time per process for a typical small part. Public reference values; makers may override. */
export const processModels: Record<string, ProcessModel> = {
  "cnc-milling": { setupHours: 2, hoursPerPart: 0.5, fixedCost: 0, massKg: 0.4 },
  "cnc-turning": { setupHours: 1, hoursPerPart: 0.2, fixedCost: 0, massKg: 0.3 },
  "sheet-metal": { setupHours: 1, hoursPerPart: 0.08, fixedCost: 0, massKg: 0.25 },
  "fdm-printing": { setupHours: 0.25, hoursPerPart: 1.5, fixedCost: 0, massKg: 0.06 },
  "sla-printing": { setupHours: 0.5, hoursPerPart: 1, fixedCost: 0, massKg: 0.04 },
  "sls-printing": { setupHours: 1.5, hoursPerPart: 0.3, fixedCost: 0, massKg: 0.05 },
  "injection-moulding": { setupHours: 6, hoursPerPart: 0.01, fixedCost: 3500, massKg: 0.03 },
};

/** A material: price per kg and how much slower than aluminium it machines. */
export type MaterialModel = { usdPerKg: number; machiningFactor: number };

/** Reference material prices (USD/kg) and machinability relative to aluminium 6061. */
export const materialModels: Record<string, MaterialModel> = {
  "aluminium-6061": { usdPerKg: 6, machiningFactor: 1 },
  "aluminium-5052": { usdPerKg: 5, machiningFactor: 1 },
  "steel-s235": { usdPerKg: 1.5, machiningFactor: 1.2 },
  "steel-4140": { usdPerKg: 3, machiningFactor: 1.4 },
  "stainless-316": { usdPerKg: 8, machiningFactor: 1.6 },
  "titanium-ti6al4v": { usdPerKg: 45, machiningFactor: 2.5 },
  "brass-c360": { usdPerKg: 9, machiningFactor: 0.9 },
  pla: { usdPerKg: 25, machiningFactor: 1 },
  petg: { usdPerKg: 28, machiningFactor: 1 },
  abs: { usdPerKg: 22, machiningFactor: 1 },
  "pa12-powder": { usdPerKg: 70, machiningFactor: 1 },
  "resin-standard": { usdPerKg: 120, machiningFactor: 1 },
  polypropylene: { usdPerKg: 2.5, machiningFactor: 1 },
  polycarbonate: { usdPerKg: 4, machiningFactor: 1 },
};

const machiningProcesses = new Set(["cnc-milling", "cnc-turning"]);
/** Scrap and offcut allowance on material. */
const SCRAP_FACTOR = 1.1;

/** A machine of a manufacturer's (simulated) machine park. */
export type Machine = {
  id: string;
  /** e.g. "DMG Mori DMU 50 (5-axis)". */
  type: string;
  process: string;
  /** USD per machine hour, labour and overhead included. */
  hourlyRate: number;
  /** Hours the machine runs per calendar day (two shifts = 16). */
  hoursPerDay: number;
};

/** Machine hours of a job, or undefined when the process is unknown. */
export function jobHours(process: string, material: string, quantity: number): number | undefined {
  const p = processModels[process];
  if (!p) return undefined;
  const factor = machiningProcesses.has(process) ? (materialModels[material]?.machiningFactor ?? 1.5) : 1;
  return p.setupHours + p.hoursPerPart * quantity * factor;
}

/** Material cost of a job in USD (unknown materials are priced at 20 USD/kg). */
export function materialCost(process: string, material: string, quantity: number): number {
  const mass = processModels[process]?.massKg ?? 0.2;
  return (materialModels[material]?.usdPerKg ?? 20) * mass * quantity * SCRAP_FACTOR;
}

/** Cost breakdown of a job on a machine with `hourlyRate`. */
export type JobCost = { hours: number; machineCost: number; materialCost: number; fixedCost: number; total: number };

/** Cost of a job: machine rate × hours + material + fixed costs. */
export function jobCost(p: { process: string; material: string; quantity: number; hourlyRate: number }): JobCost {
  const hours = jobHours(p.process, p.material, p.quantity);
  if (hours === undefined) throw new Error(`unknown process "${p.process}"`);
  const machine = p.hourlyRate * hours;
  const mat = materialCost(p.process, p.material, p.quantity);
  const fixed = processModels[p.process]?.fixedCost ?? 0;
  return { hours, machineCost: machine, materialCost: mat, fixedCost: fixed, total: machine + mat + fixed };
}

/** Rounds USD to cents. */
export const cents = (usd: number): number => Math.round(usd * 100) / 100;

/** USD to base units of a 6-decimals token. */
export const usdToUnits = (usd: number): bigint => BigInt(Math.round(usd * 1e6));
/** Base units of a 6-decimals token to USD. */
export const unitsToUsd = (units: bigint | string): number => Number(BigInt(units)) / 1e6;

/** Reference cost of a job on an average machine (customers budget from it). */
export function referenceCost(process: string, material: string, quantity: number): number {
  const averageRate: Record<string, number> = {
    "cnc-milling": 85,
    "cnc-turning": 70,
    "sheet-metal": 60,
    "fdm-printing": 12,
    "sla-printing": 25,
    "sls-printing": 45,
    "injection-moulding": 90,
  };
  return jobCost({ process, material, quantity, hourlyRate: averageRate[process] ?? 80 }).total;
}
