import type { Address } from "viem";
import { DeploymentError } from "../../errors/base.ts";
import { testStablecoinAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `faucet`: `amount` in base units (tUSD has 6 decimals); `to` defaults to the signer. */
export type FaucetParameters = { amount: bigint; to?: Address | undefined };
/** The mint transaction. */
export type FaucetReturnType = WriteResult & { to: Address; amount: bigint };

/** Mints test stablecoin from the local deployment's open faucet (at most 10,000 tUSD per call). */
export async function faucet(client: DipnetClient, { amount, to }: FaucetParameters): Promise<FaucetReturnType> {
  const token = client.deployment.contracts.testStablecoin;
  if (!token)
    throw new DeploymentError("this deployment has no test stablecoin: the faucet exists on local chains only");
  const recipient = to ?? client.account.address;
  const result = await writeAndWait(
    client,
    { address: token, abi: testStablecoinAbi, functionName: "faucet", args: [recipient, amount] },
    { action: "faucet", token },
  );
  return { ...result, to: recipient, amount };
}
