import { readFileSync } from "node:fs";
import path from "node:path";
import {
  aqlSamplingPlan,
  checkProductionEvidence,
  createDeviceKey,
  createDipnetClient,
  DipnetError,
  type DipnetReadClient,
  type EpcisEvent,
  epcisEventHash,
  InvalidParameterError,
  issuePassport,
  listDevices,
  recordTrace,
  registerDevice,
  revokeDevice,
  setAnchorer,
  validateEpcisEvent,
  verifyPassport,
  verifyReadingProofDocument,
} from "@dipnet/sdk";
import { getAddress, isAddress } from "viem";
import type { Context } from "../context.ts";
import { table, txLine } from "../output.ts";
import { parseId } from "../parse.ts";
import { checkBundleFile, registerEvidenceBundle } from "./evidenceBundle.ts";
import type { Register } from "./types.ts";

/** A reading proof failed verification; the message names the check. */
export class EvidenceRejectedError extends DipnetError {
  override name = "EvidenceRejectedError";
}

/** Reads a file, or standard input for `-`. */
function readInput(file: string, cwd: string, option: string): string {
  try {
    return readFileSync(file === "-" ? 0 : path.resolve(cwd, file), "utf8");
  } catch {
    throw new InvalidParameterError(option, `cannot read "${file}"`);
  }
}

/** The JSON document in `file` (or standard input for -); a parameter error naming `file` otherwise. */
function readJsonInput(file: string, cwd: string): unknown {
  try {
    return JSON.parse(readInput(file, cwd, "file"));
  } catch (error) {
    if (error instanceof DipnetError) throw error;
    throw new InvalidParameterError("file", "is not JSON");
  }
}

/**
 * The client `evidence verify` checks against: the RPC only. The registry is the one the proof
 * names, unless `--registry` pins it or the local deployment has one (then they must agree).
 */
async function verifierClient(ctx: Context, claimed: unknown, pinned: string | undefined): Promise<DipnetReadClient> {
  const c = claimed as { chainId?: unknown; address?: unknown } | undefined;
  let registry = pinned;
  if (registry !== undefined && !isAddress(registry)) throw new InvalidParameterError("--registry", "not an address");
  let local: string | undefined;
  try {
    local = ctx.deployment().contracts.evidenceRegistry;
  } catch {
    // No local deployment: an auditor's machine needs none.
  }
  registry ??= local ?? (typeof c?.address === "string" && isAddress(c.address) ? c.address : undefined);
  if (!registry) throw new InvalidParameterError("--registry", "the proof names no registry: pass --registry");
  if (typeof c?.address === "string" && c.address.toLowerCase() !== registry.toLowerCase())
    throw new EvidenceRejectedError(
      `evidence rejected: registry check failed: the proof names registry ${c.address}, but ${registry} is the one to trust`,
    );
  const probe = createDipnetClient({
    rpcUrl: ctx.rpcUrl,
    deployment: {
      chainId: 1,
      deployBlock: 0,
      contracts: { orderMarket: registry as never, participantRegistry: registry as never },
    },
  });
  const chainId = await probe.publicClient.getChainId();
  if (typeof c?.chainId === "number" && c.chainId !== chainId)
    throw new EvidenceRejectedError(
      `evidence rejected: chain check failed: the proof is for chain ${c.chainId}, the RPC serves chain ${chainId}`,
    );
  return createDipnetClient({
    rpcUrl: ctx.rpcUrl,
    deployment: {
      chainId,
      deployBlock: 0,
      contracts: {
        orderMarket: getAddress(registry),
        participantRegistry: getAddress(registry),
        evidenceRegistry: getAddress(registry),
      },
    },
    pollingInterval: 200,
  });
}

