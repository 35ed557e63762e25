import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  admitCertifier,
  aggregationEvent,
  award,
  bid,
  certify,
  citeReading,
  commissioningEvent,
  createDeviceKey,
  custodyEvent,
  deviceTopic,
  documentHashOf,
  type EpcisEvent,
  epcisEventHash,
  exportCredential,
  inspectionEvent,
  issuePassport,
  type PassportBundle,
  type ProductionEvidence,
  partyOf,
  recordTrace,
  registerDevice,
  registerMachine,
  setAnchorer,
  signDeviceMessage,
  transformationEvent,
  verifyPassport,
} from "@dipnet/sdk";
import type { FastifyInstance } from "fastify";
import type { Hex } from "viem";
import {
  createTestApi,
  forEachBackend,
  postRfq,
  signIn,
  testIndexer,
  testMill,
  useTestNetwork,
} from "../../testing/index.ts";
import { createAnchorer } from "../evidence/anchor.ts";
import { type ReadingProof, readingProof } from "../evidence/proofs.ts";
import { evidenceDb } from "../evidence/schema.ts";
import { createIngestor } from "../iot/ingest.ts";

const part = "urn:epc:id:sgtin:4012345.011111.1001";
const sibling = "urn:epc:id:sgtin:4012345.011111.1002";
const shipment = "urn:epc:id:sscc:4012345.0000000042";
const domain = "dipnet.example";

/** Signs `name` in to `app` with Sign-In with Ethereum; returns the session cookie. */

