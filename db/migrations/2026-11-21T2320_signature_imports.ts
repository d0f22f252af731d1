import { sql, type Kysely } from 'kysely'

// Frozen in time: this file must never import the application's types.

export async function up(db: Kysely<any>): Promise<void> {
  // Provenance of signatures gathered elsewhere and imported from a CSV (ADR 020): the source's
  // name as the organizer gave it ("Change.org petition") and when the import ran. Both public.
  await db.schema.alterTable('signatures').addColumn('imported_from', 'text').execute()
  await db.schema.alterTable('signatures').addColumn('imported_at', 'text').execute()
  // The delivery pack lists signatories by profession (any case), then location, in keyset batches.
  await sql`create index signatures_by_profession_idx
    on signatures (letter_id, profession collate nocase, location, id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('signatures_by_profession_idx').execute()
  await db.schema.alterTable('signatures').dropColumn('imported_at').execute()
  await db.schema.alterTable('signatures').dropColumn('imported_from').execute()
}
