import type { Kysely } from 'kysely'

// Frozen in time: this file must never import the application's types.
// Indexes for hot queries that app/models/query-plans.server.test.ts found without one (issue 6).

export async function up(db: Kysely<any>): Promise<void> {
  // Confirming a signature clears the links its sent emails still hold: without this index every
  // confirmation read the whole outbox, one row per email ever sent.
  await db.schema
    .createIndex('email_outbox_signature_idx')
    .on('email_outbox')
    .column('signature_id')
    .execute()
  // The home list: open letters, newest first, without a sort.
  await db.schema
    .createIndex('letters_status_opened_idx')
    .on('letters')
    .columns(['status', 'opened_at'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('letters_status_opened_idx').execute()
  await db.schema.dropIndex('email_outbox_signature_idx').execute()
}
