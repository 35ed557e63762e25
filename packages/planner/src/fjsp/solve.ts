import { Rng } from "./rng.ts";
import type { FjspInstance, FjspSchedule, ScheduledOperation } from "./types.ts";

/** Options of {@link solveFjsp}. */
export interface SolveFjspParameters {
  /** Wall-clock budget in milliseconds. Default: 10 000. */
  timeLimitMs?: number;
  /** PRNG seed; the same seed and the same `maxIterations` give the same schedule. Default: 1. */
  seed?: number;
  /** Budget in tabu-search iterations (deterministic, unlike the time limit). Default: unlimited. */
  maxIterations?: number;
  /** Size of the elite pool of the path-relinking layer. Default: 8 (fewer for tiny instances). */
  populationSize?: number;
}

/** Result of {@link solveFjsp}: the schedule plus how much search was done. */
export interface SolveFjspReturnType extends FjspSchedule {
  /** Tabu-search iterations performed. */
  iterations: number;
  /** Lower bound used for early stopping (the schedule is optimal when `makespan === lowerBound`). */
  lowerBound: number;
}

/** Thrown for instances the solver cannot accept (e.g. an operation without a machine). */
export class FjspInstanceError extends Error {
  override name = "FjspInstanceError";
}

/** The instance flattened into typed arrays; operations are numbered 0..n-1 job by job. */
class Problem {
  readonly n: number;
  readonly m: number;
  readonly numJobs: number;
  readonly jobOf: Int32Array;
  readonly opInJob: Int32Array;
  readonly jobFirst: Int32Array;
  readonly jobPrev: Int32Array;
  readonly jobNext: Int32Array;
  /** pt[o * m + k] = processing time of op o on machine k, or -1 when k cannot run o. */
  readonly pt: Float64Array;
  readonly alts: Int32Array[];
  readonly minP: Float64Array;

  constructor(instance: FjspInstance) {
    this.m = instance.numMachines;
    this.numJobs = instance.jobs.length;
    let n = 0;
    for (const job of instance.jobs) n += job.length;
    this.n = n;
    this.jobOf = new Int32Array(n);
    this.opInJob = new Int32Array(n);
    this.jobFirst = new Int32Array(this.numJobs);
    this.jobPrev = new Int32Array(n).fill(-1);
    this.jobNext = new Int32Array(n).fill(-1);
    this.pt = new Float64Array(n * this.m).fill(-1);
    this.minP = new Float64Array(n);
    this.alts = [];
    let o = 0;
    instance.jobs.forEach((job, j) => {
      this.jobFirst[j] = o;
      job.forEach((op, i) => {
        if (op.alternatives.length === 0) {
          throw new FjspInstanceError(`job ${j + 1} operation ${i + 1}: no machine can run it`);
        }
        this.jobOf[o] = j;
        this.opInJob[o] = i;
        if (i > 0) {
          this.jobPrev[o] = o - 1;
          this.jobNext[o - 1] = o;
        }
        const machines: number[] = [];
        let minP = Number.POSITIVE_INFINITY;
        for (const alt of op.alternatives) {
          const k = alt.machine - 1;
          if (!Number.isInteger(k) || k < 0 || k >= this.m) {
            throw new FjspInstanceError(`job ${j + 1} operation ${i + 1}: machine ${alt.machine} does not exist`);
          }
          if (!(alt.duration >= 0) || !Number.isFinite(alt.duration)) {
            throw new FjspInstanceError(`job ${j + 1} operation ${i + 1}: invalid duration ${alt.duration}`);
          }
          if (this.pt[o * this.m + k] === -1) machines.push(k);
          // A machine listed twice keeps its fastest time.
          const prev = this.pt[o * this.m + k] ?? -1;
          this.pt[o * this.m + k] = prev < 0 ? alt.duration : Math.min(prev, alt.duration);
          minP = Math.min(minP, alt.duration);
        }
        this.alts.push(Int32Array.from(machines));
        this.minP[o] = minP;
        o++;
      });
    });
  }

