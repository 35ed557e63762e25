export { startAnvil, type TestAnvil } from "./anvil.ts";
