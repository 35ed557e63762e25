import { type Abi, decodeErrorResult, type Hex, isHex } from "viem";
import { dipnetErrorsAbi } from "../generated/abis.ts";

/** A decoded revert: custom error name and its arguments by parameter name (and in order). */
export type DecodedContractError = {
  name: string;
  args: Record<string, unknown>;
  values: readonly unknown[];
  /** The revert data it was decoded from. */
  data: Hex;
};

const builtinErrors = [
  { type: "error", name: "Error", inputs: [{ name: "message", type: "string" }] },
  { type: "error", name: "Panic", inputs: [{ name: "code", type: "uint256" }] },
] as const satisfies Abi;

const errorsAbi: Abi = [...(dipnetErrorsAbi as Abi), ...builtinErrors];

/** Decodes raw revert data against every DIPNET (and OpenZeppelin) custom error; `undefined` when unknown. */
export function decodeRevertData(data: Hex, abi: Abi = errorsAbi): DecodedContractError | undefined {
  if (data.length < 10) return undefined;
  try {
    const result = decodeErrorResult({ abi, data });
    const item = result.abiItem as Extract<Abi[number], { type: "error" }>;
    const values = (result.args ?? []) as readonly unknown[];
    const args: Record<string, unknown> = {};
    item.inputs.forEach((input, i) => {
      args[input.name || `arg${i}`] = values[i];
    });
    return { name: result.errorName, args, values, data };
  } catch {
    return undefined;
  }
}

/** Revert data carried anywhere in an error's cause chain (viem nests it under several error types). */
export function findRevertData(error: unknown): Hex | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== null && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const e = current as { raw?: unknown; data?: unknown; cause?: unknown };
    if (typeof e.raw === "string" && isHex(e.raw) && e.raw.length >= 10) return e.raw;
    if (typeof e.data === "string" && isHex(e.data) && e.data.length >= 10) return e.data;
    if (e.data !== null && typeof e.data === "object") {
      const nested = (e.data as { data?: unknown }).data;
      if (typeof nested === "string" && isHex(nested) && nested.length >= 10) return nested;
    }
    current = e.cause;
  }
  return undefined;
}

/**
 * Turns a viem error (from simulate, estimateGas, call or send) into our custom error's name and
 * arguments, decoding the revert data against every DIPNET ABI — also errors that bubbled up
 * from another contract. `undefined` when the error carries no revert data we know.
 * @example
 * try { await bid(client, { orderId: 12n, price, leadTime }) }
 * catch (e) { decodeContractError(e)?.name } // "MarketBidWindowClosed"
 */
export function decodeContractError(error: unknown): DecodedContractError | undefined {
  const data = findRevertData(error);
  return data ? decodeRevertData(data) : undefined;
}
