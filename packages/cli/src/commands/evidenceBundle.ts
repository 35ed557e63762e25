// Evidence from everyone, verifiable by anyone: a party publishes a signed document for its order
// through a node (`evidence publish`), an auditor downloads an order's or a part's evidence bundle
// (`evidence bundle`, a CAR file) and checks it with nothing but the file and a chain RPC
// (`evidence check file.car`, the SDK's `checkEvidenceBundle`).
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  checkEvidenceBundle,
  type DipnetClient,
  DipnetError,
  type DocumentKind,
  documentKinds,
  InvalidParameterError,
  readEvidenceBundle,
  signPublication,
} from "@dipnet/sdk";
import type { Command } from "commander";
import { getAddress, isAddress } from "viem";
import { createSiweMessage } from "viem/siwe";
import type { Context } from "../context.ts";
import { parseId } from "../parse.ts";
import type { Act } from "./types.ts";

/** A bundle failed its check; the message names the check (and the block, for altered bytes). */
export class BundleRejectedError extends DipnetError {
  override name = "BundleRejectedError";
}

/** The node's API: `--api`, else `DIPNET_API_URL`, else the local node. */
export const apiOf = (ctx: Context, api: string | undefined) =>
  api ?? ctx.io.env.DIPNET_API_URL ?? "http://127.0.0.1:8080";

/** Calls the node; a `DipnetError` with the node's own message when it answers an error. */
export async function callNode(api: string, route: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(new URL(route, api), init);
  } catch (cause) {
    throw new DipnetError(`cannot reach the node at ${api}: is it running?`, { cause });
  }
  if (response.ok) return response;
  const body = (await response.json().catch(() => ({}))) as { message?: string; field?: string };
  if (response.status === 400 && body.field) throw new InvalidParameterError(body.field, String(body.message));
  throw new DipnetError(`the node answered ${response.status}: ${body.message ?? response.statusText}`);
}

/** Signs in to the node with Sign-In with Ethereum (one signature, no transaction); returns the session cookie. */
async function signIn(api: string, client: DipnetClient): Promise<string> {
  const { nonce } = (await (await callNode(api, "/api/auth/nonce")).json()) as { nonce: string };
  const origin = new URL(api);
  const message = createSiweMessage({
    domain: origin.host,
    address: client.account.address,
    statement: "Sign in to publish documents for my orders.",
    uri: origin.origin,
    version: "1",
    chainId: client.deployment.chainId,
    nonce,
    issuedAt: new Date(),
    expirationTime: new Date(Date.now() + 10 * 60_000),
  });
  const signature = await client.walletClient.signMessage({ account: client.account, message });
  const response = await callNode(api, "/api/auth/verify", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message, signature }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] as string)
    .find((c) => c.startsWith("dipnet_session="));
  if (!cookie) throw new DipnetError("the node signed in without a session cookie");
  return cookie;
}

