export { type AnvilClient, createAnvilClient, startTestAnvil, type TestAnvil } from "./anvil.ts";
export { rejectsWith } from "./assertions.ts";
export { deployTestNetwork, slotAhead, type TestNetwork, testDao } from "./network.ts";
