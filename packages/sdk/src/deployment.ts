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
  "designRegistry",
  "confidentialAccess",
  "orderServices",
  "dipToken",
  "timelock",
  "governor",
  "contributionRewards",
] as const;

/**
 * Validates a parsed deployments.json (as `writeDeployment` writes it); `source` names it in errors.
 * @example const deployment = parseDeployment(await (await fetch("/deployments.json")).json(), "/deployments.json");
 */
export function parseDeployment(data: unknown, source = "the deployment"): Deployment {
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
  if (problems.length > 0) throw new DeploymentError(`${source} is invalid: ${problems.join("; ")}`);
  return d as Deployment;
}
