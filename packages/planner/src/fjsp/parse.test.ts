import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { FjspParseError, parseFjs } from "./parse.ts";

const BENCH = new URL("../../bench/instances/", import.meta.url);

describe("parseFjs", () => {
  it("parses a small instance exactly (golden)", () => {
    const text = "2 3 1.5\n2  1 1 5  2 2 7 3 4\n1  1 3 0\n";
    assert.deepEqual(parseFjs(text), {
      numMachines: 3,
      jobs: [
        [
          { alternatives: [{ machine: 1, duration: 5 }] },
          {
            alternatives: [
              { machine: 2, duration: 7 },
              { machine: 3, duration: 4 },
            ],
          },
        ],
        [{ alternatives: [{ machine: 3, duration: 0 }] }],
      ],
    });
  });

  it("accepts CRLF, tabs, blank lines and a header without the average", () => {
    const instance = parseFjs("\r\n1\t2\r\n\r\n1 2 1 3 2 4\r\n\r\n");
    assert.equal(instance.numMachines, 2);
    assert.deepEqual(instance.jobs[0]?.[0]?.alternatives, [
      { machine: 1, duration: 3 },
      { machine: 2, duration: 4 },
    ]);
  });

  it("parses the benchmark files (golden figures for kacem1 and la01)", () => {
    const kacem = parseFjs(readFileSync(new URL("kacem/kacem1.fjs", BENCH), "utf8"));
    assert.equal(kacem.jobs.length, 4);
    assert.equal(kacem.numMachines, 5);
    assert.deepEqual(
      kacem.jobs.map((j) => j.length),
      [3, 3, 4, 2],
    );
    assert.deepEqual(
      kacem.jobs[3]?.[1]?.alternatives.map((a) => a.duration),
      [5, 1, 2, 1, 2],
    );
    const la01 = parseFjs(readFileSync(new URL("hurink/edata/la01.fjs", BENCH), "utf8"));
    assert.equal(la01.jobs.length, 10);
    assert.deepEqual(la01.jobs[0]?.[4]?.alternatives, [
      { machine: 3, duration: 34 },
      { machine: 5, duration: 34 },
    ]);
    for (const set of ["hurink/edata", "hurink/vdata", "hurink/sdata", "kacem"]) {
      for (const file of readdirSync(new URL(`${set}/`, BENCH))) {
        const instance = parseFjs(readFileSync(new URL(`${set}/${file}`, BENCH), "utf8"));
        assert.ok(instance.jobs.length > 0, file);
      }
    }
  });

  const bad: [string, string, number, RegExp][] = [
    ["empty input", "  \n\n", 0, /empty input/],
    ["a one-value header", "3\n", 1, /header/],
    ["a non-integer job count", "x 2\n", 1, /number of jobs must be an integer/],
    ["zero machines", "1 0\n", 1, /number of machines must be at least 1/],
    ["a missing job line", "2 2\n1 1 1 5\n", 3, /expected 2 job lines, found 1/],
    ["a line ending early", "1 2\n1 2 1 5 2\n", 2, /job 1: line ends early, expected operation 1 processing time/],
    ["an unknown machine", "1 2\n1 1 3 5\n", 2, /machine 3 exceeds the 2 machines declared/],
    ["a machine listed twice", "1 2\n1 2 1 5 1 6\n", 2, /lists machine 1 twice/],
    ["a negative time", "1 2\n1 1 1 -5\n", 2, /processing time must be at least 0/],
    ["a fractional time", "1 2\n1 1 1 2.5\n", 2, /processing time must be an integer/],
    ["zero alternatives", "1 2\n1 0\n", 2, /operation 1 number of machines must be at least 1/],
    ["extra values on a job line", "1 2\n1 1 1 5 9\n", 2, /1 unexpected values after 1 operations/],
    ["extra lines after the jobs", "1 2\n1 1 1 5\n\n1 1 1 5\n", 4, /unexpected data after the 1 declared jobs/],
  ];
  for (const [what, text, line, message] of bad) {
    it(`rejects ${what}, naming the line and the reason`, () => {
      assert.throws(
        () => parseFjs(text),
        (error: unknown) => error instanceof FjspParseError && error.line === line && message.test(error.message),
      );
    });
  }
});
