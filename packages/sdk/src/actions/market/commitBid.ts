import { type Address, encodeAbiParameters, type Hex, keccak256, toHex } from "viem";
import { orderMarketAbi } from "../../generated/abis.ts";
import { eventOf, writeOrderMarket } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { commitDeposit } from "../reads/commitDeposit.ts";
import { approveIfNeeded } from "../token/approveIfNeeded.ts";

/** Parameters of `commitBid`: the sealed terms. */
export type CommitBidParameters = {
  orderId: bigint;
  price: bigint;
  leadTime: number;
  /** Secret salt. Default: 32 random bytes. Keep it: revealing needs it. */
  salt?: Hex | undefined;
  /** Approve the market for the commit deposit first when the allowance is short. Default: true. */
  approve?: boolean | undefined;
};
/**
 * The transaction, the commitment, the salt needed to reveal, the deposit the commitment holds
 * (returned on reveal or withdrawal, forfeited to the customer if never revealed) and the approval,
 * if one was needed.
 */
export type CommitBidReturnType = WriteResult & {
  commitment: Hex;
  salt: Hex;
  deposit: bigint;
  approval: WriteResult | undefined;
};

/**
 * Commits a sealed bid; reveal it with the same price, lead time and salt during the reveal window.
 * The first commitment pulls a deposit in the payment token (approved first with `approve`);
 * revising it pulls nothing more.
 */
export async function commitBid(client: DipnetClient, p: CommitBidParameters): Promise<CommitBidReturnType> {
  const salt = p.salt ?? toHex(crypto.getRandomValues(new Uint8Array(32)));
  const address = client.deployment.contracts.orderMarket;
  // Computed locally: asking the RPC's `bidCommitment` view would hand the sealed terms to the RPC operator.
  const commitment = bidCommitment({
    chainId: client.chain.id,
    market: address,
    orderId: p.orderId,
    maker: client.account.address,
    price: p.price,
    leadTime: p.leadTime,
    salt,
  });
  let approval: WriteResult | undefined;
  if (p.approve ?? true) {
    const held = await commitDeposit(client, { orderId: p.orderId, maker: client.account.address });
    if (!held.committed && held.deposit > 0n) {
      approval = await approveIfNeeded(client, { token: held.token, spender: address, amount: held.deposit });
    }
  }
  const result = await writeOrderMarket(client, "commitBid", [p.orderId, commitment], { orderId: p.orderId });
  const { deposit } = eventOf(result.receipt, orderMarketAbi, address, "BidCommitted").args;
  return { ...result, commitment, salt, deposit, approval };
}

/** Parameters of `bidCommitment`. */
export type BidCommitmentParameters = {
  chainId: number;
  market: Address;
  orderId: bigint;
  maker: Address;
  price: bigint;
  leadTime: number;
  salt: Hex;
};

/** The sealed-bid commitment, as `OrderMarket.bidCommitment` computes it, without asking any node. */
export function bidCommitment(p: BidCommitmentParameters): Hex {
  return keccak256(
    encodeAbiParameters(
      [
        { type: "uint256" },
        { type: "address" },
        { type: "uint256" },
        { type: "address" },
        { type: "uint96" },
        { type: "uint32" },
        { type: "bytes32" },
      ],
      [BigInt(p.chainId), p.market, p.orderId, p.maker, p.price, p.leadTime, p.salt],
    ),
  );
}
