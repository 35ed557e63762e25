// Row types of the node's SQL store. One schema for SQLite and PostgreSQL: integers that may pass
// 2^31 are BIGINT (returned as JS numbers; all are block numbers, times or ids far below 2^53),
// token amounts are decimal TEXT (uint256 does not fit any portable integer type), flags are 0/1.
// Everything below `cursor`/`blocks`/`events` is derived from `events` and can be rebuilt.
import type { BidState, PostedOrderStatus } from "@dipnet/sdk";

/** Where the indexer stands: one row per indexed deployment. */
export type CursorTable = {
  id: string;
  chain_id: number;
  /** JSON of the indexed contract addresses; a different deployment means a reset chain. */
  deployment: string;
  block_number: number;
  block_hash: string;
  updated_at: number;
};

/** Headers of recent blocks, for reorg detection inside the finality window. */
export type BlocksTable = {
  chain_id: number;
  number: number;
  hash: string;
  parent_hash: string;
  timestamp: number;
};

/** Every indexed log, decoded. Primary key (chain_id, block_hash, log_index). */
export type EventsTable = {
  chain_id: number;
  block_hash: string;
  log_index: number;
  block_number: number;
  block_time: number;
  tx_hash: string;
  tx_index: number;
  contract: string;
  name: string;
  /** Order the event belongs to, if any. */
  order_id: number | null;
  /** Participant (registry events) or account (withdrawals) the event belongs to, if any. */
  account: string | null;
  /** Decoded arguments as JSON: big integers as decimal strings, addresses lowercase. */
  args: string;
};

export type ParticipantsTable = {
  address: string;
  roles: number;
  registered_at: number;
  registered_block: number;
  profile_hash: string;
  profile_uri: string;
  encryption_key: string;
  stake: string;
  locked: string;
  /** Number of bonds currently locked. */
  open_bonds: number;
  updated_block: number;
  updated_at: number;
};

export type OrdersTable = {
  id: number;
  customer: string;
  maker: string | null;
  status: PostedOrderStatus;
  token: string;
  budget: string;
  price: string | null;
  fee: string | null;
  bond: string;
  deadline: number;
  bidding_ends: number;
  reveal_ends: number;
  sealed: number;
  invitees: string;
  spec_hash: string;
  spec_uri: string;
  process: string;
  material: string;
  quantity: number;
  milestone_bps: string;
  milestones_submitted: number;
  milestones_released: number;
  /** Certification type bidders must hold (its name), or null. */
  required_certification: string | null;
  /** Design licence the order is built under (decimal id), or null. */
  licence_id: string | null;
  /** Once a licensed order is awarded: the royalty a completed order pays, and its recipient. */
  royalty: string | null;
  royalty_recipient: string | null;
  /** Royalty credited to the recipient so far (RoyaltyPaid), in base units of `token`. */
  royalties_paid: string;
  released_amount: string;
  lead_time: number | null;
  due_at: number | null;
  acceptance_ends: number | null;
  /** Once disputed: until when arbiters may rule (acceptance end + the ruling window when it opened). */
  ruling_ends: number | null;
  bid_count: number;
  arbiter: string | null;
  refund_bps: number | null;
  slash_bps: number | null;
  /** 1 when the dispute ended unruled by `expireDispute` (refund_bps holds the default split). */
  dispute_expired: number;
  /** What a cancellation after award credited the maker beyond released milestones. */
  cancellation_compensation: string | null;
  maker_amount: string | null;
  customer_refund: string | null;
  settled_fee: string | null;
  bond_slashed: string | null;
  created_block: number;
  created_at: number;
  created_tx: string;
  awarded_at: number | null;
  shipped_at: number | null;
  closed_at: number | null;
  updated_block: number;
  updated_at: number;
};

export type BidsTable = {
  order_id: number;
  maker: string;
  state: BidState;
  price: string | null;
  lead_time: number | null;
  commitment: string | null;
  /** Commit deposit of a sealed bid, in payment-token base units. */
  deposit: string | null;
  /** Where the commit deposit is: "held", "returned" (to the maker) or "forfeited" (to the customer). */
  deposit_state: "held" | "returned" | "forfeited" | null;
  counter_price: string | null;
  counter_lead_time: number | null;
  created_block: number;
  created_at: number;
  updated_block: number;
  updated_at: number;
  updated_tx: string;
};

