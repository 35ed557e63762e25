import { type Address, createTestClient, type Hex, http, publicActions } from "viem";
import { type Anvil, startAnvil } from "../node/anvil.ts";

/**
 * viem's test client for anvil (`mine`, `increaseTime`, `snapshot`, `revert`, `setBalance`, …) with
 * the public actions, plus `reorg`, which viem has no action for.
 */
export function createAnvilClient(rpcUrl: string) {
  // cacheTime 0: a test that mines and then asks the block number must see the new block.
  return createTestClient({ mode: "anvil", transport: http(rpcUrl, { retryCount: 0 }), cacheTime: 0 })
    .extend(publicActions)
    .extend((client) => ({
      /** Replaces the last `depth` blocks with new ones holding `transactions` ([transaction, block offset]). */
      reorg: async (
        depth: number,
        transactions: [{ from: Address; to: Address; value?: Hex; data?: Hex }, number][] = [],
      ) => {
        await client.request({ method: "anvil_reorg", params: [depth, transactions] } as never);
      },
    }));
}

/** The client {@link createAnvilClient} returns. */
export type AnvilClient = ReturnType<typeof createAnvilClient>;

/** A running anvil for tests, with viem's test client. */
export type TestAnvil = Omit<Anvil, "exited" | "stop"> & {
  client: AnvilClient;
  /** Advances chain time and mines a block at the new time. */
  increaseTime: (seconds: number | bigint) => Promise<void>;
  /** Latest block timestamp. */
  now: () => Promise<bigint>;
  stop: () => Promise<void>;
};

/**
 * Starts a chain for a test: anvil on a port it picks itself, silent, funded dev accounts, CORS
 * off (`@dipnet/sdk/node`'s `startAnvil`), with viem's test client.
 *
 * @param options.accounts Funded accounts of the development mnemonic. Default: 11, the SDK's dev accounts.
 * @param options.chainId The chain id anvil reports. Default: 31337.
 * @param options.args More anvil arguments (e.g. `--base-fee 0`).
 */
export async function startTestAnvil(
  options: { accounts?: number | undefined; chainId?: number | undefined; args?: string[] } = {},
): Promise<TestAnvil> {
  const { rpcUrl, port, pid, stop } = await startAnvil(options);
  const client = createAnvilClient(rpcUrl);
  return {
    rpcUrl,
    port,
    pid,
    client,
    increaseTime: async (seconds) => {
      await client.increaseTime({ seconds: Number(seconds) });
      await client.mine({ blocks: 1 });
    },
    now: async () => (await client.getBlock()).timestamp,
    stop: () => stop(),
  };
}
