import type { Address } from "viem";
import { participantRegistryAbi } from "../../generated/abis.ts";
import { writeParticipantRegistry } from "../../internal/write.ts";
import type { DipnetClient, DipnetReadClient, WriteResult } from "../../types.ts";

/** Parameters of `setGuardian`: the zero address removes the guardian. */
export type SetGuardianParameters = { guardian: Address };
/** Parameters of `pauseNewBusiness`: seconds, 1 to `maxPause` (3 days). */
export type PauseNewBusinessParameters = { duration: number };

/** Who may pause new business and until when it is paused. */
export type NewBusinessPauseReturnType = {
  /** The guardian, or the zero address when there is none (it steps down when it pauses). */
  guardian: Address;
  /** Unix seconds until which new RFQs and bids are refused; 0 when never paused or resumed. */
  pausedUntil: number;
  /** Whether new business is paused at `now`. */
  paused: boolean;
  /** Longest pause a guardian can set, in seconds. */
  maxPause: number;
};

/** Appoints the guardian, who may pause new RFQs and bids once. Governance only (a proposal). */
export async function setGuardian(client: DipnetClient, { guardian }: SetGuardianParameters): Promise<WriteResult> {
  return writeParticipantRegistry(client, "setGuardian", [guardian]);
}

/**
 * Pauses new RFQs and bids for `duration` seconds. The guardian only, once: it steps down as it
 * pauses. Live orders, stake and claims go on.
 * @example await pauseNewBusiness(guardianClient, { duration: 24 * 3600 });
 */
export async function pauseNewBusiness(
  client: DipnetClient,
  { duration }: PauseNewBusinessParameters,
): Promise<WriteResult> {
  return writeParticipantRegistry(client, "pauseNewBusiness", [duration]);
}

/** Ends a pause of new business early. Governance only (a proposal). */
export async function resumeNewBusiness(client: DipnetClient): Promise<WriteResult> {
  return writeParticipantRegistry(client, "resumeNewBusiness", []);
}

/** Reads the guardian and the pause of new business; `now` (unix seconds) defaults to the latest block's time. */
export async function newBusinessPause(
  client: DipnetReadClient,
  { now }: { now?: number } = {},
): Promise<NewBusinessPauseReturnType> {
  const registry = { address: client.deployment.contracts.participantRegistry, abi: participantRegistryAbi } as const;
  const read = client.publicClient;
  const [guardian, pausedUntil, maxPause, time] = await Promise.all([
    read.readContract({ ...registry, functionName: "guardian" }),
    read.readContract({ ...registry, functionName: "pausedUntil" }),
    read.readContract({ ...registry, functionName: "MAX_PAUSE" }),
    now === undefined ? read.getBlock().then((b) => Number(b.timestamp)) : Promise.resolve(now),
  ]);
  const until = Number(pausedUntil);
  return { guardian, pausedUntil: until, paused: time < until, maxPause: Number(maxPause) };
}
