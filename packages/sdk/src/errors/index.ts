export * from "./base.ts";
export { type DecodedContractError, decodeContractError, decodeRevertData, findRevertData } from "./decode.ts";
export { actionPrefixes, bidStateName, type ErrorContext, errorSentences, formatContractError } from "./messages.ts";
export { toDipnetError } from "./normalize.ts";
