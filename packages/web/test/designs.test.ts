// Browser test of designs and the vault: a designer sets up its encryption key (derived from a
// wallet signature, registered on chain), drops a file on the registration form, which hashes and
// encrypts it in the page and uploads only ciphertext to the node's IPFS, registers the design and
// licenses it to one maker; the design page shows the certificate and the licence, and downloads
// and decrypts the file in the browser to the exact bytes; another account's keys cannot; a bidder
// granted an order's package decrypts it in the browser with the key from its envelope.
// Screenshots go to packages/web/test-results/ (designs-*.png).
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import {
  deriveKeyPair,
  encryptionKeyHistory,
  getLicence,
  grantFile,
  hasAcceptedNda,
  setEncryptionKey,
  standardNda,
  standardNdaHash,
} from "@dipnet/sdk";
import type { Locator } from "playwright-core";
import { screenshot, useBrowserSuite } from "./browser.ts";

describe("designs and encrypted files in Chromium", { timeout: 240_000 }, () => {
  const ui = useBrowserSuite();
  // Several chunks of the vault format (64 KiB each), so chunking and progress are exercised.
  const drawing = randomBytes(300_000);
  const sha256 = `0x${createHash("sha256").update(drawing).digest("hex")}`;
  let designId: number;
  let packageOrder: { id: number; cid: string; plaintext: Buffer } | undefined;

  const shot = (name: string) => screenshot(ui.page, `designs-${name}`);
  const text = async (l: Locator) => ((await l.textContent()) ?? "").replace(/\s+/g, " ");
  const actAs = async (name: string) => {
    await ui.page.selectOption("[data-testid=signer-select]", `demo:${name}`);
    await ui.page.getByTestId("signer-banner").filter({ hasText: "Demo account" }).waitFor();
  };
  const ok = async (l: Locator) => {
    await l.getByTestId("action-ok").or(l.getByTestId("action-error")).first().waitFor({ timeout: 60_000 });
    const error = l.getByTestId("action-error");
    if (await error.count()) assert.fail(`the action failed: ${await text(error)}`);
  };

  it("sets up the designer's encryption key from a wallet signature", async () => {
    await ui.page.goto(`${ui.server.url}/designs`);
    await actAs("carol");
    const status = ui.page.getByTestId("vault-key-status");
    await status.getByRole("button", { name: "Set up my encryption key" }).click();
    await status.filter({ hasText: "version 1 registered" }).waitFor({ timeout: 60_000 });
    const { keys } = await encryptionKeyHistory(ui.net.clients.carol, {
      account: ui.net.clients.carol.account.address,
    });
    assert.equal(keys.length, 1, "one key registered on chain");
  });

  it("encrypts a dropped file in the page, uploads ciphertext only and registers the design", async () => {
    const form = ui.page.locator("form").filter({ has: ui.page.getByTestId("register-design") });
    // Drop the file on the zone, as a user dragging it from the desktop would.
    const bytes = [...drawing];
    await form.getByTestId("file-drop").evaluate((zone, data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], "housing.step", { type: "model/step" }));
      zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes);
    await form.getByText("housing.step").waitFor();
    await form.getByLabel("Title").fill("Gearbox housing rev A");
    await form.getByTestId("register-design").click();
    await ui.page.waitForURL(/\/designs\/\d+$/, { timeout: 60_000 });
    designId = Number(new URL(ui.page.url()).pathname.split("/").pop());

    const certificate = ui.page.getByTestId("design-certificate");
    await certificate.filter({ hasText: sha256 }).waitFor();
    const cid = (await text(ui.page.getByTestId("design-cid"))).trim();
    const meta = (await (await fetch(`${ui.net.nodeUrl}/api/vault/files/${cid}/meta`)).json()) as {
      recipients: string[];
      size: number;
    };
    const { keys } = await encryptionKeyHistory(ui.net.clients.carol, {
      account: ui.net.clients.carol.account.address,
    });
    assert.deepEqual(meta.recipients, [keys[0]?.publicKey], "encrypted to the designer's registered key alone");
    const stored = Buffer.from(await (await fetch(`${ui.net.nodeUrl}/api/vault/files/${cid}`)).arrayBuffer());
    assert.equal(stored.length, meta.size);
    assert.equal(stored.indexOf(drawing.subarray(0, 64)), -1, "the node holds no plaintext");
    await shot("design");
  });

  it("licenses the design to one maker", async () => {
    const form = ui.page.getByRole("form", { name: "Create a licence" });
    await form.getByLabel("Royalty per unit (tUSD)").fill("2.5");
    await form.getByLabel("Most units").fill("40");
    await form.getByLabel("Makers allowed").fill(ui.net.clients.dave.account.address);
    await form.getByTestId("create-licence").click();
    await ok(form);
    const row = ui.page.getByTestId("licences-table").locator("tbody tr");
    await row.filter({ hasText: "active" }).waitFor();
    assert.match(await text(row), /1 maker.*2\.5.*0 \/ 40/);
    const licence = await getLicence(ui.net.clients.carol, { licenceId: 1n });
    assert.equal(licence.designId, BigInt(designId));
    assert.equal(licence.royaltyPerUnit, 2_500_000n);
  });

  it("downloads and decrypts the file in the browser for its owner, and not for another account", async () => {
    const download = ui.page.waitForEvent("download", { timeout: 60_000 });
    await ui.page.getByRole("button", { name: "Download and decrypt" }).click();
    const saved = await (await download).path();
    assert.deepEqual(await readFile(saved), drawing, "the exact bytes come back");
    await ui.page.getByTestId("file-decrypted").waitFor();

    await actAs("dave");
    await ui.page.goto(`${ui.server.url}/designs`);
    await ui.page.getByTestId("vault-key-status").getByRole("button", { name: "Set up my encryption key" }).click();
    await ui.page
      .getByTestId("vault-key-status")
      .filter({ hasText: "version 1 registered" })
      .waitFor({ timeout: 60_000 });
    await ui.page.goto(`${ui.server.url}/designs/${designId}`);
    await ui.page.getByRole("button", { name: "Download and decrypt" }).click();
    const failure = ui.page.getByTestId("design-certificate").locator("..").getByRole("alert");
    await failure.waitFor({ timeout: 60_000 });
    assert.match(await text(failure), /key/i);
    await shot("not-for-you");
  });

  it("attaches an encrypted package under the standard NDA to an open RFQ; a bidder accepts the NDA", async () => {
    const orders = (await (await fetch(`${ui.net.nodeUrl}/api/orders?status=Open`)).json()) as {
      items: { id: number; customer: string }[];
    };
    const open = orders.items.find((o) => o.customer === ui.net.clients.bob.account.address.toLowerCase());
    assert.ok(open, "the seeded network has an open RFQ of bob's");
    const pkg = randomBytes(150_000);

    await actAs("bob");
    await ui.page.goto(`${ui.server.url}/orders/${open.id}`);
    const attach = ui.page.getByRole("form", { name: "Attach a confidential package" });
    await attach.getByRole("button", { name: "Set up my encryption key" }).click();
    await attach
      .getByTestId("vault-key-status")
      .filter({ hasText: "version 1 registered" })
      .waitFor({ timeout: 60_000 });
    await attach.getByLabel("File to encrypt").locator("input[type=file]").setInputFiles({
      name: "housing-package.zip",
      mimeType: "application/zip",
      buffer: pkg,
    });
    await attach.getByTestId("attach-package").click();
    const panel = ui.page.getByTestId("package-panel");
    await panel.and(ui.page.locator("[data-access=yours]")).waitFor({ timeout: 60_000 });
    const access = await (await fetch(`${ui.net.nodeUrl}/api/orders/${open.id}/access`)).json();
    assert.equal(access.package.ndaHash, standardNdaHash, "the standard NDA's hash is on chain");

    const download = ui.page.waitForEvent("download", { timeout: 60_000 });
    await panel.getByRole("button", { name: "Download and decrypt" }).click();
    assert.deepEqual(await readFile(await (await download).path()), pkg, "the customer reads its package back");

    await actAs("dave");
    await panel.getByText(standardNda.title).waitFor();
    await panel.getByTestId("accept-nda").click();
    await panel.and(ui.page.locator("[data-access=nda-accepted]")).waitFor({ timeout: 60_000 });
    assert.equal(
      await hasAcceptedNda(ui.net.clients.dave, {
        orderId: BigInt(open.id),
        account: ui.net.clients.dave.account.address,
      }),
      true,
    );
    assert.equal(await panel.getByRole("button", { name: "Download and decrypt" }).count(), 0, "no key: no download");
    await shot("package-nda");
    assert.deepEqual(ui.problems, []);
    packageOrder = { id: open.id, cid: access.package.packageCid, plaintext: pkg };
  });

  it("decrypts the package in the browser for a bidder the customer granted it to", async () => {
    assert.ok(packageOrder, "the previous test attached a package");
    const { bob, dave } = ui.net.clients;
    // Dave's key as his wallet derives it; bob's client wraps the package's key to it (dipnet vault grant).
    const daveKey = await deriveKeyPair({ account: dave.account, version: 1 });
    await setEncryptionKey(dave, { publicKey: daveKey.publicKey });
    await grantFile(bob, {
      nodeUrl: ui.net.nodeUrl,
      orderId: BigInt(packageOrder.id),
      fileCid: packageOrder.cid,
      grantee: dave.account.address,
      keys: [await deriveKeyPair({ account: bob.account, version: 1 })],
    });
    await ui.page.reload();
    const panel = ui.page.getByTestId("package-panel");
    await panel.and(ui.page.locator("[data-access=granted]")).waitFor({ timeout: 60_000 });
    const download = ui.page.waitForEvent("download", { timeout: 60_000 });
    await panel.getByRole("button", { name: "Download and decrypt" }).click();
    assert.deepEqual(await readFile(await (await download).path()), packageOrder.plaintext, "the exact bytes");
    await shot("package-granted");
    assert.deepEqual(ui.problems, []);
  });
});
