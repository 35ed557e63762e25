// Writes src/generated/{abis,bytecode,enums}.ts from the Hardhat artifacts in contracts/artifacts.
// Run after `hardhat build`: `npm run generate -w @dipnet/sdk`. Never edit the output by hand.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

type AbiItem = { type: string; name?: string; inputs?: { type: string; name: string; internalType?: string }[] };
type Artifact = {
  contractName: string;
  sourceName: string;
  abi: AbiItem[];
  bytecode: string;
  /** Source name → library name → where the library's address goes in the creation bytecode. */
  linkReferences: Record<string, Record<string, { start: number; length: number }[]>>;
  buildInfoId?: string;
};

const here = path.dirname(fileURLToPath(import.meta.url));
const artifactsDir = path.resolve(here, "../../../contracts/artifacts");
const outDir = path.resolve(here, "../src/generated");

/** The contracts the SDK talks to, by artifact path under contracts/artifacts. */
const contracts = [
  { name: "orderMarket", artifact: "src/OrderMarket.sol/OrderMarket.json", deployable: true },
  // Linked into OrderMarket (see orderMarketLinks): each deployed first, its address put in the market's bytecode.
  { name: "orderResolution", artifact: "src/libraries/OrderResolution.sol/OrderResolution.json", deployable: true },
  { name: "sealedBids", artifact: "src/libraries/SealedBids.sol/SealedBids.json", deployable: true },
  { name: "orderLicensing", artifact: "src/libraries/OrderLicensing.sol/OrderLicensing.json", deployable: true },
  { name: "subOrders", artifact: "src/libraries/SubOrders.sol/SubOrders.json", deployable: true },
  { name: "orderViews", artifact: "src/libraries/OrderViews.sol/OrderViews.json", deployable: true },
  { name: "orderServices", artifact: "src/valuechain/OrderServices.sol/OrderServices.json", deployable: true },
  { name: "participantRegistry", artifact: "src/ParticipantRegistry.sol/ParticipantRegistry.json", deployable: true },
  { name: "testStablecoin", artifact: "src/tokens/TestStablecoin.sol/TestStablecoin.json", deployable: true },
  { name: "capacityLedger", artifact: "src/CapacityLedger.sol/CapacityLedger.json", deployable: true },
  {
    name: "certifierRegistry",
    artifact: "src/identity/CertifierRegistry.sol/CertifierRegistry.json",
    deployable: true,
  },
  {
    name: "schemaRegistry",
    artifact: "@ethereum-attestation-service/eas-contracts/contracts/SchemaRegistry.sol/SchemaRegistry.json",
    deployable: true,
  },
  { name: "eas", artifact: "@ethereum-attestation-service/eas-contracts/contracts/EAS.sol/EAS.json", deployable: true },
  { name: "didRegistry", artifact: "ethr-did/EthereumDIDRegistry.sol/EthereumDIDRegistry.json", deployable: true },
  { name: "evidenceRegistry", artifact: "src/evidence/EvidenceRegistry.sol/EvidenceRegistry.json", deployable: true },
  { name: "designRegistry", artifact: "src/ip/DesignRegistry.sol/DesignRegistry.json", deployable: true },
  { name: "confidentialAccess", artifact: "src/ip/ConfidentialAccess.sol/ConfidentialAccess.json", deployable: true },
  { name: "dipToken", artifact: "src/governance/DipToken.sol/DipToken.json", deployable: true },
  { name: "dipnetTimelock", artifact: "src/governance/DipnetTimelock.sol/DipnetTimelock.json", deployable: true },
  { name: "dipnetGovernor", artifact: "src/governance/DipnetGovernor.sol/DipnetGovernor.json", deployable: true },
  {
    name: "contributionRewards",
    artifact: "src/rewards/ContributionRewards.sol/ContributionRewards.json",
    deployable: true,
  },
] as const;

/** Enums whose member names the SDK needs (the ABI only says uint8). */
const enums = [
  { name: "orderStatuses", canonicalName: "IOrderMarket.Status" },
  { name: "bidStates", canonicalName: "IOrderMarket.BidState" },
  { name: "proposalStates", canonicalName: "IGovernor.ProposalState" },
  { name: "contributionKinds", canonicalName: "IContributionRewards.Contribution" },
] as const;

/** Standard ERC-20 + EIP-2612 + ERC-5267 members, taken from the TestStablecoin ABI (any token the market accepts). */
const erc20Members = new Set([
  "name",
  "symbol",
  "decimals",
  "totalSupply",
  "balanceOf",
  "transfer",
  "allowance",
  "approve",
  "transferFrom",
  "permit",
  "nonces",
  "DOMAIN_SEPARATOR",
  "eip712Domain",
  "Transfer",
  "Approval",
]);

function readArtifact(relative: string): Artifact {
  const file = path.join(artifactsDir, relative);
  if (!existsSync(file)) {
    throw new Error(`missing artifact ${file}: run \`hardhat build\` in contracts/ first`);
  }
  const artifact = JSON.parse(readFileSync(file, "utf8")) as Artifact;
  // `hardhat test --coverage` rewrites the artifacts with probes calling this address; such
  // bytecode exceeds the contract size limit and must never be shipped.
  if (artifact.bytecode.includes("c0bec0bec0bec0bec0bec0bec0bec0bec0bec0be")) {
    throw new Error(`${file} is coverage-instrumented: run \`hardhat build\` in contracts/ first`);
  }
  return artifact;
}

