// Documents a party publishes for an order (inspection reports, certificates, measurements, delivery
// notes…). The document itself is content-addressed JSON (its hash is `documentHashOf`, as for every
// DIPNET document); the publisher signs, with EIP-712, the statement "I publish document <hash> as
// <kind> for order <id> of this market". The statement names the chain and the market, so anyone
// can recover the publisher from the signature without a node, and a signature given on one
// deployment means nothing on another.
import { type Address, getAddress, type Hex, isAddress, isHex, recoverTypedDataAddress } from "viem";
import { canonicalDocumentJson, documentHashOf, parseProductionEvidence } from "../actions/evidence/production.ts";
import { InvalidParameterError } from "../errors/base.ts";
import type { DipnetClient, DipnetReadClient } from "../types.ts";

/** What a published document is. */
export const documentKinds = [
  "inspection-report",
  "certificate",
  "measurement",
  "photo",
  "delivery-note",
  "production-evidence",
  "other",
] as const;
export type DocumentKind = (typeof documentKinds)[number];

/** Largest published document, as canonical JSON. */
export const maxPublishedDocumentBytes = 256 * 1024;

/** The statement a publisher signs. */
export type DocumentPublication = {
  /** Decimal order id. */
  orderId: string;
  kind: DocumentKind;
  /** keccak256 of the document's canonical JSON (`documentHashOf`). */
  documentHash: Hex;
};

/** A publication with its publisher and EIP-712 signature. */
export type SignedPublication = DocumentPublication & { publisher: Address; signature: Hex };

/** The deployment a publication is made on: the EIP-712 domain. */
export type PublicationDomain = { chainId: number; orderMarket: Address };

const publicationTypes = {
  DocumentPublication: [
    { name: "orderId", type: "uint256" },
    { name: "kind", type: "string" },
    { name: "documentHash", type: "bytes32" },
  ],
} as const;

/**
 * The EIP-712 typed data of a publication: what a wallet shows and signs.
 * @example await walletClient.signTypedData({ account, ...publicationTypedData(domain, publication) })
 */
export function publicationTypedData(domain: PublicationDomain, p: DocumentPublication) {
  return {
    domain: {
      name: "DIPNET",
      version: "1",
      chainId: domain.chainId,
      verifyingContract: getAddress(domain.orderMarket),
    },
    types: publicationTypes,
    primaryType: "DocumentPublication" as const,
    message: { orderId: BigInt(p.orderId), kind: p.kind, documentHash: p.documentHash },
  };
}

const fail = (field: string, reason: string): never => {
  throw new InvalidParameterError(field, reason);
};

/**
 * Checks a document is publishable as `kind` for order `orderId`; throws naming the field (`document…`).
 * A production evidence document must be well formed (`parseProductionEvidence`) and name the order.
 */
export function checkPublishedDocument(document: unknown, kind: DocumentKind, orderId: string): void {
  if (typeof document !== "object" || document === null || Array.isArray(document))
    fail("document", "must be a JSON object");
  if (Object.keys(document as object).length === 0) fail("document", "is empty");
  const size = new TextEncoder().encode(canonicalDocumentJson(document)).length;
  if (size > maxPublishedDocumentBytes)
    fail("document", `is ${size} bytes; at most ${maxPublishedDocumentBytes} as canonical JSON`);
  if (kind === "production-evidence") {
    try {
      const evidence = parseProductionEvidence(document);
      if (evidence.orderId !== orderId) fail("document.orderId", `names order ${evidence.orderId}, not ${orderId}`);
    } catch (error) {
      if (error instanceof InvalidParameterError && !error.field.startsWith("document"))
        fail(`document.${error.field}`, error.reason);
      throw error;
    }
  }
}

/** Checks the fields of a publication; throws naming the field. */
export function parsePublication(value: {
  orderId: unknown;
  kind: unknown;
  documentHash?: unknown;
}): DocumentPublication {
  const orderId = typeof value.orderId === "number" ? String(value.orderId) : value.orderId;
  if (typeof orderId !== "string" || !/^[1-9][0-9]{0,76}$/.test(orderId)) fail("orderId", "must be an order id");
  if (!documentKinds.includes(value.kind as DocumentKind)) fail("kind", `must be one of: ${documentKinds.join(", ")}`);
  if (typeof value.documentHash !== "string" || !/^0x[0-9a-f]{64}$/.test(value.documentHash))
    fail("documentHash", "must be a lowercase 32-byte hex hash");
  return { orderId: orderId as string, kind: value.kind as DocumentKind, documentHash: value.documentHash as Hex };
}

/** Parameters of `signPublication`. */
export type SignPublicationParameters = {
  orderId: bigint | number | string;
  kind: DocumentKind;
  /** The document (any JSON object); its hash is what is signed. */
  document: unknown;
};

/** The EIP-712 domain of a deployment's publications. */
export const publicationDomainOf = (client: Pick<DipnetReadClient, "deployment">): PublicationDomain => ({
  chainId: client.deployment.chainId,
  orderMarket: client.deployment.contracts.orderMarket,
});

/**
 * Signs the publication of `document` for an order with the client's account (EIP-712; no
 * transaction). Throws `InvalidParameterError` naming the field of a document that cannot be published.
 * @example const signed = await signPublication(client, { orderId: 12n, kind: "inspection-report", document });
 */
export async function signPublication(
  client: Pick<DipnetClient, "walletClient" | "account" | "deployment">,
  p: SignPublicationParameters,
): Promise<SignedPublication> {
  const publication = parsePublication({
    orderId: String(p.orderId),
    kind: p.kind,
    documentHash: documentHashOf(p.document),
  });
  checkPublishedDocument(p.document, publication.kind, publication.orderId);
  const signature = await client.walletClient.signTypedData({
    account: client.account,
    ...publicationTypedData(publicationDomainOf(client), publication),
  });
  return { ...publication, publisher: getAddress(client.account.address), signature };
}

/**
 * The account that signed a publication; throws `InvalidParameterError("signature")` for a malformed one.
 * @example (await recoverPublisher(domain, signed)) === signed.publisher
 */
export async function recoverPublisher(
  domain: PublicationDomain,
  p: DocumentPublication & { signature: Hex },
): Promise<Address> {
  if (!isHex(p.signature) || p.signature.length !== 132) fail("signature", "must be a 65-byte hex signature");
  try {
    return await recoverTypedDataAddress({ ...publicationTypedData(domain, p), signature: p.signature });
  } catch (cause) {
    throw new InvalidParameterError("signature", "is not a valid secp256k1 signature", { cause });
  }
}

/** Whether `p.signature` is `p.publisher`'s signature of the publication on `domain`. Never throws. */
export async function verifyPublication(domain: PublicationDomain, p: SignedPublication): Promise<boolean> {
  if (!isAddress(p.publisher, { strict: false })) return false;
  try {
    return (await recoverPublisher(domain, p)).toLowerCase() === p.publisher.toLowerCase();
  } catch {
    return false;
  }
}
