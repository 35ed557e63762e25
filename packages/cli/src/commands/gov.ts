import { existsSync, readFileSync } from "node:fs";
import {
  cancelProposal,
  castVote,
  describeCall,
  dipTokenAbi,
  execute,
  formatBps,
  formatDuration,
  formatTokenAmount,
  formatUtc,
  getProposal,
  governanceSettings,
  InvalidParameterError,
  listProposals,
  marketParameters,
  newBusinessPause,
  type ProposalState,
  type ProposalSummary,
  pauseNewBusiness,
  proposalIdOf,
  proposalStates,
  proposalVotes,
  propose,
  queue,
  type SubmittedProposal,
  submittedProposals,
  type VoteChoice,
  type WriteResult,
} from "@dipnet/sdk";
import { Argument } from "commander";
import { zeroAddress } from "viem";
import type { Context } from "../context.ts";
import { type CommandOutput, table, txOutput } from "../output.ts";
import { parseDuration } from "../parse.ts";
import { type ActionResolver, parseProposalAction, proposalActionHelp } from "../proposalActions.ts";
import { buildProposalCalls, daoOf } from "./proposalCalls.ts";
import type { Register } from "./types.ts";

const DIP = { symbol: "DIP", decimals: 18 } as const;
const dip = (amount: bigint) => formatTokenAmount(amount, DIP);

/** A proposal id as people read it: the first 10 of its 70-odd digits. */
const shortId = (id: bigint) => {
  const text = id.toString();
  return text.length > 12 ? `${text.slice(0, 10)}…` : text;
};

/** The digits people may type for a proposal: its full id, or a prefix of it as `gov proposals` shows. */
const MIN_PREFIX = 6;

/** Finds the proposal `text` names (a full id or a unique prefix of at least 6 digits). */
async function findProposal(ctx: Context, text: string): Promise<SubmittedProposal> {
  const value = text.trim().replace(/…$/, "");
  if (!/^\d+$/.test(value)) throw new InvalidParameterError("id", `"${text}" is not a proposal id (digits)`);
  daoOf(ctx);
  const submitted = await submittedProposals(await ctx.reader());
  const exact = submitted.find((p) => p.proposalId.toString() === value);
  if (exact) return exact;
  if (value.length < MIN_PREFIX)
    throw new InvalidParameterError(
      "id",
      `there is no proposal ${value} (give the id, or at least ${MIN_PREFIX} of its first digits)`,
    );
  const matches = submitted.filter((p) => p.proposalId.toString().startsWith(value));
  const [only, ...others] = matches;
  if (!only) throw new InvalidParameterError("id", `there is no proposal ${value}…`);
  if (others.length > 0)
    throw new InvalidParameterError("id", `${value}… matches ${matches.length} proposals: give more digits`);
  return only;
}

/** Votes for, against and abstaining, against the quorum (for + abstain count towards it). */
function tally(p: Pick<ProposalSummary, "votes" | "quorum">): string {
  const reached = p.votes.for + p.votes.abstain >= p.quorum ? "reached" : "not reached";
  return `for ${dip(p.votes.for)} · against ${dip(p.votes.against)} · abstain ${dip(p.votes.abstain)}; quorum ${dip(p.quorum)} (${reached})`;
}

/** Parses `--state active,queued` into the Governor's state names. */
function parseStates(value: string): ProposalState[] {
  return value.split(",").map((word) => {
    const state = proposalStates.find((s) => s.toLowerCase() === word.trim().toLowerCase());
    if (!state)
      throw new InvalidParameterError(
        "--state",
        `unknown state "${word}" (use ${proposalStates.join(", ").toLowerCase()})`,
      );
    return state;
  });
}

