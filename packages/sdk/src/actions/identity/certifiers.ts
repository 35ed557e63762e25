import type { Address } from "viem";
import { certificationTypeId } from "../../certificationTypes.ts";
import { DeploymentError, InvalidParameterError } from "../../errors/base.ts";
import { certifierRegistryAbi } from "../../generated/abis.ts";
import { contractWriter } from "../../internal/write.ts";
import type { DipnetClient, DipnetReadClient, WriteResult } from "../../types.ts";

/** Certifier kind bits (`CertifierKinds.sol`): a certifier may hold several. */
export const certifierKinds = { certification: 1, calibration: 2, material: 4 } as const;
/** Name of a certifier kind. */
export type CertifierKindName = keyof typeof certifierKinds;

export { certificationTypeId, certificationTypeName, certificationTypes } from "../../certificationTypes.ts";

/** Addresses of the identity contracts; throws when the deployment predates them. */
export function identityContracts(client: DipnetReadClient): {
  certifierRegistry: Address;
  eas: Address;
  didRegistry: Address;
} {
  const { certifierRegistry, eas, didRegistry } = client.deployment.contracts;
  if (!certifierRegistry || !eas || !didRegistry) {
    throw new DeploymentError("this deployment has no identity contracts (certifier registry, EAS, DID registry)");
  }
  return { certifierRegistry, eas, didRegistry };
}

/** Writes to the certifier registry. */
const writeCertifierRegistry = contractWriter(
  certifierRegistryAbi,
  (client) => identityContracts(client).certifierRegistry,
);

/** Parameters of `admitCertifier`. */
export type AdmitCertifierParameters = {
  certifier: Address;
  /** Kinds it may attest. Default: `["certification"]`. */
  kinds?: readonly CertifierKindName[] | undefined;
};

/** Admits (or re-scopes) a certifier. Governance only; narrowing starts a new epoch. */
export async function admitCertifier(client: DipnetClient, p: AdmitCertifierParameters): Promise<WriteResult> {
  const kinds = (p.kinds ?? ["certification"]).reduce((bits, k) => {
    if (!(k in certifierKinds)) throw new InvalidParameterError("kinds", `unknown certifier kind "${k}"`);
    return bits | certifierKinds[k];
  }, 0);
  return writeCertifierRegistry(client, "admitCertifier", [p.certifier, kinds]);
}

/** Removes a certifier: nothing it issued counts any more. Governance only. */
export async function removeCertifier(client: DipnetClient, p: { certifier: Address }): Promise<WriteResult> {
  return writeCertifierRegistry(client, "removeCertifier", [p.certifier]);
}

/** Whether `subject` holds a valid (unexpired, unrevoked, admitted issuer) certification of `type`. */
export async function hasValidCertification(
  client: DipnetReadClient,
  p: { subject: Address; type: string },
): Promise<boolean> {
  return client.publicClient.readContract({
    address: identityContracts(client).certifierRegistry,
    abi: certifierRegistryAbi,
    functionName: "hasValidCertification",
    args: [p.subject, certificationTypeId(p.type)],
  });
}
