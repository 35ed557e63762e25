export { type AnvilClient, createAnvilClient, startAnvil, type TestAnvil } from "./anvil.ts";
export { deployTestNetwork, type TestNetwork } from "./network.ts";
