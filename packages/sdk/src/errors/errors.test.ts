import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  type Hex,
  zeroAddress,
} from "viem";
import { dipnetErrorsAbi, orderMarketAbi } from "../generated/abis.ts";
import { ContractRevertError, DipnetError, InvalidParameterError } from "./base.ts";
import { decodeContractError, decodeRevertData } from "./decode.ts";
import { errorSentences, formatContractError } from "./messages.ts";
import { toDipnetError } from "./normalize.ts";

const tUSD = { address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", symbol: "tUSD", decimals: 6 } as const;
const maker = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const closedAt = BigInt(Date.UTC(2026, 10, 30, 10, 0, 0) / 1000);

/** A revert as viem reports it from `simulateContract` against the market ABI. */
function viemRevert(data: Hex): ContractFunctionExecutionError {
  const cause = new ContractFunctionRevertedError({ abi: orderMarketAbi, data, functionName: "bid" });
  return new ContractFunctionExecutionError(cause, { abi: orderMarketAbi, functionName: "bid", args: [] });
}

describe("errors", () => {
  describe("errorSentences", () => {
    it("has a readable sentence for every custom error of every DIPNET ABI", () => {
      const missing = dipnetErrorsAbi.map((e) => e.name).filter((name) => !(name in errorSentences));
      assert.deepEqual(missing, []);
    });
  });

  describe("decodeContractError", () => {
    it("decodes a market error from a viem simulate failure", () => {
      const data = encodeErrorResult({
        abi: orderMarketAbi,
        errorName: "MarketBidWindowClosed",
        args: [12n, Number(closedAt)],
      });
      const decoded = decodeContractError(viemRevert(data));
      assert.equal(decoded?.name, "MarketBidWindowClosed");
      assert.deepEqual(decoded?.args, { orderId: 12n, closedAt: Number(closedAt) });
    });

    it("decodes an error that bubbled up from another contract (not in the called ABI)", () => {
      const data = encodeErrorResult({
        abi: dipnetErrorsAbi,
        errorName: "RegistryInsufficientStake",
        args: [maker, 10n, 500n],
      });
      const decoded = decodeContractError(viemRevert(data));
      assert.equal(decoded?.name, "RegistryInsufficientStake");
      assert.equal(decoded?.args.required, 500n);
    });

    it("decodes Error(string) reverts", () => {
      const data = encodeErrorResult({
        abi: [{ type: "error", name: "Error", inputs: [{ name: "message", type: "string" }] }],
        errorName: "Error",
        args: ["nope"],
      });
      assert.deepEqual(decodeRevertData(data)?.args, { message: "nope" });
    });

    it("returns undefined for unknown selectors and for errors without revert data", () => {
      assert.equal(decodeRevertData("0xdeadbeef"), undefined);
      assert.equal(decodeContractError(new Error("fetch failed")), undefined);
    });
  });

  describe("formatContractError", () => {
    it("renders the action, a sentence with UTC dates and the error name", () => {
      const text = formatContractError(
        { name: "MarketBidWindowClosed", args: { orderId: 12n, closedAt } },
        { action: "bid" },
      );
      assert.equal(text, "bid rejected: RFQ 12 closed at 2026-11-30 10:00 UTC (MarketBidWindowClosed)");
    });

    it("renders amounts in token units when the token is known", () => {
      const text = formatContractError(
        { name: "MarketBidAboveBudget", args: { orderId: 3n, price: 1_250_500_000n, budget: 1_000_000_000n } },
        { action: "bid", paymentToken: tUSD },
      );
      assert.equal(
        text,
        "bid rejected: price 1250.5 tUSD is above the budget 1000 tUSD of RFQ 3 (MarketBidAboveBudget)",
      );
    });

    it("labels known addresses and names order statuses", () => {
      const text = formatContractError(
        { name: "MarketInvalidStatus", args: { orderId: 4n, status: 5 } },
        { action: "ship", nameOf: () => "bob" },
      );
      assert.equal(text, "shipment rejected: order 4 is completed, which does not allow this (MarketInvalidStatus)");
      const who = formatContractError(
        { name: "MarketNotMaker", args: { orderId: 4n, caller: maker } },
        { action: "ship", nameOf: (a) => (a === maker ? "bob" : undefined) },
      );
      assert.match(
        who,
        /^shipment rejected: bob \(0x7099…79C8\) is not the manufacturer of order 4 \(MarketNotMaker\)$/,
      );
    });

    it("says until when new business is paused, decoded from the registry's revert data", () => {
      const data = encodeErrorResult({
        abi: dipnetErrorsAbi,
        errorName: "RegistryNewBusinessPaused",
        args: [BigInt(closedAt)],
      });
      const decoded = decodeContractError(viemRevert(data));
      assert.equal(decoded?.name, "RegistryNewBusinessPaused");
      assert.equal(
        formatContractError(decoded as NonNullable<typeof decoded>, { action: "createRfq" }),
        "RFQ rejected: new RFQs and bids are paused by the guardian until 2026-11-30 10:00 UTC; live orders, stake and withdrawals go on (RegistryNewBusinessPaused)",
      );
    });

    it("falls back to name and arguments for errors it has no sentence for", () => {
      const text = formatContractError({ name: "SomethingNew", args: { x: 1n } }, {});
      assert.equal(text, "transaction rejected: SomethingNew(x: 1) (SomethingNew)");
    });

    it("renders every known error without throwing", () => {
      for (const item of dipnetErrorsAbi) {
        const args: Record<string, unknown> = {};
        for (const input of item.inputs) {
          args[input.name] =
            input.type === "address"
              ? zeroAddress
              : input.type === "string"
                ? "x"
                : input.type.startsWith("bytes")
                  ? "0x00"
                  : 1n;
        }
        assert.match(
          formatContractError({ name: item.name, args }, { action: "bid" }),
          new RegExp(`\\(${item.name}\\)$`),
        );
      }
    });
  });

  describe("toDipnetError", () => {
    it("wraps a decoded revert in a ContractRevertError with the formatted message", () => {
      const data = encodeErrorResult({ abi: orderMarketAbi, errorName: "MarketUnknownOrder", args: [99n] });
      const error = toDipnetError(viemRevert(data), { action: "bid" });
      assert.ok(error instanceof ContractRevertError);
      assert.equal(error.errorName, "MarketUnknownOrder");
      assert.equal(error.shortMessage, "bid rejected: there is no order 99 (MarketUnknownOrder)");
    });

    it("keeps DipnetErrors as they are", () => {
      const error = new InvalidParameterError("price", "must be positive");
      assert.equal(toDipnetError(error), error);
      assert.ok(error instanceof DipnetError);
      assert.equal(error.message, "invalid price: must be positive");
    });
  });
});
