// The repository's import graph: no cycles anywhere, and no import against the arrows between
// packages (planner ← sdk ← node ← cli; the dashboard and the edge gateway beside the node).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { importGraph, isTest, sources } from "./lib/imports.ts";

const graph = importGraph();

/** Every import cycle, each as the files around it (Tarjan's strongly connected components). */
function cycles(): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter);
    counter++;
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file)?.files ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file) as number, low.get(next) as number));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file) as number, index.get(next) as number));
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
        onStack.delete(top);
        component.push(top);
        if (top === file) break;
      }
      const selfImport = graph.get(file)?.files.includes(file) ?? false;
      if (component.length > 1 || selfImport) found.push(component.sort());
    }
  };
  for (const file of sources) if (!index.has(file)) visit(file);
  return found;
}

/** Imports of non-test files under `dir` that break `rule`, as "file → import" lines. */
function violations(dir: string, rule: (file: string, imported: string, kind: "file" | "package") => boolean) {
  const out: string[] = [];
  for (const [file, { files, packages }] of graph) {
    if (!file.startsWith(dir) || isTest(file)) continue;
    for (const imported of files) if (!rule(file, imported, "file")) out.push(`${file} → ${imported}`);
    for (const imported of packages) if (!rule(file, imported, "package")) out.push(`${file} → ${imported}`);
  }
  return out;
}

const ours = (name: string) => name.startsWith("@dipnet/");
const inside = (dir: string) => (imported: string, kind: "file" | "package") =>
  kind === "package" || imported.startsWith(dir);

describe("import graph", () => {
  it("reads the repository's sources", () => {
    assert.ok(sources.length > 300, `only ${sources.length} source files found`);
    assert.ok(graph.get("packages/node/src/index.ts")?.files.length, "the node's entry imports nothing?");
  });

  it("has no import cycle", () => {
    assert.deepEqual(
      cycles().map((c) => c.join(" ⇄ ")),
      [],
    );
  });

  it("the planner imports nothing of ours", () => {
    assert.deepEqual(
      violations("packages/planner/", (_f, i, kind) =>
        kind === "package" ? !ours(i) : inside("packages/planner/")(i, kind),
      ),
      [],
    );
  });

  it("the SDK imports only the contracts' artefacts", () => {
    assert.deepEqual(
      violations("packages/sdk/src/", (_f, i, kind) =>
        kind === "package" ? !ours(i) : inside("packages/sdk/")(i, kind),
      ),
      [],
    );
  });

  it("the CLI imports the node only in `dipnet node`", () => {
    assert.deepEqual(
      violations("packages/cli/src/", (file, i, kind) =>
        kind === "package"
          ? !i.startsWith("@dipnet/node") || file === "packages/cli/src/commands/node.ts"
          : inside("packages/cli/")(i, kind),
      ),
      [],
    );
  });

  it("the dashboard imports the SDK by package name, and nothing of the node", () => {
    assert.deepEqual(
      violations("packages/web/src/", (_f, i, kind) =>
        kind === "package" ? !i.startsWith("@dipnet/node") : inside("packages/web/")(i, kind),
      ),
      [],
    );
  });

  it("the edge gateway does not import the node", () => {
    assert.deepEqual(
      violations("packages/edge/src/", (_f, i, kind) =>
        kind === "package" ? !i.startsWith("@dipnet/node") : inside("packages/edge/")(i, kind),
      ),
      [],
    );
  });
});
