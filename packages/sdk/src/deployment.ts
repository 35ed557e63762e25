import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isAddress } from "viem";
import { DeploymentError } from "./errors/base.ts";
import type { Deployment } from "./types.ts";

const optionalContracts = [
  "testStablecoin",
  "capacityLedger",
  "certifierRegistry",
  "eas",
  "schemaRegistry",
  "didRegistry",
  "evidenceRegistry",
] as const;

/** Reads and validates a deployments.json written by `writeDeployment`. */
export function readDeployment(file: string): Deployment {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new DeploymentError(`no deployment at ${file}: deploy first (npm start, or dipnet deploy)`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new DeploymentError(`${file} is not valid JSON`, { cause });
  }
  const d = data as Partial<Deployment> | null;
  const problems: string[] = [];
  if (!d || typeof d !== "object") problems.push("not an object");
  else {
    if (!Number.isSafeInteger(d.chainId) || (d.chainId ?? 0) <= 0) problems.push("chainId must be a positive integer");
    if (!Number.isSafeInteger(d.deployBlock) || (d.deployBlock ?? -1) < 0)
      problems.push("deployBlock must be a block number");
    const c = d.contracts;
    if (!c || typeof c !== "object") problems.push("contracts is missing");
    else {
      for (const key of ["orderMarket", "participantRegistry"] as const) {
        if (typeof c[key] !== "string" || !isAddress(c[key])) problems.push(`contracts.${key} must be an address`);
      }
      for (const key of optionalContracts) {
        const value = c[key];
        if (value !== undefined && (typeof value !== "string" || !isAddress(value))) {
          problems.push(`contracts.${key} must be an address when present`);
        }
      }
    }
  }
  if (problems.length > 0) throw new DeploymentError(`${file} is invalid: ${problems.join("; ")}`);
  return d as Deployment;
}

/** Writes deployments.json atomically (temp file + rename), creating its directory. */
export function writeDeployment(file: string, deployment: Deployment): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, `${JSON.stringify(deployment, null, 2)}\n`);
  renameSync(temp, file);
}
