/** What a command produced: data for `--json`, lines for people. */
export type CommandOutput = { json: unknown; human: string | string[] };

/** JSON with bigints as decimal strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}

/** Short transaction reference for human output. */
export function txLine(result: { hash: string; blockNumber: bigint }): string {
  return `  tx ${result.hash} (block ${result.blockNumber})`;
}

/** Output of a command that sent a transaction: `json` with its hash and block; `human`, then the tx line. */
export function txOutput(
  human: string | string[],
  result: { hash: string; blockNumber: bigint },
  json: Record<string, unknown> = {},
): CommandOutput {
  return {
    json: { ...json, hash: result.hash, blockNumber: result.blockNumber },
    human: [human, txLine(result)].flat(),
  };
}

/** Pads the first column of `rows` for a readable table. */
export function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  "),
  );
}
