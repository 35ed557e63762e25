// Branch coverage of the contracts. Hardhat 3 reports statement and line coverage only (EDR has no
// branch data yet), so this script makes every branch a statement of its own and reads Hardhat's
// line coverage back:
// 1. it copies the project to `.branch-coverage/` and rewrites the measured sources there: each
//    outcome of every `if` (an absent `else` included) and of every `?:` calls a marker function
//    whose only statement sits on a line of its own;
// 2. it runs the Solidity tests on that copy with `hardhat test solidity --coverage`;
// 3. a branch was taken when its marker's line was executed (lcov `DA:<line>,<count>`).
// It prints per-file figures and exits 1 when the market contracts are below the threshold.
// Usage: node scripts/branch-coverage.ts [--threshold 95]

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Files whose branches are gated; every other measured file is reported only. */
const MARKET = [
  "src/OrderMarket.sol",
  "src/OrderMarketBounds.sol",
  "src/ParticipantRegistry.sol",
  "src/libraries/MilestonePlan.sol",
  "src/libraries/OrderResolution.sol",
  "src/libraries/SealedBids.sol",
  "src/libraries/OrderLicensing.sol",
  "src/libraries/SubOrders.sol",
  "src/libraries/OrderViews.sol",
  "src/valuechain/OrderServices.sol",
];
const REPORTED = [
  "src/CapacityLedger.sol",
  "src/libraries/SlotBitmap.sol",
  "src/identity/CertifierRegistry.sol",
  "src/evidence/EvidenceRegistry.sol",
  "src/ip/DesignRegistry.sol",
  "src/ip/ConfidentialAccess.sol",
  "src/rewards/ContributionRewards.sol",
];
const ELEMENTARY = /^(u?int\d*|bool|address|bytes\d+)$/;

type AstNode = { nodeType?: string; src?: string; [key: string]: unknown };
type Insertion = { at: number; text: string };
type Marker = { file: string; line: number; what: string };

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const work = join(root, ".branch-coverage");

function parseArgs(args: string[]): { threshold: number } {
  let threshold = 95;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--threshold") {
      threshold = Number(args[++i]);
      if (!Number.isFinite(threshold) || threshold < 0 || threshold > 100) {
        throw new Error(`--threshold must be a percentage from 0 to 100, got "${args[i]}"`);
      }
    } else throw new Error(`unknown argument "${args[i]}" (usage: branch-coverage.ts [--threshold 95])`);
  }
  return { threshold };
}

/** The solc AST of `file` (e.g. `src/OrderMarket.sol`) from a build whose input matches its current text. */
function astOf(file: string, text: string): AstNode {
  const dir = join(root, "artifacts", "build-info");
  const sourceName = `project/${file}`;
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".output.json"))) {
    const input = JSON.parse(readFileSync(join(dir, name.replace(".output.json", ".json")), "utf8")) as {
      input: { sources: Record<string, { content: string }> };
    };
    if (input.input.sources[sourceName]?.content !== text) continue;
    const output = JSON.parse(readFileSync(join(dir, name), "utf8")) as {
      output: { sources: Record<string, { ast: AstNode }> };
    };
    const ast = output.output.sources[sourceName]?.ast;
    if (ast) return ast;
  }
  throw new Error(`no build of ${file} matches its source: run "hardhat build" first`);
}

function walk(node: unknown, visit: (n: AstNode) => void): void {
  if (Array.isArray(node)) for (const child of node) walk(child, visit);
  else if (node && typeof node === "object") {
    const n = node as AstNode;
    if (n.nodeType) visit(n);
    for (const value of Object.values(n)) if (value && typeof value === "object") walk(value, visit);
  }
}

/** [start, end) byte offsets of a node; a simple statement's end includes its semicolon. */
function span(source: Buffer, node: AstNode): [number, number] {
  const [start, length] = (node.src as string).split(":").map(Number) as [number, number];
  let end = start + length;
  if (node.nodeType !== "Block" && node.nodeType !== "IfStatement" && source[end - 1] !== 0x3b) {
    let i = end;
    while (i < source.length && /\s/.test(String.fromCharCode(source[i] as number))) i++;
    if (source[i] === 0x3b) end = i + 1;
  }
  return [start, end];
}