export type MilestonesTable = {
  order_id: number;
  idx: number;
  bps: number;
  evidence_hash: string | null;
  submitted_tx: string | null;
  submitted_block: number | null;
  submitted_at: number | null;
  amount: string | null;
  released_tx: string | null;
  released_block: number | null;
  released_at: number | null;
};

/** Protocol parameters of one contract (market or registry), as JSON. */
export type ContractStateTable = {
  address: string;
  kind: string;
  state: string;
  updated_block: number;
};

/** Credits and debits of what a contract owes an account, one row per event and party. */
export type LedgerTable = {
  chain_id: number;
  block_hash: string;
  log_index: number;
  seq: number;
  block_number: number;
  contract: string;
  token: string;
  account: string;
  /** Signed decimal. */
  delta: string;
};

/** What a contract owes an account in a token: the sum of its ledger rows. */
export type BalancesTable = {
  contract: string;
  token: string;
  account: string;
  owed: string;
  updated_block: number;
};

/** A capacity-ledger machine (src/capacity/projection.ts); ids decoded to text, location in microdegrees. */
export type MachinesTable = {
  machine_id: number;
  owner: string;
  /** 0/1. */
  active: number;
  process: string;
  /** JSON array of material ids. */
  materials: string;
  envelope_x: number;
  envelope_y: number;
  envelope_z: number;
  /** Payment-token base units per hour (decimal). */
  hourly_rate: string;
  latitude: number;
  longitude: number;
  slot_seconds: number;
  registered_block: number;
  registered_at: number;
  updated_block: number;
};

/** A reservation of slots `[from_slot, to_slot)` (times `[start_time, end_time)`) on a machine. */
export type ReservationsTable = {
  reservation_id: number;
  machine_id: number;
  order_id: number;
  from_slot: number;
  to_slot: number;
  start_time: number;
  end_time: number;
  agent: string;
  status: "Live" | "Released" | "Completed";
  made_block: number;
  made_at: number;
  updated_block: number;
};

/** A declared downtime; once ended, `to_slot` is where it ended. */
export type DowntimesTable = {
  downtime_id: number;
  machine_id: number;
  from_slot: number;
  to_slot: number;
  start_time: number;
  end_time: number;
  reason: "Breakdown" | "Maintenance" | "Other";
  ended: number;
  /** JSON array of reservation ids (decimal strings) the declaration released. */
  released_reservation_ids: string;
  declared_block: number;
  declared_at: number;
};

/** The secret that signs this database's sign-in nonces (one row, id 1). */
export type AuthSecretTable = {
  id: number;
  secret: string;
};

/** Messages in each order's private thread: the cap is reserved here, atomically. */
export type OrderThreadSizesTable = {
  order_id: number;
  messages: number;
};

/** Sign-In with Ethereum nonces spent and not yet expired (a spent nonce stays spent). Times in ms. */
export type AuthNoncesTable = {
  nonce: string;
  expires_at: number;
};

/** Signed-in sessions, keyed by the SHA-256 of the cookie's token (the token itself is not stored). */
export type AuthSessionsTable = {
  token_hash: string;
  /** Checksummed address. */
  address: string;
  chain_id: number;
  created_at: number;
  expires_at: number;
};

/** The private thread of an order: its customer, its maker and, in a dispute, the arbiter. */
export type OrderMessagesTable = {
  /** Random id (hex). */
  id: string;
  order_id: number;
  /** Lowercase address of the signed-in author. */
  author: string;
  /** The capacity the author wrote in. */
  role: "customer" | "maker" | "arbiter";
  /** Base64 of the message sealed in the author's client (a vault file): the node never holds its key. */
  ciphertext: string;
  /** JSON `[{ account, keyVersion }]`: whose key of which version each header stanza is, in order. */
  recipients: string;
  /** ms since the epoch. */
  created_at: number;
};

