// Shared by the scripts/bench/<name>.ts entries that wrap a package's benchmark function.

/**
 * Runs a package's benchmark; a thrown error (e.g. a bad argument) is printed as one line, not a stack.
 * Resolves to the exit code.
 */
export async function runBench(name: string, bench: () => unknown): Promise<number> {
  try {
    await bench();
    return 0;
  } catch (error) {
    console.error(`bench ${name}: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.DIPNET_DEBUG) console.error(error);
    return 1;
  }
}