/** The description a proposal stores: `# <title>`, then the body. */
function proposalDescription(o: { title?: string; description?: string; descriptionFile?: string }): string {
  const title = o.title?.trim() ?? "";
  if (title === "") throw new InvalidParameterError("--title", "is required and cannot be empty");
  if (title.includes("\n")) throw new InvalidParameterError("--title", "is one line; put the rest in --description");
  if (o.description !== undefined && o.descriptionFile !== undefined)
    throw new InvalidParameterError("--description-file", "give --description or --description-file, not both");
  if (o.descriptionFile !== undefined && !existsSync(o.descriptionFile))
    throw new InvalidParameterError("--description-file", `no file "${o.descriptionFile}"`);
  const body = (
    o.descriptionFile !== undefined ? readFileSync(o.descriptionFile, "utf8") : (o.description ?? "")
  ).trim();
  return body ? `# ${title}\n\n${body}` : `# ${title}`;
}

/** A proposal's state, tally and times, and its calls decoded, as `gov show` prints them. */
async function showProposal(ctx: Context, submitted: SubmittedProposal): Promise<CommandOutput> {
  const reader = await ctx.reader();
  const [now, votes] = await Promise.all([
    getProposal(reader, submitted.proposalId),
    proposalVotes(reader, submitted.proposalId, { fromBlock: submitted.blockNumber }),
  ]);
  const calls = submitted.calls.map((call) => ({ ...call, decoded: describeCall(reader, call).text }));
  const voteLine = (v: (typeof votes)[number]) =>
    `    ${ctx.label(v.voter)} ${v.choice}, ${dip(v.weight)}${v.reason ? `: "${v.reason}"` : ""}`;
  return {
    json: { ...submitted, ...now, calls, voters: votes },
    human: [
      `proposal ${submitted.proposalId}`,
      `  title      ${submitted.title}`,
      `  state      ${now.state}`,
      `  proposer   ${ctx.label(now.proposer)}`,
      `  voting     from ${formatUtc(now.snapshot)} to ${formatUtc(now.deadline)}`,
      `  votes      ${tally(now)}`,
      ...(now.eta > 0n ? [`  eta        executable from ${formatUtc(now.eta)}`] : []),
      "  calls",
      ...calls.map((c, i) => `    ${i + 1}. ${c.decoded}`),
      "  description",
      ...submitted.description.split("\n").map((line) => `    ${line}`),
      ...(votes.length ? ["  voters", ...votes.map(voteLine)] : []),
    ],
  };
}