  /** Job, machine and total-work lower bounds on the makespan. */
  lowerBound(): number {
    let lb = 0;
    let total = 0;
    const fixedLoad = new Float64Array(this.m);
    for (let j = 0; j < this.numJobs; j++) {
      let sum = 0;
      for (let o = this.jobFirst[j] ?? 0; o >= 0 && o < this.n; o = this.jobNext[o] ?? -1) sum += this.minP[o] ?? 0;
      lb = Math.max(lb, sum);
      total += sum;
    }
    for (let o = 0; o < this.n; o++) {
      const alts = this.alts[o];
      if (alts !== undefined && alts.length === 1) {
        const k = alts[0] ?? 0;
        fixedLoad[k] = (fixedLoad[k] ?? 0) + (this.pt[o * this.m + k] ?? 0);
      }
    }
    for (const load of fixedLoad) lb = Math.max(lb, load);
    // Integer data: the total-work bound can be rounded up.
    return Math.max(lb, Math.ceil(total / this.m - 1e-9));
  }
}

/** A solution: machine per operation and the operation sequence of every machine. */
interface Solution {
  mach: Int32Array;
  seqs: number[][];
  makespan: number;
}

/** Shared search budget: iterations and wall clock. */
class Budget {
  iterations = 0;
  private readonly maxIterations: number;
  private readonly deadline: number;
  private timedOut = false;
  constructor(maxIterations: number, timeLimitMs: number) {
    this.maxIterations = maxIterations;
    this.deadline = performance.now() + timeLimitMs;
  }
  /** Consumes one iteration; false once the budget is spent. The clock is read every 64 iterations. */
  tick(): boolean {
    if (this.timedOut || this.iterations >= this.maxIterations) return false;
    this.iterations++;
    if ((this.iterations & 63) === 0 && performance.now() > this.deadline) this.timedOut = true;
    return !this.timedOut;
  }
  get exhausted(): boolean {
    return this.timedOut || this.iterations >= this.maxIterations;
  }
}

/**
 * Disjunctive-graph state with heads r (earliest start) and tails q (longest path after the end) and
 * a tabu search over critical-operation insertions (Mastrolilli–Gambardella style).
 */
class Engine {
  private readonly P: Problem;
  private readonly rng: Rng;
  private readonly budget: Budget;
  readonly mach: Int32Array;
  readonly p: Float64Array;
  seqs: number[][];
  private readonly machPrev: Int32Array;
  private readonly machNext: Int32Array;
  private readonly pos: Int32Array;
  readonly r: Float64Array;
  readonly q: Float64Array;
  private readonly topo: Int32Array;
  readonly order: Int32Array;
  private readonly indeg: Int32Array;
  private readonly stack: Int32Array;
  private readonly tabu: Int32Array;
  private readonly crit: Int32Array;
  private readonly bufOps: Int32Array;
  private readonly bufEnd: Float64Array;
  private readonly bufTail: Float64Array;
  makespan = 0;

  constructor(problem: Problem, rng: Rng, budget: Budget) {
    this.P = problem;
    this.rng = rng;
    this.budget = budget;
    const n = problem.n;
    this.mach = new Int32Array(n);
    this.p = new Float64Array(n);
    this.seqs = [];
    this.machPrev = new Int32Array(n);
    this.machNext = new Int32Array(n);
    this.pos = new Int32Array(n);
    this.r = new Float64Array(n);
    this.q = new Float64Array(n);
    this.topo = new Int32Array(n);
    this.order = new Int32Array(n);
    this.indeg = new Int32Array(n);
    this.stack = new Int32Array(n);
    this.tabu = new Int32Array(n * problem.m);
    this.crit = new Int32Array(n);
    this.bufOps = new Int32Array(n + 1);
    this.bufEnd = new Float64Array(n + 1);
    this.bufTail = new Float64Array(n + 1);
  }

  load(sol: Solution): void {
    const { P } = this;
    this.mach.set(sol.mach);
    for (let o = 0; o < P.n; o++) this.p[o] = P.pt[o * P.m + (sol.mach[o] ?? 0)] ?? 0;
    this.seqs = sol.seqs.map((s) => s.slice());
    for (let k = 0; k < P.m; k++) this.relink(k);
  }

  snapshot(): Solution {
    return { mach: this.mach.slice(), seqs: this.seqs.map((s) => s.slice()), makespan: this.makespan };
  }

