import { type Address, parseSignature } from "viem";
import { erc20PermitAbi } from "../../generated/abis.ts";
import { writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { type AwardResult, awardCost, awardResultOf } from "./award.ts";

/** Parameters of `awardWithPermit`. */
export type AwardWithPermitParameters = {
  orderId: bigint;
  maker: Address;
  /** The bid's price as the customer saw it; the award reverts `MarketTermsChanged` if it is no longer. */
  price: bigint;
  /** The bid's lead time in seconds as the customer saw it. */
  leadTime: number;
  /** Permit expiry (unix seconds). Default: latest block time + 1 hour. */
  permitDeadline?: bigint | undefined;
};
/** The award transaction. */
export type AwardWithPermitReturnType = WriteResult & AwardResult;

/**
 * Awards in one transaction: the signer signs an EIP-2612 permit for `price + fee` (typed data,
 * no approval transaction) and the market pulls the escrow with it.
 */
export async function awardWithPermit(
  client: DipnetClient,
  p: AwardWithPermitParameters,
): Promise<AwardWithPermitReturnType> {
  const market = client.deployment.contracts.orderMarket;
  const cost = await awardCost(client, { orderId: p.orderId, price: p.price });
  const owner = client.account.address;
  const [domain, nonce, block] = await Promise.all([
    client.publicClient.readContract({ address: cost.token, abi: erc20PermitAbi, functionName: "eip712Domain" }),
    client.publicClient.readContract({
      address: cost.token,
      abi: erc20PermitAbi,
      functionName: "nonces",
      args: [owner],
    }),
    client.publicClient.getBlock(),
  ]);
  const [, name, version, chainId, verifyingContract] = domain;
  const deadline = p.permitDeadline ?? block.timestamp + 3_600n;
  const signature = await client.walletClient.signTypedData({
    account: client.account,
    domain: { name, version, chainId, verifyingContract },
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    message: { owner, spender: market, value: cost.total, nonce, deadline },
  });
  const { r, s, v, yParity } = parseSignature(signature);
  const result = await writeOrderMarket(
    client,
    "awardWithPermit",
    [p.orderId, p.maker, p.price, p.leadTime, deadline, Number(v ?? BigInt(yParity + 27)), r, s],
    { action: "awardWithPermit", orderId: p.orderId },
  );
  return { ...result, ...awardResultOf(client, result) };
}