/** Rewrites `file` so each branch calls a marker; returns the new text and the markers' lines. */
function instrument(file: string, fileIndex: number): { text: string; markers: Marker[] } {
  const original = readFileSync(join(root, file), "utf8");
  const source = Buffer.from(original, "utf8");
  const insertions: Insertion[] = [];
  const markerFunctions: { name: string; type: string | undefined; what: string }[] = [];
  const marker = (what: string, type?: string) => {
    const name = `__branch${fileIndex}_${markerFunctions.length}`;
    markerFunctions.push({ name, type, what });
    return name;
  };
  const lineOf = (offset: number) => source.subarray(0, offset).toString("utf8").split("\n").length;
  // Enters a branch body: a block gets the call first, a single statement is wrapped in a block.
  // `after` is text that must follow the body (an added `else`), kept left of any outer closer.
  const enter = (body: AstNode, name: string, after = "") => {
    const [start, end] = span(source, body);
    if (body.nodeType === "Block") insertions.push({ at: start + 1, text: ` ${name}();` });
    else insertions.push({ at: start, text: `{ ${name}(); ` });
    const closer = `${body.nodeType === "Block" ? "" : " }"}${after}`;
    if (closer) insertions.push({ at: end, text: closer });
  };

  walk(astOf(file, original), (node) => {
    if (node.nodeType === "IfStatement") {
      const where = `if at line ${lineOf(span(source, node)[0])}`;
      const falseBody = node.falseBody as AstNode | null | undefined;
      const trueMarker = marker(`${where}: true`);
      const added = falseBody ? "" : ` else { ${marker(`${where}: false (no else)`)}(); }`;
      enter(node.trueBody as AstNode, trueMarker, added);
      if (falseBody) enter(falseBody, marker(`${where}: false`));
    } else if (node.nodeType === "Conditional") {
      const type = (node.typeDescriptions as { typeString?: string } | undefined)?.typeString ?? "";
      const where = `?: at line ${lineOf(span(source, node)[0])}`;
      if (!ELEMENTARY.test(type)) throw new Error(`${file}: ${where} has type "${type}", which markers cannot carry`);
      for (const [branch, key] of [
        ["true", "trueExpression"],
        ["false", "falseExpression"],
      ] as const) {
        const [start, length] = ((node[key] as AstNode).src as string).split(":").map(Number) as [number, number];
        insertions.push({ at: start, text: `${marker(`${where}: ${branch}`, type)}(` });
        insertions.push({ at: start + length, text: ")" });
      }
    }
  });

  // Apply from the end. At one offset, text registered later (an inner node) ends up first: an
  // inner closer or else precedes the outer one.
  const ordered = insertions.map((insertion, order) => ({ ...insertion, order }));
  ordered.sort((a, b) => b.at - a.at || a.order - b.order);
  let out = source;
  for (const { at, text } of ordered) {
    out = Buffer.concat([out.subarray(0, at), Buffer.from(text, "utf8"), out.subarray(at)]);
  }
  let text = `${out.toString("utf8")}\n`;
  const markers: Marker[] = [];
  for (const { name, type, what } of markerFunctions) {
    const header = type ? `function ${name}(${type} value) pure returns (${type}) {\n` : `function ${name}() pure {\n`;
    text += header;
    markers.push({ file, line: text.split("\n").length, what });
    text += type ? "    return value;\n}\n" : "    return;\n}\n";
  }
  return { text, markers };
}

/** Solidity test files under `dir`, relative to the work dir (`test/…`). */
function listTests(dir: string, prefix = "test"): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return listTests(join(dir, entry.name), `${prefix}/${entry.name}`);
    return entry.name.endsWith(".t.sol") ? [`${prefix}/${entry.name}`] : [];
  });
}

