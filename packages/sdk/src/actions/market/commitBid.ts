import { type Address, encodeAbiParameters, type Hex, keccak256, toHex } from "viem";
import { orderMarketAbi } from "../../generated/abis.ts";
import { writeAndWait } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** Parameters of `commitBid`: the sealed terms. */
export type CommitBidParameters = {
  orderId: bigint;
  price: bigint;
  leadTime: number;
  /** Secret salt. Default: 32 random bytes. Keep it: revealing needs it. */
  salt?: Hex | undefined;
};
/** The transaction, the commitment, and the salt needed to reveal. */
export type CommitBidReturnType = WriteResult & { commitment: Hex; salt: Hex };

/** Commits a sealed bid; reveal it with the same price, lead time and salt during the reveal window. */
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
  const result = await writeAndWait(
    client,
    { address, abi: orderMarketAbi, functionName: "commitBid", args: [p.orderId, commitment] },
    { action: "commitBid", orderId: p.orderId },
  );
  return { ...result, commitment, salt };
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