  private relink(k: number): void {
    const seq = this.seqs[k] ?? [];
    let prev = -1;
    for (let i = 0; i < seq.length; i++) {
      const o = seq[i] ?? 0;
      this.pos[o] = i;
      this.machPrev[o] = prev;
      if (prev >= 0) this.machNext[prev] = o;
      prev = o;
    }
    if (prev >= 0) this.machNext[prev] = -1;
  }

  /** Recomputes heads, tails and a topological order; returns the makespan, or -1 if the graph has a cycle. */
  evaluate(): number {
    const { P, r, q, p, machPrev, machNext, indeg, stack, order, topo } = this;
    const { jobPrev, jobNext } = P;
    const n = P.n;
    let top = 0;
    for (let o = 0; o < n; o++) {
      const d = ((jobPrev[o] ?? -1) >= 0 ? 1 : 0) + ((machPrev[o] ?? -1) >= 0 ? 1 : 0);
      indeg[o] = d;
      if (d === 0) stack[top++] = o;
    }
    let count = 0;
    let cmax = 0;
    while (top > 0) {
      const o = stack[--top] ?? 0;
      topo[o] = count;
      order[count++] = o;
      const jp = jobPrev[o] ?? -1;
      const mp = machPrev[o] ?? -1;
      let h = 0;
      if (jp >= 0) h = (r[jp] ?? 0) + (p[jp] ?? 0);
      if (mp >= 0) {
        const e = (r[mp] ?? 0) + (p[mp] ?? 0);
        if (e > h) h = e;
      }
      r[o] = h;
      const end = h + (p[o] ?? 0);
      if (end > cmax) cmax = end;
      const js = jobNext[o] ?? -1;
      if (js >= 0) {
        const d = (indeg[js] ?? 0) - 1;
        indeg[js] = d;
        if (d === 0) stack[top++] = js;
      }
      const ms = machNext[o] ?? -1;
      if (ms >= 0) {
        const d = (indeg[ms] ?? 0) - 1;
        indeg[ms] = d;
        if (d === 0) stack[top++] = ms;
      }
    }
    if (count < n) return -1;
    for (let i = n - 1; i >= 0; i--) {
      const o = order[i] ?? 0;
      const js = jobNext[o] ?? -1;
      const ms = machNext[o] ?? -1;
      let t = 0;
      if (js >= 0) t = (p[js] ?? 0) + (q[js] ?? 0);
      if (ms >= 0) {
        const e = (p[ms] ?? 0) + (q[ms] ?? 0);
        if (e > t) t = e;
      }
      q[o] = t;
    }
    this.makespan = cmax;
    return cmax;
  }

  /** Moves operation v to machine k at index `ins` of k's sequence without v. */
  private move(v: number, k: number, ins: number): void {
    const cur = this.mach[v] ?? 0;
    const seqCur = this.seqs[cur] ?? [];
    seqCur.splice(this.pos[v] ?? 0, 1);
    (this.seqs[k] ?? []).splice(ins, 0, v);
    this.mach[v] = k;
    this.p[v] = this.P.pt[v * this.P.m + k] ?? 0;
    this.relink(cur);
    if (k !== cur) this.relink(k);
  }

  /**
   * Fills bufOps/bufEnd/bufTail with v's own machine k's sequence without v, the approximate end
   * (head + p) and tail-with-p of each; returns its length. Heads after v and tails before v are
   * re-propagated along the machine, since removing v shortens exactly those.
   */
  private fillMachine(v: number, k: number): number {
    const { P, r, q, p, bufOps, bufEnd, bufTail } = this;
    const seq = this.seqs[k] ?? [];
    const idx = this.pos[v] ?? 0;
    const L = seq.length - 1;
    for (let i = 0; i < L; i++) {
      const x = seq[i < idx ? i : i + 1] ?? 0;
      bufOps[i] = x;
      if (i < idx) {
        bufEnd[i] = (r[x] ?? 0) + (p[x] ?? 0);
      } else {
        const jp = P.jobPrev[x] ?? -1;
        let h = jp >= 0 ? (r[jp] ?? 0) + (p[jp] ?? 0) : 0;
        const prevEnd = i > 0 ? (bufEnd[i - 1] ?? 0) : 0;
        if (prevEnd > h) h = prevEnd;
        bufEnd[i] = h + (p[x] ?? 0);
      }
    }
    for (let i = L - 1; i >= 0; i--) {
      const x = bufOps[i] ?? 0;
      if (i >= idx) {
        bufTail[i] = (p[x] ?? 0) + (q[x] ?? 0);
      } else {
        const js = P.jobNext[x] ?? -1;
        let t = js >= 0 ? (p[js] ?? 0) + (q[js] ?? 0) : 0;
        const nextTail = i + 1 < L ? (bufTail[i + 1] ?? 0) : 0;
        if (nextTail > t) t = nextTail;
        bufTail[i] = t + (p[x] ?? 0);
      }
    }
    return L;
  }

