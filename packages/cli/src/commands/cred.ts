import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  AccountError,
  certify,
  DipnetError,
  exportCredential,
  exportCredentials,
  listCertifications,
  resolveDid,
  revokeCertification,
  verifyCredential,
  type WriteResult,
} from "@dipnet/sdk";
import { getAddress, type Hex, isHex } from "viem";
import type { Context } from "../context.ts";
import { table, txLine } from "../output.ts";
import { parseContentHash, parseDate } from "../parse.ts";
import type { Register } from "./types.ts";

/** A credential failed verification; the message names the check. */
export class CredentialRejectedError extends DipnetError {
  override name = "CredentialRejectedError";
}

/** A credential saved in `<dataDir>/credentials/<uid>.json` when it was issued or exported. */
type StoredCredential = { uid: Hex; subject: string; type: string; jwt: string };

const done = (what: string, r: WriteResult, json: Record<string, unknown> = {}) => ({
  json: { ...json, hash: r.hash, blockNumber: r.blockNumber },
  human: [what, txLine(r)],
});

function parseUid(value: string, option: string): Hex {
  if (!isHex(value) || value.length !== 66)
    throw new DipnetError(`${option}: "${value}" is not a 32-byte attestation UID`);
  return value;
}

function store(ctx: Context, c: StoredCredential): void {
  ctx.writeJson(path.join("credentials", `${c.uid}.json`), c);
}

function stored(ctx: Context): StoredCredential[] {
  const dir = path.join(ctx.dataDir, "credentials");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")) as StoredCredential);
}

/** The signer when one was chosen (`--as` or DIPNET_PRIVATE_KEY), else undefined. */
async function optionalSigner(ctx: Context) {
  try {
    return await ctx.signer();
  } catch (error) {
    if (error instanceof AccountError && /^no signer/.test(error.shortMessage)) return undefined;
    throw error;
  }
}

export const registerCred: Register = (program, act) => {
  const cred = program
    .command("cred")
    .description("certifications (EAS attestations) and their W3C verifiable credentials (VC-JWT)");
  cred
    .command("issue")
    .description("certify a subject (as an admitted certifier); the VC-JWT is saved in <dataDir>/credentials/")
    .requiredOption("--subject <account>", "who is certified")
    .requiredOption("--type <type>", 'certification type, e.g. "ISO 9001", AS9100, "ISO 13485"')
    .requiredOption("--expires <date>", "expiry: 2027-11-30 or +365d (required)")
    .option("--standard <text>", "standard edition (default: the type)")
    .option("--number <text>", "certificate number")
    .option("--scope <text>", "scope of the certification")
    .option("--document <hash|text:…>", "certificate document hash (0x… or text:… hashed)")
    .action(
      act(
        async (
          ctx,
          o: {
            subject: string;
            type: string;
            expires: string;
            standard?: string;
            number?: string;
            scope?: string;
            document?: string;
          },
        ) => {
          const subject = ctx.address(o.subject, "--subject");
          const expiresAt = parseDate(o.expires, await ctx.now(), "--expires");
          const client = await ctx.signer();
          const r = await certify(client, {
            subject,
            type: o.type,
            expiresAt,
            standard: o.standard,
            certificateNumber: o.number,
            scope: o.scope,
            documentHash: o.document === undefined ? undefined : parseContentHash(o.document, "--document"),
          });
          const jwt = await exportCredential(client, { uid: r.uid });
          store(ctx, { uid: r.uid, subject, type: o.type, jwt });
          return {
            json: { uid: r.uid, subject, type: o.type, expiresAt, jwt, hash: r.hash, blockNumber: r.blockNumber },
            human: [
              `${ctx.label(subject)} certified ${o.type} until ${new Date(Number(expiresAt) * 1000).toISOString()}`,
              `  uid ${r.uid}`,
              txLine(r),
            ],
          };
        },
      ),
    );
  cred
    .command("revoke")
    .description("revoke a certification (its certifier only)")
    .argument("<uid>")
    .action(
      act(async (ctx, uid: string) => {
        const id = parseUid(uid, "uid");
        return done(`certification ${id} revoked`, await revokeCertification(await ctx.signer(), { uid: id }), {
          uid: id,
        });
      }),
    );
  cred
    .command("list")
    .description("a subject's certifications and their state, from the chain")
    .requiredOption("--subject <account>")
    .action(
      act(async (ctx, o: { subject: string }) => {
        const subject = ctx.address(o.subject, "--subject");
        const list = await listCertifications(await ctx.reader(), { subject });
        const state = (c: (typeof list)[number]) => (c.revokedAt ? "revoked" : c.valid ? "valid" : "invalid");
        return {
          json: list.map((c) => ({ ...c, state: state(c) })),
          human: list.length
            ? table(
                list.map((c) => [
                  c.type,
                  state(c),
                  new Date(Number(c.expiresAt) * 1000).toISOString().slice(0, 10),
                  ctx.label(c.certifier),
                  c.uid,
                ]),
              )
            : [`${ctx.label(subject)} holds no certifications`],
        };
      }),
    );
  cred
    .command("export")
    .description(
      "print a subject's credentials as VC-JWTs: signed afresh by the certifier given with --as (or DIPNET_PRIVATE_KEY) for what it issued, else those saved in <dataDir>/credentials/",
    )
    .requiredOption("--subject <account>")
    .action(
      act(async (ctx, o: { subject: string }) => {
        const subject = ctx.address(o.subject, "--subject");
        const signer = await optionalSigner(ctx);
        let creds: StoredCredential[];
        if (signer) {
          creds = (await exportCredentials(signer, { subject })).map((c) => ({ ...c, subject }));
          for (const c of creds) store(ctx, c);
        } else {
          creds = stored(ctx).filter((c) => getAddress(c.subject) === subject);
        }
        return {
          json: creds.map((c) => c.jwt),
          human: creds.length
            ? creds.flatMap((c) => [`# ${c.type} ${c.uid}`, c.jwt])
            : [`no credentials for ${ctx.label(subject)}`],
        };
      }),
    );
  cred
    .command("verify")
    .description(
      "verify a VC-JWT against the chain: signature, status, revocation, expiry, issuer authority; exits 1 naming the failed check",
    )
    .argument("<jwt>")
    .action(
      act(async (ctx, jwt: string) => {
        const result = await verifyCredential(await ctx.reader(), jwt);
        if (!result.valid)
          throw new CredentialRejectedError(
            `credential rejected: ${result.failedCheck} check failed: ${result.reason}`,
          );
        const c = result.certification;
        return {
          json: { valid: true, issuer: result.issuer, subject: result.subject, certification: c },
          human: [
            `valid: ${c.type} of ${ctx.label(c.subject)}, issued by ${ctx.label(c.certifier)}`,
            `  expires ${new Date(Number(c.expiresAt) * 1000).toISOString()}, attestation ${c.uid}`,
          ],
        };
      }),
    );

  program
    .command("did")
    .description("did:ethr identities")
    .command("resolve")
    .description("resolve a did:ethr (or an address on this chain) to its DID document")
    .argument("<did|account>")
    .action(
      act(async (ctx, value: string) => {
        const did = value.startsWith("did:") ? value : ctx.address(value, "did");
        const result = await resolveDid(await ctx.reader(), did);
        if (result.didResolutionMetadata.error) {
          throw new DipnetError(
            `cannot resolve ${value}: ${result.didResolutionMetadata.error} ${result.didResolutionMetadata.message ?? ""}`.trim(),
          );
        }
        return { json: result.didDocument, human: JSON.stringify(result.didDocument, null, 2) };
      }),
    );
};
