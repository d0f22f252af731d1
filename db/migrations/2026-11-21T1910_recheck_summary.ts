import { sql, type Kysely } from 'kysely'

// Frozen in time: this file must never import the application's types.

export async function up(db: Kysely<any>): Promise<void> {
  // What the last "Recheck licences" found (JSON counts), shown beside letters.rechecked_at; kept
  // on the letter so the Rosters page never searches the audit log for it.
  await db.schema
    .alterTable('letters')
    .addColumn('recheck_summary', 'text', (col) =>
      col.check(
        sql`recheck_summary is null or (json_valid(recheck_summary) and json_type(recheck_summary) = 'object')`,
      ),
    )
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('letters').dropColumn('recheck_summary').execute()
}
