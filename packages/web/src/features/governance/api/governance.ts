// Governance queries: proposals (by state), one proposal with its votes and timeline, the governed
// parameters, the delegates, the treasury, and an account's DIP read from the chain.
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { ApiError, allPages, api, type Proposal } from "../../../lib/api.ts";
import { useChainRead } from "../../../lib/hooks.ts";
import { getDipAccount, type ProposalContent } from "../../../lib/sdk.ts";
import { useSession } from "../../../lib/sessionContext.ts";

export type {
  Delegate,
  GovernedParameter,
  Proposal,
  ProposalDetail,
  ProposalState,
  Treasury,
} from "../../../lib/api.ts";

/** Every proposal, newest first. */
export function useProposals() {
  return useQuery({
    queryKey: ["governance", "proposals"],
    queryFn: ({ signal }) => allPages((cursor) => api.proposals({ limit: 200, ...(cursor ? { cursor } : {}) }, signal)),
  });
}

export function useProposal(id: string) {
  return useQuery({
    queryKey: ["governance", "proposal", id],
    queryFn: ({ signal }) => api.proposal(id, signal),
    // A just-submitted proposal may not be indexed yet: ask again shortly instead of failing.
    retry: (count, error) => (error instanceof ApiError && error.status === 404 ? count < 8 : count < 2),
    retryDelay: 500,
  });
}

export function useGovernedParameters() {
  return useQuery({
    queryKey: ["governance", "parameters"],
    queryFn: ({ signal }) => api.governedParameters(signal),
  });
}

export function useDelegates() {
  return useQuery({
    queryKey: ["governance", "delegates"],
    queryFn: ({ signal }) => api.delegates({ limit: 50 }, signal),
  });
}

export function useTreasury() {
  return useQuery({
    queryKey: ["governance", "treasury"],
    queryFn: ({ signal }) => api.treasury({ limit: 50 }, signal),
  });
}

/** The deployment's DIP token, when it has been handed to a DAO. */
export function useDipToken(): Address | undefined {
  const { cfg } = useSession();
  return cfg?.contracts.dipToken as Address | undefined;
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