export const registerEvidence: Register = (program, act) => {
  const device = program.command("device").description("machine controllers' signing keys on the evidence registry");
  device
    .command("register")
    .description("register a device key on one of your machines (a new key pair is made unless --public-key)")
    .argument("<deviceId>", "1-64 of A-Z a-z 0-9 . _ -")
    .requiredOption("--machine <id>", "your machine on the capacity ledger")
    .option("--public-key <hex>", "the device's raw Ed25519 public key (32 bytes hex)")
    .action(
      act(async (ctx, deviceId: string, o: { machine: string; publicKey?: string }) => {
        const machineId = parseId(o.machine, "--machine");
        const made = o.publicKey === undefined ? createDeviceKey() : undefined;
        const publicKey = o.publicKey ?? (made?.publicKey as string);
        const signer = await ctx.signer();
        const r = await registerDevice(signer, { deviceId, machineId, publicKey });
        // The private key stays on this machine, readable by its owner only; install it on the device.
        // Device ids live in their manufacturer's namespace, and so do the key files.
        const owner = signer.account.address.toLowerCase();
        const keyFile = made ? path.join("devices", owner, `${deviceId}.json`) : undefined;
        if (made && keyFile) ctx.writeJson(keyFile, { deviceId, ...made }, 0o600);
        return {
          json: { deviceId, deviceKey: r.deviceKey, machineId, publicKey, keyFile, hash: r.hash },
          human: [
            `device ${deviceId} registered on machine ${machineId} (key ${publicKey.slice(0, 16)}…)`,
            ...(keyFile ? [`  private key saved to ${path.join(ctx.dataDir, keyFile)} (mode 600)`] : []),
            txLine(r),
          ],
        };
      }),
    );
  device
    .command("revoke")
    .description("revoke one of your devices for good: gateways refuse its messages from then on")
    .argument("<deviceId>")
    .action(
      act(async (ctx, deviceId: string) => {
        const r = await revokeDevice(await ctx.signer(), { deviceId });
        return { json: { deviceId, hash: r.hash }, human: [`device ${deviceId} revoked`, txLine(r)] };
      }),
    );
  device
    .command("allow-anchorer")
    .description(
      "allow an account (e.g. a node's anchoring key) to anchor your devices' readings; only readings anchored by you or an allowed account are evidence",
    )
    .argument("<address>", "the anchoring account")
    .option("--withdraw", "stop allowing it: the readings it anchored stop being evidence (for a leaked key)")
    .action(
      act(async (ctx, address: string, o: { withdraw?: boolean }) => {
        if (!isAddress(address, { strict: false })) throw new InvalidParameterError("anchorer", "must be an address");
        const anchorer = getAddress(address);
        const allowed = !o.withdraw;
        const r = await setAnchorer(await ctx.signer(), { anchorer, allowed });
        return {
          json: { anchorer, allowed, hash: r.hash },
          human: [
            `${ctx.label(anchorer)} ${allowed ? "may now anchor" : "no longer anchors"} your devices' readings`,
            txLine(r),
          ],
        };
      }),
    );
  device
    .command("list")
    .description("list devices registered on chain")
    .option("--manufacturer <account>", "only this manufacturer's")
    .option("--machine <id>", "only this machine's")
    .option("--active", "leave out revoked devices")
    .action(
      act(async (ctx, o: { manufacturer?: string; machine?: string; active?: boolean }) => {
        const devices = await listDevices(await ctx.reader(), {
          manufacturer: o.manufacturer ? ctx.address(o.manufacturer, "--manufacturer") : undefined,
          machineId: o.machine ? parseId(o.machine, "--machine") : undefined,
          includeRevoked: o.active !== true,
        });
        return {
          json: devices,
          human: devices.length
            ? table(
                devices.map((d) => [
                  d.deviceId,
                  `machine #${d.machineId}`,
                  ctx.label(d.manufacturer),
                  `${d.publicKey.slice(0, 18)}…`,
                  d.revoked ? "revoked" : "",
                ]),
              )
            : "no devices",
        };
      }),
    );

  const evidence = program
    .command("evidence")
    .description("Merkle proofs of machine readings, published documents and evidence bundles");
  evidence
    .command("proof")
    .description("fetch the proof of a device message from a node (save it with --json > proof.json)")
    .argument("<manufacturer>", "the device's manufacturer (device ids live in their manufacturer's namespace)")
    .argument("<device>")
    .argument("<seq>")
    .option("--api <url>", "the node's API (env DIPNET_API_URL, default http://127.0.0.1:8080)")
    .action(
      act(async (ctx, manufacturerText: string, deviceId: string, seqText: string, o: { api?: string }) => {
        const manufacturer = ctx.address(manufacturerText, "manufacturer");
        if (!/^\d+$/.test(seqText)) throw new InvalidParameterError("seq", `"${seqText}" is not a sequence number`);
        const api = o.api ?? ctx.io.env.DIPNET_API_URL ?? "http://127.0.0.1:8080";
        const route = `/api/readings/${manufacturer}/${encodeURIComponent(deviceId)}/${seqText}/proof`;
        let response: Response;
        try {
          response = await fetch(new URL(route, api));
        } catch (cause) {
          throw new DipnetError(`cannot reach the node at ${api}: is it running?`, { cause });
        }
        const body = (await response.json()) as Record<string, unknown>;
        if (!response.ok) throw new DipnetError(`the node answered ${response.status}: ${String(body.message)}`);
        const batch = body.batch as { id: number; leafCount: number; status: string; txHash: string | null };
        return {
          json: body,
          human: [
            `message ${seqText} of ${deviceId}: leaf ${(body.leaf as { hash: string }).hash}`,
            `  batch ${batch.id} (${batch.leafCount} messages), root ${String(body.root)}, ${batch.status}${batch.txHash ? ` in ${batch.txHash}` : ""}`,
            `  proof: ${(body.proof as string[]).length} hashes; save with --json and check with dipnet evidence verify <file>`,
          ],
        };
      }),
    );
  evidence
    .command("verify")
    .description(
      "check a reading proof against the chain only (RPC): Merkle proof, anchored root, registered device key, signature; exits 1 naming the failed check",
    )
    .argument("<file>", "proof file, or - for standard input")
    .option(
      "--registry <address>",
      "the evidence registry to trust (default: the local deployment's, else the proof's)",
    )
    .action(
      act(async (ctx, file: string, o: { registry?: string }) => {
        const document = readJsonInput(file, ctx.io.cwd);
        const client = await verifierClient(ctx, (document as { registry?: unknown } | null)?.registry, o.registry);
        const result = await verifyReadingProofDocument(client, document);
        if (!result.valid)
          throw new EvidenceRejectedError(`evidence rejected: ${result.failedCheck} check failed: ${result.reason}`);
        return {
          json: { ...result, registry: client.deployment.contracts.evidenceRegistry },
          human: [
            `valid: message ${result.seq} of device ${result.device} (${result.readings.length} readings, ${new Date(result.ts).toISOString()})`,
            `  signed by the key registered for machine #${result.machineId} of ${ctx.label(result.manufacturer)}${result.deviceRevoked ? " (device revoked since)" : ""}`,
            `  in root ${result.root}, anchored ${new Date(result.anchoredAt * 1000).toISOString()} by ${ctx.label(result.anchorer)}`,
          ],
        };
      }),
    );
  evidence
    .command("aql")
    .description("ISO 2859-1 sampling plan: general inspection level II, single sampling, normal inspection")
    .argument("<lotSize>")
    .argument("<aql>", "acceptable quality limit in percent nonconforming, e.g. 1.0")
    .action(
      act(async (_ctx, lotText: string, aqlText: string) => {
        const plan = aqlSamplingPlan({ lotSize: Number(lotText), aql: Number(aqlText) });
        return {
          json: plan,
          human: [
            `lot ${plan.lotSize}, AQL ${plan.aql}: code letter ${plan.codeLetter}, inspect ${plan.sampleSize}${plan.fullInspection ? " (100 %)" : ""}`,
            `  accept with at most ${plan.acceptNumber} nonconforming, reject with ${plan.rejectNumber} or more`,
          ],
        };
      }),
    );
  registerEvidenceBundle(evidence, act);
  evidence
    .command("check")
    .description(
      "check an evidence bundle (a CAR file from `evidence bundle`) with the chain RPC only: every block against its CID, signatures, events and hashes on chain, reading proofs, certifications; or a production evidence document (JSON): its form, ISO 2859-1 plans and cited readings. Exits 1 naming the failed check",
    )
    .argument("<file>", "a .car bundle, or a JSON document (- for standard input)")
    .option("--market <address>", "for a bundle: the order market to trust (default: the one the bundle names)")
    .action(
      act(async (ctx, file: string, o: { market?: string }) => {
        const bundle = file === "-" ? undefined : await checkBundleFile(ctx, file, o);
        if (bundle) return bundle;
        const document = readJsonInput(file, ctx.io.cwd);
        const check = await checkProductionEvidence(await ctx.reader(), document);
        if (check.unproven.length > 0)
          throw new EvidenceRejectedError(
            `evidence rejected: citation check failed: not proven by an anchored root: ${check.unproven.join(", ")}`,
          );
        return {
          json: { valid: true, ...check },
          human: [`valid: ${check.citations} cited readings proven on chain`, `  evidence hash ${check.hash}`],
        };
      }),
    );

  const json = (file: string, cwd: string, field: string): unknown => {
    try {
      return JSON.parse(readInput(file, cwd, field));
    } catch (error) {
      if (error instanceof DipnetError) throw error;
      throw new InvalidParameterError(field, `"${file}" is not JSON`);
    }
  };
  const list = (value: string | undefined) =>
    value
      ? value
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : [];

  program
    .command("trace")
    .description("traceability: record a GS1 EPCIS 2.0 event's hash for an item on chain")
    .command("record")
    .description(
      "validate an EPCIS event (EPCIS 2.0 JSON schema) and record its hash for an item of an order; the first trace (the order's maker only) makes you its custodian",
    )
    .argument("<orderId>", "the order the item belongs to")
    .argument("<item>", "the item's EPC URI (part or shipment)")
    .argument("<eventFile>", "EPCIS event JSON-LD, or - for standard input")
    .option("--custody-to <account>", "hand custody of the item over with this event")
    .action(
      act(async (ctx, idText: string, item: string, file: string, o: { custodyTo?: string }) => {
        const orderId = parseId(idText, "orderId");
        const event = json(file, ctx.io.cwd, "eventFile") as EpcisEvent;
        const problems = validateEpcisEvent(event);
        if (problems.length > 0)
          throw new InvalidParameterError(
            "eventFile",
            `not a valid EPCIS 2.0 event: ${problems.slice(0, 3).join("; ")}`,
          );
        const eventHash = epcisEventHash(event);
        const custodyTo = o.custodyTo ? ctx.address(o.custodyTo, "--custody-to") : undefined;
        const r = await recordTrace(await ctx.signer(), { orderId, item, eventHash, custodyTo });
        return {
          json: { orderId, item, eventHash, custodyTo, hash: r.hash, blockNumber: r.blockNumber },
          human: [
            `${event.type} ${eventHash} recorded for ${item} of order ${orderId}${custodyTo ? `, custody to ${ctx.label(custodyTo)}` : ""}`,
            txLine(r),
          ],
        };
      }),
    );

  const passport = program.command("passport").description("digital product passports (UNTP-style VC-JWT)");
  passport
    .command("issue")
    .description(
      "issue a part's passport as its maker, bundled with its linked items (print with --json > passport.json)",
    )
    .requiredOption("--part <epc>", "the part's EPC URI")
    .requiredOption("--order <orderId>", "the order the part was made for (its traces are recorded under it)")
    .requiredOption("--name <name>", "product name")
    .requiredOption("--events <files>", "comma-separated EPCIS event files (recorded on chain)")
    .option("--evidence <files>", "comma-separated production evidence documents")
    .option("--cred <files>", "comma-separated files each holding a certification VC-JWT")
    .option("--material <name[=epcClass]...>", "a material (repeatable)", (v: string, acc: string[]) => [...acc, v], [])
    .action(
      act(
        async (
          ctx,
          o: {
            part: string;
            order: string;
            name: string;
            events: string;
            evidence?: string;
            cred?: string;
            material: string[];
          },
        ) => {
          const cwd = ctx.io.cwd;
          const bundle = await issuePassport(await ctx.signer(), {
            part: o.part,
            orderId: Number(parseId(o.order, "--order")),
            name: o.name,
            materials: o.material.map((m) => {
              const [name, epcClass] = m.split("=");
              return { name: name as string, ...(epcClass ? { epcClass } : {}) };
            }),
            events: list(o.events).map((f) => json(f, cwd, "--events") as EpcisEvent),
            evidence: list(o.evidence).map((f) => json(f, cwd, "--evidence")),
            certifications: list(o.cred).map((f) => readInput(f, cwd, "--cred").trim()),
          });
          return {
            json: bundle,
            human: [
              `passport of ${o.part} issued (${bundle.links.events.length} events); save it with --json > passport.json`,
            ],
          };
        },
      ),
    );
  passport
    .command("verify")
    .description(
      "verify a passport bundle end to end against the chain: signature, every EPCIS event recorded, every evidence document's readings anchored, every certification valid; exits 1 naming the failed check",
    )
    .argument("<file>", "passport bundle, or - for standard input")
    .action(
      act(async (ctx, file: string) => {
        const result = await verifyPassport(await ctx.reader(), json(file, ctx.io.cwd, "file"));
        if (!result.valid)
          throw new EvidenceRejectedError(`passport rejected: ${result.failedCheck} check failed: ${result.reason}`);
        return {
          json: result,
          human: [
            `valid: passport of ${result.part} (${result.name}) by ${ctx.label(result.manufacturer)}`,
            `  ${result.events} traceability events recorded on chain, ${result.evidence} evidence documents proven, ${result.certifications} certifications valid`,
          ],
        };
      }),
    );
};
