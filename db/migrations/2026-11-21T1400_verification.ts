import { sql, type Kysely } from 'kysely'

// Frozen in time: this file must never import the application's types.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('signatures')
    .addColumn('verification_level', 'text', (col) =>
      col
        .notNull()
        .defaultTo('none')
        .check(sql`verification_level in ('none', 'email', 'domain', 'registry', 'moderator')`),
    )
    .execute()
  // e.g. 'email-link', 'email-code', 'moderator-check'
  await db.schema.alterTable('signatures').addColumn('verification_method', 'text').execute()
  // A URL or a note; never shown to the public.
  await db.schema.alterTable('signatures').addColumn('verification_evidence', 'text').execute()
  // A user's "Name <email>", or a system label.
  await db.schema.alterTable('signatures').addColumn('verified_by', 'text').execute()
  await db.schema.alterTable('signatures').addColumn('verified_at', 'text').execute()

  // Every signature that got past confirmation confirmed its email by link (the only way until now).
  await db
    .updateTable('signatures')
    .set({
      verification_level: 'email',
      verification_method: 'email-link',
      verified_by: 'email confirmation',
      verified_at: sql`confirmed_at`,
    })
    .where('status', 'in', ['confirmed', 'approved', 'rejected', 'withdrawn'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of [
    'verified_at',
    'verified_by',
    'verification_evidence',
    'verification_method',
    'verification_level',
  ]) {
    await db.schema.alterTable('signatures').dropColumn(column).execute()
  }
}
