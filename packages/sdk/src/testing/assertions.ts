import assert from "node:assert/strict";
import { ContractRevertError } from "../errors/base.ts";

/** Asserts that `promise` rejects with the contract error `name`, and returns the error (its `args`, its message). */
export async function rejectsWith(promise: Promise<unknown>, name: string): Promise<ContractRevertError> {
  const error = await promise.then(
    () => assert.fail(`expected ${name}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ContractRevertError, `expected ContractRevertError, got ${String(error)}`);
  assert.equal(error.errorName, name, error.message);
  return error;
}