function findEnums(buildInfoIds: Set<string>): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    const n = node as { nodeType?: string; canonicalName?: string; members?: { name: string }[] };
    if (n.nodeType === "EnumDefinition" && n.canonicalName && n.members) {
      found.set(
        n.canonicalName,
        n.members.map((m) => m.name),
      );
    }
    for (const value of Object.values(node)) walk(value);
  };
  for (const id of buildInfoIds) {
    const file = path.join(artifactsDir, "build-info", `${id}.output.json`);
    const output = JSON.parse(readFileSync(file, "utf8")) as { output: { sources: Record<string, { ast: unknown }> } };
    for (const source of Object.values(output.output.sources)) walk(source.ast);
  }
  return found;
}

function errorSignature(item: AbiItem): string {
  return `${item.name}(${(item.inputs ?? []).map((i) => i.type).join(",")})`;
}

/**
 * The placeholder of each library `artifact` links, by library name: deployDipnet replaces it with
 * the library's address. Every library must be one of `contracts`, so its bytecode is generated too.
 */
function linkPlaceholders(artifact: Artifact, known: Set<string>): Record<string, string> {
  const placeholders: Record<string, string> = {};
  for (const libraries of Object.values(artifact.linkReferences ?? {})) {
    for (const [library, references] of Object.entries(libraries)) {
      if (!known.has(library)) {
        throw new Error(`${artifact.contractName} links ${library}, which is not in the generated contracts`);
      }
      const [first] = references;
      if (!first) continue;
      // Offsets are in bytes of the bytecode after its "0x".
      placeholders[library] = artifact.bytecode.slice(2 + first.start * 2, 2 + (first.start + first.length) * 2);
    }
  }
  return placeholders;
}

function writeAtomic(file: string, content: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, content);
  renameSync(temp, file);
}

const header = "// Generated by packages/sdk/scripts/generate-abis.ts from contracts/artifacts. Do not edit.\n";
const artifacts = contracts.map((c) => ({ ...c, data: readArtifact(c.artifact) }));

let abis = header;
for (const { name, data } of artifacts) {
  abis += `\n/** ABI of ${data.contractName} (${data.sourceName}). */\nexport const ${name}Abi = ${JSON.stringify(data.abi, null, 2)} as const;\n`;
}
const stablecoin = artifacts.find((a) => a.name === "testStablecoin");
if (!stablecoin) throw new Error("TestStablecoin artifact is required for the ERC-20 ABI");
const erc20 = stablecoin.data.abi.filter(
  (item) => item.type === "error" || (item.name !== undefined && erc20Members.has(item.name)),
);
abis += `\n/** ERC-20 + EIP-2612 permit + ERC-5267 domain, with OpenZeppelin's ERC-20 errors. */\nexport const erc20PermitAbi = ${JSON.stringify(erc20, null, 2)} as const;\n`;

// Every custom error any of our contracts can revert with, once: errors bubble up through
// external calls (a registry error from the market, a token error from the registry), so revert
// data is decoded against all of them.
const errors = new Map<string, AbiItem>();
for (const { data } of artifacts) {
  for (const item of data.abi) if (item.type === "error") errors.set(errorSignature(item), item);
}
const sortedErrors = [...errors.values()].sort((a, b) => (a.name ?? "").localeCompare(b.name ?? ""));
abis += `\n/** Every custom error of the DIPNET contracts (OpenZeppelin's included), for decoding revert data. */\nexport const dipnetErrorsAbi = ${JSON.stringify(sortedErrors, null, 2)} as const;\n`;

let bytecode = header;
const contractNames = new Set(artifacts.map((a) => a.data.contractName));
for (const { name, data } of artifacts) {
  const links = linkPlaceholders(data, contractNames);
  const linked = Object.keys(links).length > 0;
  bytecode += `\n/** Creation bytecode of ${data.contractName}${linked ? `, to link with ${name}Links first` : ""}. */\nexport const ${name}Bytecode = ${JSON.stringify(data.bytecode)} as const;\n`;
  if (linked) {
    bytecode += `\n/** Placeholder in ${name}Bytecode of each library ${data.contractName} links, to replace with its address. */\nexport const ${name}Links = ${JSON.stringify(links)} as const;\n`;
  }
}

const enumValues = findEnums(new Set(artifacts.map((a) => a.data.buildInfoId).filter((id): id is string => !!id)));
let enumsOut = header;
for (const { name, canonicalName } of enums) {
  const members = enumValues.get(canonicalName);
  if (!members) throw new Error(`enum ${canonicalName} not found in the build info`);
  enumsOut += `\n/** Member names of \`${canonicalName}\`, indexed by value. */\nexport const ${name} = ${JSON.stringify(members)} as const;\n`;
}

mkdirSync(outDir, { recursive: true });
writeAtomic(path.join(outDir, "abis.ts"), abis);
writeAtomic(path.join(outDir, "bytecode.ts"), bytecode);
writeAtomic(path.join(outDir, "enums.ts"), enumsOut);
console.log(
  `generated ${artifacts.length} ABIs, ${sortedErrors.length} errors and ${enums.length} enums into ${path.relative(process.cwd(), outDir)}`,
);