  /**
   * Tabu search from `start` until `maxNoImprove` iterations pass without a better makespan or the
   * budget is spent. Returns the best solution of the run.
   */
  tabuSearch(start: Solution, maxNoImprove: number, target: number): Solution {
    const { P, r, q, p, topo, tabu, crit, bufOps, bufEnd, bufTail, rng } = this;
    const { jobPrev, jobNext, pt, alts, m } = P;
    this.load(start);
    let cmax = this.evaluate();
    let best = this.snapshot();
    tabu.fill(0);
    let noImprove = 0;
    let iter = 0;
    // Tenure ~ 1.25 sqrt(n) .. 2.5 sqrt(n): tuned on Hurink edata (0.5 sqrt(n) cycles, 4 sqrt(n) stalls).
    const tenureBase = Math.max(2, Math.round(Math.sqrt(P.n) * 1.25));
    while (noImprove < maxNoImprove && best.makespan > target && this.budget.tick()) {
      iter++;
      let nc = 0;
      for (let o = 0; o < P.n; o++) {
        if ((r[o] ?? 0) + (p[o] ?? 0) + (q[o] ?? 0) === cmax) crit[nc++] = o;
      }
      let bestEst = Number.POSITIVE_INFINITY;
      let bestV = -1;
      let bestK = -1;
      let bestIns = -1;
      let ties = 0;
      let tabuEst = Number.POSITIVE_INFINITY;
      let tabuV = -1;
      let tabuK = -1;
      let tabuIns = -1;
      for (let c = 0; c < nc; c++) {
        const v = crit[c] ?? 0;
        const jp = jobPrev[v] ?? -1;
        const js = jobNext[v] ?? -1;
        const rv = jp >= 0 ? (r[jp] ?? 0) + (p[jp] ?? 0) : 0;
        const qv = js >= 0 ? (p[js] ?? 0) + (q[js] ?? 0) : 0;
        const jsHeadEnd = js >= 0 ? (r[js] ?? 0) + (p[js] ?? 0) : 0;
        const jpEnd = rv;
        const va = alts[v] as Int32Array;
        for (let ai = 0; ai < va.length; ai++) {
          const k = va[ai] ?? 0;
          const pk = pt[v * m + k] ?? 0;
          const same = k === this.mach[v];
          // Mastrolilli–Gambardella: insert after every op that must precede v (L\R) and before every
          // op that must follow it (R\L). Along a machine sequence ends never decrease and tails never
          // increase, so R = {end > rv} is a suffix starting at `a` and L = {tail > qv} a prefix ending
          // before `b`: the candidate positions are exactly [min(a, b), max(a, b)].
          let L: number;
          let a: number;
          let b: number;
          if (same) {
            L = this.fillMachine(v, k);
            a = 0;
            while (a < L && !((bufEnd[a] ?? 0) > rv)) a++;
            b = 0;
            while (b < L && (bufTail[b] ?? 0) > qv) b++;
          } else {
            const seq = this.seqs[k] as number[];
            L = seq.length;
            let x0 = 0;
            let x1 = L;
            while (x0 < x1) {
              const mid = (x0 + x1) >> 1;
              const o = seq[mid] ?? 0;
              if ((r[o] ?? 0) + (p[o] ?? 0) > rv) x1 = mid;
              else x0 = mid + 1;
            }
            a = x0;
            x0 = 0;
            x1 = L;
            while (x0 < x1) {
              const mid = (x0 + x1) >> 1;
              const o = seq[mid] ?? 0;
              if ((p[o] ?? 0) + (q[o] ?? 0) > qv) x0 = mid + 1;
              else x1 = mid;
            }
            b = x0;
            const from = Math.max(0, Math.min(a, b) - 1);
            const to = Math.min(L - 1, Math.max(a, b));
            for (let i = from; i <= to; i++) {
              const x = seq[i] ?? 0;
              bufOps[i] = x;
              bufEnd[i] = (r[x] ?? 0) + (p[x] ?? 0);
              bufTail[i] = (p[x] ?? 0) + (q[x] ?? 0);
            }
          }
          const lo = Math.min(a, b);
          const hi = Math.max(a, b);
          const home = same ? (this.pos[v] ?? 0) : -1;
          const isTabu = (tabu[v * m + k] ?? 0) > iter;
          for (let ins = lo; ins <= hi; ins++) {
            if (ins === home) continue;
            const u = ins > 0 ? (bufOps[ins - 1] ?? -1) : -1;
            const w = ins < L ? (bufOps[ins] ?? -1) : -1;
            // No cycle: job successor must not reach u, and w must not reach the job predecessor.
            if (u >= 0 && js >= 0 && !((topo[u] ?? 0) < (topo[js] ?? 0) || (r[u] ?? 0) < jsHeadEnd)) continue;
            if (w >= 0 && jp >= 0 && !((topo[w] ?? 0) > (topo[jp] ?? 0) || jpEnd < (r[w] ?? 0) + (p[w] ?? 0))) {
              continue;
            }
            const uEnd = ins > 0 ? (bufEnd[ins - 1] ?? 0) : 0;
            const wTail = ins < L ? (bufTail[ins] ?? 0) : 0;
            const est = Math.max(uEnd, rv) + pk + Math.max(wTail, qv);
            if (isTabu && est >= best.makespan) {
              if (est < tabuEst) {
                tabuEst = est;
                tabuV = v;
                tabuK = k;
                tabuIns = ins;
              }
              continue;
            }
            if (est < bestEst) {
              bestEst = est;
              bestV = v;
              bestK = k;
              bestIns = ins;
              ties = 1;
            } else if (est === bestEst) {
              ties++;
              if (rng.int(ties) === 0) {
                bestV = v;
                bestK = k;
                bestIns = ins;
              }
            }
          }
        }
      }
      if (bestV < 0) {
        if (tabuV < 0) break;
        bestV = tabuV;
        bestK = tabuK;
        bestIns = tabuIns;
      }
      const oldMachine = this.mach[bestV] ?? 0;
      const oldPos = this.pos[bestV] ?? 0;
      this.move(bestV, bestK, bestIns);
      tabu[bestV * m + oldMachine] = iter + tenureBase + rng.int(tenureBase + 1);
      const c = this.evaluate();
      if (c < 0) {
        // The cycle filter is conservative, so this is unreachable; undo defensively all the same.
        this.move(bestV, oldMachine, oldPos);
        this.evaluate();
        noImprove++;
        continue;
      }
      cmax = c;
      if (cmax < best.makespan) {
        best = this.snapshot();
        noImprove = 0;
      } else {
        noImprove++;
      }
    }
    return best;
  }

