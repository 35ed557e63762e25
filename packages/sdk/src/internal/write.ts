import {
  type Abi,
  type Address,
  type ContractEventName,
  type ContractFunctionArgs,
  type ContractFunctionName,
  encodeFunctionData,
  type Hex,
  type ParseEventLogsReturnType,
  parseEventLogs,
  type TransactionReceipt,
} from "viem";
import { getTokenInfo } from "../actions/token/getTokenInfo.ts";
import { TransactionRevertedError } from "../errors/base.ts";
import type { ErrorContext } from "../errors/messages.ts";
import { toDipnetError } from "../errors/normalize.ts";
import { orderMarketAbi, participantRegistryAbi } from "../generated/abis.ts";
import type { DipnetClient, DipnetReadClient, TokenInfo, WriteResult } from "../types.ts";

/** What a write is about, so a revert can be explained in the user's terms. */
export type ActionContext = {
  action: string;
  /** Order the action concerns: its payment token renders prices in errors. */
  orderId?: bigint | undefined;
  /** A token the action concerns. */
  token?: Address | undefined;
};

type WriteParameters<abi extends Abi, functionName extends ContractFunctionName<abi, "nonpayable" | "payable">> = {
  address: Address;
  abi: abi;
  functionName: functionName;
  args: ContractFunctionArgs<abi, "nonpayable" | "payable", functionName>;
};

/**
 * Simulates (so reverts decode before anything is sent), sends, and waits for the receipt of one
 * contract call. Every failure becomes a `DipnetError` phrased for `context.action`.
 */
export async function writeAndWait<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, "nonpayable" | "payable">,
>(client: DipnetClient, parameters: WriteParameters<abi, functionName>, context: ActionContext): Promise<WriteResult> {
  let receipt: TransactionReceipt;
  try {
    const { request } = await client.publicClient.simulateContract({
      ...(parameters as WriteParameters<Abi, string>),
      account: client.account,
    });
    const hash = await client.walletClient.writeContract(request as never);
    receipt = await client.publicClient.waitForTransactionReceipt({ hash });
  } catch (error) {
    throw toDipnetError(error, await errorContext(client, context));
  }
  if (receipt.status !== "success") {
    // The state changed between simulation and inclusion: replay at that block for the reason.
    const data = encodeFunctionData(parameters as never) as Hex;
    try {
      await client.publicClient.call({
        account: client.account,
        to: parameters.address,
        data,
        blockNumber: receipt.blockNumber,
      });
    } catch (error) {
      throw toDipnetError(error, await errorContext(client, context));
    }
    throw new TransactionRevertedError(`${context.action} reverted in transaction ${receipt.transactionHash}`);
  }
  return { hash: receipt.transactionHash, blockNumber: receipt.blockNumber, receipt };
}

/**
 * A contract's `writeAndWait`: the contract's address (looked up per client) and ABI filled in; the
 * action is named after the function unless `context.action` names it otherwise.
 */
export function contractWriter<const abi extends Abi>(abi: abi, address: (client: DipnetReadClient) => Address) {
  return <functionName extends ContractFunctionName<abi, "nonpayable" | "payable">>(
    client: DipnetClient,
    functionName: functionName,
    args: ContractFunctionArgs<abi, "nonpayable" | "payable", functionName>,
    context: Partial<ActionContext> = {},
  ): Promise<WriteResult> =>
    writeAndWait(client, { address: address(client), abi, functionName, args }, { action: functionName, ...context });
}

/** Writes to the order market. */
export const writeOrderMarket = contractWriter(orderMarketAbi, (client) => client.deployment.contracts.orderMarket);
/** Writes to the participant registry. */
export const writeParticipantRegistry = contractWriter(
  participantRegistryAbi,
  (client) => client.deployment.contracts.participantRegistry,
);

/** Decoded logs of `eventName` emitted by `address` in a receipt. */
export function eventsOf<const abi extends Abi, eventName extends ContractEventName<abi>>(
  receipt: TransactionReceipt,
  abi: abi,
  address: Address,
  eventName: eventName,
): ParseEventLogsReturnType<abi, eventName, true> {
  const logs = receipt.logs.filter((log) => log.address.toLowerCase() === address.toLowerCase());
  return parseEventLogs({ abi, logs, eventName }) as ParseEventLogsReturnType<abi, eventName, true>;
}

/** First decoded `eventName` log of a receipt; throws when the contract did not emit it. */
export function eventOf<const abi extends Abi, eventName extends ContractEventName<abi>>(
  receipt: TransactionReceipt,
  abi: abi,
  address: Address,
  eventName: eventName,
): ParseEventLogsReturnType<abi, eventName, true>[number] {
  const [log] = eventsOf(receipt, abi, address, eventName);
  if (!log) throw new TransactionRevertedError(`expected a ${String(eventName)} event in ${receipt.transactionHash}`);
  return log;
}

/** Looks up (best effort, only after a failure) the tokens an error message may mention. */
export async function errorContext(client: DipnetReadClient, context: ActionContext): Promise<ErrorContext> {
  const { orderMarket, participantRegistry, testStablecoin } = client.deployment.contracts;
  const safe = async <T>(f: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await f();
    } catch {
      return undefined;
    }
  };
  const paymentToken = await safe(async () => {
    if (context.orderId === undefined) return context.token ? getTokenInfo(client, context.token) : undefined;
    const order = await client.publicClient.readContract({
      address: orderMarket,
      abi: orderMarketAbi,
      functionName: "getOrder",
      args: [context.orderId],
    });
    return getTokenInfo(client, order.paymentToken);
  });
  const stakeToken = await safe(async () => {
    const token = await client.publicClient.readContract({
      address: participantRegistry,
      abi: participantRegistryAbi,
      functionName: "stakeToken",
    });
    return getTokenInfo(client, token);
  });
  const tokens: TokenInfo[] = [];
  if (testStablecoin) {
    const info = await safe(() => getTokenInfo(client, testStablecoin));
    if (info) tokens.push(info);
  }
  return { action: context.action, paymentToken, stakeToken, tokens, nameOf: client.nameOf };
}
