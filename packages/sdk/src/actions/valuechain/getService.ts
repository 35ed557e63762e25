import type { Address } from "viem";
import { orderServicesAbi } from "../../generated/abis.ts";
import type { DipnetReadClient } from "../../types.ts";
import { reading } from "../ip/registry.ts";
import {
  type InspectionKindName,
  inspectionKinds,
  nameOf,
  orderServicesAddress,
  type ServiceKindName,
  type ServiceStateName,
  serviceKinds,
  serviceStates,
} from "./services.ts";

/** A booked service as `getService` returns it; times in unix seconds, 0 when not reached. */
export type Service = {
  serviceId: bigint;
  orderId: bigint;
  kind: ServiceKindName;
  state: ServiceStateName;
  /** Which inspection; undefined for a leg. */
  inspection: InspectionKindName | undefined;
  provider: Address;
  booker: Address;
  /** The leg's receiver; undefined for an inspection. */
  receiver: Address | undefined;
  token: Address;
  fee: bigint;
  deadline: number;
  pickedUpAt: number;
  completedAt: number;
};

/** Service `serviceId`; throws `ServicesUnknownService` for an unknown id. */
export async function getService(client: DipnetReadClient, { serviceId }: { serviceId: bigint }): Promise<Service> {
  const s = await reading("getService", () =>
    client.publicClient.readContract({
      address: orderServicesAddress(client),
      abi: orderServicesAbi,
      functionName: "getService",
      args: [serviceId],
    }),
  );
  return {
    serviceId,
    orderId: s.orderId,
    kind: nameOf(serviceKinds, s.kind),
    state: nameOf(serviceStates, s.state),
    inspection: s.inspection === 0 ? undefined : nameOf(inspectionKinds, s.inspection),
    provider: s.provider,
    booker: s.booker,
    receiver: /^0x0{40}$/.test(s.receiver) ? undefined : s.receiver,
    token: s.token,
    fee: s.fee,
    deadline: s.deadline,
    pickedUpAt: s.pickedUpAt,
    completedAt: s.completedAt,
  };
}

/** Number of services ever booked; ids run from 1 to this. */
export async function serviceCount(client: DipnetReadClient): Promise<bigint> {
  return client.publicClient.readContract({
    address: orderServicesAddress(client),
    abi: orderServicesAbi,
    functionName: "serviceCount",
  });
}

/** What the services contract owes `account` in `token` (default: the test stablecoin). */
export async function serviceFeesOwed(
  client: DipnetReadClient,
  { account, token }: { account: Address; token?: Address | undefined },
): Promise<bigint> {
  const t = token ?? client.deployment.contracts.testStablecoin;
  if (!t) return 0n;
  return client.publicClient.readContract({
    address: orderServicesAddress(client),
    abi: orderServicesAbi,
    functionName: "owed",
    args: [t, account],
  });
}