  /** Job sequence in topological order (operation-sequence encoding); requires a prior evaluate(). */
  operationSequence(): Int32Array {
    const os = new Int32Array(this.P.n);
    for (let i = 0; i < this.P.n; i++) os[i] = this.P.jobOf[this.order[i] ?? 0] ?? 0;
    return os;
  }
}

/** Builds machine sequences from a machine assignment and an operation-sequence vector of job ids. */
function decode(P: Problem, mach: Int32Array, os: Int32Array): Solution {
  const seqs: number[][] = Array.from({ length: P.m }, () => []);
  const next = Int32Array.from(P.jobFirst);
  for (let i = 0; i < os.length; i++) {
    const j = os[i] ?? 0;
    const o = next[j] ?? 0;
    if (j < 0 || j >= P.numJobs || o >= ((P.jobFirst[j + 1] ?? P.n) as number)) {
      throw new Error(`internal: operation sequence names job ${j} more often than it has operations`);
    }
    next[j] = o + 1;
    seqs[mach[o] ?? 0]?.push(o);
  }
  return { mach: mach.slice(), seqs, makespan: Number.POSITIVE_INFINITY };
}

/**
 * Randomised greedy dispatching: repeatedly schedules the (ready operation, machine) pair with the
 * earliest completion; `noise` > 0 perturbs the choice for diversity.
 */
