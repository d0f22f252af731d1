import { sql, type Kysely } from 'kysely'

// Frozen in time: this file must never import the application's types.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('letters')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('slug', 'text', (col) =>
      col
        .notNull()
        .unique()
        .check(
          sql`length(slug) between 1 and 80 and slug not glob '*[^a-z0-9-]*' and slug not glob '-*' and slug not glob '*-'`,
        ),
    )
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('recipient', 'text', (col) => col.notNull())
    .addColumn('organizers_line', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('draft')
        .check(sql`status in ('draft', 'open', 'closed')`),
    )
    .addColumn('moderation_required', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('current_version_id', 'integer')
    .addColumn('opened_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('letter_versions')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('letter_id', 'integer', (col) => col.notNull().references('letters.id').onDelete('cascade'))
    .addColumn('version_number', 'integer', (col) => col.notNull())
    .addColumn('body_markdown', 'text', (col) => col.notNull())
    .addColumn('body_sha256', 'text', (col) => col.notNull())
    .addColumn('published_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('letter_versions_letter_number_unique', ['letter_id', 'version_number'])
    .execute()

  await db.schema
    .createTable('signatures')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('letter_id', 'integer', (col) => col.notNull().references('letters.id').onDelete('cascade'))
    .addColumn('letter_version_id', 'integer', (col) => col.notNull().references('letter_versions.id'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('profession', 'text', (col) => col.notNull())
    .addColumn('organization', 'text', (col) => col.notNull())
    .addColumn('location', 'text', (col) => col.notNull())
    .addColumn('licence_number', 'text')
    .addColumn('comment', 'text')
    .addColumn('listing', 'text', (col) => col.notNull().check(sql`listing in ('listed', 'counted')`))
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('unconfirmed')
        .check(sql`status in ('unconfirmed', 'confirmed', 'approved', 'rejected', 'withdrawn')`),
    )
    .addColumn('emails_sent', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_email_at', 'text')
    .addColumn('failed_code_attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('status_changed_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('signatures_letter_email_unique', ['letter_id', 'email'])
    .execute()

  // Serves the public list: approved + listed, in signing order, keyset on id.
  await db.schema
    .createIndex('signatures_public_list_idx')
    .on('signatures')
    .columns(['letter_id', 'status', 'listing', 'id'])
    .execute()

  await db.schema
    .createTable('signature_tokens')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('signature_id', 'integer', (col) =>
      col.notNull().references('signatures.id').onDelete('cascade'),
    )
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('code_hash', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('signature_tokens_signature_idx')
    .on('signature_tokens')
    .column('signature_id')
    .execute()

  await db.schema
    .createTable('signature_counts')
    .addColumn('letter_id', 'integer', (col) => col.notNull().references('letters.id').onDelete('cascade'))
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('listing', 'text', (col) => col.notNull())
    .addColumn('count', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`count >= 0`),
    )
    .addPrimaryKeyConstraint('signature_counts_pk', ['letter_id', 'status', 'listing'])
    .modifyEnd(sql`without rowid`)
    .execute()

  await db.schema
    .createTable('email_outbox')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('idempotency_key', 'text', (col) => col.notNull().unique())
    .addColumn('template', 'text', (col) => col.notNull())
    .addColumn('to_address', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('secret_payload', 'text')
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'sent', 'delivered_locally', 'failed')`),
    )
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (col) => col.notNull())
    .addColumn('last_error', 'text')
    .addColumn('provider_message_id', 'text')
    .addColumn('letter_id', 'integer', (col) => col.references('letters.id').onDelete('set null'))
    .addColumn('signature_id', 'integer', (col) => col.references('signatures.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('sent_at', 'text')
    .execute()
  await db.schema
    .createIndex('email_outbox_due_idx')
    .on('email_outbox')
    .columns(['status', 'next_attempt_at'])
    .execute()
  await db.schema
    .createIndex('email_outbox_recipient_idx')
    .on('email_outbox')
    .columns(['to_address', 'id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'email_outbox',
    'signature_counts',
    'signature_tokens',
    'signatures',
    'letter_versions',
    'letters',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
