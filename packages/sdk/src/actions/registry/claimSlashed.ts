import { participantRegistryAbi } from "../../generated/abis.ts";
import { eventOf, writeParticipantRegistry } from "../../internal/write.ts";
import type { DipnetClient, WriteResult } from "../../types.ts";

/** The transaction and the amount paid out. */
export type ClaimSlashedReturnType = WriteResult & { amount: bigint };

/** Pays out stake slashed to the signer (e.g. a customer after a default). */
export async function claimSlashed(client: DipnetClient): Promise<ClaimSlashedReturnType> {
  const address = client.deployment.contracts.participantRegistry;
  const result = await writeParticipantRegistry(client, "claimSlashed", []);
  const log = eventOf(result.receipt, participantRegistryAbi, address, "SlashClaimed");
  return { ...result, amount: log.args.amount };
}
