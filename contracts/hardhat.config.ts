import { createRequire } from "node:module";
import hardhatNodeTestRunner from "@nomicfoundation/hardhat-node-test-runner";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import { defineConfig } from "hardhat/config";

// Compilers are never downloaded: solcjs from npm is the compiler.
const require = createRequire(import.meta.url);
const solcPath = require.resolve("solc/soljson.js");

export default defineConfig({
  plugins: [hardhatViem, hardhatNodeTestRunner],
  paths: {
    sources: "src",
    tests: { solidity: "test", nodejs: "test-ts" },
  },
  solidity: {
    profiles: {
      default: {
        version: "0.8.37",
        path: solcPath,
        settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
      },
      production: {
        version: "0.8.37",
        path: solcPath,
        settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
      },
    },
  },
  test: {
    solidity: {
      fuzz: { runs: 1000 },
      invariant: { runs: 256, depth: 100, failOnRevert: false },
    },
  },
});
