import { type Address, type Hex, isAddress } from "viem";
import { certificationTypeName } from "../certificationTypes.ts";
import { formatAddress, formatBps, formatDuration, formatTokenAmount, formatUtc } from "../format.ts";
import { bidStates, contributionKinds, orderStatuses, proposalStates } from "../generated/enums.ts";
import { roles, type TokenInfo } from "../types.ts";
import type { DecodedContractError } from "./decode.ts";

/** What the formatter knows about the rejected action, to render amounts and names. */
export type ErrorContext = {
  /** Domain action, e.g. `bid`; selects the message prefix. */
  action?: string | undefined;
  /** Token of the order the action was about (renders prices and budgets). */
  paymentToken?: TokenInfo | undefined;
  /** Token stake is posted in (renders stake and bond amounts). */
  stakeToken?: TokenInfo | undefined;
  /** Any other tokens by address. */
  tokens?: readonly TokenInfo[] | undefined;
  /** Labels known addresses (e.g. dev account names). */
  nameOf?: ((address: Address) => string | undefined) | undefined;
};

/** Message prefix per action: "bid rejected: …". */
export const actionPrefixes: Record<string, string> = {
  register: "registration rejected",
  updateProfile: "profile update rejected",
  grantRoles: "role grant rejected",
  depositStake: "stake deposit rejected",
  withdrawStake: "stake withdrawal rejected",
  claimSlashed: "slash claim rejected",
  setMarket: "governance change rejected",
  setStakeToken: "governance change rejected",
  setMinStake: "governance change rejected",
  setGuardian: "governance change rejected",
  resumeNewBusiness: "governance change rejected",
  pauseNewBusiness: "pause rejected",
  createRfq: "RFQ rejected",
  bid: "bid rejected",
  commitBid: "sealed bid rejected",
  revealBid: "reveal rejected",
  withdrawBid: "bid withdrawal rejected",
  counterOffer: "counter-offer rejected",
  acceptCounterOffer: "counter-offer acceptance rejected",
  withdrawCounterOffer: "counter-offer withdrawal rejected",
  settleCommitDeposit: "commit deposit settlement rejected",
  award: "award rejected",
  awardWithPermit: "award rejected",
  submitMilestone: "milestone submission rejected",
  approveMilestone: "milestone approval rejected",
  ship: "shipment rejected",
  accept: "acceptance rejected",
  finalize: "finalisation rejected",
  dispute: "dispute rejected",
  submitEvidence: "evidence rejected",
  rule: "ruling rejected",
  expireDispute: "dispute expiry rejected",
  cancelRfq: "RFQ cancellation rejected",
  cancelOrder: "order cancellation rejected",
  claimDefault: "default claim rejected",
  withdraw: "withdrawal rejected",
  bookInspection: "inspection booking rejected",
  bookLeg: "leg booking rejected",
  submitReport: "inspection report rejected",
  pickUp: "pick-up rejected",
  confirmReceipt: "receipt confirmation rejected",
  cancelService: "service cancellation rejected",
  withdrawServiceFees: "withdrawal rejected",
  setParameters: "governance change rejected",
  setTreasury: "governance change rejected",
  setPaymentToken: "governance change rejected",
  setArbiter: "governance change rejected",
  approve: "token approval rejected",
  faucet: "faucet rejected",
  transfer: "transfer rejected",
  deploy: "deployment failed",
  getOrder: "order lookup failed",
  propose: "proposal rejected",
  castVote: "vote rejected",
  queue: "queueing rejected",
  execute: "execution rejected",
  cancelProposal: "proposal cancellation rejected",
  delegateVotes: "delegation rejected",
  registerDesign: "design registration rejected",
  createLicence: "licence rejected",
  endLicence: "licence end rejected",
  setPackage: "confidential package rejected",
  acceptNda: "NDA acceptance rejected",
  grantAccess: "access grant rejected",
  revokeAccess: "access revocation rejected",
  getDesign: "design lookup failed",
  getLicence: "licence lookup failed",
  getGrant: "grant lookup failed",
  getPackage: "package lookup failed",
  recordOrderPoints: "points recording rejected",
  recordRulingPoints: "points recording rejected",
  recordServicePoints: "points recording rejected",
  recordEvidencePoints: "points recording rejected",
  fundRewardEpoch: "reward funding rejected",
  claimReward: "reward claim rejected",
  returnUnclaimedRewards: "return of unclaimed rewards rejected",
};

type Render = {
  addr: (value: unknown) => string;
  time: (value: unknown) => string;
  pay: (value: unknown) => string;
  stake: (value: unknown) => string;
  amount: (value: unknown, token: unknown) => string;
  token: (value: unknown) => string;
};
type Sentence = (a: Record<string, unknown>, r: Render) => string;

