import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { devAccounts } from "@dipnet/sdk/node";
import type { TestAnvil } from "@dipnet/sdk/testing";
import { type CliEnvironment, startCliEnvironment } from "./testing.ts";

describe("dipnet certifier, cred and did end to end", () => {
  let environment: CliEnvironment;
  let anvil: TestAnvil;
  let dataDir: string;
  const ok = (as: string | undefined, ...args: string[]) => environment.ok(as, ...args);
  const fails = (as: string | undefined, ...args: string[]) => environment.fails(as, ...args);
  const dev = devAccounts();

  before(async () => {
    environment = await startCliEnvironment("cred");
    ({ anvil, dataDir } = environment);
  });
  after(async () => {
    await environment?.stop();
  });

  it("only governance admits certifiers, and only admitted certifiers issue", async () => {
    const notOwner = await fails("alice", "certifier", "admit", "carol");
    assert.equal(notOwner.name, "OwnableUnauthorizedAccount");
    const notAdmitted = await fails(
      "carol",
      "cred",
      "issue",
      "--subject",
      "bob",
      "--type",
      "ISO 9001",
      "--expires",
      "+365d",
    );
    assert.equal(notAdmitted.name, "CertifierNotAdmitted");
    const badDate = await fails(
      "carol",
      "cred",
      "issue",
      "--subject",
      "bob",
      "--type",
      "ISO 9001",
      "--expires",
      "soon",
    );
    assert.equal(badDate.args?.field, "--expires");
    await ok("deployer", "certifier", "admit", "carol");
  });

  it("issues, exports, verifies; one changed character, revocation and expiry are rejected", async () => {
    const issued = await ok(
      "carol",
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
    assert.ok(existsSync(path.join(dataDir, "credentials", `${issued.uid}.json`)));
    // Exported by the certifier (signed afresh) and from the data directory (no signer): the same credentials.
    const fresh: string[] = await ok("carol", "cred", "export", "--subject", "bob");
    const saved: string[] = await ok(undefined, "cred", "export", "--subject", "bob");
    assert.equal(fresh.length, 1);
    assert.deepEqual(saved, fresh);
    const [jwt = ""] = fresh;
    const verified = await ok(undefined, "cred", "verify", jwt);
    assert.equal(verified.valid, true);
    assert.equal(verified.certification.certificateNumber, "Q-7");

    const i = jwt.lastIndexOf(".") + 5;
    const tampered = jwt.slice(0, i) + (jwt[i] === "A" ? "B" : "A") + jwt.slice(i + 1);
    assert.match((await fails(undefined, "cred", "verify", tampered)).message, /signature check failed/);

    const list = await ok(undefined, "cred", "list", "--subject", "bob");
    assert.equal(list[0].state, "valid");
    await ok("carol", "cred", "revoke", issued.uid);
    assert.match((await fails(undefined, "cred", "verify", jwt)).message, /revocation check failed/);
    assert.equal((await ok(undefined, "cred", "list", "--subject", "bob"))[0].state, "revoked");

    const short = await ok("carol", "cred", "issue", "--subject", "dave", "--type", "AS9100", "--expires", "+1d");
    await anvil.increaseTime(86_401);
    assert.match((await fails(undefined, "cred", "verify", short.jwt)).message, /expiry check failed/);
  });

  it("rejects a credential of a removed certifier (issuer authority)", async () => {
    await ok("deployer", "certifier", "admit", "erin");
    const issued = await ok("erin", "cred", "issue", "--subject", "bob", "--type", "ISO 13485", "--expires", "+30d");
    await ok("deployer", "certifier", "remove", "erin");
    assert.match((await fails(undefined, "cred", "verify", issued.jwt)).message, /issuer check failed/);
  });

  it("resolves a did:ethr", async () => {
    const doc = await ok(undefined, "did", "resolve", "bob");
    assert.equal(doc.id, `did:ethr:0x7a69:${dev.bob.address}`);
  });
});
