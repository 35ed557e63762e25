import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  getAddress,
  type Hex,
  keccak256,
  type PublicClient,
  type Transport,
  toBytes,
  type WalletClient,
  zeroHash,
} from "viem";
import { type CertifierKindName, certifierKinds } from "./actions/identity/certifiers.ts";
import type { MarketParameters } from "./actions/reads/marketParameters.ts";
import { InvalidParameterError } from "./errors/base.ts";
import { toDipnetError } from "./errors/normalize.ts";
import {
  capacityLedgerAbi,
  certifierRegistryAbi,
  confidentialAccessAbi,
  contributionRewardsAbi,
  designRegistryAbi,
  didRegistryAbi,
  dipnetGovernorAbi,
  dipnetTimelockAbi,
  dipTokenAbi,
  easAbi,
  evidenceRegistryAbi,
  orderLicensingAbi,
  orderMarketAbi,
  orderResolutionAbi,
  orderServicesAbi,
  orderViewsAbi,
  participantRegistryAbi,
  schemaRegistryAbi,
  sealedBidsAbi,
  subOrdersAbi,
  testStablecoinAbi,
} from "./generated/abis.ts";
import {
  capacityLedgerBytecode,
  certifierRegistryBytecode,
  confidentialAccessBytecode,
  contributionRewardsBytecode,
  designRegistryBytecode,
  didRegistryBytecode,
  dipnetGovernorBytecode,
  dipnetTimelockBytecode,
  dipTokenBytecode,
  easBytecode,
  evidenceRegistryBytecode,
  orderLicensingBytecode,
  orderMarketBytecode,
  orderMarketLinks,
  orderResolutionBytecode,
  orderServicesBytecode,
  orderViewsBytecode,
  participantRegistryBytecode,
  schemaRegistryBytecode,
  sealedBidsBytecode,
  subOrdersBytecode,
  testStablecoinBytecode,
} from "./generated/bytecode.ts";
import type { Deployment } from "./types.ts";

/** Chain ids treated as local development chains (anvil, Hardhat, Ganache). */
export const localChainIds: readonly number[] = [31337, 1337];

/**
 * The market parameters a deployment starts with: 1 % fee, 7-day acceptance window, 3-day late
 * grace, no minimum bond, 14 days for arbiters after the acceptance window, a cancellation after
 * award owing the maker at least 10 % of the price, and a 1 % commit deposit on sealed bids.
 */
export const defaultMarketParameters: MarketParameters = {
  feeBps: 100,
  acceptanceWindow: 7 * 86_400,
  lateGrace: 3 * 86_400,
  minBond: 0n,
  rulingWindow: 14 * 86_400,
  cancellationFloorPercent: 10,
  commitDepositBps: 100,
};

/** The design registry's ERC-2981 royalty on resales of a design token, owed to its author: 2.5 %. */
export const defaultResaleRoyaltyBps = 250;

/** `values` without its undefined entries, so they do not override defaults. */
function definedOf<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Parameters of `deployDipnet`. Durations in seconds, amounts in base units of the tokens. */
export type DeployDipnetParameters = {
  walletClient: WalletClient<Transport, Chain, Account>;
  publicClient: PublicClient<Transport, Chain>;
  /** The market's parameters; each one not given takes its `defaultMarketParameters` value. */
  marketParameters?: Partial<MarketParameters> | undefined;
  /** Minimum stake to bid. Default: 100 tUSD (100e6) with the test stablecoin, else required. */
  minStake?: bigint | undefined;
  /** Stake token. Default: the test stablecoin. */
  stakeToken?: Address | undefined;
  /** Allowed payment tokens. Default: the test stablecoin. */
  paymentTokens?: readonly Address[] | undefined;
  /** Deploy the test stablecoin. Default: only on local chains (31337, 1337). */
  testStablecoin?: boolean | undefined;
  /** ERC-2981 royalty on resales of design tokens, in basis points (at most 1000). Default: `defaultResaleRoyaltyBps`. */
  resaleRoyaltyBps?: number | undefined;
  /** Arbiters admitted at deployment; later ones join by proposal. */
  arbiters?: readonly Address[] | undefined;
  /** Certifiers admitted at deployment, each for the kinds given (default: certification). */
  certifiers?: readonly { account: Address; kinds?: readonly CertifierKindName[] | undefined }[] | undefined;
  /**
   * Hand the network to its DAO: DIP, the timelock and the Governor are deployed, the timelock
   * becomes owner of every owned contract, treasury of the fees and arbiter of last resort, and
   * the deployer keeps no power. Without it the deployer governs (development and tests).
   */
  dao?: DaoParameters | undefined;
};