/** A participant's own settings: contact and which notifications it wants. */
export type AccountSettingsTable = {
  /** Lowercase address. */
  address: string;
  email: string | null;
  /** JSON object of notification kind → boolean. */
  notify: string;
  updated_at: number;
};

/** A Governor proposal (src/modules/governance/projection.ts): a fold of its Governor events. */
export type GovProposalsTable = {
  /** Decimal uint256. */
  proposal_id: string;
  proposer: string;
  description: string;
  /** JSON `[{ target, value, calldata }]`. */
  actions: string;
  vote_start: number;
  vote_end: number;
  created_block: number;
  created_log_index: number;
  created_at: number;
  created_tx: string;
  votes_for: string;
  votes_against: string;
  votes_abstain: string;
  queued_at: number | null;
  eta: number | null;
  executed_at: number | null;
  canceled_at: number | null;
};

/** A vote cast on a proposal, one row per VoteCast / VoteCastWithParams. */
export type GovVotesTable = {
  block_number: number;
  log_index: number;
  proposal_id: string;
  voter: string;
  /** 0 against, 1 for, 2 abstain (the Governor's counting). */
  support: number;
  weight: string;
  reason: string;
  at: number;
  tx_hash: string;
};

/** A governed parameter's value from an event on, one row per change. */
export type GovParameterChangesTable = {
  block_number: number;
  log_index: number;
  /** Several parameters change in one event (the market's ParametersSet). */
  seq: number;
  /** Lowercase address of the governed contract. */
  contract: string;
  name: string;
  /** Member of a set-valued parameter (an arbiter, a payment token, …); '' for a scalar. */
  member: string;
  value: string;
  at: number;
  tx_hash: string;
  /** The proposal whose execution made the change, when one did. */
  proposal_id: string | null;
};

/** DIP's total supply from a mint or burn on. */
export type GovSupplyTable = {
  block_number: number;
  log_index: number;
  at: number;
  total_supply: string;
};

/** A DIP holder or delegate: a fold of the DIP events naming it. */
export type GovAccountsTable = {
  address: string;
  balance: string;
  /** Whom it delegates its votes to; null until it delegates. */
  delegate: string | null;
  votes: string;
  updated_block: number;
};

/** Money the treasury (the timelock) received or spent. */
export type GovTreasuryTable = {
  block_number: number;
  log_index: number;
  /** fee: credited by the market; in / out: a token transfer to / from the timelock. */
  kind: string;
  token: string;
  amount: string;
  counterparty: string;
  at: number;
  tx_hash: string;
  proposal_id: string | null;
};

/** A contribution recorded on the contribution rewards (src/modules/rewards/projection.ts), one row per
 * PointsRecorded or SelfDealingIgnored. */
export type RewardContributionsTable = {
  block_number: number;
  log_index: number;
  /** Null for self-dealing: it earns nothing, in no epoch. */
  epoch: number | null;
  account: string;
  /** Decimal uint256. */
  order_id: string;
  /** maker, ruling, service or evidence. */
  kind: string;
  /** Decimal uint256; "0" unless `kind` is service. */
  service_id: string;
  points: string;
  /** The account it is linked to when the contribution was self-dealing; null otherwise. */
  self_dealing_with: string | null;
  at: number;
  tx_hash: string;
};

/** DIP added to an epoch's budget, one row per EpochFunded. */
export type RewardFundingTable = {
  block_number: number;
  log_index: number;
  epoch: number;
  funder: string;
  amount: string;
  at: number;
  tx_hash: string;
};

/** A reward claimed, one row per RewardClaimed. */
export type RewardClaimsTable = {
  block_number: number;
  log_index: number;
  epoch: number;
  account: string;
  amount: string;
  at: number;
  tx_hash: string;
};

/** What nobody claimed of an epoch, returned to the owner, one row per UnclaimedReturned. */
export type RewardReturnsTable = {
  block_number: number;
  log_index: number;
  epoch: number;
  recipient: string;
  amount: string;
  at: number;
  tx_hash: string;
};

