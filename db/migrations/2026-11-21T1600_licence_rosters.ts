import { sql, type Kysely } from 'kysely'

// Frozen in time: this file must never import the application's types.

export async function up(db: Kysely<any>): Promise<void> {
  // Licence rosters organizers import from a licensing body, e.g. "State Bar of California".
  await db.schema
    .createTable('licence_rosters')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('letter_id', 'integer', (col) => col.notNull().references('letters.id').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull().check(sql`name <> ''`))
    .addColumn('jurisdiction', 'text', (col) => col.notNull())
    // A regular expression source every normalized licence number must match, e.g. '^\d{1,6}$'.
    .addColumn('number_pattern', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    // Null until the first import.
    .addColumn('imported_at', 'text')
    .addColumn('imported_by_user_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('row_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addUniqueConstraint('licence_rosters_letter_name_unique', ['letter_id', 'name'])
    .execute()

  await db.schema
    .createTable('licence_roster_entries')
    .addColumn('roster_id', 'integer', (col) =>
      col.notNull().references('licence_rosters.id').onDelete('cascade'),
    )
    // Normalized: trimmed, upper-cased, without spaces or dashes.
    .addColumn('licence_number', 'text', (col) => col.notNull())
    .addColumn('full_name', 'text', (col) => col.notNull())
    // As the roster gives it, lower-cased: 'active', 'inactive', 'suspended', ...
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('jurisdiction', 'text', (col) => col.notNull())
    // ISO date (YYYY-MM-DD) or null.
    .addColumn('admitted_on', 'text')
    .addPrimaryKeyConstraint('licence_roster_entries_pk', ['roster_id', 'licence_number'])
    .modifyEnd(sql`without rowid`)
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('licence_roster_entries').execute()
  await db.schema.dropTable('licence_rosters').execute()
}