/** The DAO a deployment is handed to. */
export type DaoParameters = {
  /** Who holds DIP at the start, in base units (18 decimals). */
  allocation: readonly { account: Address; amount: bigint }[];
  /** Each one not given takes its `defaultGovernorSettings` value. */
  settings?: Partial<GovernorSettings> | undefined;
  /** Seconds between a proposal's queueing and its execution. Default: 2 days. */
  timelockDelay?: number | undefined;
  /** The contribution rewards' first schedule and fee values; each one not given takes its default. */
  rewards?: Partial<RewardsParameters> | undefined;
};

/** The contribution rewards' governed parameters (see `IContributionRewards`). */
export type RewardsParameters = {
  /** Seconds an epoch lasts, 1 to 90 days. */
  epochLength: number;
  /** Most a claim pays of its points, in basis points, 1 to 5,000. */
  capBps: number;
  /** What one base unit of each payment token's fee is worth in DIP base units, times 1e18. */
  feeValues: readonly { token: Address; value: bigint }[];
};

/** Weekly epochs, claims capped at 25 % of their points' fee value. */
export const defaultRewardsParameters: Omit<RewardsParameters, "feeValues"> = {
  epochLength: 7 * 86_400,
  capBps: 2_500,
};

/** The fee value of a 6-decimal token worth one DIP per whole token (tUSD at par): 1e12 DIP base units per unit, times 1e18. */
export const parFeeValue6Decimals = 10n ** 30n;

/**
 * `bytecode` with each library's placeholder (from the generated `<contract>Links`) replaced by the
 * library's deployed address.
 */
function linkBytecode<Library extends string>(
  bytecode: string,
  links: Readonly<Record<Library, string>>,
  addresses: Readonly<Record<Library, Address>>,
): Hex {
  let linked = bytecode;
  for (const library of Object.keys(links) as Library[]) {
    linked = linked.replaceAll(links[library], addresses[library].slice(2).toLowerCase());
  }
  return linked as Hex;
}

/** Deploys contracts and sends wiring transactions, each awaited; a failure is a `DipnetError` of "deploy". */
function transactor(
  walletClient: WalletClient<Transport, Chain, Account>,
  publicClient: PublicClient<Transport, Chain>,
) {
  let deployBlock: bigint | undefined;
  const deploy = async (abi: Abi, bytecode: Hex, args: readonly unknown[]): Promise<Address> => {
    try {
      const hash = await walletClient.deployContract({ abi, bytecode, args } as never);
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success" || !receipt.contractAddress) throw new Error(`deployment reverted in ${hash}`);
      deployBlock ??= receipt.blockNumber;
      return getAddress(receipt.contractAddress);
    } catch (error) {
      throw toDipnetError(error, { action: "deploy" });
    }
  };
  const send = async (address: Address, abi: Abi, functionName: string, args: readonly unknown[]) => {
    try {
      const { request } = await publicClient.simulateContract({
        address,
        abi,
        functionName,
        args,
        account: walletClient.account,
      });
      const hash = await walletClient.writeContract(request as never);
      await publicClient.waitForTransactionReceipt({ hash });
    } catch (error) {
      throw toDipnetError(error, { action: "deploy" });
    }
  };
  return { deploy, send, firstBlock: () => deployBlock };
}

/**
 * Deploys the DIPNET contracts and wires them: the registry lets the market lock bonds, the market
 * accepts the payment tokens, the first arbiters and certifiers are admitted. With `dao`, the
 * network is then handed to its DAO (see {@link DeployDipnetParameters.dao}).
 * @example const d = await deployDipnet({ walletClient, publicClient, dao: { allocation } });
 */
