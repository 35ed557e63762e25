// The bounds the contracts enforce on every governed parameter, so a proposal can be checked
// before it is submitted: a value out of bounds would pass the vote and then fail at execution.
// They mirror OrderMarketBounds.sol, ParticipantRegistry.sol and GovernanceBounds.sol.

const DAY = 86_400;

/** An inclusive range. */
export type Bounds = { min: number; max: number };

/**
 * Bounds of the market parameters (`OrderMarketBounds`): fee and commit deposit in basis points,
 * windows in seconds, the cancellation floor in percent. `minBond` is bounded by the registry's
 * minimum stake at execution, read from the chain.
 */
export const marketParameterBounds = {
  feeBps: { min: 0, max: 1_000 },
  acceptanceWindow: { min: 3_600, max: 30 * DAY },
  lateGrace: { min: 0, max: 30 * DAY },
  rulingWindow: { min: DAY, max: 90 * DAY },
  cancellationFloorPercent: { min: 0, max: 50 },
  commitDepositBps: { min: 0, max: 1_000 },
} as const satisfies Record<string, Bounds>;

/** The largest minimum stake the registry accepts (`MAX_MIN_STAKE`, the uint96 maximum). */
export const maxMinStake: bigint = 2n ** 96n - 1n;

/**
 * Bounds of the Governor's and the timelock's settings (`GovernanceBounds`): times in seconds, the
 * quorum in percent of the supply. The proposal threshold is at least one DIP base unit and at most
 * the supply divided by `maxThresholdSupplyDivisor`, when it is set.
 */
export const governanceBounds = {
  votingDelay: { min: 3_600, max: 7 * DAY },
  votingPeriod: { min: DAY, max: 14 * DAY },
  timelockDelay: { min: DAY, max: 7 * DAY },
  quorumPercent: { min: 1, max: 50 },
} as const satisfies Record<string, Bounds>;

/** The proposal threshold may be at most the DIP supply divided by this (1 %). */
export const maxThresholdSupplyDivisor = 100n;
