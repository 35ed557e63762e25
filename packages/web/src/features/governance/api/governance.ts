// Governance queries: proposals (by state), one proposal with its votes and timeline, the governed
// parameters, the delegates, the treasury, and an account's DIP read from the chain.
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { ApiError } from "../../../lib/api.ts";
import { useChainRead } from "../../../lib/hooks.ts";
import { getDipAccount, type ProposalContent } from "../../../lib/sdk.ts";
import { useSession } from "../../../lib/session.tsx";

// PROVISIONAL until the node's governance routes are merged: then these come from openapi.d.ts.
export type ProposalState =
  | "Pending"
  | "Active"
  | "Canceled"
  | "Defeated"
  | "Succeeded"
  | "Queued"
  | "Executed"
  | "Expired";
export type ProposalCall = { target: string; value: string; calldata: `0x${string}`; text: string };
export type Proposal = {
  id: string;
  proposer: string;
  title: string;
  description: string;
  state: ProposalState;
  createdAt: number;
  voteStart: number;
  voteEnd: number;
  eta: number | null;
  votes: { for: string; against: string; abstain: string };
  quorum: string;
  actions: ProposalCall[];
};
export type Ballot = {
  voter: string;
  support: "for" | "against" | "abstain";
  weight: string;
  reason: string;
  at: number;
  txHash: string;
};
export type ProposalDetail = Proposal & {
  ballots: Ballot[];
  timeline: {
    state: "created" | "active" | "succeeded" | "defeated" | "queued" | "executed" | "canceled";
    at: number;
  }[];
};
export type GovernedParameter = {
  contract: string;
  name: string;
  value: string;
  history: { value: string; at: number; blockNumber: number; txHash: string; proposalId: string | null }[];
};
export type Delegate = { address: string; votes: string; balance: string; delegators: number };
export type Treasury = {
  address: string;
  balances: { token: string; symbol: string; decimals: number; amount: string }[];
  history: {
    kind: "fee" | "in" | "out";
    token: string;
    amount: string;
    counterparty: string;
    at: number;
    txHash: string;
    proposalId: string | null;
  }[];
};
const pending = (): Promise<never> => Promise.reject(new ApiError(404, { message: "governance API not merged yet" }));
const governanceApi = {
  proposals: (_q: { state?: ProposalState }, _s?: AbortSignal): Promise<{ items: Proposal[]; next: string | null }> =>
    pending(),
  proposal: (_id: string, _s?: AbortSignal): Promise<ProposalDetail> => pending(),
  parameters: (_s?: AbortSignal): Promise<{ items: GovernedParameter[] }> => pending(),
  delegates: (_s?: AbortSignal): Promise<{ items: Delegate[] }> => pending(),
  treasury: (_s?: AbortSignal): Promise<Treasury> => pending(),
};

export function useProposals(state?: ProposalState) {
  return useQuery({
    queryKey: ["governance", "proposals", state ?? "all"],
    queryFn: ({ signal }) => governanceApi.proposals(state ? { state } : {}, signal),
  });
}

export function useProposal(id: string) {
  return useQuery({
    queryKey: ["governance", "proposal", id],
    queryFn: ({ signal }) => governanceApi.proposal(id, signal),
    // A just-submitted proposal may not be indexed yet: ask again shortly instead of failing.
    retry: (count, error) => (error instanceof ApiError && error.status === 404 ? count < 8 : count < 2),
    retryDelay: 500,
  });
}

export function useGovernedParameters() {
  return useQuery({
    queryKey: ["governance", "parameters"],
    queryFn: ({ signal }) => governanceApi.parameters(signal),
  });
}

export function useDelegates() {
  return useQuery({ queryKey: ["governance", "delegates"], queryFn: ({ signal }) => governanceApi.delegates(signal) });
}

export function useTreasury() {
  return useQuery({ queryKey: ["governance", "treasury"], queryFn: ({ signal }) => governanceApi.treasury(signal) });
}

/** The deployment's DIP token, when it has been handed to a DAO. */
export function useDipToken(): Address | undefined {
  const { cfg } = useSession();
  return (cfg?.contracts as { dipToken?: Address } | undefined)?.dipToken;
}

/** `account`'s DIP balance, delegate and current votes, read from the chain. */
export function useDipAccount(account: string | undefined) {
  const dipToken = useDipToken();
  return useChainRead(["dipAccount", account?.toLowerCase()], (rc) => getDipAccount(rc, account as Address), {
    enabled: Boolean(account && dipToken),
  });
}

/** What the Governor needs to queue or execute a proposal: its calls and its description, as proposed. */
export function proposalContent(proposal: Pick<Proposal, "actions" | "description">): ProposalContent {
  return {
    calls: proposal.actions.map((a) => ({ target: a.target as Address, value: BigInt(a.value), data: a.calldata })),
    description: proposal.description,
  };
}
