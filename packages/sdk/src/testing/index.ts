export { type AnvilClient, createAnvilClient, startTestAnvil, type TestAnvil } from "./anvil.ts";
export { deployTestNetwork, slotAhead, type TestNetwork } from "./network.ts";