export async function deployDipnet(p: DeployDipnetParameters): Promise<Deployment> {
  const { walletClient, publicClient } = p;
  const deployer = walletClient.account.address;
  const chainId = await publicClient.getChainId();
  const withStablecoin = p.testStablecoin ?? localChainIds.includes(chainId);
  const tx = transactor(walletClient, publicClient);
  const { deploy, send } = tx;

  const testStablecoin = withStablecoin ? await deploy(testStablecoinAbi, testStablecoinBytecode, []) : undefined;
  const stakeToken = p.stakeToken ?? testStablecoin;
  if (!stakeToken) throw new InvalidParameterError("stakeToken", "required when no test stablecoin is deployed");
  const minStake = p.minStake ?? (testStablecoin ? 100_000_000n : undefined);
  if (minStake === undefined)
    throw new InvalidParameterError("minStake", "required when no test stablecoin is deployed");
  const paymentTokens = p.paymentTokens ?? (testStablecoin ? [testStablecoin] : []);

  const participantRegistry = await deploy(participantRegistryAbi, participantRegistryBytecode, [
    deployer,
    stakeToken,
    minStake,
  ]);
  const orderMarketLinked = linkBytecode(orderMarketBytecode, orderMarketLinks, {
    OrderResolution: await deploy(orderResolutionAbi, orderResolutionBytecode, []),
    SealedBids: await deploy(sealedBidsAbi, sealedBidsBytecode, []),
    OrderLicensing: await deploy(orderLicensingAbi, orderLicensingBytecode, []),
    SubOrders: await deploy(subOrdersAbi, subOrdersBytecode, []),
    OrderViews: await deploy(orderViewsAbi, orderViewsBytecode, []),
  });
  const orderMarket = await deploy(orderMarketAbi, orderMarketLinked, [
    deployer,
    participantRegistry,
    deployer,
    { ...defaultMarketParameters, ...definedOf(p.marketParameters ?? {}) },
  ]);

  const capacityLedger = await deploy(capacityLedgerAbi, capacityLedgerBytecode, [deployer, participantRegistry]);
  const evidenceRegistry = await deploy(evidenceRegistryAbi, evidenceRegistryBytecode, [capacityLedger, orderMarket]);
  const designRegistry = await deploy(designRegistryAbi, designRegistryBytecode, [
    deployer,
    orderMarket,
    p.resaleRoyaltyBps ?? defaultResaleRoyaltyBps,
  ]);
  const confidentialAccess = await deploy(confidentialAccessAbi, confidentialAccessBytecode, [orderMarket]);
  // Inspections and logistics legs: no owner; governance's power over it is the market's setServices.
  const orderServices = await deploy(orderServicesAbi, orderServicesBytecode, [orderMarket]);
  const didRegistry = await deploy(didRegistryAbi, didRegistryBytecode, []);
  const schemaRegistry = await deploy(schemaRegistryAbi, schemaRegistryBytecode, []);
  const eas = await deploy(easAbi, easBytecode, [schemaRegistry]);
  // Registers the certification, calibration and material schemas with itself as their resolver.
  const certifierRegistry = await deploy(certifierRegistryAbi, certifierRegistryBytecode, [eas, deployer]);

  await send(participantRegistry, participantRegistryAbi, "setMarket", [orderMarket, true]);
  for (const token of paymentTokens) await send(orderMarket, orderMarketAbi, "setPaymentToken", [token, true]);
  await send(orderMarket, orderMarketAbi, "setCertifierRegistry", [certifierRegistry]);
  await send(orderMarket, orderMarketAbi, "setDesignRegistry", [designRegistry]);
  await send(orderMarket, orderMarketAbi, "setServices", [orderServices]);
  for (const arbiter of p.arbiters ?? []) await send(orderMarket, orderMarketAbi, "setArbiter", [arbiter, true]);
  for (const certifier of p.certifiers ?? []) {
    const kinds = (certifier.kinds ?? ["certification"]).reduce((bits, kind) => bits | certifierKinds[kind], 0);
    await send(certifierRegistry, certifierRegistryAbi, "admitCertifier", [certifier.account, kinds]);
  }
  const contracts: Deployment["contracts"] = {
    orderMarket,
    participantRegistry,
    ...(testStablecoin ? { testStablecoin } : {}),
    capacityLedger,
    certifierRegistry,
    eas,
    schemaRegistry,
    didRegistry,
    evidenceRegistry,
    designRegistry,
    confidentialAccess,
    orderServices,
  };
  const dao = p.dao
    ? await handOverToDao(tx, deployer, p.dao, {
        orderMarket,
        didRegistry,
        evidenceRegistry,
        orderServices,
        feeValues: testStablecoin ? [{ token: testStablecoin, value: parFeeValue6Decimals }] : [],
        owned: [participantRegistry, orderMarket, capacityLedger, certifierRegistry, designRegistry],
      })
    : {};
  return { chainId, deployBlock: Number(tx.firstBlock() ?? 0n), contracts: { ...contracts, ...dao } };
}

