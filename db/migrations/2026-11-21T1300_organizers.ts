import { sql, type Kysely } from 'kysely'

// Frozen in time: this file must never import the application's types.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('display_name', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) =>
      col
        .notNull()
        .defaultTo('member')
        .check(sql`role in ('owner', 'member')`),
    )
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('last_sign_in_at', 'text')
    .execute()

  await db.schema
    .createTable('letter_members')
    .addColumn('letter_id', 'integer', (col) => col.notNull().references('letters.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('organizer', 'moderator')`))
    .addColumn('invited_by_user_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('letter_members_pk', ['letter_id', 'user_id'])
    .execute()
  await db.schema.createIndex('letter_members_user_idx').on('letter_members').column('user_id').execute()

  await db.schema
    .createTable('sign_in_tokens')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('last_seen_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('user_agent', 'text')
    .modifyEnd(sql`without rowid`)
    .execute()
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute()

  await db.schema
    .createTable('signature_manage_tokens')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('signature_id', 'integer', (col) =>
      col.notNull().references('signatures.id').onDelete('cascade'),
    )
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('actor_type', 'text', (col) =>
      col.notNull().check(sql`actor_type in ('user', 'signer', 'system')`),
    )
    .addColumn('actor_user_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('actor_label', 'text', (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('letter_id', 'integer', (col) => col.references('letters.id').onDelete('cascade'))
    .addColumn('signature_id', 'integer', (col) => col.references('signatures.id').onDelete('set null'))
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('audit_events_letter_idx')
    .on('audit_events')
    .columns(['letter_id', 'id'])
    .execute()

  // Append-only: the log is evidence, so the database itself refuses edits and deletions
  // (except the cascade when a whole letter is deleted).
  // Only the links to a deleted user or signature may be cleared (ON DELETE SET NULL); the record stays.
  await sql`create trigger audit_events_no_update before update on audit_events
    when new.actor_type is not old.actor_type or new.actor_label is not old.actor_label
      or new.action is not old.action or new.letter_id is not old.letter_id
      or new.before is not old.before or new.after is not old.after or new.created_at is not old.created_at
      or (new.actor_user_id is not old.actor_user_id and new.actor_user_id is not null)
      or (new.signature_id is not old.signature_id and new.signature_id is not null)
    begin select raise(abort, 'audit_events is append-only'); end`.execute(db)
  await sql`create trigger audit_events_no_delete before delete on audit_events
    when old.letter_id is null or exists (select 1 from letters where id = old.letter_id)
    begin select raise(abort, 'audit_events is append-only'); end`.execute(db)

  await db.schema
    .alterTable('letters')
    .addColumn('notify_on_approve', 'integer', (col) => col.notNull().defaultTo(1))
    .execute()
  await db.schema
    .alterTable('letters')
    .addColumn('notify_on_reject', 'integer', (col) => col.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('letters').addColumn('closes_at', 'text').execute()

  await db.schema
    .alterTable('signatures')
    .addColumn('decided_by_user_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .execute()
  await db.schema.alterTable('signatures').addColumn('decided_at', 'text').execute()
  await db.schema.alterTable('signatures').addColumn('rejection_reason', 'text').execute()
  await db.schema.alterTable('signatures').addColumn('rejection_note', 'text').execute()

  // Serves the moderation queue: one status of one letter, in signing order.
  await db.schema
    .createIndex('signatures_queue_idx')
    .on('signatures')
    .columns(['letter_id', 'status', 'id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('signatures_queue_idx').execute()
  for (const column of ['rejection_note', 'rejection_reason', 'decided_at', 'decided_by_user_id']) {
    await db.schema.alterTable('signatures').dropColumn(column).execute()
  }
  for (const column of ['closes_at', 'notify_on_reject', 'notify_on_approve']) {
    await db.schema.alterTable('letters').dropColumn(column).execute()
  }
  for (const table of [
    'audit_events',
    'signature_manage_tokens',
    'sessions',
    'sign_in_tokens',
    'letter_members',
    'users',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
