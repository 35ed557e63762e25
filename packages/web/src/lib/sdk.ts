// The browser-safe parts of @dipnet/sdk. The SDK's entry also exports Node-only modules
// (keystore, deployment files, dev accounts via node:crypto), so the dashboard imports the
// generated ABIs, the error decoder and the domain actions by path. Keep this the only file that
// does; switch it to a browser entry point (`@dipnet/sdk/browser`) once the SDK offers one.

export {
  checkProductionEvidence,
  documentHashOf,
  type ProductionEvent,
  type ProductionEvidence,
  parseProductionEvidence,
  type ReadingCitation,
} from "../../../sdk/src/actions/evidence/production.ts";
export { getCustodian, getTrace, itemIdOf } from "../../../sdk/src/actions/evidence/traces.ts";
export { accept } from "../../../sdk/src/actions/market/accept.ts";
export { acceptCounterOffer } from "../../../sdk/src/actions/market/acceptCounterOffer.ts";
export { approveMilestone } from "../../../sdk/src/actions/market/approveMilestone.ts";
export { award } from "../../../sdk/src/actions/market/award.ts";
export { bid } from "../../../sdk/src/actions/market/bid.ts";
export { cancellationCompensation, cancelOrder } from "../../../sdk/src/actions/market/cancelOrder.ts";
export { cancelRfq } from "../../../sdk/src/actions/market/cancelRfq.ts";
export { claimDefault } from "../../../sdk/src/actions/market/claimDefault.ts";
export { counterOffer } from "../../../sdk/src/actions/market/counterOffer.ts";
export { createRfq } from "../../../sdk/src/actions/market/createRfq.ts";
export { dispute } from "../../../sdk/src/actions/market/dispute.ts";
export { expireDispute } from "../../../sdk/src/actions/market/expireDispute.ts";
export { finalize } from "../../../sdk/src/actions/market/finalize.ts";
export { rule } from "../../../sdk/src/actions/market/rule.ts";
export { ship } from "../../../sdk/src/actions/market/ship.ts";
export { submitEvidence } from "../../../sdk/src/actions/market/submitEvidence.ts";
export { submitMilestone } from "../../../sdk/src/actions/market/submitMilestone.ts";
export { withdraw } from "../../../sdk/src/actions/market/withdraw.ts";
export { withdrawBid } from "../../../sdk/src/actions/market/withdrawBid.ts";
export { withdrawCounterOffer } from "../../../sdk/src/actions/market/withdrawCounterOffer.ts";
export { getTokenInfo } from "../../../sdk/src/actions/token/getTokenInfo.ts";
export { certificationTypes } from "../../../sdk/src/certificationTypes.ts";
export { ContractRevertError, DipnetError, InvalidParameterError } from "../../../sdk/src/errors/base.ts";
export {
  erc20PermitAbi,
  orderMarketAbi,
  participantRegistryAbi,
} from "../../../sdk/src/generated/abis.ts";
export type { Deployment, DipnetClient, DipnetReadClient, TokenInfo, WriteResult } from "../../../sdk/src/types.ts";