/** The Governor's settings: times in seconds, the threshold in DIP base units. */
export type GovernorSettings = {
  votingDelay: number;
  votingPeriod: number;
  proposalThreshold: bigint;
  /** Votes (for + abstain) needed, in percent of the supply at the snapshot. */
  quorumPercent: number;
};

/** Governance a deployment starts with: a day before voting, a week to vote, 4 % quorum, 2 days' delay. */
export const defaultGovernorSettings: GovernorSettings = {
  votingDelay: 86_400,
  votingPeriod: 7 * 86_400,
  proposalThreshold: 1_000n * 10n ** 18n,
  quorumPercent: 4,
};

/**
 * Deploys DIP, the timelock, the Governor and the contribution rewards (paid in DIP) and hands
 * `owned` and the rewards to the timelock: DIP is minted to the allocation and owned by the
 * timelock; the timelock becomes the fee treasury and the arbiter of last resort (a proposal can
 * rule a dispute other arbiters leave) and accepts every owned contract; the Governor is its only
 * proposer, canceller and executor; the deployer gives up its admin role, so the timelock
 * administers itself and no account holds any power.
 */
async function handOverToDao(
  { deploy, send }: ReturnType<typeof transactor>,
  deployer: Address,
  dao: DaoParameters,
  wiring: {
    orderMarket: Address;
    didRegistry: Address;
    evidenceRegistry: Address;
    orderServices: Address;
    /** Default fee values (the test stablecoin's), unless `dao.rewards.feeValues` is given. */
    feeValues: RewardsParameters["feeValues"];
    owned: readonly Address[];
  },
): Promise<Required<Pick<Deployment["contracts"], "dipToken" | "timelock" | "governor" | "contributionRewards">>> {
  const { orderMarket } = wiring;
  const settings = { ...defaultGovernorSettings, ...definedOf(dao.settings ?? {}) };
  const timelock = await deploy(dipnetTimelockAbi, dipnetTimelockBytecode, [
    BigInt(dao.timelockDelay ?? 2 * 86_400),
    [],
    [],
    deployer,
  ]);
  const dipToken = await deploy(dipTokenAbi, dipTokenBytecode, [
    timelock,
    dao.allocation.map((a) => a.account),
    dao.allocation.map((a) => a.amount),
  ]);
  const governor = await deploy(dipnetGovernorAbi, dipnetGovernorBytecode, [
    dipToken,
    timelock,
    {
      votingDelay: settings.votingDelay,
      votingPeriod: settings.votingPeriod,
      proposalThreshold: settings.proposalThreshold,
      quorumPercent: BigInt(settings.quorumPercent),
    },
  ]);
  const role = (name: string) => keccak256(toBytes(name));
  for (const name of ["PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"])
    await send(timelock, dipnetTimelockAbi, "grantRole", [role(name), governor]);
  const rewards = { ...defaultRewardsParameters, feeValues: wiring.feeValues, ...definedOf(dao.rewards ?? {}) };
  const contributionRewards = await deploy(contributionRewardsAbi, contributionRewardsBytecode, [
    deployer,
    orderMarket,
    dipToken,
    wiring.didRegistry,
    wiring.evidenceRegistry,
    wiring.orderServices,
    rewards.epochLength,
    rewards.capBps,
  ]);
  for (const { token, value } of rewards.feeValues)
    await send(contributionRewards, contributionRewardsAbi, "setFeeValue", [token, value]);
  const owned = [...wiring.owned, contributionRewards];
  await send(orderMarket, orderMarketAbi, "setTreasury", [timelock]);
  await send(orderMarket, orderMarketAbi, "setArbiter", [timelock, true]);
  for (const address of owned) await send(address, orderMarketAbi, "transferOwnership", [timelock]);
  await send(timelock, dipnetTimelockAbi, "acceptOwnershipOf", [owned]);
  await send(timelock, dipnetTimelockAbi, "renounceRole", [zeroHash, deployer]);
  return { dipToken, timelock, governor, contributionRewards };
}
