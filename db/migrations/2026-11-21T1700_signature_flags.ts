import type { Kysely } from 'kysely'

// Frozen in time: this file must never import the application's types.

export async function up(db: Kysely<any>): Promise<void> {
  // Things a moderator should look at before listing a signature: licence conflicts, registry
  // name mismatches, inactive or unknown licences (issue 4); issue 5 adds more kinds.
  await db.schema
    .createTable('signature_flags')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('signature_id', 'integer', (col) =>
      col.notNull().references('signatures.id').onDelete('cascade'),
    )
    // 'licence-conflict', 'registry-name-mismatch', 'licence-inactive', 'licence-not-found', ...
    .addColumn('kind', 'text', (col) => col.notNull())
    // JSON, or null.
    .addColumn('detail', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('resolved_at', 'text')
    .execute()

  await db.schema
    .createIndex('signature_flags_signature_id')
    .on('signature_flags')
    .column('signature_id')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('signature_flags').execute()
}