function construct(P: Problem, rng: Rng, noise: number): Solution {
  const jobReady = new Float64Array(P.numJobs);
  const machReady = new Float64Array(P.m);
  const next = Int32Array.from(P.jobFirst);
  const remaining = new Float64Array(P.numJobs);
  for (let o = 0; o < P.n; o++) {
    const j = P.jobOf[o] ?? 0;
    remaining[j] = (remaining[j] ?? 0) + (P.minP[o] ?? 0);
  }
  const mach = new Int32Array(P.n);
  const seqs: number[][] = Array.from({ length: P.m }, () => []);
  for (let step = 0; step < P.n; step++) {
    let bestScore = Number.POSITIVE_INFINITY;
    let bestO = -1;
    let bestK = -1;
    for (let j = 0; j < P.numJobs; j++) {
      const o = next[j] ?? -1;
      if (o < 0) continue;
      const alts = P.alts[o] as Int32Array;
      for (let a = 0; a < alts.length; a++) {
        const k = alts[a] ?? 0;
        const d = P.pt[o * P.m + k] ?? 0;
        const completion = Math.max(jobReady[j] ?? 0, machReady[k] ?? 0) + d;
        // Earliest completion first, most work remaining breaks ties.
        let score = completion * 1e6 - (remaining[j] ?? 0);
        if (noise > 0) score = completion * (1 + noise * rng.float()) * 1e6 - (remaining[j] ?? 0);
        if (score < bestScore) {
          bestScore = score;
          bestO = o;
          bestK = k;
        }
      }
    }
    const j = P.jobOf[bestO] ?? 0;
    const d = P.pt[bestO * P.m + bestK] ?? 0;
    const end = Math.max(jobReady[j] ?? 0, machReady[bestK] ?? 0) + d;
    jobReady[j] = end;
    machReady[bestK] = end;
    remaining[j] = (remaining[j] ?? 0) - (P.minP[bestO] ?? 0);
    mach[bestO] = bestK;
    seqs[bestK]?.push(bestO);
    const nx = P.jobNext[bestO] ?? -1;
    next[j] = nx;
  }
  return { mach, seqs, makespan: Number.POSITIVE_INFINITY };
}

interface Elite {
  sol: Solution;
  mach: Int32Array;
  os: Int32Array;
}

function distance(a: Elite, b: Elite): number {
  let d = 0;
  for (let i = 0; i < a.mach.length; i++) if (a.mach[i] !== b.mach[i]) d++;
  for (let i = 0; i < a.os.length; i++) if (a.os[i] !== b.os[i]) d++;
  return d;
}

/**
 * Path relinking from `from` towards `to` over (machine assignment, operation sequence); returns the
 * intermediate point after a random 30–70 % of the way. Every intermediate point decodes to a
 * feasible (acyclic) solution because the operation sequence is a job-id sequence.
 */
function relinkPath(P: Problem, from: Elite, to: Elite, rng: Rng): { mach: Int32Array; os: Int32Array } {
  const mach = from.mach.slice();
  const os = from.os.slice();
  const diffMach: number[] = [];
  for (let o = 0; o < P.n; o++) if (mach[o] !== to.mach[o]) diffMach.push(o);
  let diffOs = 0;
  for (let i = 0; i < P.n; i++) if (os[i] !== to.os[i]) diffOs++;
  const total = diffMach.length + diffOs;
  const steps = Math.round(total * (0.3 + 0.4 * rng.float()));
  for (let s = 0; s < steps; s++) {
    if (diffMach.length > 0 && rng.int(diffMach.length + diffOs) < diffMach.length) {
      const idx = rng.int(diffMach.length);
      const o = diffMach[idx] ?? 0;
      mach[o] = to.mach[o] ?? 0;
      diffMach[idx] = diffMach[diffMach.length - 1] ?? 0;
      diffMach.pop();
    } else if (diffOs > 0) {
      // Pick a random mismatched position i and swap in the job the guide has there.
      let pick = rng.int(diffOs);
      let i = 0;
      for (; i < P.n; i++) {
        if (os[i] !== to.os[i]) {
          if (pick === 0) break;
          pick--;
        }
      }
      // Both vectors hold the same multiset of job ids, so some other mismatched position holds `want`.
      const want = to.os[i] ?? 0;
      let jx = 0;
      while (jx < P.n && (jx === i || os[jx] !== want || os[jx] === to.os[jx])) jx++;
      const before = (os[jx] !== to.os[jx] ? 1 : 0) + 1;
      os[jx] = os[i] ?? 0;
      os[i] = want;
      const after = os[jx] !== to.os[jx] ? 1 : 0;
      diffOs -= before - after;
    }
  }
  return { mach, os };
}

