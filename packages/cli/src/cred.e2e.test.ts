import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { devAccounts } from "@dipnet/sdk/node";
import { enactProposal, testDao, useCliEnvironment } from "./testing.ts";

describe("dipnet certifier, cred and did end to end", () => {
  const environment = useCliEnvironment("cred", {}, { dao: testDao });
  const { ok, fails } = environment;
  const dev = devAccounts();
  /** The arguments of `dipnet cred issue`: a certification of `type` for `subject`, expiring at `expires`. */
  const issueArgs = (subject: string, type: string, expires: string) => [
    "cred",
    "issue",
    "--subject",
    subject,
    "--type",
    type,
    "--expires",
    expires,
  ];

  it("admits certifiers by proposal, and only admitted certifiers issue", async () => {
    const notAdmitted = await fails("carol", ...issueArgs("bob", "ISO 9001", "+365d"));
    assert.equal(notAdmitted.name, "CertifierNotAdmitted");
    const badDate = await fails("carol", ...issueArgs("bob", "ISO 9001", "soon"));
    assert.equal(badDate.args?.field, "--expires");
    await enactProposal(environment, "Admit carol as certifier", ["admit-certifier carol"]);
  });

  it("issues, exports, verifies; one changed character, revocation and expiry are rejected", async () => {
    const issued = await ok("carol", ...issueArgs("bob", "ISO 9001", "+365d"), "--number", "Q-7");
    assert.ok(existsSync(path.join(environment.dataDir, "credentials", `${issued.uid}.json`)));
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

    const short = await ok("carol", ...issueArgs("dave", "AS9100", "+1d"));
    await environment.anvil.increaseTime(86_401);
    assert.match((await fails(undefined, "cred", "verify", short.jwt)).message, /expiry check failed/);
  });

  it("rejects a credential of a removed certifier (issuer authority)", async () => {
    await enactProposal(environment, "Admit erin as certifier", ["admit-certifier erin --kinds certification"]);
    const issued = await ok("erin", ...issueArgs("bob", "ISO 13485", "+30d"));
    await enactProposal(environment, "Remove erin as certifier", ["remove-certifier erin"]);
    assert.match((await fails(undefined, "cred", "verify", issued.jwt)).message, /issuer check failed/);
  });

  it("resolves a did:ethr", async () => {
    const doc = await ok(undefined, "did", "resolve", "bob");
    assert.equal(doc.id, `did:ethr:0x7a69:${dev.bob.address}`);
  });
});
