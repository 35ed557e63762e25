import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidParameterError } from "@dipnet/sdk";
import { type Address, getAddress, isAddress } from "viem";
import { parseAllocation } from "./parse.ts";
import { type ActionResolver, parseProposalAction, proposalActionHelp } from "./proposalActions.ts";

const names: Record<string, Address> = {
  erin: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
  tusd: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
};
/** Names as the CLI resolves them: known names, or addresses; anything else refused with the field. */
const lookup = (value: string, field: string): Address => {
  if (isAddress(value)) return getAddress(value);
  const address = names[value.toLowerCase()];
  if (!address) throw new InvalidParameterError(field, `"${value}" is neither an address nor a known account name`);
  return address;
};
const resolve: ActionResolver = { account: lookup, token: lookup };
const parse = (text: string) => parseProposalAction(text, resolve);
const rejects = (text: string, field: string, reason: RegExp) =>
  assert.throws(
    () => parse(text),
    (e: unknown) => e instanceof InvalidParameterError && e.field === field && reason.test(e.reason),
    `${text} is refused naming ${field}`,
  );

describe("parseProposalAction", () => {
  it("reads every action", () => {
    assert.deepEqual(parse("set-fee 2%"), { name: "set-fee", feeBps: 200 });
    assert.deepEqual(parse("  set-fee   150bps "), { name: "set-fee", feeBps: 150 });
    assert.deepEqual(parse("set-windows --acceptance 7d --grace 3d --ruling 14d"), {
      name: "set-windows",
      acceptanceWindow: 7 * 86_400,
      lateGrace: 3 * 86_400,
      rulingWindow: 14 * 86_400,
    });
    assert.deepEqual(parse("set-windows --grace 0"), { name: "set-windows", lateGrace: 0 });
    assert.deepEqual(parse("set-min-bond 10.5"), { name: "set-min-bond", amount: "10.5" });
    assert.deepEqual(parse("set-min-stake 150"), { name: "set-min-stake", amount: "150" });
    assert.deepEqual(parse("set-cancellation-floor 20%"), { name: "set-cancellation-floor", percent: 20 });
    assert.deepEqual(parse("set-commit-deposit 2%"), { name: "set-commit-deposit", bps: 200 });
    assert.deepEqual(parse("payment-token tUSD off"), { name: "payment-token", token: names.tusd, allowed: false });
    assert.deepEqual(parse("admit-certifier erin"), {
      name: "admit-certifier",
      account: names.erin,
      kinds: ["certification"],
    });
    assert.deepEqual(parse("admit-certifier erin --kinds calibration,material"), {
      name: "admit-certifier",
      account: names.erin,
      kinds: ["calibration", "material"],
    });
    assert.deepEqual(parse("remove-certifier erin"), { name: "remove-certifier", account: names.erin });
    assert.deepEqual(parse("admit-arbiter erin"), { name: "admit-arbiter", account: names.erin });
    assert.deepEqual(parse("remove-arbiter erin"), { name: "remove-arbiter", account: names.erin });
    assert.deepEqual(parse("set-guardian erin"), { name: "set-guardian", account: names.erin });
    assert.deepEqual(parse("resume-new-business"), { name: "resume-new-business" });
    assert.deepEqual(parse("treasury-collect tusd"), { name: "treasury-collect", token: names.tusd });
    assert.deepEqual(parse("treasury-transfer tusd erin 500"), {
      name: "treasury-transfer",
      token: names.tusd,
      to: names.erin,
      amount: "500",
    });
    assert.deepEqual(parse("mint-dip erin 5000"), { name: "mint-dip", to: names.erin, amount: 5_000n * 10n ** 18n });
    assert.deepEqual(parse("set-voting-delay 2h"), { name: "set-voting-delay", seconds: 7_200 });
    assert.deepEqual(parse("set-voting-period 3d"), { name: "set-voting-period", seconds: 3 * 86_400 });
    assert.deepEqual(parse("set-timelock-delay 2d"), { name: "set-timelock-delay", seconds: 2 * 86_400 });
    assert.deepEqual(parse("set-quorum 10%"), { name: "set-quorum", percent: 10 });
    assert.deepEqual(parse("set-quorum 10"), { name: "set-quorum", percent: 10 });
    assert.deepEqual(parse("set-threshold 500"), { name: "set-threshold", amount: 500n * 10n ** 18n });
    assert.deepEqual(parse(`call ${names.erin} --calldata 0x12345678 --value 0.5`), {
      name: "call",
      target: names.erin,
      data: "0x12345678",
      value: 5n * 10n ** 17n,
    });
    assert.deepEqual(parse("call erin --value 1 --calldata 0x"), {
      name: "call",
      target: names.erin,
      data: "0x",
      value: 10n ** 18n,
    });
  });

  it("documents every action in the help, one line each", () => {
    const help = proposalActionHelp();
    for (const name of [
      "set-fee",
      "set-windows",
      "treasury-collect",
      "treasury-transfer",
      "set-timelock-delay",
      "set-guardian",
      "resume-new-business",
      "call",
    ])
      assert.ok(
        help.some((line) => line.trimStart().startsWith(`${name} `)),
        name,
      );
    assert.equal(help.length, 22);
  });

  it("refuses malformed actions, naming the action and its argument", () => {
    rejects("", "--action", /is empty/);
    rejects("   ", "--action", /is empty/);
    rejects("raise-fee 2%", "--action", /unknown action "raise-fee" \(known: set-fee, /);
    rejects("set-fee", "set-fee", /missing <share> \(write set-fee <share>\)/);
    rejects("set-fee 2% 3%", "set-fee", /unexpected "3%"/);
    rejects("treasury-transfer tusd erin", "treasury-transfer", /missing <amount>/);
    rejects("set-guardian", "set-guardian", /missing <account> \(write set-guardian <account>\)/);
    rejects("resume-new-business now", "resume-new-business", /unexpected "now"/);
    rejects("set-fee 2% --grace 1d", "set-fee --grace", /set-fee takes no such flag$/);
    rejects("set-windows --lateness 1d", "set-windows --lateness", /no such flag: use --acceptance, --grace, --ruling/);
    rejects("set-windows --grace 1d --grace 2d", "set-windows --grace", /is given twice/);
    rejects("set-windows --grace", "set-windows --grace", /needs a value/);
    rejects("set-windows --grace --ruling 2d", "set-windows --grace", /needs a value/);
    rejects("set-windows", "set-windows", /at least one of --acceptance, --grace, --ruling/);
  });

  it("refuses values out of the contracts' bounds, saying the bounds", () => {
    rejects("set-fee 10.01%", "set-fee <share>", /outside the bounds 0% to 10%/);
    rejects("set-fee two", "set-fee <share>", /not a share/);
    rejects("set-windows --acceptance 30m", "set-windows --acceptance", /outside the bounds 1h to 30d/);
    rejects("set-windows --grace 31d", "set-windows --grace", /outside the bounds 0s to 30d/);
    rejects("set-windows --ruling 12h", "set-windows --ruling", /outside the bounds 1d to 90d/);
    rejects("set-windows --ruling soon", "set-windows --ruling", /not a duration/);
    rejects("set-cancellation-floor 12.5%", "set-cancellation-floor <percent>", /not a whole percent/);
    rejects("set-cancellation-floor 60%", "set-cancellation-floor <percent>", /outside the bounds 0% to 50%/);
    rejects("set-commit-deposit 11%", "set-commit-deposit <share>", /outside the bounds 0% to 10%/);
    rejects("set-voting-delay 30m", "set-voting-delay <duration>", /outside the bounds 1h to 7d/);
    rejects("set-voting-period 15d", "set-voting-period <duration>", /outside the bounds 1d to 14d/);
    rejects("set-timelock-delay 8d", "set-timelock-delay <duration>", /outside the bounds 1d to 7d/);
    rejects("set-quorum 0%", "set-quorum <percent>", /outside the bounds 1% to 50%/);
    rejects("set-quorum 51", "set-quorum <percent>", /outside the bounds 1% to 50%/);
    rejects("set-quorum 4.5%", "set-quorum <percent>", /not a whole percent/);
    rejects("set-threshold 0", "set-threshold <amount>", /at least one DIP base unit/);
    rejects("set-threshold 1,000", "set-threshold <amount>", /not an amount/);
    rejects("mint-dip erin 0", "mint-dip <amount>", /more than zero/);
    rejects("mint-dip erin 0.0000000000000000001", "mint-dip <amount>", /more than 18 decimals/);
  });

  it("refuses unknown accounts, kinds and switches", () => {
    rejects("admit-arbiter nobody", "admit-arbiter <account>", /neither an address nor a known account/);
    rejects("treasury-transfer tusd nobody 5", "treasury-transfer <to>", /neither an address/);
    rejects("treasury-transfer xyz erin 5", "treasury-transfer <token>", /neither an address/);
    rejects("treasury-collect xyz", "treasury-collect <token>", /neither an address/);
    rejects("payment-token tusd maybe", "payment-token <on|off>", /"maybe" is neither on nor off/);
    rejects(
      "admit-certifier erin --kinds notary",
      "admit-certifier --kinds",
      /unknown kind "notary" \(use certification, calibration, material\)/,
    );
  });

  it("refuses raw calls without calldata, with malformed calldata or nothing to do", () => {
    rejects("call erin", "call --calldata", /is required/);
    rejects("call erin --calldata 1234", "call --calldata", /is not calldata/);
    rejects("call erin --calldata 0x123", "call --calldata", /is not calldata/);
    rejects("call erin --calldata 0x1234", "call --calldata", /is not calldata/);
    rejects("call erin --calldata 0x", "call --calldata", /an empty call must send a --value/);
    rejects("call erin --calldata 0x12345678 --value lots", "call --value", /not an amount/);
  });
});

describe("parseAllocation", () => {
  it("reads accounts and amounts", () => {
    assert.deepEqual(parseAllocation("erin=400000, tusd=0.5", 18, "--dip", lookup), [
      { account: names.erin, amount: 400_000n * 10n ** 18n },
      { account: names.tusd, amount: 5n * 10n ** 17n },
    ]);
  });
  it("refuses malformed entries, repeated accounts and zero amounts", () => {
    const refused = (value: string, reason: RegExp) =>
      assert.throws(
        () => parseAllocation(value, 18, "--dip", lookup),
        (e: unknown) => e instanceof InvalidParameterError && e.field === "--dip" && reason.test(e.reason),
        value,
      );
    refused("erin", /"erin" is not <account>=<amount>/);
    refused("=5", /is not <account>=<amount>/);
    refused("erin=5=6", /is not <account>=<amount>/);
    refused("nobody=5", /neither an address/);
    refused("erin=5,erin=6", /erin is listed twice/);
    refused("erin=0", /erin's amount must be more than zero/);
    refused("erin=five", /not an amount/);
  });
});
