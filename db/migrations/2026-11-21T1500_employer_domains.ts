import { sql, type Kysely } from 'kysely'

// Frozen in time: this file must never import the application's types.

export async function up(db: Kysely<any>): Promise<void> {
  // Organizers' employer email domains: confirming an address at one verifies the profession.
  await db.schema
    .createTable('employer_domains')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('letter_id', 'integer', (col) => col.notNull().references('letters.id').onDelete('cascade'))
    // Lower-case, no trailing dot, e.g. 'pd.lacounty.gov'.
    .addColumn('domain', 'text', (col) => col.notNull().check(sql`domain = lower(domain) and domain <> ''`))
    // 1: the domain and every subdomain match; 0: the domain exactly.
    .addColumn('include_subdomains', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`include_subdomains in (0, 1)`),
    )
    .addColumn('organization', 'text', (col) => col.notNull())
    .addColumn('profession', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('created_by_user_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addUniqueConstraint('employer_domains_letter_domain_unique', ['letter_id', 'domain'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('employer_domains').execute()
}
