import { createDipnetClient } from "../client.ts";
import { type DaoParameters, type DeployDipnetParameters, deployDipnet } from "../deploy.ts";
import { type DevAccountName, devAccountNames, devAccounts } from "../node/devAccounts.ts";
import type { Deployment, DipnetClient } from "../types.ts";
import { startTestAnvil, type TestAnvil } from "./anvil.ts";

/**
 * The DAO tests hand their network to: alice 400,000 DIP, bob and carol 300,000 each (none
 * delegated yet); an hour before voting, a day to vote, a day in the timelock, a 1,000 DIP
 * threshold and a 4 % quorum (40,000 DIP).
 */
export const testDao = {
  allocation: [
    { account: devAccounts().alice.address, amount: 400_000n * 10n ** 18n },
    { account: devAccounts().bob.address, amount: 300_000n * 10n ** 18n },
    { account: devAccounts().carol.address, amount: 300_000n * 10n ** 18n },
  ],
  settings: { votingDelay: 3_600, votingPeriod: 86_400, proposalThreshold: 1_000n * 10n ** 18n, quorumPercent: 4 },
  timelockDelay: 86_400,
} as const satisfies DaoParameters;

/** A local chain with the DIPNET contracts deployed and a client for each dev account. */
export type TestNetwork = {
  anvil: TestAnvil;
  deployment: Deployment;
  /** One client per dev account (deployer, alice, bob, …), signing as that account and naming the others. */
  clients: Record<DevAccountName, DipnetClient>;
  stop: () => Promise<void>;
};

/**
 * Starts anvil and deploys DIPNET as the dev `deployer`, who keeps governance unless `dao` is given.
 *
 * @param options.chainId The chain id anvil reports. Default: 31337, the local chain.
 * @param options.accounts Funded anvil accounts: more than the 11 dev accounts for tests that need more.
 * @param options.anvilArgs More anvil arguments (e.g. `--base-fee 0`).
 * The other options are `deployDipnet`'s: `testStablecoin`, the first `arbiters` and `certifiers`,
 * and the `dao` the network is handed to.
 */
export async function deployTestNetwork(
  options: { chainId?: number; accounts?: number; anvilArgs?: string[] } & Pick<
    DeployDipnetParameters,
    "testStablecoin" | "arbiters" | "certifiers" | "dao"
  > = {},
): Promise<TestNetwork> {
  const anvil = await startTestAnvil({ accounts: options.accounts, chainId: options.chainId, args: options.anvilArgs });
  try {
    const accounts = devAccounts();
    const chainId = options.chainId ?? 31337;
    const placeholder = accounts.deployer.address;
    const bootstrap = createDipnetClient({
      rpcUrl: anvil.rpcUrl,
      deployment: {
        chainId,
        deployBlock: 0,
        contracts: { orderMarket: placeholder, participantRegistry: placeholder },
      },
      account: accounts.deployer,
      pollingInterval: 20,
    });
    const deployment = await deployDipnet({
      walletClient: bootstrap.walletClient,
      publicClient: bootstrap.publicClient,
      testStablecoin: options.testStablecoin,
      arbiters: options.arbiters,
      certifiers: options.certifiers,
      dao: options.dao,
    });
    const names = new Map(devAccountNames.map((name) => [accounts[name].address.toLowerCase(), name]));
    const clients = Object.fromEntries(
      devAccountNames.map((name) => [
        name,
        createDipnetClient({
          rpcUrl: anvil.rpcUrl,
          deployment,
          account: accounts[name],
          pollingInterval: 20,
          nameOf: (address) => names.get(address.toLowerCase()),
        }),
      ]),
    ) as Record<DevAccountName, DipnetClient>;
    return { anvil, deployment, clients, stop: () => anvil.stop() };
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}

/** The capacity ledger's slot (an hour of chain time) `hoursAhead` after the one the chain is in now. */
export async function slotAhead(anvil: TestAnvil, hoursAhead: number): Promise<number> {
  return Math.floor(Number(await anvil.now()) / 3600) + hoursAhead;
}
