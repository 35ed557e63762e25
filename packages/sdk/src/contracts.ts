// The contracts of a deployment: their key in a deployment file, the name people read, their ABI.
import type { Abi } from "viem";
import {
  capacityLedgerAbi,
  certifierRegistryAbi,
  confidentialAccessAbi,
  contributionRewardsAbi,
  designRegistryAbi,
  dipnetGovernorAbi,
  dipnetTimelockAbi,
  dipTokenAbi,
  erc20PermitAbi,
  evidenceRegistryAbi,
  orderMarketAbi,
  orderServicesAbi,
  participantRegistryAbi,
} from "./generated/abis.ts";
import type { Deployment } from "./types.ts";

/** A contract of the deployment: its key in `deployment.contracts`, display name and ABI. */
export type DeploymentContract = { key: keyof Deployment["contracts"]; name: string; abi: Abi };

/** Every contract a deployment names, in the order people read them. */
export const deploymentContracts: readonly DeploymentContract[] = [
  { key: "orderMarket", name: "OrderMarket", abi: orderMarketAbi },
  { key: "participantRegistry", name: "ParticipantRegistry", abi: participantRegistryAbi },
  { key: "capacityLedger", name: "CapacityLedger", abi: capacityLedgerAbi },
  { key: "certifierRegistry", name: "CertifierRegistry", abi: certifierRegistryAbi },
  { key: "evidenceRegistry", name: "EvidenceRegistry", abi: evidenceRegistryAbi },
  { key: "designRegistry", name: "DesignRegistry", abi: designRegistryAbi },
  { key: "confidentialAccess", name: "ConfidentialAccess", abi: confidentialAccessAbi },
  { key: "orderServices", name: "OrderServices", abi: orderServicesAbi },
  { key: "dipToken", name: "DIP", abi: dipTokenAbi },
  { key: "timelock", name: "Timelock", abi: dipnetTimelockAbi },
  { key: "governor", name: "Governor", abi: dipnetGovernorAbi },
  { key: "contributionRewards", name: "ContributionRewards", abi: contributionRewardsAbi },
  { key: "testStablecoin", name: "tUSD", abi: erc20PermitAbi },
];

/** The deployment contract at `address`, if it is one of them. */
export function deploymentContractAt(
  contracts: Partial<Record<string, string | undefined>>,
  address: string,
): DeploymentContract | undefined {
  const wanted = address.toLowerCase();
  return deploymentContracts.find(({ key }) => contracts[key]?.toLowerCase() === wanted);
}
