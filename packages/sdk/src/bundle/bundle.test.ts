// Publications and the CAR form of evidence bundles, offline (the chain checks run end to end in
// packages/cli/src/bundle.e2e.test.ts and packages/node/src/modules/documents/publish.test.ts).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { documentHashOf } from "../actions/evidence/production.ts";
import { createDipnetClient } from "../client.ts";
import { InvalidParameterError } from "../errors/base.ts";
import { devAccounts } from "../node/index.ts";
import { BundleCheckError, type EvidenceBundle, encodeEvidenceBundle, readEvidenceBundle } from "./car.ts";
import { publicationDomainOf, recoverPublisher, signPublication, verifyPublication } from "./publication.ts";

const market = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const deployment = {
  chainId: 31337,
  deployBlock: 0,
  contracts: { orderMarket: market, participantRegistry: market },
} as const;
const alice = devAccounts().alice;
const client = createDipnetClient({ rpcUrl: "http://127.0.0.1:9", deployment, account: alice });
const report = { title: "Final inspection", result: "pass" };

describe("publications", () => {
  it("recovers the publisher, and nobody else for another order, kind, document or deployment", async () => {
    const signed = await signPublication(client, { orderId: 7n, kind: "inspection-report", document: report });
    assert.deepEqual(
      [signed.orderId, signed.documentHash, signed.publisher],
      ["7", documentHashOf(report), alice.address],
    );
    const domain = publicationDomainOf(client);
    assert.equal(await recoverPublisher(domain, signed), alice.address);
    assert.equal(await verifyPublication(domain, signed), true);
    assert.equal(await verifyPublication(domain, { ...signed, orderId: "8" }), false);
    assert.equal(await verifyPublication(domain, { ...signed, kind: "certificate" }), false);
    assert.equal(
      await verifyPublication(domain, { ...signed, documentHash: documentHashOf({ ...report, result: "fail" }) }),
      false,
    );
    assert.equal(await verifyPublication({ ...domain, chainId: 1 }, signed), false);
    assert.equal(await verifyPublication(domain, { ...signed, publisher: devAccounts().bob.address }), false);
  });

  it("refuses what cannot be published, naming the field", async () => {
    const refused = async (document: unknown, kind: "other" | "production-evidence", field: string) => {
      await assert.rejects(signPublication(client, { orderId: 7n, kind, document }), (e: unknown) => {
        assert.ok(e instanceof InvalidParameterError);
        assert.equal(e.field, field);
        return true;
      });
    };
    await refused([1], "other", "document");
    await refused({}, "other", "document");
    await refused({ blob: "x".repeat(300_000) }, "other", "document");
    await refused(
      { type: "dipnet-production-evidence/v1", orderId: "7", milestone: 0, events: [] },
      "production-evidence",
      "document.events",
    );
    const evidence = {
      type: "dipnet-production-evidence/v1",
      orderId: "9",
      milestone: 0,
      events: [
        {
          kind: "first_article",
          at: 1,
          part: "p",
          measurements: [
            { characteristic: "d", nominal: 1, lowerTolerance: 0, upperTolerance: 0, measured: 1, unit: "mm" },
          ],
          readings: [],
        },
      ],
    };
    await refused(evidence, "production-evidence", "document.orderId");
  });
});

describe("evidence bundle CAR", () => {
  const bundle = async (): Promise<EvidenceBundle> => {
    const signed = await signPublication(client, { orderId: 7n, kind: "inspection-report", document: report });
    const hash = documentHashOf({ spec: "bracket" });
    return {
      format: "dipnet-evidence-bundle/v1",
      subject: { kind: "order", orderId: "7" },
      createdAt: new Date(0).toISOString(),
      chain: { chainId: 31337, contracts: { orderMarket: market } },
      events: [
        {
          contract: "orderMarket",
          address: market,
          event: "OrderShipped",
          txHash: `0x${"11".repeat(32)}`,
          blockNumber: 5,
          blockHash: `0x${"22".repeat(32)}`,
          logIndex: 0,
          args: { orderId: "7", evidenceHash: hash, acceptanceEnds: 100 },
          documents: { evidenceHash: JSON.stringify({ spec: "bracket" }) },
        },
      ],
      publications: [{ ...signed, document: JSON.stringify(report) }],
      readings: [],
      parties: [{ address: alice.address, roles: ["customer"], certifications: [] }],
    };
  };

  it("reads back what it wrote, block for block", async () => {
    const original = await bundle();
    const car = encodeEvidenceBundle(original);
    const { bundle: read, blocks } = await readEvidenceBundle(car);
    assert.equal(blocks, 6, "root, event, its document, publication, its document, party");
    assert.deepEqual(read.events, original.events);
    assert.deepEqual(read.publications, original.publications);
    assert.deepEqual(read.subject, original.subject);
    assert.deepEqual(encodeEvidenceBundle(read), car, "deterministic");
  });

  it("refuses a truncated file, an extra block and a missing one, naming the check", async () => {
    const car = encodeEvidenceBundle(await bundle());
    const failure = async (bytes: Uint8Array) => {
      try {
        await readEvidenceBundle(bytes);
      } catch (error) {
        assert.ok(error instanceof BundleCheckError);
        return error.message;
      }
      assert.fail("read a broken bundle");
    };
    assert.match(await failure(car.subarray(0, car.length - 1)), /blocks check failed at block #5/);
    const other = encodeEvidenceBundle({ ...(await bundle()), createdAt: new Date(1).toISOString() });
    // The other bundle's root appended: a block no link of this bundle leads to.
    const { CarIndexer } = await import("@ipld/car/indexer");
    const indexer = await CarIndexer.fromBytes(other);
    let first: { offset: number; length: number } | undefined;
    for await (const entry of indexer) {
      first = entry;
      break;
    }
    assert.ok(first);
    const extra = new Uint8Array([...car, ...other.subarray(first.offset, first.offset + first.length)]);
    assert.match(await failure(extra), /blocks check failed at block #6 .*no link of the bundle leads to it/);
  });
});
