import { sql, type Kysely } from 'kysely'

// Frozen in time: this file must never import the application's types.

export async function up(db: Kysely<any>): Promise<void> {
  // Organizers' news about a letter ("Delivered to the legislature today"), shown on its page,
  // emailed to signers who asked for it and published as an Atom feed (ADR 021).
  await db.schema
    .createTable('letter_updates')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('letter_id', 'integer', (col) => col.notNull().references('letters.id').onDelete('cascade'))
    // The Atom entry's id (urn:uuid:...): stable whatever happens to the slug or the host name.
    .addColumn('uuid', 'text', (col) => col.notNull().unique())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body_markdown', 'text', (col) => col.notNull())
    .addColumn('published_at', 'text', (col) => col.notNull())
    .addColumn('author_user_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('edited_at', 'text')
    .execute()
  await db.schema
    .createIndex('letter_updates_letter_idx')
    .on('letter_updates')
    .columns(['letter_id', 'published_at'])
    .execute()

  // The signer's "Email me updates about this letter"; unticked unless they tick it.
  await db.schema
    .alterTable('signatures')
    .addColumn('wants_updates', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`wants_updates in (0, 1)`),
    )
    .execute()
  // Publishing asks "who of this letter's signers wants updates?": only they are in this index.
  await db.schema
    .createIndex('signatures_wants_updates_idx')
    .on('signatures')
    .columns(['letter_id', 'id'])
    .where(sql.ref('wants_updates'), '=', 1)
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('signatures_wants_updates_idx').execute()
  await db.schema.alterTable('signatures').dropColumn('wants_updates').execute()
  await db.schema.dropTable('letter_updates').execute()
}
