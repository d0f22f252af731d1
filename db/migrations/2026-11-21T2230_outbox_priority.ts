import { sql, type Kysely } from 'kysely'

// Frozen in time: this file must never import the application's types.

export async function up(db: Kysely<any>): Promise<void> {
  // 0: someone is waiting for this message (a sign-in link, a confirmation); 1: a notification.
  // Ten thousand approval emails from one bulk decision must not hold up a sign-in link.
  await db.schema
    .alterTable('email_outbox')
    .addColumn('priority', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(1)
        .check(sql`priority in (0, 1)`),
    )
    .execute()
  await db
    .updateTable('email_outbox')
    .set({ priority: 0 })
    .where('template', 'in', ['confirm-signature', 'already-signed', 'sign-in-link'])
    .execute()
  await db.schema.dropIndex('email_outbox_due_idx').execute()
  await db.schema
    .createIndex('email_outbox_due_idx')
    .on('email_outbox')
    .columns(['status', 'priority', 'next_attempt_at'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('email_outbox_due_idx').execute()
  await db.schema
    .createIndex('email_outbox_due_idx')
    .on('email_outbox')
    .columns(['status', 'next_attempt_at'])
    .execute()
  await db.schema.alterTable('email_outbox').dropColumn('priority').execute()
}