/** Executed lines per source file from an lcov report. */
function executedLines(lcov: string): Map<string, Set<number>> {
  const byFile = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  for (const line of lcov.split("\n")) {
    if (line.startsWith("SF:")) {
      current = new Set();
      byFile.set(line.slice(3).trim(), current);
    } else if (line.startsWith("DA:") && current) {
      const [lineNumber, count] = line.slice(3).split(",").map(Number) as [number, number];
      if (count > 0) current.add(lineNumber);
    }
  }
  return byFile;
}

function main(): number {
  const { threshold } = parseArgs(process.argv.slice(2));
  const files = [...MARKET, ...REPORTED];
  rmSync(work, { recursive: true, force: true });
  for (const entry of ["hardhat.config.ts", "remappings.txt", "package.json", "src", "test"]) {
    cpSync(join(root, entry), join(work, entry), { recursive: true });
  }
  const markers: Marker[] = [];
  files.forEach((file, index) => {
    const { text, markers: found } = instrument(file, index);
    writeFileSync(join(work, file), text);
    markers.push(...found);
  });

  // Branches are reached by the unit tests; fewer fuzz and invariant runs than `npm test` keep this
  // run to a few minutes. Gas tests measure gas, which instrumentation changes, so they stay out.
  const configFile = join(work, "hardhat.config.ts");
  const config = readFileSync(configFile, "utf8");
  const lighter = config
    .replace("fuzz: { runs: 1000 }", "fuzz: { runs: 100 }")
    .replace("invariant: { runs: 256, depth: 100,", "invariant: { runs: 16, depth: 50,");
  if (lighter === config || !lighter.includes("runs: 16"))
    throw new Error("hardhat.config.ts: fuzz settings not found");
  writeFileSync(configFile, lighter);
  const tests = listTests(join(work, "test")).filter((t) => !t.startsWith("test/gas/"));

  const hardhat = join(root, "..", "node_modules", ".bin", "hardhat");
  // `test --coverage` builds only the test files' roots; the market's linked library needs an
  // instrumented artifact of its own, or EDR cannot link it, so every contract is built first.
  const build = spawnSync(process.execPath, [hardhat, "build", "--coverage"], { cwd: work, encoding: "utf8" });
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout}\n${build.stderr}\n`);
    console.error(`branch coverage: the instrumented build failed (exit ${build.status})`);
    return 1;
  }
  const run = spawnSync(process.execPath, [hardhat, "test", "solidity", "--coverage", ...tests], {
    cwd: work,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const lcovFile = join(work, "coverage", "lcov.info");
  if (run.status !== 0 || !existsSync(lcovFile)) {
    process.stderr.write(`${run.stdout}\n${run.stderr}\n`);
    console.error(`branch coverage: the instrumented test run failed (exit ${run.status})`);
    return 1;
  }
  const executed = executedLines(readFileSync(lcovFile, "utf8"));
  const hitLinesOf = (file: string) =>
    [...executed.entries()].find(([path]) => path.endsWith(file))?.[1] ?? new Set<number>();

  let marketTotal = 0;
  let marketHit = 0;
  for (const file of files) {
    const mine = markers.filter((m) => m.file === file);
    const hitLines = hitLinesOf(file);
    const missed = mine.filter((m) => !hitLines.has(m.line));
    const hit = mine.length - missed.length;
    const percent = mine.length === 0 ? 100 : (100 * hit) / mine.length;
    console.log(
      `${file.padEnd(40)} ${String(hit).padStart(4)}/${String(mine.length).padEnd(4)} ${percent.toFixed(1)} %`,
    );
    for (const m of missed) console.log(`  not taken: ${m.what}`);
    if (MARKET.includes(file)) {
      marketTotal += mine.length;
      marketHit += hit;
    }
  }
  const marketPercent = marketTotal === 0 ? 100 : (100 * marketHit) / marketTotal;
  console.log(
    `market contracts: ${marketHit} of ${marketTotal} branches taken, ${marketPercent.toFixed(1)} % (threshold ${threshold} %)`,
  );
  rmSync(work, { recursive: true, force: true });
  return marketPercent >= threshold ? 0 : 1;
}

process.exitCode = main();
