import { sql, type Kysely } from 'kysely'

// Frozen in time: this file must never import the application's types.

export async function up(db: Kysely<any>): Promise<void> {
  // Where a signature came from: the client address and its network (/24 for IPv4, /48 for
  // IPv6), for rate limits, trends and block rules. Visible to the letter's members only.
  await db.schema.alterTable('signatures').addColumn('client_ip', 'text').execute()
  await db.schema.alterTable('signatures').addColumn('ip_range', 'text').execute()
  // The address's domain, computed by SQLite so trends and filters group on an index.
  await sql`alter table signatures add column email_domain text
    generated always as (substr(email, instr(email, '@') + 1)) virtual`.execute(db)
  // A quarantined ("suspected") signature: over a rate limit or caught by a block rule. It gets no
  // email, is never listed or counted in public, and waits in its own tab with the reason.
  await db.schema.alterTable('signatures').addColumn('quarantine_reason', 'text').execute()
  await db.schema.alterTable('signatures').addColumn('quarantined_at', 'text').execute()

  await db.schema
    .createIndex('signatures_ip_range_idx')
    .on('signatures')
    .columns(['letter_id', 'ip_range', 'created_at'])
    .execute()
  await db.schema
    .createIndex('signatures_email_domain_idx')
    .on('signatures')
    .columns(['letter_id', 'email_domain', 'created_at'])
    .execute()
  await db.schema
    .createIndex('signatures_created_idx')
    .on('signatures')
    .columns(['letter_id', 'created_at'])
    .execute()
  await db.schema
    .createIndex('signatures_quarantine_idx')
    .on('signatures')
    .columns(['letter_id', 'id'])
    .where(sql.ref('quarantine_reason'), 'is not', null)
    .execute()

  // Fixed-window counters: one row per bucket (e.g. "sign-ip-burst:12:203.0.113.7") and window.
  await db.schema
    .createTable('rate_limit_hits')
    .addColumn('bucket', 'text', (col) => col.notNull())
    // Milliseconds since the epoch at which the window opened.
    .addColumn('window_start', 'integer', (col) => col.notNull())
    .addColumn('expires_at', 'integer', (col) => col.notNull())
    .addColumn('count', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('rate_limit_hits_pk', ['bucket', 'window_start'])
    .modifyEnd(sql`without rowid`)
    .execute()
  await db.schema
    .createIndex('rate_limit_hits_expiry_idx')
    .on('rate_limit_hits')
    .column('expires_at')
    .execute()

  // Organizers block an IP range, a domain or one address; blocked submissions are quarantined.
  await db.schema
    .createTable('block_rules')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('letter_id', 'integer', (col) => col.notNull().references('letters.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('ip-range', 'domain', 'email')`))
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by_user_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('block_rules_unique', ['letter_id', 'kind', 'value'])
    .execute()

  // Names of notable people whose fake signatures would embarrass the letter: a match always
  // needs a moderator.
  await db.schema
    .createTable('watchlist_names')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('letter_id', 'integer', (col) => col.notNull().references('letters.id').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('created_by_user_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute()
  await sql`create unique index watchlist_names_unique on watchlist_names (letter_id, name collate nocase)`.execute(
    db,
  )
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('watchlist_names').execute()
  await db.schema.dropTable('block_rules').execute()
  await db.schema.dropTable('rate_limit_hits').execute()
  for (const index of [
    'signatures_quarantine_idx',
    'signatures_created_idx',
    'signatures_email_domain_idx',
    'signatures_ip_range_idx',
  ]) {
    await db.schema.dropIndex(index).execute()
  }
  for (const column of ['quarantined_at', 'quarantine_reason', 'email_domain', 'ip_range', 'client_ip']) {
    await db.schema.alterTable('signatures').dropColumn(column).execute()
  }
}
