// Evidence from everyone, verifiable by anyone, end to end on anvil and a real node: the parties of a
// completed order publish signed documents through the node's API, an auditor downloads the order's
// evidence bundle (CAR) and checks it with nothing but the file and an RPC; altered bytes, a forged
// signature and another chain fail, each naming its check.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createApi, createDocumentStore, type Database, openDatabase, storeTraceEvent } from "@dipnet/node";
import {
  admitCertifier,
  checkEvidenceBundle,
  citeReading,
  commissioningEvent,
  createDipnetClient,
  documentHashOf,
  encodeEvidenceBundle,
  readEvidenceBundle,
  signPublication,
} from "@dipnet/sdk";
import { devAccounts, readDeployment } from "@dipnet/sdk/node";
import { deployTestNetwork, startTestAnvil } from "@dipnet/sdk/testing";
import type { FastifyInstance } from "fastify";
import { run } from "./main.ts";
import {
  anchorReadingsOfBob,
  type CliEnvironment,
  machineRegisterArgs,
  millingEvidence,
  registerTestParties,
  rfqCreateArgs,
  startCliEnvironment,
  syncNode,
} from "./testing.ts";

describe("dipnet evidence publish, bundle and check end to end", () => {
  let environment: CliEnvironment;
  let store: Database;
  let api: FastifyInstance;
  let apiUrl: string;
  let orderId = "";
  let car: Uint8Array;
  const part = "urn:epc:id:sgtin:4012345.011111.42";
  const ok = (as: string | undefined, ...args: string[]) => environment.ok(as, ...args);
  const sync = () => syncNode(environment, store.db);

  before(async () => {
    environment = await startCliEnvironment("bundle");
    const { dataDir, anvil } = environment;
    const deployment = readDeployment(path.join(dataDir, "deployments.json"));
    await registerTestParties(environment);
    // frank, a certification body the deployer admits, certifies bob.
    const deployer = createDipnetClient({ rpcUrl: anvil.rpcUrl, deployment, account: devAccounts().deployer });
    await admitCertifier(deployer, { certifier: devAccounts().frank.address });
    await ok(
      "frank",
      "cred",
      "issue",
      "--subject",
      "bob",
      "--type",
      "ISO 9001",
      "--expires",
      "+365d",
      "--number",
      "Q-7",
    );
    await ok("bob", ...machineRegisterArgs());
    await ok("bob", "device", "register", "mill-1", "--machine", "1");
    await ok("bob", "device", "allow-anchorer", devAccounts().erin.address);

    store = await openDatabase({ kind: "sqlite", file: path.join(dataDir, "node.sqlite") });
    await sync();
    // bob's mill publishes three signed readings; the node anchors them on chain as erin.
    await anchorReadingsOfBob(environment, store.db, { device: "mill-1", count: 3, firstLoad: 40 });
    api = await createApi({
      db: store.db,
      deployment,
      documents: createDocumentStore(dataDir),
      chain: createDipnetClient({ rpcUrl: anvil.rpcUrl, deployment }),
      indexer: { status: () => ({}) as never, metrics: () => ({}) as never, subscribe: () => () => {} },
    });
    apiUrl = await api.listen({ host: "127.0.0.1", port: 0 });

    // alice orders, bob makes it with milestone evidence citing his mill's anchored readings, ships, alice accepts.
    ({ orderId } = await ok("alice", ...rfqCreateArgs({ quantity: "20", milestones: "50,50" })));
    orderId = String(orderId);
    await ok("bob", "bid", "place", orderId, "--price", "4000", "--lead-time", "5d");
    await anvil.increaseTime(3_601);
    await ok("alice", "order", "award", orderId, "--maker", "bob", "--price", "4000", "--lead-time", "5d");
    const cite = async (seq: number) =>
      citeReading(await ok(undefined, "evidence", "proof", "bob", "mill-1", `${seq}`, "--api", apiUrl));
    const evidence = millingEvidence(orderId, 20, { started: [await cite(1)], finished: [await cite(3)] });
    writeFileSync(path.join(dataDir, "milestone.json"), JSON.stringify(evidence));
    await ok("bob", "order", "milestone", "submit", orderId, "--evidence", path.join(dataDir, "milestone.json"));
    await ok("alice", "order", "milestone", "approve", orderId);
    await ok("bob", "order", "ship", orderId, "--evidence", "text:waybill 77");
    // bob traces the part he made for the order.
    writeFileSync(
      path.join(dataDir, "made.json"),
      JSON.stringify(commissioningEvent({ at: Date.UTC(2026, 10, 28), parts: [part] })),
    );
    await ok("bob", "trace", "record", orderId, part, path.join(dataDir, "made.json"));
    await storeTraceEvent(store.db, JSON.parse(readFileSync(path.join(dataDir, "made.json"), "utf8")));
    await ok("alice", "order", "accept", orderId);
    await sync();
  });
  after(async () => {
    await api?.close();
    await store?.close();
    await environment?.stop();
  });

  it("publishes the parties' signed documents; a stranger and a malformed document are refused, naming why", async () => {
    const { dataDir } = environment;
    const report = { title: "Final inspection", lot: 20, result: "pass", inspector: "A. Weber" };
    writeFileSync(path.join(dataDir, "report.json"), JSON.stringify(report));
    const published = await ok(
      "alice",
      "evidence",
      "publish",
      orderId,
      path.join(dataDir, "report.json"),
      "--kind",
      "inspection-report",
      "--api",
      apiUrl,
    );
    assert.deepEqual(
      [published.role, published.documentHash, published.new],
      ["customer", documentHashOf(report), true],
    );
    const again = await ok(
      "alice",
      "evidence",
      "publish",
      orderId,
      path.join(dataDir, "report.json"),
      "--kind",
      "inspection-report",
      "--api",
      apiUrl,
    );
    assert.equal(again.new, false, "publishing again changes nothing");
    const evidence = await ok(
      "bob",
      "evidence",
      "publish",
      orderId,
      path.join(dataDir, "milestone.json"),
      "--kind",
      "production-evidence",
      "--api",
      apiUrl,
    );
    assert.equal(evidence.role, "maker");

    const stranger = await environment.fails(
      "carol",
      "evidence",
      "publish",
      orderId,
      path.join(dataDir, "report.json"),
      "--kind",
      "certificate",
      "--api",
      apiUrl,
    );
    assert.match(stranger.message, /403.*is not the customer, the maker or the dispute's arbiter of order/);
    writeFileSync(
      path.join(dataDir, "broken.json"),
      JSON.stringify({ type: "dipnet-production-evidence/v1", orderId, milestone: 0, events: [] }),
    );
    const broken = await environment.fails(
      "bob",
      "evidence",
      "publish",
      orderId,
      path.join(dataDir, "broken.json"),
      "--kind",
      "production-evidence",
      "--api",
      apiUrl,
    );
    assert.equal(broken.args?.field, "document.events");

    const listed = (await (await fetch(new URL(`/api/orders/${orderId}/documents`, apiUrl))).json()) as {
      items: { publisher: string; kind: string }[];
    };
    assert.deepEqual(listed.items.map((d) => d.kind).sort(), ["inspection-report", "production-evidence"]);
  });

  it("bundles the completed order into a CAR that checks with the file and the RPC only", async () => {
    const { dataDir, anvil } = environment;
    const file = path.join(dataDir, "order.car");
    const made = await ok(undefined, "evidence", "bundle", orderId, "-o", file, "--api", apiUrl);
    assert.ok(made.blocks > 10);
    car = new Uint8Array(readFileSync(file));
    const { bundle } = await readEvidenceBundle(car);
    assert.deepEqual(bundle.subject, { kind: "order", orderId });
    assert.equal(bundle.publications.length, 2);
    assert.equal(bundle.readings.length, 2, "the proofs of both cited readings");
    const names = bundle.events.map((e) => e.event);
    for (const name of [
      "RfqCreated",
      "OrderAwarded",
      "MilestoneSubmitted",
      "OrderShipped",
      "OrderAccepted",
      "TraceRecorded",
    ])
      assert.ok(names.includes(name), name);
    const milestone = bundle.events.find((e) => e.event === "MilestoneSubmitted");
    assert.ok(milestone?.documents?.evidenceHash, "the milestone's evidence document, committed on chain");
    const traced = bundle.events.find((e) => e.event === "TraceRecorded");
    assert.ok(traced?.documents?.eventHash, "the EPCIS event whose hash the maker recorded");
    assert.deepEqual(
      bundle.parties.map((p) => [p.address, p.registration?.event]).sort(),
      [
        [devAccounts().alice.address.toLowerCase(), "ParticipantRegistered"],
        [devAccounts().bob.address.toLowerCase(), "ParticipantRegistered"],
      ].sort(),
    );

    const bob = bundle.parties.find((p) => p.address === devAccounts().bob.address.toLowerCase());
    assert.deepEqual(
      bob?.certifications.map((c) => [c.type, c.certificateNumber, c.certifier]),
      [["ISO 9001", "Q-7", devAccounts().frank.address]],
    );
    // An auditor: no data dir, no node; the file and an RPC.
    const auditorDir = mkdtempSync(path.join(tmpdir(), "dipnet-auditor-"));
    try {
      const out: string[] = [];
      const code = await run(["--json", "evidence", "check", file, "--rpc", anvil.rpcUrl], {
        stdout: (t) => out.push(t),
        stderr: (t) => out.push(t),
        env: {},
        cwd: auditorDir,
      });
      assert.equal(code, 0, out.join("\n"));
      const result = JSON.parse(out.join("\n"));
      assert.equal(result.valid, true);
      assert.deepEqual(
        result.checks.map((c: { check: string }) => c.check),
        [
          "blocks",
          "documents",
          "signatures",
          "chain",
          "contracts",
          "events",
          "publishers",
          "readings",
          "certifications",
        ],
      );
    } finally {
      rmSync(auditorDir, { recursive: true, force: true });
    }

    const partFile = path.join(dataDir, "part.car");
    await ok(undefined, "evidence", "bundle", part, "--order", orderId, "-o", partFile, "--api", apiUrl);
    const partBundle = await ok(undefined, "evidence", "check", partFile);
    assert.deepEqual(partBundle.subject, { kind: "part", part, orderId });
  });

  it("fails on any flipped byte, naming the block or the header, before asking the chain", async () => {
    const rpcUrl = "http://127.0.0.1:9"; // nothing listens: no check may get as far as the chain
    const failures = new Map<string, number>();
    for (let offset = 0; offset < car.length; offset++) {
      const altered = car.slice();
      altered[offset] = (altered[offset] as number) ^ 0x01;
      const result = await checkEvidenceBundle(altered, { rpcUrl });
      assert.equal(result.valid, false, `flipping byte ${offset} went unnoticed`);
      assert.ok(
        ["blocks", "format"].includes(result.failedCheck),
        `byte ${offset}: ${result.failedCheck} ${result.reason}`,
      );
      assert.match(result.reason, /block #\d+|header|root/, `byte ${offset}: ${result.reason}`);
      failures.set(result.failedCheck, (failures.get(result.failedCheck) ?? 0) + 1);
    }
    // Through the CLI, one flip in the middle of the file.
    const file = path.join(environment.dataDir, "flipped.car");
    const altered = car.slice();
    const middle = Math.floor(car.length / 2);
    altered[middle] = (altered[middle] as number) ^ 0x80;
    writeFileSync(file, altered);
    const error = await environment.fails(undefined, "evidence", "check", file);
    assert.equal(error.name, "BundleRejectedError");
    assert.match(error.message, /blocks check failed at block #\d+ \(b\w+\)/);
  });

  it("fails a published document whose signature is not its claimed publisher's, or whose publisher is no party", async () => {
    const { bundle } = await readEvidenceBundle(car);
    const deployment = readDeployment(path.join(environment.dataDir, "deployments.json"));
    // carol signs alice's report; the bundle claims alice published it.
    const carol = createDipnetClient({ rpcUrl: environment.anvil.rpcUrl, deployment, account: devAccounts().carol });
    const publication = bundle.publications.find((p) => p.kind === "inspection-report");
    assert.ok(publication);
    const forged = await signPublication(carol, {
      orderId,
      kind: publication.kind,
      document: JSON.parse(publication.document),
    });
    publication.signature = forged.signature;
    const file = path.join(environment.dataDir, "forged.car");
    writeFileSync(file, encodeEvidenceBundle(bundle));
    const error = await environment.fails(undefined, "evidence", "check", file);
    assert.match(
      error.message,
      /signatures check failed: publications\[\d\] \(inspection-report.*is not signed by its publisher/,
    );
    // Signed by carol and claiming carol: a valid signature, but carol is no party to the order.
    publication.publisher = forged.publisher;
    writeFileSync(file, encodeEvidenceBundle(bundle));
    const stranger = await environment.fails(undefined, "evidence", "check", file);
    assert.match(
      stranger.message,
      /publishers check failed: 0x[0-9a-fA-F]{40} published 0x[0-9a-f]{64} but is not the customer, the maker or an arbiter of order/,
    );
  });

  it("fails a bundle pointed at another chain or market: another chain id, the same id and contracts but another history, another market pinned", async () => {
    const file = path.join(environment.dataDir, "order.car");
    const other = await startTestAnvil({ chainId: 31338 });
    const twin = await deployTestNetwork();
    try {
      const market = readDeployment(path.join(environment.dataDir, "deployments.json")).contracts.orderMarket;
      assert.equal((await ok(undefined, "evidence", "check", file, "--market", market)).valid, true);
      const pinned = await environment.fails(
        undefined,
        "evidence",
        "check",
        file,
        "--market",
        devAccounts().alice.address,
      );
      assert.match(pinned.message, /contracts check failed: the bundle names market 0x[0-9a-fA-F]{40}, not 0x/);
      const wrongId = await environment.fails(undefined, "evidence", "check", file, "--rpc", other.rpcUrl);
      assert.match(wrongId.message, /chain check failed: the bundle is for chain 31337, the RPC serves chain 31338/);
      assert.equal(
        twin.deployment.contracts.orderMarket,
        readDeployment(path.join(environment.dataDir, "deployments.json")).contracts.orderMarket,
      );
      const wrongHistory = await environment.fails(undefined, "evidence", "check", file, "--rpc", twin.anvil.rpcUrl);
      assert.match(
        wrongHistory.message,
        /events check failed: transaction 0x[0-9a-f]{64} \(\w+\) is not on this chain/,
      );
    } finally {
      await other.stop();
      await twin.anvil.stop();
    }
  });
});
