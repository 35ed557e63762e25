import type { Hex } from "viem";
import type { DipnetClient, WriteResult } from "../../types.ts";
import { checkHash32 } from "../ip/registry.ts";
import { writeOrderServices } from "./services.ts";

/** Parameters of `submitReport`. */
export type SubmitReportParameters = {
  serviceId: bigint;
  /** Hash of the inspection report document (signed off chain, published as evidence). */
  reportHash: Hex;
  /** The verdict: the parts pass. */
  accepted: boolean;
};

/**
 * The booked inspector files its report and verdict; its fee is credited whatever the verdict.
 * @example await submitReport(client, { serviceId: 1n, reportHash, accepted: true });
 */
export async function submitReport(client: DipnetClient, p: SubmitReportParameters): Promise<WriteResult> {
  return writeOrderServices(client, "submitReport", [p.serviceId, checkHash32("reportHash", p.reportHash), p.accepted]);
}
