// Designs, licences and confidential packages: `dipnet design`, `dipnet license`, `dipnet package`.
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  acceptNda,
  addVersion,
  contentHashOf,
  createLicence,
  type DesignSummary,
  type DipnetClient,
  endLicence,
  formatTokenAmount,
  formatUtc,
  getDesign,
  getLicence,
  getPackage,
  grantPackageUpdate,
  InvalidParameterError,
  type LicenceInfo,
  listDesigns,
  listGrants,
  listLicences,
  registerDesign,
  setPackage,
  standardNdaHash,
} from "@dipnet/sdk";
import type { Hex } from "viem";
import type { Context } from "../context.ts";
import { type CommandOutput, table, txOutput } from "../output.ts";
import { parseAmount, parseDate, parseId } from "../parse.ts";
import type { Register } from "./types.ts";
import { nodeUrl, ownKeyPairs } from "./vault.ts";

/** The sha256 of a file's bytes (`option` names it in errors). */
function hashOfFile(file: string, cwd: string, option: string): Hex {
  try {
    return contentHashOf(readFileSync(path.resolve(cwd, file)));
  } catch {
    throw new InvalidParameterError(option, `cannot read "${file}"`);
  }
}

/** An NDA as `standard`, a `0x` sha256, `text:<words>` or a file: its sha256, the hash the contract compares. */
function ndaHashOf(value: string, cwd: string): Hex {
  if (value === "standard") return standardNdaHash;
  if (/^0x[0-9a-fA-F]{64}$/.test(value)) return value.toLowerCase() as Hex;
  if (value.startsWith("text:")) return contentHashOf(value.slice("text:".length));
  return hashOfFile(value, cwd, "--nda");
}

/**
 * A new package version goes to every account the signer's grants on the order still name (revoked
 * ones get nothing: that is what revoking means). The package is set whatever happens here: a failed
 * grant is reported with the command that retries it.
 */
