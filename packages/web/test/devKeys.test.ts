import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { devAccountNames, devAccounts } from "@dipnet/sdk/node";
import { privateKeyToAccount } from "viem/accounts";
import { devKeys } from "../src/lib/devKeys.ts";

describe("devKeys", () => {
  it("match the SDK's dev accounts by name, address and key", () => {
    const accounts = devAccounts();
    assert.deepEqual(
      devKeys.map((k) => k.name),
      [...devAccountNames],
    );
    for (const k of devKeys) {
      const account = accounts[k.name as keyof typeof accounts];
      assert.equal(k.address, account.address, k.name);
      assert.equal(privateKeyToAccount(k.privateKey).address, account.address, k.name);
    }
  });
});
