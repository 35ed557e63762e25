// Arbiter agent. Rules every dispute it is not a party to, once both sides have put in evidence
// or the evidence window has passed, by this stated rule:
//   - both sides filed evidence      → split: 50 % of the unreleased price refunded, 10 % of the bond slashed;
//   - only the customer filed        → the customer wins: full refund, 50 % of the bond slashed;
//   - only the maker filed           → the maker wins: no refund, no slash.
// The ruling is a pure function of the indexed events, so a restarted arbiter rules the same way,
// and `rule` can land once only (the order leaves Disputed).
import { type DipnetClient, rule } from "@dipnet/sdk";
import { type AgentReadModel, disputeEvidence } from "./readModel.ts";
import { type Agent, type AgentLog, type AgentTick, createActionGuard } from "./runtime.ts";

/** A ruling in basis points. */
export type Ruling = { refundBps: number; slashBps: number; reason: string };

/** The arbiter's rule (see the file header). */
export function ruling(evidence: { customer: boolean; maker: boolean }): Ruling {
  if (evidence.customer && evidence.maker)
    return { refundBps: 5000, slashBps: 1000, reason: "both sides filed evidence: split" };
  if (evidence.customer) return { refundBps: 10_000, slashBps: 5000, reason: "the maker did not answer" };
  return { refundBps: 0, slashBps: 0, reason: "the customer did not substantiate" };
}

/** Parameters of `createArbiterAgent`. */
export type CreateArbiterAgentParameters = {
  name: string;
  client: DipnetClient;
  readModel: AgentReadModel;
  /** Chain seconds after a dispute opens that it waits for the other side's evidence. Default: 86400. */
  evidenceWindow?: number | undefined;
  log?: AgentLog | undefined;
};

/**
 * Creates an arbiter agent (the account must be admitted by governance: `setArbiter`).
 * @example const judge = createArbiterAgent({ name: "geneva", client, readModel });
 */
export function createArbiterAgent(p: CreateArbiterAgentParameters): Agent {
  const { client, readModel } = p;
  const me = client.account.address.toLowerCase();
  const log = p.log ?? (() => {});
  const guard = createActionGuard(p.name, log);
  const window = p.evidenceWindow ?? 86_400;

  async function step(tick: AgentTick): Promise<void> {
    for (const o of await readModel.ordersOf({}, ["Disputed"])) {
      if (o.customer === me || o.maker === me || !o.maker) continue;
      const { openedAt, parties } = await disputeEvidence(readModel, o.id);
      if (openedAt === undefined) continue;
      const evidence = { customer: parties.has(o.customer), maker: parties.has(o.maker) };
      if (!(evidence.customer && evidence.maker) && tick.now < openedAt + window) continue;
      const r = ruling(evidence);
      await guard.act(
        tick,
        `rule:${o.id}`,
        `rule order ${o.id}: refund ${r.refundBps / 100} %, slash ${r.slashBps / 100} % (${r.reason})`,
        () => rule(client, { orderId: BigInt(o.id), refundBps: r.refundBps, slashBps: r.slashBps }),
      );
    }
  }

  return { name: p.name, client, step, actions: guard.actions };
}
