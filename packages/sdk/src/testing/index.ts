export { type AnvilClient, createAnvilClient, startTestAnvil, type TestAnvil } from "./anvil.ts";
export { deployTestNetwork, slotAhead, type TestNetwork, testDao } from "./network.ts";
