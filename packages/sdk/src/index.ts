// @dipnet/sdk — typed access to the DIPNET contracts: one function per domain action. Browser-safe:
// what needs Node.js is in `@dipnet/sdk/node`.

// capacity
export * from "./actions/capacity/complete.ts";
export * from "./actions/capacity/deactivateMachine.ts";
export * from "./actions/capacity/declareDowntime.ts";
export * from "./actions/capacity/endDowntime.ts";
export * from "./actions/capacity/getCalendar.ts";
export * from "./actions/capacity/getMachine.ts";
export * from "./actions/capacity/ledger.ts";
export * from "./actions/capacity/listMachines.ts";
export * from "./actions/capacity/listReservations.ts";
export * from "./actions/capacity/planners.ts";
export * from "./actions/capacity/registerMachine.ts";
export * from "./actions/capacity/release.ts";
export * from "./actions/capacity/replan.ts";
export * from "./actions/capacity/reserve.ts";
export * from "./actions/capacity/setMachineRate.ts";
export * from "./actions/capacity/slots.ts";
// evidence
export * from "./actions/evidence/anchorRoot.ts";
export * from "./actions/evidence/aql.ts";
export * from "./actions/evidence/listDevices.ts";
export * from "./actions/evidence/production.ts";
export * from "./actions/evidence/readingProof.ts";
export * from "./actions/evidence/registerDevice.ts";
export * from "./actions/evidence/registry.ts";
export * from "./actions/evidence/revokeDevice.ts";
export * from "./actions/evidence/setAnchorer.ts";
export * from "./actions/evidence/traces.ts";
export * from "./actions/evidence/tree.ts";
export * from "./actions/evidence/verifyReading.ts";
// governance
export * from "./actions/governance/bounds.ts";
export * from "./actions/governance/describeCall.ts";
export * from "./actions/governance/dip.ts";
export * from "./actions/governance/listProposals.ts";
export * from "./actions/governance/proposals.ts";
// identity
export * from "./actions/identity/certifiers.ts";
export * from "./actions/identity/certify.ts";
export * from "./actions/identity/credentials.ts";
export * from "./actions/identity/did.ts";
export * from "./actions/identity/listCertifications.ts";
export * from "./actions/ip/acceptNda.ts";
// designs, licences and confidential access
export * from "./actions/ip/access.ts";
export * from "./actions/ip/addVersion.ts";
export * from "./actions/ip/createLicence.ts";
export * from "./actions/ip/designs.ts";
export * from "./actions/ip/endLicence.ts";
export * from "./actions/ip/grantAccess.ts";
export * from "./actions/ip/grantFile.ts";
export * from "./actions/ip/nda.ts";
export * from "./actions/ip/registerDesign.ts";
export * from "./actions/ip/registry.ts";
export * from "./actions/ip/revokeAccess.ts";
export * from "./actions/ip/setPackage.ts";
export * from "./actions/market/accept.ts";
export * from "./actions/market/acceptCounterOffer.ts";
export * from "./actions/market/approveMilestone.ts";
export * from "./actions/market/award.ts";
export * from "./actions/market/awardWithPermit.ts";
export * from "./actions/market/bid.ts";
export * from "./actions/market/cancelOrder.ts";
export * from "./actions/market/cancelRfq.ts";
export * from "./actions/market/claimDefault.ts";
export * from "./actions/market/commitBid.ts";
export * from "./actions/market/counterOffer.ts";
// market
export * from "./actions/market/createRfq.ts";
export * from "./actions/market/dispute.ts";
export * from "./actions/market/expireDispute.ts";
export * from "./actions/market/finalize.ts";
export * from "./actions/market/governance.ts";
export * from "./actions/market/revealBid.ts";
export * from "./actions/market/rule.ts";
export * from "./actions/market/settleCommitDeposit.ts";
export * from "./actions/market/settlement.ts";
export * from "./actions/market/ship.ts";
export * from "./actions/market/submitEvidence.ts";
export * from "./actions/market/submitMilestone.ts";
export * from "./actions/market/withdraw.ts";
export * from "./actions/market/withdrawBid.ts";
export * from "./actions/market/withdrawCounterOffer.ts";
export * from "./actions/reads/commitDeposit.ts";
export * from "./actions/reads/getBid.ts";
// reads
export * from "./actions/reads/getOrder.ts";
export * from "./actions/reads/listBids.ts";
export * from "./actions/reads/listRfqs.ts";
export * from "./actions/reads/marketParameters.ts";
export * from "./actions/reads/orderTimeline.ts";
export * from "./actions/reads/owed.ts";
export * from "./actions/reads/participant.ts";
export * from "./actions/reads/reputation.ts";
export * from "./actions/registry/claimSlashed.ts";
export * from "./actions/registry/depositStake.ts";
export * from "./actions/registry/encryptionKeys.ts";
export * from "./actions/registry/governance.ts";
export * from "./actions/registry/grantRoles.ts";
export * from "./actions/registry/guardian.ts";
// registry
export * from "./actions/registry/register.ts";
export * from "./actions/registry/updateProfile.ts";
export * from "./actions/registry/withdrawStake.ts";
export * from "./actions/rewards/claimReward.ts";
export * from "./actions/rewards/fundRewardEpoch.ts";
export * from "./actions/rewards/getRewardAccount.ts";
export * from "./actions/rewards/getRewardEpoch.ts";
export * from "./actions/rewards/recordEvidencePoints.ts";
export * from "./actions/rewards/recordOrderPoints.ts";
export * from "./actions/rewards/recordRulingPoints.ts";
export * from "./actions/rewards/recordServicePoints.ts";
export * from "./actions/rewards/returnUnclaimedRewards.ts";
export * from "./actions/rewards/rewards.ts";
export * from "./actions/token/approveIfNeeded.ts";
export * from "./actions/token/balanceOf.ts";
export * from "./actions/token/faucet.ts";
// token
export * from "./actions/token/getTokenInfo.ts";
export * from "./actions/valuechain/bookInspection.ts";
export * from "./actions/valuechain/bookLeg.ts";
export * from "./actions/valuechain/cancelService.ts";
export * from "./actions/valuechain/confirmReceipt.ts";
export * from "./actions/valuechain/getService.ts";
export * from "./actions/valuechain/orderTree.ts";
export * from "./actions/valuechain/pickUp.ts";
export * from "./actions/valuechain/services.ts";
export * from "./actions/valuechain/submitReport.ts";
export * from "./actions/valuechain/withdrawServiceFees.ts";
export * from "./bundle/car.ts";
export * from "./bundle/check.ts";
export * from "./bundle/publication.ts";
export {
  type CreateDipnetClientParameters,
  checkDeployment,
  createDipnetClient,
  dipnetChain,
  dipnetContracts,
} from "./client.ts";
export * from "./contracts.ts";
export {
  type DaoParameters,
  type DeployDipnetParameters,
  defaultGovernorSettings,
  defaultMarketParameters,
  deployDipnet,
  type GovernorSettings,
  localChainIds,
} from "./deploy.ts";
export { parseDeployment } from "./deployment.ts";
export * from "./errors/index.ts";
export * from "./format.ts";
export * from "./generated/abis.ts";
export * from "./generated/bytecode.ts";
export * from "./generated/enums.ts";
export * from "./iot/message.ts";
export { computeScorecard, type ReputationEvent, type Scorecard } from "./reputation.ts";
export * from "./traceability/epcis.ts";
export * from "./traceability/passport.ts";
export * from "./types.ts";
// vault
export * from "./vault/envelopes.ts";
export * from "./vault/files.ts";
export * from "./vault/format.ts";
export * from "./vault/keys.ts";
export * from "./vault/messages.ts";
export { type FileGrant, listFileGrants, VaultNodeError } from "./vault/node.ts";
export * from "./vault/threads.ts";
export { type DipnetEvent, type WatchOptions, watchMarketEvents, watchRegistryEvents } from "./watch.ts";
