import fc from "fast-check";
import type { FjspInstance } from "./types.ts";

/** fast-check generator of random FJSP instances (test helper). */
export function fjspInstanceArbitrary(limits: {
  maxJobs: number;
  maxOpsPerJob: number;
  maxMachines: number;
  maxDuration: number;
}): fc.Arbitrary<FjspInstance> {
  return fc.integer({ min: 1, max: limits.maxMachines }).chain((numMachines) =>
    fc
      .array(
        fc.array(
          fc
            .subarray(
              Array.from({ length: numMachines }, (_, i) => i + 1),
              { minLength: 1 },
            )
            .chain((machines) =>
              fc.tuple(...machines.map(() => fc.integer({ min: 0, max: limits.maxDuration }))).map((durations) => ({
                alternatives: machines.map((machine, i) => ({ machine, duration: durations[i] ?? 0 })),
              })),
            ),
          { minLength: 1, maxLength: limits.maxOpsPerJob },
        ),
        { minLength: 1, maxLength: limits.maxJobs },
      )
      .map((jobs) => ({ numMachines, jobs })),
  );
}