/** A segment of the epoch schedule, one row per EpochScheduleSet (a later one for the same first epoch replaces it). */
export type RewardScheduleTable = {
  block_number: number;
  log_index: number;
  first_epoch: number;
  start: number;
  length: number;
  cap_bps: number;
};

/** A design token on the design registry (src/modules/designs/projection.ts). */
export type DesignsTable = {
  design_id: number;
  owner: string;
  registrant: string;
  content_hash: string;
  cid: string;
  title: string;
  /** 0 for an original. */
  parent_id: number;
  registered_block: number;
  registered_at: number;
  tx_hash: string;
};

/** A licence of a design; amounts and unit counts as decimal strings. */
export type LicencesTable = {
  licence_id: number;
  design_id: number;
  issuer: string;
  payment_token: string;
  royalty_per_unit: string;
  max_units: string;
  units_built: string;
  /** Royalties owed to the design's owners so far, in base units of `payment_token`. */
  royalties: string;
  /** Unix seconds; 0 for no expiry. */
  expires_at: number;
  /** When its owner ended it; null while it runs. */
  ended_at: number | null;
  /** 0/1. */
  open: number;
  /** JSON array of lowercase addresses (empty when open). */
  makers: string;
  created_block: number;
  created_at: number;
};

/** An order's confidential package (its last version). */
export type OrderPackagesTable = {
  order_id: number;
  customer: string;
  nda_hash: string;
  version: number;
  package_cid: string;
  preview_cid: string;
  set_block: number;
  set_at: number;
};

/** An account's last NDA acceptance on an order. */
export type NdaAcceptancesTable = {
  order_id: number;
  account: string;
  nda_hash: string;
  accepted_block: number;
  accepted_at: number;
};

/** A recorded key grant on an order's files. */
export type AccessGrantsTable = {
  grant_id: number;
  order_id: number;
  grantor: string;
  grantee: string;
  file_cid: string;
  key_envelope_cid: string;
  granted_block: number;
  granted_at: number;
  /** Null while it stands. */
  revoked_at: number | null;
};

/** A vault file this node holds or has served (module `vault`): ciphertext in IPFS, metadata here. */
export type VaultFilesTable = {
  cid: string;
  /** Ciphertext bytes. */
  size: number;
  /** JSON array of the recipients' X25519 public keys (0x-hex), as the file's header names them. */
  recipients: string;
  /** The signed-in account that uploaded it here; null when unknown (anonymous, or fetched from a peer). */
  uploader: string | null;
  created_at: number;
};

export type Schema = {
  cursor: CursorTable;
  blocks: BlocksTable;
  events: EventsTable;
  participants: ParticipantsTable;
  orders: OrdersTable;
  bids: BidsTable;
  milestones: MilestonesTable;
  contract_state: ContractStateTable;
  ledger: LedgerTable;
  balances: BalancesTable;
  machines: MachinesTable;
  reservations: ReservationsTable;
  downtimes: DowntimesTable;
  auth_nonces: AuthNoncesTable;
  auth_secret: AuthSecretTable;
  order_thread_sizes: OrderThreadSizesTable;
  auth_sessions: AuthSessionsTable;
  order_messages: OrderMessagesTable;
  account_settings: AccountSettingsTable;
  gov_proposals: GovProposalsTable;
  gov_votes: GovVotesTable;
  gov_parameter_changes: GovParameterChangesTable;
  gov_supply: GovSupplyTable;
  gov_accounts: GovAccountsTable;
  gov_treasury: GovTreasuryTable;
  reward_contributions: RewardContributionsTable;
  reward_funding: RewardFundingTable;
  reward_claims: RewardClaimsTable;
  reward_returns: RewardReturnsTable;
  reward_schedule: RewardScheduleTable;
  designs: DesignsTable;
  licences: LicencesTable;
  order_packages: OrderPackagesTable;
  nda_acceptances: NdaAcceptancesTable;
  access_grants: AccessGrantsTable;
  vault_files: VaultFilesTable;
};
