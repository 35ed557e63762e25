// The node logs through pino: createNode makes one root logger and hands each component a child of
// it (`logger.child({ component: "indexer" })`), so every line says where it comes from.
import pino, { type Logger } from "pino";

/** What a component created without a logger logs to: nothing. */
export const silentLogger: Logger = pino({ level: "silent" });