async function grantNewVersion(
  ctx: Context,
  signer: DipnetClient,
  orderId: bigint,
  packageCid: string,
  node: string | undefined,
): Promise<{ json: Record<string, unknown> | null; human: string[] }> {
  const me = signer.account.address.toLowerCase();
  const mine = (await listGrants(signer, { orderId })).filter((g) => g.grantor.toLowerCase() === me);
  if (!mine.some((g) => g.revokedAt === 0 && g.fileCid !== packageCid)) return { json: null, human: [] };
  try {
    const keys = await ownKeyPairs(ctx, signer.account);
    const u = await grantPackageUpdate(signer, { nodeUrl: nodeUrl(ctx, node), orderId, keys });
    return {
      json: {
        status: "granted",
        granted: u.granted.map((g) => ({ grantee: g.grantee, grantId: g.grantId, envelopeCid: g.envelopeCid })),
        skipped: u.skipped,
      },
      human: [
        ...u.granted.map(
          (g) => `  granted to ${ctx.label(g.grantee)}: grant #${g.grantId}, key envelope ${g.envelopeCid}`,
        ),
        ...u.skipped.map((g) => `  not granted to ${ctx.label(g.grantee)}: ${g.reason}`),
      ],
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const retry = `dipnet vault grant ${orderId} ${packageCid} --to <account>`;
    return {
      json: { status: "failed", error: message, retry },
      human: [
        `the package is set, but the new version was NOT granted to your grantees: ${message}`,
        `  retry with: ${retry}`,
      ],
    };
  }
}

/** A whole count of units, 1 or more. */
function parseUnits(value: string, option: string): bigint {
  if (!/^[1-9]\d*$/.test(value.trim()))
    throw new InvalidParameterError(option, `"${value}" is not a count of 1 or more`);
  return BigInt(value.trim());
}

async function licenceLines(ctx: Context, l: LicenceInfo): Promise<string[]> {
  const token = await ctx.tokenInfo(l.paymentToken);
  const state = l.endedAt
    ? `ended ${formatUtc(BigInt(l.endedAt))}`
    : l.expiresAt
      ? `expires ${formatUtc(BigInt(l.expiresAt))}`
      : "no expiry";
  return [
    `licence #${l.licenceId} of design #${l.designId}: ${formatTokenAmount(l.royaltyPerUnit, token)} per unit, ${l.unitsBuilt}/${l.maxUnits} units built, ${state}`,
    `  makers: ${l.open ? "open to any maker" : l.makers.map((m) => ctx.label(m)).join(", ")}`,
  ];
}

function designRow(ctx: Context, d: DesignSummary): string[] {
  return [
    `#${d.designId}`,
    d.title,
    d.parentId ? `version of #${d.parentId}` : "original",
    `owner ${ctx.label(d.owner)}`,
    `registered ${formatUtc(BigInt(d.registeredAt))}`,
  ];
}

type DesignOptions = { title: string; cid: string; parent?: string };

async function register(ctx: Context, file: string, o: DesignOptions, parent?: bigint): Promise<CommandOutput> {
  const fields = { contentHash: hashOfFile(file, ctx.io.cwd, "file"), cid: o.cid, title: o.title };
  const signer = await ctx.signer();
  const r =
    parent === undefined
      ? await registerDesign(signer, fields)
      : await addVersion(signer, { ...fields, parentId: parent });
  return txOutput(
    `design #${r.designId} "${o.title}" registered${parent ? ` as a version of #${parent}` : ""} (sha256 ${fields.contentHash})`,
    r,
    { designId: r.designId, contentHash: fields.contentHash, parentId: parent ?? 0n },
  );
}

export const registerIp: Register = (program, act) => {
  const design = program.command("design").description("designs as ERC-721 tokens on the design registry");
  design
    .command("register")
    .description("register a design: the sha256 of the plaintext file, the CID of its ciphertext, a title")
    .argument("<file>", "the plaintext design file (only its hash goes on chain)")
    .requiredOption("--title <title>", "title, 1-200 bytes")
    .requiredOption("--cid <cid>", "IPFS CID of the encrypted file")
    .option("--parent <id>", "register a new version of this design (you must own it)")
    .action(
      act((ctx, file: string, o: DesignOptions) =>
        register(ctx, file, o, o.parent === undefined ? undefined : parseId(o.parent, "--parent")),
      ),
    );
  design
    .command("version")
    .description("register a new version of a design you own")
    .argument("<parentId>", "the design it is a version of")
    .argument("<file>", "the new version's plaintext file")
    .requiredOption("--title <title>", "title, 1-200 bytes")
    .requiredOption("--cid <cid>", "IPFS CID of the encrypted file")
    .action(
      act((ctx, parent: string, file: string, o: DesignOptions) => register(ctx, file, o, parseId(parent, "parentId"))),
    );
  design
    .command("show")
    .description("a design, its versions and its licences")
    .argument("<id>")
    .action(
      act(async (ctx, id: string) => {
        const reader = await ctx.reader();
        const d = await getDesign(reader, { designId: parseId(id, "id") });
        const licences = await listLicences(reader, { designId: d.designId });
        return {
          json: { ...d, licences },
          human: [
            `design #${d.designId} "${d.title}"${d.parentId ? `, version of #${d.parentId}` : ""}`,
            `  owner ${ctx.label(d.owner)}, registered by ${ctx.label(d.registrant)} on ${formatUtc(BigInt(d.registeredAt))}`,
            `  sha256 ${d.contentHash}`,
            `  cid ${d.cid}`,
            `  versions: ${d.versions.length ? d.versions.map((v) => `#${v}`).join(", ") : "none"}`,
            ...(await Promise.all(licences.map((l) => licenceLines(ctx, l)))).flat().map((line) => `  ${line}`),
          ],
        };
      }),
    );
  design
    .command("list")
    .description("registered designs, oldest first")
    .option("--owner <account>", "only the designs this account owns")
    .action(
      act(async (ctx, o: { owner?: string }) => {
        const designs = await listDesigns(await ctx.reader(), {
          owner: o.owner ? ctx.address(o.owner, "--owner") : undefined,
        });
        return { json: designs, human: designs.length ? table(designs.map((d) => designRow(ctx, d))) : "no designs" };
      }),
    );

  const license = program.command("license").description("licences to build a design, per unit");
  license
    .command("create")
    .description("licence a design you own to makers (--makers) or to anyone (--open)")
    .argument("<designId>")
    .requiredOption("--royalty <amount>", "royalty per unit, in the token's units (e.g. 2.50)")
    .requiredOption("--max-units <n>", "most units ever built under the licence")
    .option("--token <address>", "payment token (default: the test stablecoin)")
    .option("--expires <date>", "last moment units count (2027-06-30, +90d); default: never")
    .option("--makers <accounts>", "comma-separated makers allowed")
    .option("--open", "any maker may build")
    .action(
      act(
        async (
          ctx,
          id: string,
          o: { royalty: string; maxUnits: string; token?: string; expires?: string; makers?: string; open?: boolean },
        ) => {
          if (o.open && o.makers) throw new InvalidParameterError("--makers", "not with --open");
          if (!o.open && !o.makers) throw new InvalidParameterError("--makers", "required unless --open");
          const paymentToken = ctx.token(o.token);
          const [token, now] = await Promise.all([ctx.tokenInfo(paymentToken), ctx.now()]);
          const r = await createLicence(await ctx.signer(), {
            designId: parseId(id, "designId"),
            paymentToken,
            royaltyPerUnit: parseAmount(o.royalty, token.decimals, "--royalty"),
            maxUnits: parseUnits(o.maxUnits, "--max-units"),
            expiresAt: o.expires === undefined ? 0 : Number(parseDate(o.expires, now, "--expires")),
            open: o.open === true,
            makers: o.makers?.split(",").map((m) => ctx.address(m.trim(), "--makers")),
          });
          return txOutput(`licence #${r.licenceId} of design #${id} created`, r, { licenceId: r.licenceId });
        },
      ),
    );
  license
    .command("end")
    .description("end a licence of a design you own: no units count after it (recorded ones stand)")
    .argument("<licenceId>")
    .action(
      act(async (ctx, id: string) => {
        const licenceId = parseId(id, "licenceId");
        const r = await endLicence(await ctx.signer(), { licenceId });
        return txOutput(`licence #${licenceId} ended`, r, { licenceId });
      }),
    );
  license
    .command("show")
    .description("a licence: terms, makers, units built")
    .argument("<licenceId>")
    .action(
      act(async (ctx, id: string) => {
        const l = await getLicence(await ctx.reader(), { licenceId: parseId(id, "licenceId") });
        return { json: l, human: await licenceLines(ctx, l) };
      }),
    );
  license
    .command("list")
    .description("the licences of a design")
    .argument("<designId>")
    .action(
      act(async (ctx, id: string) => {
        const licences = await listLicences(await ctx.reader(), { designId: parseId(id, "designId") });
        const lines = (await Promise.all(licences.map((l) => licenceLines(ctx, l)))).flat();
        return { json: licences, human: lines.length ? lines : "no licences" };
      }),
    );

  const pkg = program
    .command("package")
    .description("an order's confidential package and NDA (grants of its file keys: dipnet vault grant)");
  pkg
    .command("set")
    .description("attach a confidential package to your open RFQ (again: a new version, whose NDA is accepted anew)")
    .argument("<orderId>")
    .requiredOption(
      "--nda <standard|file|text:…|0xhash>",
      "the NDA readers must accept (its sha256 goes on chain); standard: DIPNET's standard NDA v1",
    )
    .requiredOption("--package-cid <cid>", "IPFS CID of the encrypted package")
    .option("--preview-cid <cid>", "IPFS CID of a public preview")
    .option(
      "--node <url>",
      "the node through which a new version is granted to your standing grantees (env DIPNET_API_URL, default http://127.0.0.1:8080)",
    )
    .action(
      act(async (ctx, id: string, o: { nda: string; packageCid: string; previewCid?: string; node?: string }) => {
        const orderId = parseId(id, "orderId");
        const ndaHash = ndaHashOf(o.nda, ctx.io.cwd);
        const signer = await ctx.signer();
        const r = await setPackage(signer, {
          orderId,
          ndaHash,
          packageCid: o.packageCid,
          previewCid: o.previewCid,
        });
        const set = txOutput(`package of order #${orderId} set (NDA ${ndaHash})`, r, { orderId, ndaHash });
        const update = await grantNewVersion(ctx, signer, orderId, o.packageCid, o.node);
        return {
          json: { ...(set.json as Record<string, unknown>), grants: update.json },
          human: [set.human, update.human].flat(),
        };
      }),
    );
  pkg
    .command("accept-nda")
    .description("accept an order's NDA on chain, so its customer may grant you its files")
    .argument("<orderId>")
    .requiredOption(
      "--nda <standard|file|text:…|0xhash>",
      "the NDA you read and accept (standard: DIPNET's standard NDA v1)",
    )
    .action(
      act(async (ctx, id: string, o: { nda: string }) => {
        const orderId = parseId(id, "orderId");
        const ndaHash = ndaHashOf(o.nda, ctx.io.cwd);
        const r = await acceptNda(await ctx.signer(), { orderId, ndaHash });
        return txOutput(`NDA of order #${orderId} accepted`, r, { orderId, ndaHash });
      }),
    );
  pkg
    .command("show")
    .description("an order's package and its grants")
    .argument("<orderId>")
    .action(
      act(async (ctx, id: string) => {
        const orderId = parseId(id, "orderId");
        const reader = await ctx.reader();
        const [p, grants] = await Promise.all([getPackage(reader, { orderId }), listGrants(reader, { orderId })]);
        return {
          json: { orderId, package: p ?? null, grants },
          human: [
            p
              ? `order #${orderId} package v${p.version}: ${p.packageCid}${p.previewCid ? `, preview ${p.previewCid}` : ""}, NDA ${p.ndaHash}`
              : `order #${orderId} has no confidential package`,
            ...table(
              grants.map((g) => [
                `grant #${g.grantId}`,
                `${ctx.label(g.grantor)} → ${ctx.label(g.grantee)}`,
                g.fileCid,
                g.revokedAt ? `revoked ${formatUtc(BigInt(g.revokedAt))}` : `granted ${formatUtc(BigInt(g.grantedAt))}`,
              ]),
            ),
          ],
        };
      }),
    );
};
