// Unit tests of what the proposal page offers (src/features/governance/actions.ts): Vote, Queue and
// Execute in every proposal state, for a viewer, a voter who has not voted and one who has, and
// execution before and after the timelock's delay; and the activity feed's words for governance
// events (src/features/governance/events.ts).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type ControllableProposal, proposalControls } from "../src/features/governance/actions.ts";
import type { ProposalState } from "../src/features/governance/api/governance.ts";
import { proposalBody } from "../src/features/governance/description.ts";
import { describeGovernanceEvent } from "../src/features/governance/events.ts";

const account = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const proposal = (state: ProposalState, eta: number | null = null): ControllableProposal => ({
  state,
  voteStart: 1_000,
  voteEnd: 2_000,
  eta,
});
const enabledIn = (control: "vote" | "queue" | "execute", now = 1_500) =>
  (["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Executed"] as const).filter(
    (state) => proposalControls(proposal(state, 1_000), { address: account, voted: undefined }, now)[control].enabled,
  );

describe("proposalControls", () => {
  it("enables voting only while voting is open, queueing only once passed, execution only once queued", () => {
    assert.deepEqual(enabledIn("vote"), ["Active"]);
    assert.deepEqual(enabledIn("queue"), ["Succeeded"]);
    assert.deepEqual(enabledIn("execute"), ["Queued"]);
  });

  it("disables every control for a viewer, saying to choose an account", () => {
    for (const c of Object.values(proposalControls(proposal("Active"), undefined, 1_500))) {
      assert.deepEqual(c, { enabled: false, reason: 'choose who to act as ("Act as" in the header)' });
    }
  });

  it("refuses a second vote, naming the first", () => {
    const { vote } = proposalControls(proposal("Active"), { address: account, voted: "abstain" }, 1_500);
    assert.deepEqual(vote, { enabled: false, reason: "you voted to abstain" });
  });

  it("says why each control is off in the other states", () => {
    const voter = { address: account, voted: undefined };
    assert.deepEqual(proposalControls(proposal("Pending"), voter, 500).vote, {
      enabled: false,
      reason: "voting has not opened yet",
    });
    assert.deepEqual(proposalControls(proposal("Active"), voter, 1_500).queue, {
      enabled: false,
      reason: "only a proposal that passed can be queued",
    });
    assert.deepEqual(proposalControls(proposal("Succeeded"), voter, 2_500).execute, {
      enabled: false,
      reason: "the proposal must be queued first",
    });
    assert.deepEqual(proposalControls(proposal("Defeated"), voter, 2_500).queue, {
      enabled: false,
      reason: "the proposal was defeated",
    });
  });

  it("enables execution when the timelock's delay has passed, in chain time", () => {
    const voter = { address: account, voted: "for" as const };
    assert.deepEqual(proposalControls(proposal("Queued", 9_000), voter, 8_999).execute, {
      enabled: false,
      reason: "the timelock's delay has not passed yet",
    });
    assert.deepEqual(proposalControls(proposal("Queued", 9_000), voter, 9_000).execute, { enabled: true });
  });
});

describe("describeGovernanceEvent", () => {
  const names = new Map([[account.toLowerCase(), "alice"]]);
  const nameOf = (a: string) => names.get(a.toLowerCase());
  const id = "101146887812345678901234567890123455480";

  it("tells proposals, votes, queueing, execution and delegation, with the proposal they concern", () => {
    assert.deepEqual(
      describeGovernanceEvent(
        "ProposalCreated",
        { proposalId: id, proposer: account, description: "# Cut the fee\n\nWhy." },
        nameOf,
      ),
      { title: "Proposed by alice: “Cut the fee”", proposalId: id },
    );
    assert.equal(
      describeGovernanceEvent("VoteCast", { proposalId: id, voter: account, support: 2 }, nameOf)?.title,
      "alice abstained",
    );
    assert.equal(
      describeGovernanceEvent("ProposalExecuted", { proposalId: id }, nameOf)?.title,
      "Executed by the timelock",
    );
    assert.deepEqual(
      describeGovernanceEvent("DelegateChanged", { delegator: account, toDelegate: account.toLowerCase() }, nameOf),
      { title: "alice now casts their own DIP votes", proposalId: undefined },
    );
  });

  it("leaves other events to the market's and registry's words", () => {
    assert.equal(describeGovernanceEvent("BidPlaced", { orderId: 3 }, nameOf), undefined);
  });
});

describe("proposalBody", () => {
  it("drops the title line, as a Markdown heading or plain, and keeps a description without one whole", () => {
    const title = "Set the protocol fee to 0.8 %";
    assert.equal(
      proposalBody({ title, description: `# ${title}\n\nFrom 1 %.\n\nMotion 1.` }),
      "From 1 %.\n\nMotion 1.",
    );
    assert.equal(proposalBody({ title, description: `${title}\nFrom 1 %.` }), "From 1 %.");
    assert.equal(proposalBody({ title, description: title }), "");
    assert.equal(proposalBody({ title: "Other", description: "# Fee\nbody" }), "# Fee\nbody");
  });
});
