import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { contentHashOf } from "@dipnet/sdk";
import { devAccounts } from "@dipnet/sdk/node";
import { rfqCreateArgs, useCliEnvironment } from "./testing.ts";

const CID = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";

describe("dipnet design, license and package end to end", () => {
  const env = useCliEnvironment("ip");
  const { ok, fails } = env;
  const dev = devAccounts();

  it("registers a design from its file's hash, versions it, lists and shows it", async () => {
    const file = path.join(env.dataDir, "bracket.step");
    writeFileSync(file, "ISO-10303-21; bracket");
    const original = await ok("alice", "design", "register", file, "--title", "Bracket", "--cid", CID);
    assert.equal(original.designId, "1");
    assert.equal(original.contentHash, contentHashOf("ISO-10303-21; bracket"));
    const version = await ok("alice", "design", "version", "1", file, "--title", "Bracket B", "--cid", CID);
    assert.equal(version.parentId, "1");
    const refused = await fails("bob", "design", "version", "1", file, "--title", "Fork", "--cid", CID);
    assert.equal(refused.name, "DesignNotOwner");
    const missing = await fails("alice", "design", "register", "nope.step", "--title", "x", "--cid", CID);
    assert.match(missing.message, /file.*cannot read "nope.step"/);
    const shown = await ok(undefined, "design", "show", "1");
    assert.deepEqual([shown.title, shown.versions], ["Bracket", ["2"]]);
    const listed = await ok(undefined, "design", "list", "--owner", "alice");
    assert.deepEqual(
      listed.map((d: { designId: string }) => d.designId),
      ["1", "2"],
    );
    assert.equal((await fails(undefined, "design", "show", "9")).name, "DesignUnknown");
  });

  it("creates, shows, lists and ends licences; refuses bad terms naming the flag", async () => {
    const created = await ok(
      "alice",
      ...["license", "create", "1", "--royalty", "2.5", "--max-units", "100", "--expires", "+90d"],
      ...["--makers", "bob,carol"],
    );
    const licenceId = created.licenceId as string;
    const shown = await ok(undefined, "license", "show", licenceId);
    assert.deepEqual(
      [shown.royaltyPerUnit, shown.maxUnits, shown.unitsBuilt, shown.open, shown.makers],
      ["2500000", "100", "0", false, [dev.bob.address, dev.carol.address]],
    );
    await ok("alice", "license", "create", "1", "--royalty", "1", "--max-units", "5", "--open");
    assert.equal((await ok(undefined, "license", "list", "1")).length, 2);
    const both = await fails(
      "alice",
      "license",
      "create",
      "1",
      "--royalty",
      "1",
      "--max-units",
      "5",
      "--open",
      "--makers",
      "bob",
    );
    assert.match(both.message, /--makers/);
    const none = await fails("alice", "license", "create", "1", "--royalty", "1", "--max-units", "5");
    assert.match(none.message, /--makers.*required unless --open/);
    const units = await fails("alice", "license", "create", "1", "--royalty", "1", "--max-units", "0", "--open");
    assert.match(units.message, /--max-units/);
    const past = await fails(
      "alice",
      "license",
      "create",
      "1",
      "--royalty",
      "1",
      "--max-units",
      "5",
      "--open",
      "--expires",
      "2001-01-01",
    );
    assert.equal(past.name, "LicenceInvalid");
    assert.equal((await fails("bob", "license", "end", licenceId)).name, "DesignNotOwner");
    await ok("alice", "license", "end", licenceId);
    assert.notEqual((await ok(undefined, "license", "show", licenceId)).endedAt, 0);
  });

  it("sets a package and takes NDA acceptances of its exact text", async () => {
    await ok("alice", "participant", "register", "--roles", "customer");
    await ok("alice", "faucet", "10000");
    const { orderId } = await ok("alice", ...rfqCreateArgs());
    const id = String(orderId);
    await ok("alice", "package", "set", id, "--nda", "text:keep it secret", "--package-cid", "bafy-pkg");
    const mismatch = await fails("bob", "package", "accept-nda", id, "--nda", "text:another text");
    assert.equal(mismatch.name, "AccessNdaMismatch");
    await ok("bob", "package", "accept-nda", id, "--nda", "text:keep it secret");
    const shown = await ok(undefined, "package", "show", id);
    assert.equal(shown.package.ndaHash, contentHashOf("keep it secret"));
    assert.deepEqual(shown.grants, []);
    // Grants are made with the file's key: dipnet vault grant (vault.e2e.test.ts).
    assert.equal((await env.cli("alice", "package", "grant", id)).code, 1);
  });

  it("posts an RFQ under a licence; refuses a licence too small and a maker it does not allow", async () => {
    const { licenceId } = await ok(
      "alice",
      ...["license", "create", "1", "--royalty", "1", "--max-units", "100", "--makers", "bob"],
    );
    const small = await fails("alice", ...rfqCreateArgs({ licence: "2" })); // open, 5 units; the RFQ asks 50
    assert.equal(small.name, "LicenceCapExceeded");
    assert.match(small.message, /50 more units would pass licence 2's cap of 5/);
    const bad = await fails("alice", ...rfqCreateArgs({ licence: "0" }));
    assert.match(bad.message, /--licence/);
    const { orderId } = await ok("alice", ...rfqCreateArgs({ licence: String(licenceId) }));
    const shown = await ok(undefined, "rfq", "show", String(orderId));
    assert.equal(String(shown.licenceId), String(licenceId));
    const refused = await fails("carol", "bid", "place", String(orderId), "--price", "4000", "--lead-time", "10d");
    assert.equal(refused.name, "LicenceMakerNotAllowed");
    assert.match(refused.message, new RegExp(`is not a maker licence ${licenceId} allows`));
  });
});
