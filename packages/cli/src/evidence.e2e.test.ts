import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createApi, createDocumentStore, type Database, openDatabase } from "@dipnet/node";
import {
  citeReading,
  commissioningEvent,
  createDipnetClient,
  custodyEvent,
  documentHashOf,
  epcisEventHash,
  inspectionEvent,
  isAnchorerOf,
  partyOf,
} from "@dipnet/sdk";
import { devAccounts, readDeployment } from "@dipnet/sdk/node";
import type { FastifyInstance } from "fastify";
import { run } from "./main.ts";
import {
  anchorReadingsOfBob,
  type CliEnvironment,
  machineRegisterArgs,
  millingEvidence,
  rfqCreateArgs,
  startCliEnvironment,
  syncNode,
} from "./testing.ts";

// The order awarded to bob, whose items bob (its maker) traces.
let bobsOrder = "";

describe("dipnet device and evidence end to end", () => {
  let environment: CliEnvironment;
  let store: Database;
  let api: FastifyInstance;
  let apiUrl: string;
  const ok = (as: string | undefined, ...args: string[]) => environment.ok(as, ...args);

  before(async () => {
    environment = await startCliEnvironment("evidence");
    for (const maker of ["bob", "carol"]) await ok(maker, "participant", "register", "--roles", "manufacturer");
    for (const maker of ["bob", "carol"]) await ok(maker, ...machineRegisterArgs());
    store = await openDatabase({ kind: "sqlite", file: path.join(environment.dataDir, "node.sqlite") });
  });
  after(async () => {
    await api?.close();
    await store?.close();
    await environment?.stop();
  });

  it("allows and withdraws an anchorer of one's devices' readings; refuses a malformed address", async () => {
    const dave = devAccounts().dave.address;
    const allowed = await ok("carol", "device", "allow-anchorer", dave);
    assert.deepEqual([allowed.anchorer, allowed.allowed], [dave, true]);
    const client = createDipnetClient({
      rpcUrl: environment.anvil.rpcUrl,
      deployment: readDeployment(path.join(environment.dataDir, "deployments.json")),
    });
    const carol = devAccounts().carol.address;
    assert.equal(await isAnchorerOf(client, { manufacturer: carol, anchorer: dave }), true);
    await ok("carol", "device", "allow-anchorer", dave, "--withdraw");
    assert.equal(await isAnchorerOf(client, { manufacturer: carol, anchorer: dave }), false);
    const bad = await environment.fails("carol", "device", "allow-anchorer", "0x1234");
    assert.equal(bad.args?.field, "anchorer");
  });

  it("registers, lists and revokes devices; refuses a device on another's machine", async () => {
    // Carol registering bob's id first takes nothing from him: ids live in their manufacturer's namespace.
    const squat = await ok("carol", "device", "register", "mill-1.spindle", "--machine", "2");
    const made = await ok("bob", "device", "register", "mill-1.spindle", "--machine", "1");
    assert.equal(made.deviceId, "mill-1.spindle");
    assert.notEqual(made.deviceKey, squat.deviceKey);
    assert.notEqual(made.keyFile, squat.keyFile);
    const keyFile = JSON.parse(readFileSync(path.join(environment.dataDir, made.keyFile), "utf8"));
    assert.equal(keyFile.publicKey, made.publicKey);
    await ok("carol", "device", "revoke", "mill-1.spindle");
    await ok("carol", "device", "register", "press-2", "--machine", "2", "--public-key", `0x${"ab".repeat(32)}`);
    const foreign = await environment.fails("bob", "device", "register", "x-1", "--machine", "2");
    assert.equal(foreign.name, "EvidenceNotMachineOwner");
    const bad = await environment.fails("bob", "device", "register", "a/b", "--machine", "1");
    assert.equal(bad.args?.field, "deviceId");
    assert.deepEqual(
      (await ok(undefined, "device", "list", "--manufacturer", "bob")).map((d: { deviceId: string }) => d.deviceId),
      ["mill-1.spindle"],
    );
    await ok("carol", "device", "revoke", "press-2");
    const listed = await ok(undefined, "device", "list", "--active");
    assert.deepEqual(
      listed.map((d: { deviceId: string }) => d.deviceId),
      ["mill-1.spindle"],
    );
  });

  it("fetches a proof from a node and verifies it with only an RPC; every altered proof fails naming the check", async () => {
    const { dataDir, anvil } = environment;
    const deployment = readDeployment(path.join(dataDir, "deployments.json"));
    await syncNode(environment, store.db);
    // bob allows erin, who runs the node's anchoring key, to anchor his devices' readings.
    await ok("bob", "device", "allow-anchorer", devAccounts().erin.address);
    await anchorReadingsOfBob(environment, store.db, { device: "mill-1.spindle", count: 5, firstLoad: 50 });
    api = await createApi({
      db: store.db,
      deployment,
      indexer: { status: () => ({}) as never, metrics: () => ({}) as never, subscribe: () => () => {} },
    });
    apiUrl = await api.listen({ host: "127.0.0.1", port: 0 });

    const proof = await ok(undefined, "evidence", "proof", "bob", "mill-1.spindle", "3", "--api", apiUrl);
    assert.equal(proof.message.seq, 3);
    const file = path.join(dataDir, "proof.json");
    writeFileSync(file, JSON.stringify(proof));
    const verified = await ok(undefined, "evidence", "verify", file);
    assert.equal(verified.valid, true);
    assert.equal(verified.device, "mill-1.spindle");
    assert.equal(verified.manufacturer, devAccounts().bob.address);

    // An auditor with no data dir: the RPC and the proof file only.
    const auditorDir = mkdtempSync(path.join(tmpdir(), "dipnet-auditor-"));
    try {
      const out: string[] = [];
      const code = await run(["--json", "--rpc", anvil.rpcUrl, "--data-dir", auditorDir, "evidence", "verify", file], {
        stdout: (t) => out.push(t),
        stderr: (t) => out.push(t),
        env: {},
        cwd: auditorDir,
      });
      assert.equal(code, 0, out.join("\n"));
      assert.equal(JSON.parse(out.join("\n")).valid, true);
    } finally {
      rmSync(auditorDir, { recursive: true, force: true });
    }

    const altered: [string, (p: typeof proof) => void, string][] = [
      ["a reading's value", (p) => (p.message.readings[0].value = 99), "merkle"],
      ["the timestamp", (p) => (p.message.ts += 1), "merkle"],
      ["the sequence number", (p) => (p.message.seq = 4), "merkle"],
      ["a proof hash", (p) => (p.proof[0] = `0x${"0".repeat(64)}`), "merkle"],
      [
        "the signature",
        (p) => (p.message.sig = `${p.message.sig.slice(0, -2)}${p.message.sig.endsWith("AA") ? "BA" : "AA"}`),
        "signature",
      ],
      ["a field added", (p) => (p.message.extra = 1), "message"],
    ];
    for (const [what, alter, check] of altered) {
      const copy = JSON.parse(JSON.stringify(proof));
      alter(copy);
      writeFileSync(file, JSON.stringify(copy));
      const error = await environment.fails(undefined, "evidence", "verify", file);
      assert.equal(error.name, "EvidenceRejectedError", what);
      assert.match(error.message, new RegExp(`${check} check failed`), what);
    }
    // A whole batch made up: a consistent tree whose root was never anchored.
    const unanchored = JSON.parse(JSON.stringify(proof));
    unanchored.proof = [];
    unanchored.root = unanchored.leaf.hash;
    writeFileSync(file, JSON.stringify(unanchored));
    assert.match((await environment.fails(undefined, "evidence", "verify", file)).message, /anchor check failed/);
    const missing = await environment.fails(
      undefined,
      "evidence",
      "proof",
      "bob",
      "mill-1.spindle",
      "77",
      "--api",
      apiUrl,
    );
    assert.match(missing.message, /404/);
  });

  it("submits a milestone whose evidence hash is a production evidence document citing anchored readings", async () => {
    const { dataDir, anvil } = environment;
    await ok("alice", "participant", "register", "--roles", "customer");
    await ok("alice", "faucet", "10000");
    await ok("bob", "faucet", "5000");
    await ok("bob", "stake", "deposit", "2000");
    const { orderId } = await ok("alice", ...rfqCreateArgs({ quantity: "500", deadline: "+10d", milestones: "50,50" }));
    await ok("bob", "bid", "place", `${orderId}`, "--price", "4000", "--lead-time", "5d");
    await anvil.increaseTime(3_601);
    await ok("alice", "order", "award", `${orderId}`, "--maker", "bob", "--price", "4000", "--lead-time", "5d");
    bobsOrder = `${orderId}`;

    const cite = async (seq: number) =>
      citeReading(await ok(undefined, "evidence", "proof", "bob", "mill-1.spindle", `${seq}`, "--api", apiUrl));
    const plan = await ok(undefined, "evidence", "aql", "500", "1.0");
    assert.deepEqual([plan.codeLetter, plan.sampleSize, plan.acceptNumber, plan.rejectNumber], ["H", 50, 1, 2]);
    const doc = millingEvidence(
      `${orderId}`,
      500,
      { started: [await cite(1)], finished: [await cite(4), await cite(5)] },
      {
        kind: "first_article",
        at: 3,
        part: "bracket rev B",
        measurements: [
          {
            characteristic: "bore diameter",
            nominal: 12,
            lowerTolerance: -0.01,
            upperTolerance: 0.018,
            measured: 12.006,
            unit: "mm",
          },
        ],
        readings: [],
      },
      inspectionEvent({ at: 4, lotSize: 500, aql: 1, nonconforming: 1, readings: [await cite(2)] }),
    );
    const file = path.join(dataDir, "milestone-0.json");
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const checked = await ok(undefined, "evidence", "check", file);
    assert.equal(checked.citations, 4);
    assert.equal(checked.hash, documentHashOf(doc));
    assert.equal(checked.hash, createDocumentStore().put(doc), "the node's document store hashes it the same");

    // Refused before anything is sent: wrong milestone, an altered citation, a wrong AQL decision.
    writeFileSync(file, JSON.stringify({ ...doc, milestone: 1 }));
    assert.match(
      (await environment.fails("bob", "order", "milestone", "submit", `${orderId}`, "--evidence", file)).message,
      /milestone 1, the next is 0/,
    );
    const forged = JSON.parse(JSON.stringify(doc));
    forged.events[1].readings[0].ts += 1;
    writeFileSync(file, JSON.stringify(forged));
    const unproven = await environment.fails("bob", "order", "milestone", "submit", `${orderId}`, "--evidence", file);
    assert.match(unproven.message, /events\[1\]\.readings\[0\]/);
    const wrongDecision = JSON.parse(JSON.stringify(doc));
    wrongDecision.events[3].nonconforming = 2;
    writeFileSync(file, JSON.stringify(wrongDecision));
    const decision = await environment.fails("bob", "order", "milestone", "submit", `${orderId}`, "--evidence", file);
    assert.equal(decision.args?.field, "events[3].decision");

    writeFileSync(file, JSON.stringify(doc));
    const submitted = await ok("bob", "order", "milestone", "submit", `${orderId}`, "--evidence", file);
    assert.equal(submitted.index, 0);
    assert.equal(submitted.evidenceHash, checked.hash);
    const timeline = await ok(undefined, "order", "timeline", `${orderId}`);
    assert.ok(JSON.stringify(timeline).includes(checked.hash), "the market carries the document's hash");
  });

  it("records EPCIS events on chain, issues a passport and verifies it; an altered event fails", async () => {
    const { dataDir } = environment;
    const part = "urn:epc:id:sgtin:4012345.011111.7";
    const made = commissioningEvent({ at: Date.UTC(2026, 10, 28), parts: [part] });
    const handed = custodyEvent({
      at: Date.UTC(2026, 10, 29),
      items: [part],
      from: partyOf(devAccounts().bob.address, 31337),
      to: partyOf(devAccounts().carol.address, 31337),
      step: "shipping",
    });
    const files = [path.join(dataDir, "made.json"), path.join(dataDir, "handed.json")] as const;
    writeFileSync(files[0], JSON.stringify(made));
    writeFileSync(files[1], JSON.stringify(handed));
    const recorded = await ok("bob", "trace", "record", bobsOrder, part, files[0]);
    assert.equal(recorded.eventHash, epcisEventHash(made));
    await ok("bob", "trace", "record", bobsOrder, part, files[1], "--custody-to", "carol");
    assert.equal(
      (await environment.fails("bob", "trace", "record", bobsOrder, part, files[0])).name,
      "EvidenceTraceExists",
    );
    writeFileSync(
      path.join(dataDir, "later.json"),
      JSON.stringify(commissioningEvent({ at: Date.UTC(2026, 11, 1), parts: [part] })),
    );
    const notBob = await environment.fails("bob", "trace", "record", bobsOrder, part, path.join(dataDir, "later.json"));
    assert.equal(notBob.name, "EvidenceNotCustodian", "carol holds the part now");
    writeFileSync(path.join(dataDir, "bad.json"), JSON.stringify({ ...made, action: "MAKE" }));
    const bad = await environment.fails("bob", "trace", "record", bobsOrder, part, path.join(dataDir, "bad.json"));
    assert.equal(bad.args?.field, "eventFile");

    const bundle = await ok(
      "bob",
      "passport",
      "issue",
      "--part",
      part,
      "--order",
      bobsOrder,
      "--name",
      "Bracket",
      "--events",
      files.join(","),
      "--material",
      "aluminium 6061=urn:epc:class:lgtin:4012345.099999.HEAT42",
    );
    const file = path.join(dataDir, "passport.json");
    writeFileSync(file, JSON.stringify(bundle));
    const verified = await ok(undefined, "passport", "verify", file);
    assert.deepEqual([verified.valid, verified.part, verified.events], [true, part, 2]);
    bundle.links.events[1].eventTime = new Date(0).toISOString();
    writeFileSync(file, JSON.stringify(bundle));
    const rejected = await environment.fails(undefined, "passport", "verify", file);
    assert.match(rejected.message, /passport rejected: events check failed/);
  });
});
