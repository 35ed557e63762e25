/** Options every DIPNET error takes. */
export type DipnetErrorOptions = { details?: string | undefined; cause?: unknown };

/** Base of every error the SDK throws: a one-line `shortMessage`, optional `details`, the original `cause`. */
export class DipnetError extends Error {
  override name = "DipnetError";
  shortMessage: string;
  details: string | undefined;

  constructor(shortMessage: string, options: DipnetErrorOptions = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = options.details;
  }
}

/** A contract call reverted with one of our (or OpenZeppelin's) custom errors. */
export class ContractRevertError extends DipnetError {
  override name = "ContractRevertError";
  /** Custom error name, e.g. `MarketBidWindowClosed`. */
  errorName: string;
  /** Decoded arguments by parameter name. */
  args: Record<string, unknown>;
  /** Domain action that was rejected, e.g. `bid`. */
  action: string | undefined;

  constructor(
    message: string,
    parameters: { errorName: string; args: Record<string, unknown>; action?: string | undefined },
    options: DipnetErrorOptions = {},
  ) {
    super(message, options);
    this.errorName = parameters.errorName;
    this.args = parameters.args;
    this.action = parameters.action;
  }
}

/** A transaction was mined but reverted, or reverted without data we can decode. */
export class TransactionRevertedError extends DipnetError {
  override name = "TransactionRevertedError";
}

/** An input failed validation before anything was sent. */
export class InvalidParameterError extends DipnetError {
  override name = "InvalidParameterError";
  /** The offending parameter or option. */
  field: string;
  reason: string;

  constructor(field: string, reason: string, options: DipnetErrorOptions = {}) {
    super(`invalid ${field}: ${reason}`, options);
    this.field = field;
    this.reason = reason;
  }
}

/** deployments.json is missing, unreadable or for another chain. */
export class DeploymentError extends DipnetError {
  override name = "DeploymentError";
}

/** The RPC endpoint is unreachable or serves another chain. */
export class ChainConnectionError extends DipnetError {
  override name = "ChainConnectionError";
}

/** An account could not be resolved, decrypted or used. */
export class AccountError extends DipnetError {
  override name = "AccountError";
}

/** The signer lacks native currency for gas. */
export class InsufficientFundsError extends DipnetError {
  override name = "InsufficientFundsError";
}

/** A vault file is not in the vault format, or its header is malformed or altered. */
export class VaultFormatError extends DipnetError {
  override name = "VaultFormatError";
}

/** None of the keys held is one of a vault file's recipients. */
export class VaultKeyMismatchError extends DipnetError {
  override name = "VaultKeyMismatchError";
}

/** A key envelope is malformed, of an unknown version, or for another file than the one asked for. */
export class VaultEnvelopeError extends DipnetError {
  override name = "VaultEnvelopeError";
}

/** A chunk of a vault file's payload failed authentication: altered, reordered or truncated. */
export class VaultIntegrityError extends DipnetError {
  override name = "VaultIntegrityError";
  /** Index of the chunk that failed (0 is the first). */
  chunk: number;

  constructor(message: string, chunk: number, options: DipnetErrorOptions = {}) {
    super(message, options);
    this.chunk = chunk;
  }
}