const roleName = (bits: unknown): string => {
  const names = Object.entries(roles)
    .filter(([, bit]) => (Number(bits) & bit) === bit)
    .map(([name]) => name);
  return names.length > 0 ? names.join(" and ") : `role bits ${String(bits)}`;
};
/** DIP amounts (18 decimals) in whole tokens. */
const formatDip = (value: unknown): string => formatTokenAmount(value as bigint, { symbol: "DIP", decimals: 18 });
const statusName = (value: unknown): string =>
  (orderStatuses[Number(value)] ?? `status ${String(value)}`).toLowerCase();

/** Why a proposal in each state cannot take the step asked of it. */
const proposalStateSentences: Record<string, (id: string) => string> = {
  Pending: (id) => `voting on proposal ${id} has not started`,
  Active: (id) => `proposal ${id} is still being voted on`,
  Canceled: (id) => `proposal ${id} was cancelled`,
  Defeated: (id) => `proposal ${id} was defeated (too few votes for, or no quorum)`,
  Succeeded: (id) => `proposal ${id} has passed and is not queued yet`,
  Queued: (id) => `proposal ${id} is queued in the timelock`,
  Expired: (id) => `proposal ${id} expired`,
  Executed: (id) => `proposal ${id} was already executed`,
};

/** A readable sentence for every custom error of the DIPNET contracts (and the OpenZeppelin ones they use). */
export const errorSentences: Record<string, Sentence> = {
  // IOrderMarket
  MarketUnknownOrder: (a) => `there is no order ${a.orderId}`,
  MarketInvalidRfq: (a) => `RFQ field "${a.field}" is invalid: ${a.reason}`,
  MarketInvalidStatus: (a) => `order ${a.orderId} is ${statusName(a.status)}, which does not allow this`,
  MarketNotCustomer: (a, r) => `${r.addr(a.caller)} is not the customer of order ${a.orderId}`,
  MarketNotMaker: (a, r) => `${r.addr(a.caller)} is not the manufacturer of order ${a.orderId}`,
  MarketNotParty: (a, r) => `${r.addr(a.caller)} is neither the customer nor the manufacturer of order ${a.orderId}`,
  MarketBidWindowClosed: (a, r) => `RFQ ${a.orderId} closed at ${r.time(a.closedAt)}`,
  MarketBidWindowOpen: (a, r) => `bidding on RFQ ${a.orderId} is open until ${r.time(a.closesAt)}`,
  MarketRevealWindowClosed: (a, r) =>
    `the reveal window of RFQ ${a.orderId} runs from ${r.time(a.opensAt)} to ${r.time(a.closesAt)}, and now is outside it`,
  MarketSealedBidding: (a) => `RFQ ${a.orderId} uses sealed bidding: commit and reveal instead`,
  MarketOpenBidding: (a) => `RFQ ${a.orderId} uses open bidding: bid directly`,
  MarketNotInvited: (a, r) => `${r.addr(a.maker)} is not invited to bid on RFQ ${a.orderId}`,
  MarketInvalidBid: (a) => `bid field "${a.field}" is invalid: ${a.reason}`,
  MarketBidAboveBudget: (a, r) => `price ${r.pay(a.price)} is above the budget ${r.pay(a.budget)} of RFQ ${a.orderId}`,
  MarketCommitmentMismatch: (a, r) =>
    `price, lead time and salt do not match the sealed bid ${r.addr(a.maker)} committed on RFQ ${a.orderId}`,
  MarketNoActiveBid: (a, r) => `${r.addr(a.maker)} has no active bid on RFQ ${a.orderId}`,
  MarketNoCounterOffer: (a, r) => `${r.addr(a.maker)} has no counter-offer on RFQ ${a.orderId}`,
  MarketTermsChanged: (a, r) =>
    `the terms named are not the current ones: ${r.addr(a.maker)} now offers ${r.pay(a.price)} over ${formatDuration(a.leadTime as number)} on order ${a.orderId}`,
  MarketNoCommitDeposit: (a, r) =>
    `${r.addr(a.maker)} holds no commit deposit on RFQ ${a.orderId} (revealed, withdrawn or already settled)`,
  MarketRevealWindowOpen: (a, r) =>
    `the reveal window of RFQ ${a.orderId} is open until ${r.time(a.closesAt)}; unrevealed deposits wait for it`,
  MarketRulingWindowOpen: (a, r) =>
    `arbiters may rule order ${a.orderId} until ${r.time(a.rulingEnds)}; it cannot expire before`,
  MarketDeadlineUnreachable: (a, r) =>
    `awarding now makes order ${a.orderId} due at ${r.time(a.dueAt)}, after its deadline ${r.time(a.deadline)}`,
  MarketTokenNotAllowed: (a, r) => `${r.token(a.token)} is not an allowed payment token`,
  MarketTransferShortfall: (a, r) =>
    `only ${r.amount(a.received, a.token)} of ${r.amount(a.expected, a.token)} arrived; fee-on-transfer tokens cannot fund escrow`,
  MarketNoPendingMilestone: (a) =>
    `milestone ${a.index} of order ${a.orderId} is its final one, released only on acceptance`,
  MarketCertificationMissing: (a, r) =>
    `RFQ ${a.orderId} requires a valid ${certificationTypeName(a.certificationType as Hex)} certification, and ${r.addr(a.maker)} holds none (unexpired, unrevoked, from an admitted certifier)`,
  MarketAcceptanceWindowOpen: (a, r) =>
    `the acceptance window of order ${a.orderId} is open until ${r.time(a.endsAt)}; finalising must wait`,
  MarketAcceptanceWindowClosed: (a, r) =>
    `the acceptance window of order ${a.orderId} closed at ${r.time(a.endedAt)}; disputes are closed`,
  MarketNotArbiter: (a, r) => `${r.addr(a.caller)} is not an arbiter admitted by governance`,
  MarketArbiterIsParty: (a, r) => `arbiter ${r.addr(a.arbiter)} is a party to order ${a.orderId} and cannot rule on it`,
  MarketInvalidRuling: (a) =>
    `refund ${formatBps(a.refundBps as number)} and slash ${formatBps(a.slashBps as number)} must each be at most 100%`,
  MarketNotLate: (a, r) => `order ${a.orderId} can only be declared in default after ${r.time(a.defaultableAt)}`,
  MarketNothingToWithdraw: (a, r) => `${r.addr(a.account)} has nothing of ${r.token(a.token)} to withdraw`,
  MarketInvalidParameter: (a) => `parameter "${a.name}" is invalid: ${a.reason}`,
  MarketInsufficientCredit: (a, r) =>
    a.source === "balance"
      ? `the maker of order ${a.orderId} has only ${r.pay(a.available)} left to withdraw, and ${r.pay(a.needed)} is needed`
      : `order ${a.orderId} has only ${r.pay(a.available)} of credit left to spend (released milestones net of royalty, less what was spent), and ${r.pay(a.needed)} is needed`,
  MarketNotServices: (a, r) => `${r.addr(a.caller)} is not the market's services contract`,
  MarketParameterOutOfBounds: (a) =>
    `parameter "${a.name}" would be ${a.value}, outside its bounds ${a.min} to ${a.max}`,
  // Governance (OpenZeppelin Governor and TimelockController, DIPNET's bounds)
  GovernorUnexpectedProposalState: (a) => {
    const state = proposalStates[Number(a.current)] ?? "";
    return (proposalStateSentences[state] ?? ((id) => `proposal ${id} is in state ${a.current}`))(String(a.proposalId));
  },
  GovernorNonexistentProposal: (a) => `there is no proposal ${a.proposalId}`,
  GovernorInsufficientProposerVotes: (a, r) =>
    `${r.addr(a.proposer)} has ${formatDip(a.votes)} of delegated votes, below the proposal threshold of ${formatDip(a.threshold)}`,
  GovernorAlreadyCastVote: (a, r) => `${r.addr(a.voter)} has already voted on this proposal`,
  GovernorUnableToCancel: (a, r) =>
    `${r.addr(a.account)} cannot cancel proposal ${a.proposalId}: only its proposer can, and only before voting opens`,
  GovernorInvalidVoteType: () => "a vote is for, against or abstain",
  GovernanceParameterOutOfBounds: (a) =>
    `governance parameter "${a.name}" would be ${a.value}, outside its bounds ${a.min} to ${a.max}`,
  GovernorAlreadyQueuedProposal: (a) => `proposal ${a.proposalId} is already queued`,
  GovernorDisabledDeposit: () => "the Governor accepts no ether",
  GovernorInvalidProposalLength: (a) =>
    `a proposal needs as many targets (${a.targets}) as calldatas (${a.calldatas}) and values (${a.values}), at least one`,
  GovernorInvalidQuorumFraction: (a) =>
    `quorum ${a.quorumNumerator} out of ${a.quorumDenominator} is more than everything`,
  GovernorInvalidSignature: (a, r) => `the vote signature is not ${r.addr(a.voter)}'s`,
  GovernorInvalidVoteParams: () => "this Governor takes no vote parameters",
  GovernorInvalidVotingPeriod: (a) => `a voting period of ${a.votingPeriod} s is too short`,
  GovernorOnlyExecutor: (a, r) => `only the timelock can do this through a proposal, not ${r.addr(a.account)}`,
  GovernorProposalQueueingFailed: (a) => `the timelock did not accept proposal ${a.proposalId}`,
  GovernorProposalQueueingNotRequired: (a) => `proposal ${a.proposalId} needs no queueing`,
  GovernorRestrictedProposer: (a, r) =>
    `${r.addr(a.proposer)} may not submit this proposal (its description restricts the proposer)`,
  ERC5805FutureLookup: (a) => `votes at ${a.timepoint} are not known yet (now is ${a.clock})`,
  ERC6372InconsistentClock: () => "the token's clock and the Governor's disagree",
  CheckpointUnorderedInsertion: () => "a vote checkpoint cannot be written into the past",
  VotesExpiredSignature: (a, r) => `the delegation signature expired at ${r.time(a.expiry)}`,
  ERC20ExceededSafeSupply: (a) => `a supply of ${a.increasedSupply} would exceed what votes can count (${a.cap})`,
  DipAllocationMismatch: (a) => `the DIP allocation names ${a.recipients} recipients but ${a.amounts} amounts`,
  AccessControlBadConfirmation: () => "an account can renounce only its own role",
  TimelockInsufficientDelay: (a) => `a delay of ${a.delay} s is below the timelock's minimum of ${a.minDelay} s`,
  TimelockInvalidOperationLength: (a) =>
    `an operation needs as many targets (${a.targets}) as payloads (${a.payloads}) and values (${a.values})`,
  TimelockUnauthorizedCaller: (a, r) => `only the timelock itself may do this, not ${r.addr(a.caller)}`,
  TimelockUnexecutedPredecessor: (a) => `the operation waits for ${a.predecessorId} to be executed first`,
  TimelockUnexpectedOperationState: () =>
    "the timelock operation is not ready (its delay has not passed) or already done",
  // IParticipantRegistry
  RegistryAlreadyRegistered: (a, r) => `${r.addr(a.account)} is already registered`,
  RegistryNotRegistered: (a, r) => `${r.addr(a.account)} is not registered; register first`,
  RegistryMissingRole: (a, r) => `${r.addr(a.account)} lacks the ${roleName(a.role)} role`,
  RegistryInvalidRoles: (a) =>
    `roles ${a.roles} is empty or holds unknown bits (customer = 1, manufacturer = 2, inspector = 4, logistics = 8)`,
  RegistryInsufficientStake: (a, r) =>
    `${r.addr(a.account)} has ${r.stake(a.available)} free stake where ${r.stake(a.required)} is needed`,
  RegistryNotMarket: (a, r) => `${r.addr(a.caller)} is not an allowed market (a removed one only settles its bonds)`,
  RegistryZeroAmount: () => "the amount must be greater than zero",
  RegistryNothingToClaim: (a, r) => `${r.addr(a.account)} has no slashed stake to claim`,
  RegistryStakeTokenInUse: (a, r) =>
    `the stake token cannot change while ${r.stake(a.totalStaked)} is staked and ${r.stake(a.unclaimedSlashed)} of slashed stake is unclaimed`,
  RegistryInvalidParameter: (a) => `parameter "${a.field}" is invalid: ${a.reason}`,
  RegistryInvalidStakeToken: (a, r) => `stake token ${r.addr(a.token)} is not a contract`,
  RegistryBondNotHeld: (a, r) =>
    `market ${r.addr(a.market)} holds only ${r.stake(a.held)} of ${r.addr(a.account)}'s bonds, not ${r.stake(a.amount)}: a market settles only the bonds it locked`,
  RegistryTransferShortfall: (a, r) =>
    `only ${r.stake(a.received)} of ${r.stake(a.expected)} arrived; fee-on-transfer tokens cannot be staked`,
  RegistryNotGuardian: (a, r) =>
    `${r.addr(a.caller)} is not the guardian (there may be none: a guardian steps down when it pauses; governance appoints one by proposal)`,
  RegistryNewBusinessPaused: (a, r) =>
    `new RFQs and bids are paused by the guardian until ${r.time(a.until)}; live orders, stake and withdrawals go on`,
  // TestStablecoin
  StablecoinFaucetLimit: (a) =>
    `the faucet gives at most ${formatTokenAmount(a.limit as bigint, { symbol: "tUSD", decimals: 6 })} per call, ${formatTokenAmount(a.requested as bigint, { symbol: "tUSD", decimals: 6 })} requested`,
  // OpenZeppelin
  ERC20InsufficientBalance: (a, r) => `${r.addr(a.sender)} holds ${r.pay(a.balance)} but ${r.pay(a.needed)} is needed`,
  ERC20InsufficientAllowance: (a, r) =>
    `${r.addr(a.spender)} may spend ${r.pay(a.allowance)} but ${r.pay(a.needed)} is needed; approve more first`,
  ERC20InvalidSender: (a, r) => `${r.addr(a.sender)} cannot send tokens`,
  ERC20InvalidReceiver: (a, r) => `${r.addr(a.receiver)} cannot receive tokens`,
  ERC20InvalidApprover: (a, r) => `${r.addr(a.approver)} cannot approve`,
  ERC20InvalidSpender: (a, r) => `${r.addr(a.spender)} cannot be approved as spender`,
  ERC2612ExpiredSignature: (a, r) => `the permit expired at ${r.time(a.deadline)}`,
  // ICapacityLedger
  CapacityDowntimeOver: (a) => `downtime ${a.downtimeId} has already ended`,
  CapacityEmptyPlan: () => "the plan has no reservations",
  CapacityIntervalInPast: (a) =>
    `machine ${a.machineId}: slot ${a.fromSlot} is in the past (the current slot is ${a.currentSlot})`,
  CapacityInvalidInterval: (a) => `machine ${a.machineId}: slots ${a.fromSlot} to ${a.toSlot} are not a valid interval`,
  CapacityInvalidMachine: (a) => `machine field "${a.field}" is invalid: ${a.reason}`,
  CapacityInvalidRegistry: (a, r) => `${r.addr(a.registry)} is not a participant registry`,
  CapacityMachineDown: (a) => `machine ${a.machineId} is down at slot ${a.slot}`,
  CapacityMachineInactive: (a) => `machine ${a.machineId} is deactivated`,
  CapacityNotMachineOwner: (a, r) => `${r.addr(a.caller)} does not own machine ${a.machineId}`,
  CapacityNotReservationHolder: (a, r) => `${r.addr(a.caller)} may not change reservation ${a.reservationId}`,
  CapacityNotReserver: (a, r) => `${r.addr(a.caller)} may not reserve machine ${a.machineId}`,
  CapacityReservationNotLive: (a) => `reservation ${a.reservationId} is no longer live`,
  CapacityReservationNotStarted: (a, r) => `reservation ${a.reservationId} starts at ${r.time(a.startsAt)}`,
  CapacitySlotTaken: (a) => `machine ${a.machineId} is already reserved at slot ${a.slot}`,
  CapacityUnknownDowntime: (a) => `there is no downtime ${a.downtimeId}`,
  CapacityUnknownMachine: (a) => `there is no machine ${a.machineId}`,
  CapacityUnknownReservation: (a) => `there is no reservation ${a.reservationId}`,
  CapacityWrongMachine: (a) => `reservation ${a.reservationId} is not on machine ${a.machineId}`,
  // IContributionRewards
  RewardsParameterOutOfBounds: (a) => `rewards parameter "${a.name}" must be ${a.min} to ${a.max}, not ${a.value}`,
  RewardsInvalidParameter: (a) => `"${a.name}" is invalid: ${a.reason}`,
  RewardsOrderNotEligible: (a) =>
    `order ${a.orderId} is ${statusName(a.status)}; only a ${statusName(a.required)} order earns these points`,
  RewardsAlreadyRecorded: (a) =>
    `the ${(contributionKinds[Number(a.kind)] ?? "").toLowerCase()} points of order ${a.orderId} are already recorded`,
  RewardsServiceAlreadyRecorded: (a) => `service ${a.serviceId} is already recorded`,
  RewardsNoPoints: (a) =>
    `order ${a.orderId} earns no ${(contributionKinds[Number(a.kind)] ?? "").toLowerCase()} points (no fee, no fee value for its token, or its services' pool is used up)`,
  RewardsNoArbiter: (a) =>
    `order ${a.orderId} was not ruled by an arbiter (its dispute expired, or governance ruled it)`,
  RewardsNoServices: () => "this deployment has no order services to record",
  RewardsServiceNotPerformed: (a) => `service ${a.serviceId} is not performed yet (state ${a.state})`,
  RewardsServiceTokenMismatch: (a, r) =>
    `service ${a.serviceId} was paid in ${r.addr(a.token)}, not its order's token ${r.addr(a.orderToken)}`,
  RewardsUnknownTrace: (a) => `order ${a.orderId} has no trace ${a.eventHash} of item ${a.itemId}`,
  RewardsTraceTooLate: (a, r) =>
    `the trace of order ${a.orderId} was recorded at ${r.time(a.recordedAt)}, after its acceptance deadline ${r.time(a.acceptanceEnds)}`,
  RewardsEpochEnded: (a, r) => `reward epoch ${a.epoch} ended at ${r.time(a.endedAt)}; its budget is final`,
  RewardsEpochNotEnded: (a, r) => `reward epoch ${a.epoch} runs until ${r.time(a.endsAt)}`,
  RewardsNothingToClaim: (a, r) => `${r.addr(a.account)} has no reward to claim in epoch ${a.epoch}`,
  RewardsAlreadyClaimed: (a, r) => `${r.addr(a.account)} already claimed its reward of epoch ${a.epoch}`,
  RewardsClaimWindowClosed: (a, r) => `the claims of epoch ${a.epoch} closed at ${r.time(a.closedAt)}`,
  RewardsClaimWindowOpen: (a, r) => `epoch ${a.epoch} can be claimed until ${r.time(a.closesAt)}`,
  RewardsNothingToReturn: (a) => `nothing of epoch ${a.epoch}'s budget is left to return`,
  // IEvidenceRegistry
  EvidenceDeviceExists: (a) =>
    `${a.manufacturer} already registered device "${a.deviceId}" (a new key needs a new device id)`,
  EvidenceDeviceRevoked: (a) => `device ${a.deviceKey} is already revoked`,
  EvidenceInvalidAnchor: (a) => `anchor field "${a.field}" is invalid: ${a.reason}`,
  EvidenceInvalidDeviceId: (a) => `device id "${a.deviceId}" must be 1 to 64 of A-Z a-z 0-9 . _ -`,
  EvidenceInvalidLedger: (a, r) => `${r.addr(a.ledger)} is not a capacity ledger`,
  EvidenceInvalidPublicKey: () => "the device's public key must not be zero",
  EvidenceMachineInactive: (a) => `machine ${a.machineId} is deactivated and takes no new devices`,
  EvidenceNotDeviceManufacturer: (a, r) =>
    `${r.addr(a.caller)} did not register device ${a.deviceKey}; only its manufacturer may revoke it`,
  EvidenceNotMachineOwner: (a, r) => `${r.addr(a.caller)} does not own machine ${a.machineId}`,
  EvidenceRootAlreadyAnchored: (a, r) => `${r.addr(a.anchorer)} already anchored Merkle root ${a.root}`,
  EvidenceInvalidTrace: (a) => `trace field "${a.field}" is invalid: ${a.reason}`,
  EvidenceTraceExists: (a) => `event ${a.eventHash} is already recorded for item ${a.itemId} of order ${a.orderId}`,
  EvidenceNotOrderMaker: (a, r) =>
    `only the maker of order ${a.orderId} (${r.addr(a.maker)}) may create its items, not ${r.addr(a.caller)}`,
  EvidenceInvalidMarket: (a, r) => `${r.addr(a.market)} is not an order market`,
  EvidenceNotCustodian: (a, r) =>
    `${r.addr(a.caller)} is not the custodian of item ${a.itemId} of order ${a.orderId}; ${r.addr(a.custodian)} is`,
  EvidenceUnknownDevice: (a) => `there is no device ${a.deviceKey}`,
  // IOrderServices
  ServicesUnknownService: (a) => `there is no service ${a.serviceId}`,
  ServicesInvalidBooking: (a) => `service field "${a.field}" is invalid: ${a.reason}`,
  ServicesInvalidState: (a) =>
    `service ${a.serviceId} is ${["unknown", "booked", "performed", "cancelled"][Number(a.state)] ?? `in state ${a.state}`}, which does not allow this`,
  ServicesWrongKind: (a) =>
    `service ${a.serviceId} is not ${Number(a.kind) === 1 ? "an inspection" : "a logistics leg"}`,
  ServicesNotAllowed: (a, r) =>
    `only ${r.addr(a.expected)} may do this on service ${a.serviceId}, not ${r.addr(a.caller)}`,
  ServicesNotPickedUp: (a) => `the carrier has not picked up leg ${a.serviceId} yet`,
  ServicesAlreadyPickedUp: (a, r) =>
    `leg ${a.serviceId} was picked up at ${r.time(a.pickedUpAt)}: it can only be reclaimed after its deadline`,
  ServicesDeadlinePassed: (a, r) =>
    `service ${a.serviceId}'s deadline passed at ${r.time(a.deadline)}: it can only be reclaimed`,
  ServicesNotCancellable: (a, r) =>
    `${r.addr(a.caller)} may not cancel service ${a.serviceId}: only its booker, or anyone once its order ended unfinished`,
  ServicesNothingToWithdraw: (a, r) =>
    `${r.addr(a.account)} has nothing of ${r.token(a.token)} to withdraw from services`,
  // IDesignRegistry
  DesignUnknown: (a) => `there is no design ${a.designId}`,
  DesignInvalid: (a) => `design field "${a.field}" is invalid: ${a.reason}`,
  DesignNotOwner: (a, r) => `${r.addr(a.caller)} does not own design ${a.designId}`,
  DesignInvalidMarket: (a, r) => `${r.addr(a.market)} is not an order market`,
  DesignNotMarket: (a, r) => `only the order market records units, not ${r.addr(a.caller)}`,
  DesignResaleRoyaltyTooHigh: (a) =>
    `a resale royalty of ${formatBps(Number(a.resaleRoyaltyBps))} is above the most, ${formatBps(Number(a.maxBps))}`,
  LicenceUnknown: (a) => `there is no licence ${a.licenceId}`,
  LicenceInvalid: (a) => `licence field "${a.field}" is invalid: ${a.reason}`,
  LicenceMakerNotAllowed: (a, r) => `${r.addr(a.maker)} is not a maker licence ${a.licenceId} allows`,
  LicenceCapExceeded: (a) =>
    `${a.units} more units would pass licence ${a.licenceId}'s cap of ${a.maxUnits} (${a.unitsBuilt} built)`,
  LicenceExpired: (a, r) => `licence ${a.licenceId} expired at ${r.time(a.expiresAt)}`,
  LicenceHasEnded: (a, r) => `licence ${a.licenceId} was ended at ${r.time(a.endedAt)}`,
  ERC721InvalidReceiver: (a, r) => `${r.addr(a.receiver)} cannot receive design tokens (no onERC721Received)`,
  ERC721NonexistentToken: (a) => `there is no design token ${a.tokenId}`,
  ERC721IncorrectOwner: (a, r) => `${r.addr(a.sender)} does not own design token ${a.tokenId}`,
  ERC721InsufficientApproval: (a, r) => `${r.addr(a.operator)} may not move design token ${a.tokenId}`,
  ERC721InvalidApprover: (a, r) => `${r.addr(a.approver)} may not approve`,
  ERC721InvalidOperator: (a, r) => `${r.addr(a.operator)} cannot be an operator`,
  ERC721InvalidOwner: (a, r) => `${r.addr(a.owner)} cannot own design tokens`,
  ERC721InvalidSender: (a, r) => `${r.addr(a.sender)} cannot send design tokens`,
  // IConfidentialAccess
  AccessInvalidMarket: (a, r) => `${r.addr(a.market)} is not an order market`,
  AccessInvalid: (a) => `field "${a.field}" is invalid: ${a.reason}`,
  AccessNotCustomer: (a, r) => `${r.addr(a.caller)} is not the customer of order ${a.orderId}`,
  AccessBiddingClosed: (a, r) =>
    `order ${a.orderId} is ${statusName(a.status)}${Number(a.status) === 1 ? ` and its bidding closed at ${r.time(a.biddingEnds)}` : ""}: its package can only be set while bidding is open`,
  AccessNoPackage: (a) => `order ${a.orderId} has no confidential package`,
  AccessNdaMismatch: (a) => `NDA ${a.ndaHash} is not the NDA of order ${a.orderId} (${a.expected})`,
  AccessNdaAlreadyAccepted: (a, r) => `${r.addr(a.account)} already accepted the NDA of order ${a.orderId}`,
  AccessNdaNotAccepted: (a, r) => `${r.addr(a.grantee)} has not accepted the NDA of order ${a.orderId}`,
  AccessNotAwardedMaker: (a, r) =>
    `order ${a.orderId} is awarded: only its maker ${r.addr(a.maker)} may receive the package, not ${r.addr(a.grantee)}`,
  AccessNotGrantor: (a, r) => `${r.addr(a.caller)} may not grant access to order ${a.orderId} now`,
  AccessFileNotHeld: (a, r) => `${r.addr(a.maker)} holds no standing grant of ${a.fileCid} on order ${a.orderId}`,
  AccessOrderClosed: (a) => `order ${a.orderId} is ${statusName(a.status)} and takes no grants`,
  AccessUnknownGrant: (a) => `there is no grant ${a.grantId}`,
  AccessNotGrantorOf: (a, r) => `${r.addr(a.caller)} did not make grant ${a.grantId}; only its grantor may revoke it`,
  AccessAlreadyRevoked: (a) => `grant ${a.grantId} is already revoked`,
  // ICertifierRegistry (EAS resolver)
  CertifierExpirationRequired: (a) => `attestations of schema ${a.schema} must expire`,
  CertifierInvalidAddress: (a, r) => `${r.addr(a.certifier)} cannot be a certifier`,
  CertifierInvalidData: (a) => `the attestation data does not match schema ${a.schema}`,
  CertifierInvalidKinds: (a) => `certifier kinds ${a.kinds} are not valid`,
  CertifierInvalidRecipient: (a) => `attestations of schema ${a.schema} need a subject`,
  CertifierNotAdmitted: (a, r) => `${r.addr(a.attester)} is not an admitted certifier of kind ${a.kind}`,
  CertifierNotRevocable: (a) => `attestations of schema ${a.schema} must be revocable`,
  CertifierTooManyCertifications: (a, r) =>
    `${r.addr(a.subject)} already holds the most live certifications of this type`,
  CertifierUnknown: (a, r) => `${r.addr(a.certifier)} is not a certifier`,
  CertifierUnknownSchema: (a) => `schema ${a.schema} is not one of DIPNET's`,
  // EAS and its schema registry
  AccessDenied: () => "the attestation service denied access",
  AlreadyExists: () => "the schema is already registered",
  AlreadyRevoked: () => "the attestation is already revoked",
  AlreadyRevokedOffchain: () => "the off-chain attestation is already revoked",
  AlreadyTimestamped: () => "the data is already timestamped",
  DeadlineExpired: () => "the signature's deadline has passed",
  InsufficientBalance: (a) => `the balance ${a.balance} is below the ${a.needed} needed`,
  InsufficientValue: () => "not enough value was sent",
  InvalidAttestation: () => "the attestation is invalid",
  InvalidAttestations: () => "the attestations are invalid",
  InvalidEAS: () => "the attestation service address is invalid",
  InvalidExpirationTime: () => "the expiration time is invalid",
  InvalidLength: () => "the arrays' lengths do not match",
  InvalidNonce: () => "the nonce is invalid",
  InvalidOffset: () => "the offset is invalid",
  InvalidRegistry: () => "the schema registry is invalid",
  InvalidRevocation: () => "the revocation is invalid",
  InvalidRevocations: () => "the revocations are invalid",
  InvalidSchema: () => "the schema is invalid",
  InvalidSignature: () => "the signature is invalid",
  InvalidVerifier: () => "the verifier is invalid",
  Irrevocable: () => "the attestation cannot be revoked",
  NotFound: () => "the attestation was not found",
  NotPayable: () => "the call does not accept value",
  WrongSchema: () => "the attestation belongs to another schema",
  ERC2612InvalidSigner: (a, r) => `the permit was signed by ${r.addr(a.signer)}, not by the owner ${r.addr(a.owner)}`,
  InvalidAccountNonce: (a, r) => `${r.addr(a.account)}'s nonce is ${a.currentNonce}; sign again`,
  ECDSAInvalidSignature: () => "the signature is invalid",
  ECDSAInvalidSignatureLength: (a) => `the signature has invalid length ${a.length}`,
  ECDSAInvalidSignatureS: () => "the signature has an invalid s value",
  SafeERC20FailedOperation: (a, r) => `the token ${r.token(a.token)} refused the transfer`,
  ReentrancyGuardReentrantCall: () => "re-entrant call refused",
  OwnableUnauthorizedAccount: (a, r) => `${r.addr(a.account)} is not governance (the contract owner)`,
  OwnableInvalidOwner: (a, r) => `${r.addr(a.owner)} cannot be governance`,
  AccessControlUnauthorizedAccount: (a, r) => `${r.addr(a.account)} lacks the role ${a.neededRole}`,
  AddressEmptyCode: (a, r) => `${r.addr(a.target)} has no code`,
  FailedCall: () => "a call to another contract failed",
  InvalidShortString: () => "a string is too long to be stored as a short string",
  StringTooLong: (a) => `the string "${a.str}" is too long`,
  SafeCastOverflowedUintDowncast: (a) => `value ${a.value} does not fit in ${a.bits} bits`,
  Error: (a) => `reverted: ${a.message}`,
  Panic: (a) => `panic code 0x${(a.code as bigint).toString(16)} (arithmetic or assertion failure)`,
};