export const registerGov: Register = (program, act) => {
  const gov = program
    .command("gov")
    .description("governance: proposals of the DIP holders, executed by the timelock; the protocol's parameters");

  gov
    .command("parameters")
    .description(
      "the market's parameters, and the Governor's settings and timelock delay when the deployment has a DAO",
    )
    .action(
      act(async (ctx: Context) => {
        const reader = await ctx.reader();
        const [p, stake, pause] = await Promise.all([
          marketParameters(reader),
          ctx.stakeToken(),
          newBusinessPause(reader),
        ]);
        const market = [
          `fee               ${formatBps(p.feeBps)}`,
          `treasury          ${ctx.label(p.treasury)}`,
          `acceptance window ${formatDuration(p.acceptanceWindow)}`,
          `late grace        ${formatDuration(p.lateGrace)}`,
          `min bond          ${formatTokenAmount(p.minBond, stake)}`,
          `ruling window     ${formatDuration(p.rulingWindow)} after the acceptance window`,
          `cancel floor      ${p.cancellationFloorPercent}% of the price at award, growing to 100% at the due date`,
          `commit deposit    ${formatBps(p.commitDepositBps)} of the budget per sealed bid`,
          `stake token       ${stake.symbol} (${p.stakeToken})`,
          `min stake         ${formatTokenAmount(p.minStake, stake)}`,
          `orders            ${p.orderCount}`,
          `guardian          ${pause.guardian === zeroAddress ? "none" : ctx.label(pause.guardian)} (may pause new RFQs and bids once, ≤ ${formatDuration(pause.maxPause)})`,
          `new business      ${pause.paused ? `paused until ${formatUtc(BigInt(pause.pausedUntil))}` : "open"}`,
        ];
        const { governor } = ctx.deployment().contracts;
        if (!governor)
          return { json: { ...p, ...pause }, human: [...market, "governance        the deployer (no DAO)"] };
        const dao = daoOf(ctx);
        const [settings, supply] = await Promise.all([
          governanceSettings(reader),
          reader.publicClient.readContract({ address: dao.dipToken, abi: dipTokenAbi, functionName: "totalSupply" }),
        ]);
        return {
          json: { ...p, ...pause, governance: { ...settings, ...dao, dipSupply: supply } },
          human: [
            ...market,
            `voting delay      ${formatDuration(settings.votingDelay)}`,
            `voting period     ${formatDuration(settings.votingPeriod)}`,
            `quorum            ${settings.quorumPercent}% of the DIP supply (${dip(supply)})`,
            `threshold         ${dip(settings.proposalThreshold)} of delegated votes to propose`,
            `timelock delay    ${formatDuration(settings.timelockDelay)}`,
            `governor          ${dao.governor}`,
            `timelock          ${dao.timelock} (owner of every contract, treasury)`,
            `DIP               ${dao.dipToken}`,
          ],
        };
      }),
    );

  gov
    .command("propose")
    .description("submit one proposal of one or more actions; they are decoded and printed before it is sent")
    .requiredOption(
      "--action <action>",
      'an action in quotes, e.g. --action "set-fee 2%"; repeat for more (run in order)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option("--title <title>", "one line: the first line of the description")
    .option("--description <markdown>", "what and why, after the title")
    .option("--description-file <file>", "the description from a Markdown file")
    .option("--dry-run", "print the decoded actions and the proposal id, send nothing")
    .addHelpText(
      "after",
      [
        "",
        "Actions (accounts: names or addresses; amounts in token units; durations 7d, 48h; shares 2% or 200bps):",
        ...proposalActionHelp(),
        "",
        "Market parameters are set all at once on chain: the ones an action does not name keep the",
        "values they have when the proposal is made.",
        "",
        "Example:",
        '  dipnet gov propose --as alice --title "Fee to 2%, erin arbitrates" \\',
        '      --action "set-fee 2%" --action "admit-arbiter erin" --description "Pays for the arbiters."',
      ].join("\n"),
    )
    .action(
      act(
        async (
          ctx,
          o: { action: string[]; title?: string; description?: string; descriptionFile?: string; dryRun?: boolean },
        ) => {
          const description = proposalDescription(o);
          const resolve: ActionResolver = {
            account: (value, field) => ctx.address(value, field),
            token: (value, field) => {
              if (value.toLowerCase() === "dip") return daoOf(ctx).dipToken;
              return ctx.token(value, field);
            },
          };
          const actions = o.action.map((text) => parseProposalAction(text, resolve));
          const built = await buildProposalCalls(ctx, actions, o.action);
          const content = { calls: built.map((b) => b.call), description };
          const listing = built.map((b, i) => `  ${i + 1}. ${b.action}: ${b.summary}\n       ${b.decoded}`);
          const json = { actions: built, description };
          if (o.dryRun)
            return {
              json: { ...json, proposalId: proposalIdOf(content), sent: false },
              human: [`proposal ${proposalIdOf(content)} (not sent)`, ...listing],
            };
          const client = await ctx.signer();
          if (!ctx.json) ctx.io.stdout(["proposing:", ...listing].join("\n"));
          const r = await propose(client, content);
          const p = await getProposal(client, r.proposalId);
          return txOutput(
            [
              `proposal ${r.proposalId} submitted: ${o.title?.trim()}`,
              `  voting from ${formatUtc(p.snapshot)} to ${formatUtc(p.deadline)}`,
            ],
            r,
            { ...json, proposalId: r.proposalId, snapshot: p.snapshot, deadline: p.deadline },
          );
        },
      ),
    );

  gov
    .command("proposals")
    .description("every proposal with its state, votes against the quorum and deadline")
    .option("--state <states>", `only these, comma-separated: ${proposalStates.join(", ").toLowerCase()}`)
    .action(
      act(async (ctx, o: { state?: string }) => {
        const state = o.state !== undefined ? parseStates(o.state) : undefined;
        daoOf(ctx);
        const proposals = await listProposals(await ctx.reader(), { state });
        const rows = proposals.map((p) => [
          shortId(p.proposalId),
          p.state,
          `${dip(p.votes.for)} / ${dip(p.votes.against)} / ${dip(p.votes.abstain)} (quorum ${dip(p.quorum)})`,
          formatUtc(p.deadline),
          p.title,
        ]);
        return {
          json: proposals.map(({ calls: _, ...p }) => p),
          human: proposals.length
            ? table([["id", "state", "for / against / abstain", "deadline", "title"], ...rows])
            : "no proposals",
        };
      }),
    );

  gov
    .command("show")
    .description("a proposal: proposer, description, every call decoded, votes with reasons, state and eta")
    .argument("<id>", `proposal id, or at least its first ${MIN_PREFIX} digits`)
    .action(act(async (ctx, id: string) => showProposal(ctx, await findProposal(ctx, id))));

  gov
    .command("vote")
    .description("vote with your delegated DIP (counted as at the proposal's snapshot)")
    .argument("<id>", "proposal id or prefix")
    .addArgument(new Argument("<choice>").choices(["for", "against", "abstain"]))
    .option("--reason <text>", "why, stored on chain with the vote")
    .action(
      act(async (ctx, id: string, choice: VoteChoice, o: { reason?: string }) => {
        const proposal = await findProposal(ctx, id);
        const r = await castVote(await ctx.signer(), { proposalId: proposal.proposalId, choice, reason: o.reason });
        return txOutput(`voted ${choice} on proposal ${shortId(proposal.proposalId)} (${proposal.title})`, r, {
          proposalId: proposal.proposalId,
          choice,
          reason: o.reason ?? "",
        });
      }),
    );

  /** `gov <name> <id>`: one of the Governor's steps on a proposal's content, recovered from its log. */
  const step = (
    name: string,
    description: string,
    send: (ctx: Context, proposal: SubmittedProposal) => Promise<WriteResult>,
    done: string,
  ) =>
    gov
      .command(name)
      .description(description)
      .argument("<id>", "proposal id or prefix")
      .action(
        act(async (ctx, id: string) => {
          const proposal = await findProposal(ctx, id);
          const r = await send(ctx, proposal);
          const now = await getProposal(await ctx.reader(), proposal.proposalId);
          const eta = now.eta > 0n && now.state === "Queued" ? [`  executable from ${formatUtc(now.eta)}`] : [];
          return txOutput([`proposal ${shortId(proposal.proposalId)} ${done}: ${proposal.title}`, ...eta], r, {
            proposalId: proposal.proposalId,
            state: now.state,
            eta: now.eta,
          });
        }),
      );
  step(
    "queue",
    "queue a succeeded proposal in the timelock; it can be executed once the delay has passed (anyone)",
    async (ctx, p) => queue(await ctx.signer(), p),
    "queued",
  );
  step(
    "execute",
    "execute a queued proposal whose timelock delay has passed (anyone)",
    async (ctx, p) => execute(await ctx.signer(), p),
    "executed",
  );
  step(
    "cancel",
    "withdraw a proposal before voting opens (its proposer only)",
    async (ctx, p) => cancelProposal(await ctx.signer(), p),
    "cancelled",
  );

  program
    .command("guardian")
    .description("the guardian governance appoints: it may pause new RFQs and bids once, for at most 3 days")
    .command("pause")
    .description(
      "pause new RFQs and bids (the guardian only; it steps down as it pauses); live orders, stake and withdrawals go on",
    )
    .argument("<duration>", "how long, e.g. 24h or 3d (at most 3d)")
    .action(
      act(async (ctx, durationText: string) => {
        const duration = parseDuration(durationText, "guardian pause <duration>");
        const client = await ctx.signer();
        const r = await pauseNewBusiness(client, { duration });
        const { pausedUntil } = await newBusinessPause(client);
        return txOutput(
          [
            `new RFQs and bids paused until ${formatUtc(BigInt(pausedUntil))}`,
            "  you are no longer the guardian: governance appoints the next one by proposal",
          ],
          r,
          { pausedUntil },
        );
      }),
    );
};
