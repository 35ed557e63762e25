import { type AbiFunction, type Address, decodeFunctionData, formatEther } from "viem";
import { deploymentContractAt } from "../../contracts.ts";
import { formatAddress } from "../../format.ts";
import type { DipnetReadClient } from "../../types.ts";
import type { ProposalCall } from "./proposals.ts";

/** A proposal's call decoded: which contract, which function, with which arguments. */
export type DescribedCall = {
  /** The contract's name, or its address when it is none of the deployment's. */
  contract: string;
  /** The function called; undefined when the calldata matches no function of the contract. */
  functionName: string | undefined;
  /** Arguments by parameter name (or position). */
  args: Record<string, unknown>;
  /** One line: `OrderMarket.setArbiter(arbiter: bob (0x7099…79C8), allowed: true)`. */
  text: string;
};

/** Decodes a proposal's call against the ABI of the deployment's contract it targets. */
export function describeCall(
  client: Pick<DipnetReadClient, "deployment" | "nameOf">,
  call: ProposalCall,
): DescribedCall {
  const render = (value: unknown): string => {
    if (typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value))
      return formatAddress(value as Address, client.nameOf);
    if (typeof value === "bigint") return value.toString();
    if (Array.isArray(value)) return `[${value.map(render).join(", ")}]`;
    if (value !== null && typeof value === "object")
      return `{ ${Object.entries(value)
        .map(([k, v]) => `${k}: ${render(v)}`)
        .join(", ")} }`;
    return String(value);
  };
  const target = deploymentContractAt(client.deployment.contracts, call.target);
  const contract = target?.name ?? formatAddress(call.target, client.nameOf);
  const value = call.value && call.value > 0n ? `, sending ${formatEther(call.value)} ETH` : "";
  if (target && call.data.length >= 10) {
    try {
      const decoded = decodeFunctionData({ abi: target.abi, data: call.data });
      const item = target.abi.find(
        (i): i is AbiFunction =>
          i.type === "function" && i.name === decoded.functionName && i.inputs.length === (decoded.args?.length ?? 0),
      );
      const args: Record<string, unknown> = {};
      (decoded.args ?? []).forEach((arg, i) => {
        args[item?.inputs[i]?.name || `arg${i}`] = arg;
      });
      const list = Object.entries(args)
        .map(([k, v]) => `${k}: ${render(v)}`)
        .join(", ");
      return {
        contract,
        functionName: decoded.functionName,
        args,
        text: `${contract}.${decoded.functionName}(${list})${value}`,
      };
    } catch {
      // Not one of the contract's functions: shown raw below.
    }
  }
  return { contract, functionName: undefined, args: {}, text: `call ${contract} with ${call.data}${value}` };
}