/** Label of a bid state value. */
export function bidStateName(value: number | bigint): string {
  return bidStates[Number(value)] ?? `state ${value}`;
}

/**
 * Renders a decoded revert as `<action> rejected: <sentence> (<ErrorName>)`, with timestamps as UTC
 * dates and amounts in token units when the token is known.
 * @example formatContractError(decoded, { action: "bid" })
 * // "bid rejected: RFQ 12 closed at 2026-11-30 10:00 UTC (MarketBidWindowClosed)"
 */
export function formatContractError(
  decoded: Pick<DecodedContractError, "name" | "args">,
  context: ErrorContext = {},
): string {
  const known = [context.paymentToken, context.stakeToken, ...(context.tokens ?? [])].filter(
    (t): t is TokenInfo => t !== undefined,
  );
  const tokenAt = (value: unknown): TokenInfo | undefined =>
    known.find((t) => typeof value === "string" && t.address.toLowerCase() === value.toLowerCase());
  const render: Render = {
    addr: (v) =>
      typeof v === "string" && isAddress(v, { strict: false }) ? formatAddress(v, context.nameOf) : String(v),
    time: (v) => formatUtc(v as bigint),
    pay: (v) => formatTokenAmount(v as bigint, context.paymentToken),
    stake: (v) => formatTokenAmount(v as bigint, context.stakeToken),
    amount: (v, token) => formatTokenAmount(v as bigint, tokenAt(token)),
    token: (v) => tokenAt(v)?.symbol ?? render.addr(v),
  };
  const sentence = errorSentences[decoded.name];
  const text = sentence
    ? sentence(decoded.args, render)
    : `${decoded.name}(${Object.entries(decoded.args)
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join(", ")})`;
  const prefix = context.action
    ? (actionPrefixes[context.action] ?? `${context.action} rejected`)
    : "transaction rejected";
  return `${prefix}: ${text} (${decoded.name})`;
}