/** Registers `evidence publish` and `evidence bundle` on the `evidence` group. */
export function registerEvidenceBundle(evidence: Command, act: Act): void {
  evidence
    .command("publish")
    .description(
      "publish a JSON document for one of your orders through a node (customer, maker or the dispute's arbiter): signed with EIP-712 by your account, signed in with Sign-In with Ethereum",
    )
    .argument("<orderId>")
    .argument("<file>", "the document (a JSON object)")
    .requiredOption("--kind <kind>", `one of: ${documentKinds.join(", ")}`)
    .option("--api <url>", "the node's API (env DIPNET_API_URL, default http://127.0.0.1:8080)")
    .action(
      act(async (ctx, idText: string, file: string, o: { kind: string; api?: string }) => {
        const orderId = parseId(idText, "orderId");
        if (!documentKinds.includes(o.kind as DocumentKind))
          throw new InvalidParameterError("--kind", `must be one of: ${documentKinds.join(", ")}`);
        let document: unknown;
        try {
          document = JSON.parse(readFileSync(path.resolve(ctx.io.cwd, file), "utf8"));
        } catch {
          throw new InvalidParameterError("file", `"${file}" is not a readable JSON file`);
        }
        const client = await ctx.signer();
        const signed = await signPublication(client, { orderId, kind: o.kind as DocumentKind, document });
        const api = apiOf(ctx, o.api);
        const cookie = await signIn(api, client);
        const response = await callNode(api, "/api/documents", {
          method: "POST",
          headers: { "content-type": "application/json", cookie },
          body: JSON.stringify({ orderId: Number(orderId), kind: signed.kind, document, signature: signed.signature }),
        });
        const stored = (await response.json()) as { documentHash: string; role: string; publishedAt: number };
        return {
          json: { ...signed, role: stored.role, publishedAt: stored.publishedAt, new: response.status === 201 },
          human: [
            `${signed.kind} ${signed.documentHash} published for order ${orderId} as its ${stored.role}${response.status === 201 ? "" : " (already published)"}`,
            `  signed by ${ctx.label(signed.publisher)}; anyone can fetch it at ${new URL(`/api/documents/${signed.documentHash}`, api)}`,
          ],
        };
      }),
    );

  evidence
    .command("bundle")
    .description(
      "download an order's or a part's evidence bundle from a node as a CAR file: chain references, documents and signatures, reading proofs, the parties' registrations and certifications",
    )
    .argument("<subject>", "an order id, or a part's EPC URI")
    .requiredOption("-o, --output <file>", "the CAR file to write")
    .option("--order <orderId>", "a part's order, when its EPC does not name it")
    .option("--api <url>", "the node's API (env DIPNET_API_URL, default http://127.0.0.1:8080)")
    .action(
      act(async (ctx, subject: string, o: { output: string; order?: string; api?: string }) => {
        const api = apiOf(ctx, o.api);
        const route = /^\d+$/.test(subject)
          ? `/api/orders/${parseId(subject, "subject")}/bundle.car`
          : `/api/parts/${encodeURIComponent(subject)}/bundle.car${o.order ? `?order=${parseId(o.order, "--order")}` : ""}`;
        const car = new Uint8Array(await (await callNode(api, route)).arrayBuffer());
        const { bundle, blocks, root } = await readEvidenceBundle(car);
        const file = path.resolve(ctx.io.cwd, o.output);
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, car);
        renameSync(tmp, file);
        return {
          json: { file, bytes: car.length, root, blocks, subject: bundle.subject },
          human: [
            `${file}: ${car.length} bytes, ${blocks} blocks, root ${root}`,
            `  ${bundle.events.length} chain events, ${bundle.publications.length} published documents, ${bundle.readings.length} reading proofs, ${bundle.parties.length} parties`,
            `  check it with: dipnet evidence check ${o.output} --rpc <url>`,
          ],
        };
      }),
    );
}

/**
 * `evidence check` of a CAR file: the bundle against the chain alone (`--rpc`); undefined when the
 * file is a JSON document (it starts with "{"), which `evidence check` checks as production evidence.
 */
export async function checkBundleFile(
  ctx: Context,
  file: string,
  o: { market?: string | undefined },
): Promise<{ json: unknown; human: string[] } | undefined> {
  let car: Uint8Array;
  try {
    car = readFileSync(path.resolve(ctx.io.cwd, file));
  } catch {
    throw new InvalidParameterError("file", `cannot read "${file}"`);
  }
  // A JSON document starts with "{"; anything else is taken for a CAR file.
  const first = car.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  if (first === 0x7b) return undefined;
  if (o.market !== undefined && !isAddress(o.market)) throw new InvalidParameterError("--market", "not an address");
  const orderMarket = o.market === undefined ? undefined : getAddress(o.market);
  const result = await checkEvidenceBundle(car, { rpcUrl: ctx.rpcUrl, orderMarket });
  if (!result.valid) throw new BundleRejectedError(`bundle rejected: ${result.reason}`);
  const { bundle } = result;
  return {
    json: { valid: true, subject: bundle.subject, chain: bundle.chain, checks: result.checks },
    human: [
      `valid: evidence bundle of ${bundle.subject.kind === "order" ? `order ${bundle.subject.orderId}` : `part ${bundle.subject.part} of order ${bundle.subject.orderId}`} on chain ${bundle.chain.chainId}, market ${bundle.chain.contracts.orderMarket}`,
      ...result.checks.map((c) => `  ✓ ${c.check}: ${c.passed}`),
    ],
  };
}