forEachBackend((backend) => {
  describe(`traceability and product passports on ${backend.name}`, () => {
    let app: FastifyInstance;
    let events: EpcisEvent[];
    let bundle: PassportBundle;
    let orderId: bigint;

    const net = useTestNetwork({ backend });
    before(async () => {
      const { carol, erin, alice, deployer, judy } = net.chain.clients;
      // Machine evidence: a device's readings anchored, cited by a production evidence document.
      await registerMachine(carol, testMill);
      orderId = await postRfq(net.chain, alice, "bracket");
      await bid(carol, { orderId, price: 800_000_000n, leadTime: 10 * 86_400 });
      await net.chain.anvil.increaseTime(3_601);
      await award(alice, { orderId, maker: carol.account.address, price: 800_000_000n, leadTime: 10 * 86_400 });
      const key = createDeviceKey();
      await registerDevice(carol, { deviceId: "mill-1", machineId: 1n, publicKey: key.publicKey });
      await setAnchorer(carol, { anchorer: erin.account.address, allowed: true });
      await testIndexer(net.store.db, net.chain).syncOnce();
      const ingest = createIngestor({ db: net.store.db, deviceSources: ["chain"] });
      const topic = deviceTopic({ manufacturer: carol.account.address.toLowerCase(), machine: "1", device: "mill-1" });
      for (let seq = 1; seq <= 3; seq++) {
        const m = signDeviceMessage(
          { v: 1, device: "mill-1", seq, ts: Date.now(), readings: [{ metric: "spindle_load", value: 40 + seq }] },
          key.privateKey,
        );
        await ingest.submit(topic, Buffer.from(JSON.stringify(m)));
      }
      await createAnchorer({ db: net.store.db, client: erin }).runOnce();
      const proof = (await readingProof(net.store.db, {
        manufacturer: carol.account.address.toLowerCase(),
        device: "mill-1",
        seq: 2,
        chainId: net.chain.deployment.chainId,
        registry: net.chain.deployment.contracts.evidenceRegistry as string,
      })) as ReadingProof;
      const doc: ProductionEvidence = {
        type: "dipnet-production-evidence/v1",
        orderId: "1",
        milestone: 0,
        events: [inspectionEvent({ at: 1, lotSize: 500, aql: 1, nonconforming: 0, readings: [citeReading(proof)] })],
      };
      // A certification of the maker.
      await admitCertifier(deployer, { certifier: judy.account.address });
      const { uid } = await certify(judy, {
        subject: carol.account.address,
        type: "ISO 9001",
        expiresAt: Math.floor(Date.now() / 1000) + 365 * 86_400,
      });
      const credential = await exportCredential(judy, { uid });

      const chainId = net.chain.deployment.chainId;
      const at = Date.now();
      events = [
        commissioningEvent({ at, parts: [part, sibling], readPoint: "urn:dipnet:machine:31337:1" }),
        transformationEvent({
          at: at + 1000,
          inputs: [{ epcClass: "urn:epc:class:lgtin:4012345.099999.HEAT42", quantity: 2.5, uom: "KGM" }],
          outputs: [part, sibling],
          evidence: [documentHashOf(doc)],
        }),
        aggregationEvent({ at: at + 2000, parent: shipment, children: [part, sibling] }),
        custodyEvent({
          at: at + 3000,
          items: [shipment],
          from: partyOf(carol.account.address, chainId),
          to: partyOf(erin.account.address, chainId),
          step: "shipping",
        }),
        custodyEvent({
          at: at + 4000,
          items: [shipment],
          from: partyOf(erin.account.address, chainId),
          to: partyOf(alice.account.address, chainId),
          step: "receiving",
        }),
      ];
      const [commissioned, transformed, packed, shipped, received] = events.map(epcisEventHash) as Hex[];
      await recordTrace(carol, { orderId, item: part, eventHash: commissioned as Hex });
      await recordTrace(carol, { orderId, item: part, eventHash: transformed as Hex });
      await recordTrace(carol, { orderId, item: shipment, eventHash: packed as Hex });
      await recordTrace(carol, { orderId, item: shipment, eventHash: shipped as Hex, custodyTo: erin.account.address });
      await recordTrace(erin, {
        orderId,
        item: shipment,
        eventHash: received as Hex,
        custodyTo: alice.account.address,
      });
      await testIndexer(net.store.db, net.chain).syncOnce();
      app = await createTestApi(net, { publicUrl: `http://${domain}` });
      bundle = await issuePassport(carol, {
        part,
        orderId: Number(orderId),
        name: "Bracket, rev B",
        materials: [
          { name: "aluminium 6061-T6", epcClass: "urn:epc:class:lgtin:4012345.099999.HEAT42", massFraction: 1 },
        ],
        events,
        evidence: [doc],
        certifications: [credential],
      });
    });
    after(async () => {
      await app?.close();
    });

    it("stores EPCIS events only from a session of a party of the order: its maker, customer or a custodian", async () => {
      const post = (event: object, cookie?: string, order: bigint | number = orderId) =>
        app.inject({
          method: "POST",
          url: `/api/traceability/events?order=${order}`,
          payload: event,
          ...(cookie ? { headers: { cookie } } : {}),
        });
      const [commissioned, transformed, packed, shipped, received] = events as EpcisEvent[];
      const anonymous = await post(commissioned as EpcisEvent);
      assert.equal(anonymous.statusCode, 401, anonymous.body);
      const forged = await post(commissioned as EpcisEvent, "dipnet_session=forged");
      assert.equal(forged.statusCode, 401, forged.body);
      const dave = await signIn(app, "dave", domain);
      const stranger = await post(commissioned as EpcisEvent, dave);
      assert.equal(stranger.statusCode, 403, stranger.body);
      assert.match(stranger.json().message, /not the maker, the customer or a custodian of an item of order/);
      const stored = await evidenceDb(net.store.db).selectFrom("trace_events").select("event_hash").execute();
      assert.deepEqual(stored, [], "a refused post stores nothing");
      const unknownOrder = await post(commissioned as EpcisEvent, dave, 999);
      assert.equal(unknownOrder.statusCode, 404, unknownOrder.body);
      const undetermined = await app.inject({
        method: "POST",
        url: "/api/traceability/events",
        payload: commissioned,
        headers: { cookie: dave },
      });
      assert.equal(undetermined.statusCode, 400, undetermined.body);
      assert.match(undetermined.json().message, /^order:/);
      // carol made the order, erin carried the shipment, alice ordered it.
      const [carol, erin, alice] = [
        await signIn(app, "carol", domain),
        await signIn(app, "erin", domain),
        await signIn(app, "alice", domain),
      ];
      const posts: [EpcisEvent, string][] = [
        [commissioned as EpcisEvent, carol],
        [transformed as EpcisEvent, carol],
        [packed as EpcisEvent, carol],
        [shipped as EpcisEvent, erin],
        [received as EpcisEvent, alice],
      ];
      for (const [e, cookie] of posts) {
        const r = await post(e, cookie);
        assert.equal(r.statusCode, 200, r.body);
        assert.equal(r.json().eventHash, epcisEventHash(e));
      }
      // erin carried only the shipment: an event naming only the part is not erin's to post.
      const notErins = await post(commissioningEvent({ at: 6, parts: [part] }), erin);
      assert.equal(notErins.statusCode, 403, notErins.body);
    });

    it("answers a part's full history with chain records and custody", async () => {
      const bad = await app.inject({
        method: "POST",
        url: `/api/traceability/events?order=${orderId}`,
        payload: { type: "ObjectEvent" },
        headers: { cookie: await signIn(app, "carol", domain) },
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().message, /not a valid EPCIS 2.0 event/);
      const r = await app.inject({
        method: "GET",
        url: `/api/parts/${encodeURIComponent(part)}/history?order=${orderId}`,
      });
      assert.equal(r.statusCode, 200, r.body);
      const h = r.json();
      assert.deepEqual(
        h.events.map((e: { type: string; via: { role: string } }) => [e.type, e.via.role]),
        [
          ["ObjectEvent", "object"],
          ["TransformationEvent", "output"],
          ["AggregationEvent", "child"],
          ["ObjectEvent", "object"],
          ["ObjectEvent", "object"],
        ],
      );
      assert.ok(
        h.events.every((e: { recorded: unknown }) => e.recorded !== null),
        "every event's hash is on chain",
      );
      assert.equal(h.custodian, net.chain.clients.alice.account.address.toLowerCase());
      assert.equal(h.events[3].custodyTo, net.chain.clients.erin.account.address.toLowerCase());
      const none = await app.inject({
        method: "GET",
        url: `/api/parts/${encodeURIComponent("urn:epc:id:sgtin:1.2.3")}/history?order=${orderId}`,
      });
      assert.equal(none.statusCode, 404);
    });

    it("verifies a passport end to end, and fails naming the check when any linked item is altered", async () => {
      const ok = await verifyPassport(net.chain.clients.dave, bundle);
      assert.deepEqual(ok, {
        valid: true,
        part,
        name: "Bracket, rev B",
        manufacturer: net.chain.clients.carol.account.address,
        events: 5,
        evidence: 1,
        certifications: 1,
      });
      const altered = (f: (b: PassportBundle) => void) => {
        const copy = JSON.parse(JSON.stringify(bundle)) as PassportBundle;
        f(copy);
        return verifyPassport(net.chain.clients.dave, copy);
      };
      const cases: [string, (b: PassportBundle) => void, string][] = [
        ["an event's time", (b) => ((b.links.events[1] as EpcisEvent).eventTime = new Date(0).toISOString()), "events"],
        [
          "a custody party",
          (b) =>
            (((b.links.events[4] as EpcisEvent).destinationList as { destination: string }[])[0] = {
              destination: "did:ethr:0x7a69:0x0000000000000000000000000000000000000bad",
            } as never),
          "events",
        ],
        ["an event removed", (b) => b.links.events.pop(), "events"],
        ["the evidence document", (b) => ((b.links.evidence[0] as ProductionEvidence).milestone = 1), "evidence"],
        [
          "a cited reading",
          (b) => ((b.links.evidence[0] as ProductionEvidence).events[0]?.readings[0] as { ts: number }).ts++,
          "evidence",
        ],
        [
          "the certification",
          (b) => (b.links.certifications[0] = `${b.links.certifications[0]?.slice(0, -3)}AAA`),
          "certifications",
        ],
        [
          "the passport's claims",
          (b) => {
            const [h, p, s] = b.passport.split(".") as [string, string, string];
            const claims = JSON.parse(Buffer.from(p, "base64url").toString());
            claims.vc.credentialSubject.name = "Bracket, rev C";
            b.passport = [h, Buffer.from(JSON.stringify(claims)).toString("base64url"), s].join(".");
          },
          "signature",
        ],
      ];
      for (const [what, alter, check] of cases) {
        const r = await altered(alter);
        assert.equal(r.valid, false, what);
        assert.equal(!r.valid && r.failedCheck, check, `${what}: ${JSON.stringify(r)}`);
      }
      // An event that is valid EPCIS and in the bundle but was never recorded on chain.
      const unrecorded = await issuePassport(net.chain.clients.carol, {
        part,
        orderId: Number(orderId),
        name: "Bracket",
        materials: [],
        events: [commissioningEvent({ at: 5, parts: [part] })],
      });
      const r = await verifyPassport(net.chain.clients.dave, unrecorded);
      assert.equal(!r.valid && r.failedCheck, "events");
      assert.match(!r.valid ? r.reason : "", /not recorded/);
    });

    it("lists only events the custodian recorded on chain for the part's order (squatters and unrecorded posts never appear)", async () => {
      const { dave, carol } = net.chain.clients;
      // Only the order's maker creates its items: anyone else is refused on chain.
      const junk = commissioningEvent({ at: 7, parts: [part] });
      await assert.rejects(
        recordTrace(dave, { orderId, item: "urn:epc:id:sgtin:4012345.011111.1003", eventHash: epcisEventHash(junk) }),
        /only the maker of order/,
      );
      // A maker of another order records the same part under its own order, and anyone posts events.
      const other = await postRfq(net.chain, net.chain.clients.alice, "squat");
      await bid(carol, { orderId: other, price: 800_000_000n, leadTime: 10 * 86_400 });
      await net.chain.anvil.increaseTime(3_601);
      await award(net.chain.clients.alice, {
        orderId: other,
        maker: carol.account.address,
        price: 800_000_000n,
        leadTime: 10 * 86_400,
      });
      await recordTrace(carol, { orderId: other, item: part, eventHash: epcisEventHash(junk) });
      const unrecorded = commissioningEvent({ at: 8, parts: [part] });
      await testIndexer(net.store.db, net.chain).syncOnce();
      const carolSession = await signIn(app, "carol", domain);
      for (const e of [junk, unrecorded])
        assert.equal(
          (
            await app.inject({
              method: "POST",
              url: `/api/traceability/events?order=${other}`,
              payload: e,
              headers: { cookie: carolSession },
            })
          ).statusCode,
          200,
        );
      await testIndexer(net.store.db, net.chain).syncOnce();
      const r = await app.inject({
        method: "GET",
        url: `/api/parts/${encodeURIComponent(part)}/history?order=${orderId}`,
      });
      assert.equal(r.statusCode, 200, r.body);
      const hashes = r.json().events.map((e: { eventHash: string }) => e.eventHash);
      assert.deepEqual(hashes.sort(), events.map(epcisEventHash).sort());
      const undetermined = await app.inject({ method: "GET", url: `/api/parts/${encodeURIComponent(part)}/history` });
      assert.equal(undetermined.statusCode, 400);
      assert.match(undetermined.json().message, /order/);
    });
  });
});
