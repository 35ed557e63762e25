import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { Kysely, sql } from "kysely";
import { nodeMigrations } from "../../compose.ts";
import { migrate } from "../../core/db/migrations.ts";
import { NodeSqliteDialect } from "../../core/db/sqliteDialect.ts";

describe("migration 0017_sealed_messages", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "dipnet-migration-"));
  const db = new Kysely<unknown>({ dialect: new NodeSqliteDialect({ file: path.join(dir, "db.sqlite") }) });
  after(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("drops plaintext threads and their sizes, and leaves a table for sealed messages only", async () => {
    await migrate(db, nodeMigrations, "0016_document_replication");
    const old = db.withTables<{
      order_messages: Record<string, unknown>;
      order_thread_sizes: Record<string, unknown>;
    }>();
    await old
      .insertInto("order_messages")
      .values({ id: "m1", order_id: 4, author: "0xb0b", role: "customer", body: "plaintext", created_at: 1 })
      .execute();
    await old.insertInto("order_thread_sizes").values({ order_id: 4, messages: 1 }).execute();

    await migrate(db, nodeMigrations);
    const columns = await sql<{ name: string }>`select name from pragma_table_info('order_messages')`.execute(db);
    assert.deepEqual(
      columns.rows.map((c) => c.name),
      ["id", "order_id", "author", "role", "ciphertext", "recipients", "created_at"],
    );
    assert.deepEqual(await old.selectFrom("order_messages").selectAll().execute(), []);
    assert.deepEqual(await old.selectFrom("order_thread_sizes").selectAll().execute(), []);
  });
});
