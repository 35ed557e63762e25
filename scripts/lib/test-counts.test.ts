import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatSummaryLine, parseHardhatSummary, parseTapSummary, stageCounts, stripAnsi } from "./test-counts.ts";

describe("parseHardhatSummary", () => {
  it("reads passing, failing and skipped counts", () => {
    const output =
      "Running Solidity tests\n\n  ✔ test_a()\n\n\n  12 passing\n  2 failing\n  1 skipped\n\n1) X#test_b\n";
    assert.deepEqual(parseHardhatSummary(output), { passed: 12, failed: 2, skipped: 1 });
  });

  it("ignores colour codes", () => {
    assert.deepEqual(parseHardhatSummary("\u001b[32m3 passing\u001b[39m\n"), { passed: 3, failed: 0, skipped: 0 });
  });

  it("returns undefined when there is no summary", () => {
    assert.equal(parseHardhatSummary("Error HHE1000: compilation failed"), undefined);
  });
});

describe("parseTapSummary", () => {
  it("reads the trailer and counts cancelled tests as failed", () => {
    const tap = "TAP version 13\nok 1 - a\n1..1\n# tests 9\n# pass 5\n# fail 1\n# cancelled 2\n# skipped 1\n# todo 0\n";
    assert.deepEqual(parseTapSummary(tap), { passed: 5, failed: 3, skipped: 1 });
  });

  it("returns undefined without a trailer", () => {
    assert.equal(parseTapSummary("TAP version 13\n"), undefined);
  });
});

describe("stageCounts", () => {
  it("counts a stage without a summary as one check", () => {
    assert.deepEqual(stageCounts(0, undefined), { passed: 1, failed: 0, skipped: 0 });
    assert.deepEqual(stageCounts(2, undefined), { passed: 0, failed: 1, skipped: 0 });
  });

  it("counts a non-zero exit as a failure even when the summary shows none", () => {
    assert.deepEqual(stageCounts(1, { passed: 4, failed: 0, skipped: 0 }), { passed: 4, failed: 1, skipped: 0 });
  });
});

describe("formatSummaryLine", () => {
  it("prints the line CI reads", () => {
    assert.equal(formatSummaryLine({ passed: 7, failed: 0 }), "7 passed, 0 failed");
  });
});

describe("stripAnsi", () => {
  it("removes SGR sequences", () => {
    assert.equal(stripAnsi("\u001b[1m\u001b[31mred\u001b[0m"), "red");
  });
});
