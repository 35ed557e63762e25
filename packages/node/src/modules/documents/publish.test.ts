// Publishing documents for an order and the order's evidence bundle, over the API on a chain driven
// through every order path, on SQLite and PostgreSQL.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  carMediaType,
  checkEvidenceBundle,
  createDipnetClient,
  documentHashOf,
  publicationDomainOf,
  readEvidenceBundle,
  signPublication,
} from "@dipnet/sdk";
import { devAccounts } from "@dipnet/sdk/node";
import { signIn, useIndexedApis, useTestNetwork } from "../../testing/index.ts";
import { createDocumentStore } from "./store.ts";

const domain = "dipnet.example";
const dev = devAccounts();
const report = { title: "Final inspection", lot: 50, result: "pass" };

describe("published documents of an order", () => {
  const net = useTestNetwork({ scenario: true });
  const apps = useIndexedApis(
    () => net.chain,
    () => ({
      documents: createDocumentStore(),
      publicUrl: `http://${domain}`,
      rateLimits: { writes: 10_000, signIn: 10_000, rpc: 10_000 },
    }),
  );

  /** A publication of `document` for `orderId`, signed by `signer`. */
  const signed = async (signer: keyof typeof dev, orderId: number, document: unknown, kind = "inspection-report") => {
    const client = createDipnetClient({
      rpcUrl: net.chain.anvil.rpcUrl,
      deployment: net.chain.deployment,
      account: dev[signer],
    });
    return signPublication(client, { orderId, kind: kind as "inspection-report", document });
  };

  for (const backend of ["sqlite", "postgres"]) {
    it(`lets the order's customer and maker publish, refuses everyone else naming why (${backend})`, async () => {
      const entry = apps.find((a) => a.name === backend);
      assert.ok(entry);
      const { app } = entry;
      // Order 1: customer alice, maker carol, completed; bob is a customer of other orders.
      const cookie = {
        alice: await signIn(app, "alice", domain),
        carol: await signIn(app, "carol", domain),
        bob: await signIn(app, "bob", domain),
      };
      const post = (who: keyof typeof cookie | undefined, payload: object) =>
        app.inject({
          method: "POST",
          url: "/api/documents",
          payload,
          ...(who ? { headers: { cookie: cookie[who] } } : {}),
        });
      const mine = await signed("alice", 1, report);
      const body = { orderId: 1, kind: "inspection-report", document: report, signature: mine.signature };

      assert.equal((await post(undefined, body)).statusCode, 401);
      const stranger = await post("bob", { ...body, signature: (await signed("bob", 1, report)).signature });
      assert.equal(stranger.statusCode, 403);
      assert.match(stranger.json().message, /is not the customer, the maker or the dispute's arbiter of order 1/);
      const notHers = await post("alice", { ...body, signature: (await signed("carol", 1, report)).signature });
      assert.deepEqual([notHers.statusCode, notHers.json().field], [400, "signature"]);
      assert.match(notHers.json().message, /signed by 0x[0-9a-fA-F]{40}, not by the signed-in/);
      const otherOrder = await post("alice", { ...body, signature: (await signed("alice", 2, report)).signature });
      assert.deepEqual(
        [otherOrder.statusCode, otherOrder.json().field],
        [400, "signature"],
        "a signature for order 2 is not one for order 1",
      );
      const badKind = await post("alice", { ...body, kind: "selfie" });
      assert.deepEqual([badKind.statusCode, badKind.json().field], [400, "kind"]);
      const notObject = await post("alice", { ...body, document: [1, 2] });
      assert.deepEqual([notObject.statusCode, notObject.json().field], [400, "document"]);
      const malformed = {
        type: "dipnet-production-evidence/v1",
        orderId: "1",
        milestone: 0,
        events: [{ kind: "melting", at: 1, readings: [] }],
      };
      const evidence = await post("alice", {
        orderId: 1,
        kind: "production-evidence",
        document: malformed,
        signature: mine.signature,
      });
      assert.deepEqual([evidence.statusCode, evidence.json().field], [400, "document.events[0].kind"]);
      const listedBefore = await app.inject({ method: "GET", url: "/api/orders/1/documents" });
      assert.deepEqual(listedBefore.json().items, [], "nothing was stored by the refused requests");

      const first = await post("alice", body);
      assert.equal(first.statusCode, 201, first.body);
      assert.deepEqual(
        [first.json().documentHash, first.json().publisher, first.json().role],
        [documentHashOf(report), dev.alice.address.toLowerCase(), "customer"],
      );
      assert.equal((await post("alice", body)).statusCode, 200, "publishing again changes nothing");
      const makers = await signed("carol", 1, { delivery: "DN-77", parcels: 2 }, "delivery-note");
      const maker = await post("carol", {
        orderId: 1,
        kind: "delivery-note",
        document: { delivery: "DN-77", parcels: 2 },
        signature: makers.signature,
      });
      assert.equal(maker.json().role, "maker");

      const listed = (await app.inject({ method: "GET", url: "/api/orders/1/documents" })).json();
      assert.deepEqual(listed.items.map((d: { kind: string }) => d.kind).sort(), [
        "delivery-note",
        "inspection-report",
      ]);
      const served = await app.inject({ method: "GET", url: `/api/documents/${documentHashOf(report)}` });
      assert.deepEqual(served.json(), report);
      assert.equal((await app.inject({ method: "GET", url: "/api/orders/999/documents" })).statusCode, 404);
    });

    it(`serves the order's evidence bundle, which checks against the chain (${backend})`, async () => {
      const entry = apps.find((a) => a.name === backend);
      assert.ok(entry);
      const r = await entry.app.inject({ method: "GET", url: "/api/orders/1/bundle.car" });
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.headers["content-type"], carMediaType);
      const car = new Uint8Array(r.rawPayload);
      const { bundle } = await readEvidenceBundle(car);
      assert.equal(bundle.publications.length, 2);
      assert.deepEqual(bundle.chain.chainId, publicationDomainOf(net.chain.clients.alice).chainId);
      const result = await checkEvidenceBundle(car, { rpcUrl: net.chain.anvil.rpcUrl });
      assert.equal(result.valid, true, result.valid ? "" : result.reason);
      assert.equal((await entry.app.inject({ method: "GET", url: "/api/orders/999/bundle.car" })).statusCode, 404);
      const part = await entry.app.inject({
        method: "GET",
        url: "/api/parts/urn%3Aepc%3Aid%3Asgtin%3A1.2.3/bundle.car",
      });
      assert.deepEqual([part.statusCode, part.json().field], [400, "order"]);
    });
  }
});
