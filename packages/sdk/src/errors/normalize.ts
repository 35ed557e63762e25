import { BaseError as ViemBaseError } from "viem";
import {
  ChainConnectionError,
  ContractRevertError,
  DipnetError,
  InsufficientFundsError,
  TransactionRevertedError,
} from "./base.ts";
import { decodeContractError } from "./decode.ts";
import { actionPrefixes, type ErrorContext, formatContractError } from "./messages.ts";

function findByName(error: unknown, names: readonly string[]): (Error & { shortMessage?: string }) | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    if (names.includes(current.name)) return current;
    current = current.cause;
  }
  return undefined;
}

/**
 * Turns anything thrown while talking to the chain into a `DipnetError` with a readable message:
 * decoded custom errors become `ContractRevertError`, network failures `ChainConnectionError`.
 */
export function toDipnetError(error: unknown, context: ErrorContext = {}): DipnetError {
  if (error instanceof DipnetError) return error;
  const decoded = decodeContractError(error);
  if (decoded) {
    return new ContractRevertError(
      formatContractError(decoded, context),
      { errorName: decoded.name, args: decoded.args, action: context.action },
      { cause: error },
    );
  }
  const prefix = context.action
    ? (actionPrefixes[context.action] ?? `${context.action} rejected`)
    : "transaction rejected";
  const funds = findByName(error, ["InsufficientFundsError"]);
  if (funds) {
    return new InsufficientFundsError(`${prefix}: the signer has not enough native currency to pay for gas`, {
      cause: error,
    });
  }
  const network = findByName(error, ["HttpRequestError", "WebSocketRequestError", "TimeoutError", "SocketClosedError"]);
  if (network) {
    return new ChainConnectionError(`cannot reach the chain: ${network.shortMessage ?? network.message}`, {
      cause: error,
    });
  }
  const reverted = findByName(error, ["ContractFunctionRevertedError", "ExecutionRevertedError"]);
  if (reverted) {
    return new TransactionRevertedError(`${prefix}: the contract reverted without a known reason`, {
      details: reverted.shortMessage ?? reverted.message,
      cause: error,
    });
  }
  if (error instanceof ViemBaseError) return new DipnetError(`${prefix}: ${error.shortMessage}`, { cause: error });
  return new DipnetError(error instanceof Error ? error.message : String(error), { cause: error });
}
