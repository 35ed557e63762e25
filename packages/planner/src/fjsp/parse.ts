import type { FjspAlternative, FjspInstance, FjspOperation } from "./types.ts";

/** Thrown for malformed `.fjs` text; `line` is 1-based (0 when the problem is the file as a whole). */
export class FjspParseError extends Error {
  override name = "FjspParseError";
  readonly line: number;
  readonly reason: string;
  constructor(line: number, reason: string) {
    super(line > 0 ? `line ${line}: ${reason}` : reason);
    this.line = line;
    this.reason = reason;
  }
}

function toInt(token: string, line: number, what: string, min: number): number {
  if (!/^[+-]?\d+$/.test(token)) throw new FjspParseError(line, `${what} must be an integer, got "${token}"`);
  const value = Number(token);
  if (!Number.isSafeInteger(value)) throw new FjspParseError(line, `${what} is out of range: ${token}`);
  if (value < min) throw new FjspParseError(line, `${what} must be at least ${min}, got ${value}`);
  return value;
}

/**
 * Parses the Brandimarte/Hurink `.fjs` format: a header `<jobs> <machines> [avg]`, then one line per job:
 * `<nOps> (<k> (<machine> <time>){k}){nOps}`. Blank lines are ignored.
 * @example parseFjs("1 2\n1 2 1 5 2 7\n") // one job, one op, machine 1 (5) or machine 2 (7)
 */
export function parseFjs(text: string): FjspInstance {
  const lines = text.split(/\r?\n/);
  let i = 0;
  const nextLine = (): { tokens: string[]; line: number } | undefined => {
    while (i < lines.length) {
      const raw = lines[i] ?? "";
      i++;
      const tokens = raw
        .trim()
        .split(/\s+/)
        .filter((t) => t.length > 0);
      if (tokens.length > 0) return { tokens, line: i };
    }
    return undefined;
  };

  const header = nextLine();
  if (header === undefined) throw new FjspParseError(0, "empty input: expected a header `<jobs> <machines>`");
  if (header.tokens.length < 2 || header.tokens.length > 3) {
    throw new FjspParseError(
      header.line,
      `header must be \`<jobs> <machines> [avg]\`, got ${header.tokens.length} values`,
    );
  }
  const numJobs = toInt(header.tokens[0] ?? "", header.line, "number of jobs", 1);
  const numMachines = toInt(header.tokens[1] ?? "", header.line, "number of machines", 1);
  if (header.tokens[2] !== undefined && !Number.isFinite(Number(header.tokens[2]))) {
    throw new FjspParseError(header.line, `average machines per operation must be a number, got "${header.tokens[2]}"`);
  }

  const jobs: FjspOperation[][] = [];
  for (let j = 1; j <= numJobs; j++) {
    const row = nextLine();
    if (row === undefined) {
      throw new FjspParseError(lines.length, `end of input: expected ${numJobs} job lines, found ${j - 1}`);
    }
    const { tokens, line } = row;
    let t = 0;
    const take = (what: string, min: number): number => {
      const token = tokens[t];
      if (token === undefined) throw new FjspParseError(line, `job ${j}: line ends early, expected ${what}`);
      t++;
      return toInt(token, line, `job ${j}: ${what}`, min);
    };
    const nOps = take("number of operations", 1);
    const ops: FjspOperation[] = [];
    for (let o = 1; o <= nOps; o++) {
      const k = take(`operation ${o} number of machines`, 1);
      const alternatives: FjspAlternative[] = [];
      for (let a = 0; a < k; a++) {
        const machine = take(`operation ${o} machine`, 1);
        if (machine > numMachines) {
          throw new FjspParseError(
            line,
            `job ${j}: operation ${o} machine ${machine} exceeds the ${numMachines} machines declared`,
          );
        }
        if (alternatives.some((alt) => alt.machine === machine)) {
          throw new FjspParseError(line, `job ${j}: operation ${o} lists machine ${machine} twice`);
        }
        const duration = take(`operation ${o} processing time`, 0);
        alternatives.push({ machine, duration });
      }
      ops.push({ alternatives });
    }
    if (t < tokens.length) {
      throw new FjspParseError(line, `job ${j}: ${tokens.length - t} unexpected values after ${nOps} operations`);
    }
    jobs.push(ops);
  }
  const extra = nextLine();
  if (extra !== undefined) {
    throw new FjspParseError(extra.line, `unexpected data after the ${numJobs} declared jobs`);
  }
  return { numMachines, jobs };
}
