import type { Address } from "viem";
import { InvalidParameterError } from "../../errors/base.ts";
import { orderServicesAbi } from "../../generated/abis.ts";
import { contractWriter } from "../../internal/write.ts";
import type { DipnetReadClient } from "../../types.ts";

/** Address of the deployment's order services (inspections, logistics); throws when the deployment predates it. */
export function orderServicesAddress(client: DipnetReadClient): Address {
  const address = client.deployment.contracts.orderServices;
  if (!address) throw new InvalidParameterError("orderServices", "this deployment has no order services: redeploy");
  return address;
}

/** Writes to the order services contract. */
export const writeOrderServices = contractWriter(orderServicesAbi, orderServicesAddress);

/** What a service is (`IOrderServices.ServiceKind`). */
export const serviceKinds = { inspection: 1, logistics: 2 } as const;
/** Name of a service kind. */
export type ServiceKindName = keyof typeof serviceKinds;
/** Where a service is (`IOrderServices.ServiceState`): performed means the provider's fee is credited. */
export const serviceStates = { booked: 1, performed: 2, cancelled: 3 } as const;
/** Name of a service state. */
export type ServiceStateName = keyof typeof serviceStates;
/** Which inspection (`IOrderServices.InspectionKind`). */
export const inspectionKinds = { firstArticle: 1, final: 2 } as const;
/** Name of an inspection kind. */
export type InspectionKindName = keyof typeof inspectionKinds;

/** The name of a numeric value of one of the maps above. */
export function nameOf<T extends Record<string, number>>(map: T, value: number): keyof T {
  const entry = Object.entries(map).find(([, v]) => v === value);
  if (!entry) throw new InvalidParameterError("value", `${value} is not one of ${Object.values(map).join(", ")}`);
  return entry[0] as keyof T;
}
