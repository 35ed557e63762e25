import { createRequire } from "node:module";
import hardhatNodeTestRunner from "@nomicfoundation/hardhat-node-test-runner";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import { defineConfig } from "hardhat/config";

// Compilers are never downloaded: solcjs from npm is the compiler. EAS pins `pragma solidity 0.8.29`,
// so that version comes in as a second solcjs through the npm alias `solc-0.8.29`; for each root file
// Hardhat picks the newest configured compiler that every pragma in its import graph allows.
const require = createRequire(import.meta.url);
const solcPath = require.resolve("solc/soljson.js");
const solc0829Path = require.resolve("solc-0.8.29/soljson.js");
const settings = { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" };
const compilers = [
  { version: "0.8.37", path: solcPath, settings },
  { version: "0.8.29", path: solc0829Path, settings },
];

export default defineConfig({
  plugins: [hardhatViem, hardhatNodeTestRunner],
  paths: {
    sources: "src",
    tests: { solidity: "test", nodejs: "test-ts" },
  },
  solidity: {
    profiles: {
      default: { compilers },
      production: { compilers },
    },
    // Third-party contracts we deploy ourselves get artifacts too (the SDK's deploy reads them).
    npmFilesToBuild: [
      "@ethereum-attestation-service/eas-contracts/contracts/EAS.sol",
      "@ethereum-attestation-service/eas-contracts/contracts/SchemaRegistry.sol",
      "ethr-did/EthereumDIDRegistry.sol",
    ],
  },
  test: {
    solidity: {
      fuzz: { runs: 1000 },
      invariant: { runs: 256, depth: 100, failOnRevert: false },
    },
  },
});
