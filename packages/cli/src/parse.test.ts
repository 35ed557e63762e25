import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { InvalidParameterError } from "@dipnet/sdk";
import { keccak256, stringToHex } from "viem";
import {
  parseAmount,
  parseBps,
  parseCertificationType,
  parseContentHash,
  parseDate,
  parseDuration,
  parseId,
  parseMilestones,
  parseNodeAddresses,
  parseRoles,
  profileDocumentFile,
} from "./parse.ts";

const rejects = (f: () => unknown, option: string, reason: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof InvalidParameterError && e.field === option && reason.test(e.reason));

describe("parse", () => {
  describe("parseAmount", () => {
    it("reads token units with the token's decimals", () => {
      assert.equal(parseAmount("1250.50", 6, "--price"), 1_250_500_000n);
      assert.equal(parseAmount("7", 18, "--price"), 7n * 10n ** 18n);
    });
    it("reverts when the amount is malformed or too precise", () => {
      rejects(() => parseAmount("12,5", 6, "--price"), "--price", /not an amount/);
      rejects(() => parseAmount("-1", 6, "--price"), "--price", /not an amount/);
      rejects(() => parseAmount("0.0000001", 6, "--price"), "--price", /more than 6 decimals/);
    });
  });

  describe("parseDuration", () => {
    it("reads units and combinations", () => {
      assert.equal(parseDuration("7d", "--lead-time"), 7 * 86_400);
      assert.equal(parseDuration("48h", "--lead-time"), 48 * 3_600);
      assert.equal(parseDuration("1d12h", "--lead-time"), 36 * 3_600);
      assert.equal(parseDuration("2w", "--lead-time"), 14 * 86_400);
      assert.equal(parseDuration("90m", "--lead-time"), 5_400);
    });
    it("reverts without a unit or at zero", () => {
      rejects(() => parseDuration("10", "--lead-time"), "--lead-time", /not a duration/);
      rejects(() => parseDuration("0d", "--lead-time"), "--lead-time", /longer than zero/);
    });
  });

  describe("parseDate", () => {
    const now = 1_800_000_000n;
    it("reads ISO dates as UTC and relative dates from chain time", () => {
      assert.equal(parseDate("2026-11-30", now, "--deadline"), BigInt(Date.UTC(2026, 10, 30) / 1000));
      assert.equal(parseDate("2026-11-30T10:00", now, "--deadline"), BigInt(Date.UTC(2026, 10, 30, 10) / 1000));
      assert.equal(parseDate("2026-11-30T12:00+02:00", now, "--deadline"), BigInt(Date.UTC(2026, 10, 30, 10) / 1000));
      assert.equal(parseDate("+14d", now, "--deadline"), now + 14n * 86_400n);
    });
    it("reverts on anything else", () => {
      rejects(() => parseDate("next week", now, "--deadline"), "--deadline", /not a date/);
      rejects(() => parseDate("2026-13-45", now, "--deadline"), "--deadline", /not a valid date/);
    });
  });

  describe("parseBps and parseMilestones", () => {
    it("reads percentages and basis points", () => {
      assert.equal(parseBps("60%", "--refund"), 6_000);
      assert.equal(parseBps("12.5%", "--refund"), 1_250);
      assert.equal(parseBps("2000bps", "--slash"), 2_000);
      rejects(() => parseBps("60", "--refund"), "--refund", /60% or 6000bps/);
      rejects(() => parseBps("101%", "--refund"), "--refund", /more than 100%/);
    });
    it("reads milestone shares summing to 100 %", () => {
      assert.deepEqual(parseMilestones("30,50,20", "--milestones"), [3_000, 5_000, 2_000]);
      assert.deepEqual(parseMilestones("100", "--milestones"), [10_000]);
      rejects(() => parseMilestones("30,50", "--milestones"), "--milestones", /sum to 80%/);
      rejects(() => parseMilestones("20,20,20,20,20", "--milestones"), "--milestones", /1 to 4/);
    });
  });

  describe("parseNodeAddresses", () => {
    const peer = "/ip4/203.0.113.7/tcp/4001/p2p/12D3KooWMoEYsWsL7b34GT5HdaMPCPrm1App7twXnAg6k4Jrkdwk";
    it("keeps TCP multiaddrs ending in a peer id, once each", () => {
      assert.deepEqual(parseNodeAddresses(`${peer}, ${peer} /dns4/n.example/tcp/4001/p2p/12D3Koo`, "--ipfs"), [
        peer,
        "/dns4/n.example/tcp/4001/p2p/12D3Koo",
      ]);
    });
    it("refuses addresses without a peer id, other transports and an empty list", () => {
      rejects(() => parseNodeAddresses("/ip4/203.0.113.7/tcp/4001", "--ipfs"), "--ipfs", /peer id/);
      rejects(() => parseNodeAddresses("/ip4/203.0.113.7/udp/4001/quic/p2p/x", "--ipfs"), "--ipfs", /TCP multiaddr/);
      rejects(() => parseNodeAddresses(" , ", "--ipfs"), "--ipfs", /at least one/);
    });
  });

  describe("profileDocumentFile", () => {
    it("reads a JSON object, refuses hashes, text, missing files and other JSON", () => {
      const dir = mkdtempSync(path.join(tmpdir(), "dipnet-parse-"));
      const file = path.join(dir, "profile.json");
      writeFileSync(file, JSON.stringify({ name: "Carol Precision" }));
      assert.deepEqual(profileDocumentFile(file, "--profile"), { name: "Carol Precision" });
      rejects(() => profileDocumentFile("text:carol", "--profile"), "--profile", /JSON file/);
      rejects(() => profileDocumentFile(path.join(dir, "none.json"), "--profile"), "--profile", /no file/);
      writeFileSync(file, "[1, 2]");
      rejects(() => profileDocumentFile(file, "--profile"), "--profile", /not a JSON object/);
      writeFileSync(file, "name: carol");
      rejects(() => profileDocumentFile(file, "--profile"), "--profile", /not JSON/);
    });
  });

  describe("parseContentHash", () => {
    it("hashes files and text, keeps hashes", () => {
      const dir = mkdtempSync(path.join(tmpdir(), "dipnet-parse-"));
      const file = path.join(dir, "spec.step");
      writeFileSync(file, "solid part");
      assert.equal(parseContentHash(file, "--spec"), keccak256(stringToHex("solid part")));
      assert.equal(parseContentHash("text:solid part", "--spec"), keccak256(stringToHex("solid part")));
      const hash = keccak256(stringToHex("x"));
      assert.equal(parseContentHash(hash, "--spec"), hash);
      rejects(() => parseContentHash("0x1234", "--spec"), "--spec", /32-byte hash/);
      rejects(() => parseContentHash(path.join(dir, "missing.step"), "--spec"), "--spec", /no file/);
    });
  });

  describe("parseCertificationType", () => {
    it("keeps names the chain can store, names the option otherwise", () => {
      assert.equal(parseCertificationType("ISO 9001", "--requires"), "ISO 9001");
      rejects(() => parseCertificationType("", "--requires"), "--requires", /1–32 printable ASCII/);
      rejects(() => parseCertificationType("x".repeat(33), "--requires"), "--requires", /1–32 printable ASCII/);
      rejects(() => parseCertificationType("ISO 9001 ✓", "--requires"), "--requires", /1–32 printable ASCII/);
    });
  });

  describe("parseId and parseRoles", () => {
    it("reads ids and role names", () => {
      assert.equal(parseId("12", "orderId"), 12n);
      rejects(() => parseId("0", "orderId"), "orderId", /positive integer/);
      assert.equal(parseRoles("customer,manufacturer", "--roles", { customer: 1, manufacturer: 2 }), 3);
      rejects(() => parseRoles("admin", "--roles", { customer: 1 }), "--roles", /unknown role "admin"/);
    });
  });
});
