import type { Kysely } from 'kysely'

// Frozen in time: this file must never import the application's types.

export async function up(db: Kysely<any>): Promise<void> {
  // Serves the organizer's export: every signature of one letter in signing order, keyset on id,
  // whatever its status. Without it SQLite sorts the whole letter again for every batch.
  await db.schema
    .createIndex('signatures_letter_order_idx')
    .on('signatures')
    .columns(['letter_id', 'id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('signatures_letter_order_idx').execute()
}
