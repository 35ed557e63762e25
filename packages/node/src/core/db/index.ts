// The node's SQL store: SQLite (node:sqlite, WAL) by default, PostgreSQL when a URL is given.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import type { Migration } from "kysely/migration";
import pg from "pg";
import { migrate } from "./migrations.ts";
import type { Schema } from "./schema.ts";
import { NodeSqliteDialect } from "./sqliteDialect.ts";

export type { Schema } from "./schema.ts";

/** Where the store lives. */
export type DatabaseConfig = { kind: "sqlite"; file: string } | { kind: "postgres"; url: string };

/** An open, migrated store. */
export type Database = {
  db: Kysely<Schema>;
  kind: DatabaseConfig["kind"];
  close: () => Promise<void>;
};

const INT8_OID = 20;

/**
 * Opens the store and brings its schema up to date with `migrations` (the core's and the modules').
 * @example const { db, close } = await openStore({ kind: "sqlite", file: ".dipnet/dipnet.sqlite" }, migrations);
 */
export async function openStore(
  config: DatabaseConfig,
  migrations: Readonly<Record<string, Migration>>,
): Promise<Database> {
  let db: Kysely<Schema>;
  if (config.kind === "sqlite") {
    if (config.file !== ":memory:") mkdirSync(path.dirname(path.resolve(config.file)), { recursive: true });
    db = new Kysely<Schema>({ dialect: new NodeSqliteDialect({ file: config.file }) });
  } else {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: 10,
      // BIGINT columns hold block numbers, times and ids, all far below 2^53.
      types: {
        getTypeParser: ((oid: number, format?: "text" | "binary") =>
          oid === INT8_OID
            ? (value: string) => Number(value)
            : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
      },
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on("error", () => {});
    db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  }
  try {
    await migrate(db as Kysely<unknown>, migrations);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, kind: config.kind, close: () => db.destroy() };
}
