export { type AnvilClient, createAnvilClient, startAnvil, type TestAnvil } from "./anvil.ts";
export { deployTestNetwork, slotAhead, type TestNetwork } from "./network.ts";