/**
 * Solves a flexible job shop instance for minimum makespan: greedy dispatching starts, tabu search
 * over critical-operation insertions with approximate move evaluation, and a path-relinking layer
 * over an elite pool. Deterministic for a given seed and iteration budget.
 * @example solveFjsp(parseFjs(text), { timeLimitMs: 10_000, seed: 1 })
 */
export function solveFjsp(instance: FjspInstance, parameters: SolveFjspParameters = {}): SolveFjspReturnType {
  const { timeLimitMs = 10_000, seed = 1, maxIterations = Number.POSITIVE_INFINITY } = parameters;
  const P = new Problem(instance);
  const rng = new Rng(seed);
  const budget = new Budget(maxIterations, timeLimitMs);
  const lowerBound = P.lowerBound();
  if (P.n === 0) return { makespan: 0, operations: [], iterations: 0, lowerBound: 0 };
  const engine = new Engine(P, rng, budget);
  const poolSize = Math.max(2, Math.min(parameters.populationSize ?? 8, Math.ceil(P.n / 2)));
  const maxNoImprove = Math.max(200, Math.min(20_000, 20 * P.n));

  let best: Solution | undefined;
  const pool: Elite[] = [];
  const consider = (sol: Solution): void => {
    if (best === undefined || sol.makespan < best.makespan) best = sol;
    engine.load(sol);
    engine.evaluate();
    const elite: Elite = { sol, mach: sol.mach.slice(), os: engine.operationSequence() };
    if (pool.some((e) => distance(e, elite) === 0)) return;
    if (pool.length < poolSize) {
      pool.push(elite);
      return;
    }
    let worst = 0;
    for (let i = 1; i < pool.length; i++) {
      if ((pool[i]?.sol.makespan ?? 0) > (pool[worst]?.sol.makespan ?? 0)) worst = i;
    }
    if (sol.makespan <= (pool[worst]?.sol.makespan ?? 0)) pool[worst] = elite;
  };

  for (let i = 0; i < poolSize; i++) {
    const start = construct(P, rng, i === 0 ? 0 : 0.3);
    consider(engine.tabuSearch(start, maxNoImprove, lowerBound));
    if (best !== undefined && best.makespan <= lowerBound) break;
    if (budget.exhausted) break;
  }
  while (!budget.exhausted && best !== undefined && best.makespan > lowerBound) {
    let child: { mach: Int32Array; os: Int32Array };
    if (pool.length >= 2) {
      const a = rng.int(pool.length);
      let b = rng.int(pool.length - 1);
      if (b >= a) b++;
      child = relinkPath(P, pool[a] as Elite, pool[b] as Elite, rng);
    } else {
      child = { mach: construct(P, rng, 0.5).mach, os: (pool[0] as Elite).os };
    }
    const before = budget.iterations;
    consider(engine.tabuSearch(decode(P, child.mach, child.os), maxNoImprove, lowerBound));
    // A search that cannot move (e.g. no alternatives at all) must still consume budget.
    if (budget.iterations === before && !budget.tick()) break;
  }

  const final = best as Solution;
  engine.load(final);
  const makespan = engine.evaluate();
  const operations: ScheduledOperation[] = [];
  for (let o = 0; o < P.n; o++) {
    const start = engine.r[o] ?? 0;
    operations.push({
      job: (P.jobOf[o] ?? 0) + 1,
      op: (P.opInJob[o] ?? 0) + 1,
      machine: (engine.mach[o] ?? 0) + 1,
      start,
      end: start + (engine.p[o] ?? 0),
    });
  }
  return { makespan, operations, iterations: budget.iterations, lowerBound };
}
