import { sql, type Kysely } from 'kysely'

// Frozen in time: this file must never import the application's types.

const TALLY_KEY_COLUMNS = 'letter_id, status, listing, verification_level, profession'

export async function up(db: Kysely<any>): Promise<void> {
  // Per-letter verification policy (issue 4).
  // JSON array of profession names offered to signers as a choice; [] means free text.
  await db.schema
    .alterTable('letters')
    .addColumn('allowed_professions', 'text', (col) =>
      col
        .notNull()
        .defaultTo('[]')
        .check(sql`json_valid(allowed_professions) and json_type(allowed_professions) = 'array'`),
    )
    .execute()
  // The least a signature needs to be listed and counted in public: a confirmed email, or a
  // verified profession (employer domain, licence registry, or a moderator's check).
  await db.schema
    .alterTable('letters')
    .addColumn('listing_requires', 'text', (col) =>
      col
        .notNull()
        .defaultTo('email')
        .check(sql`listing_requires in ('email', 'profession')`),
    )
    .execute()
  await db.schema
    .alterTable('letters')
    .addColumn('auto_approve_verified', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`auto_approve_verified in (0, 1)`),
    )
    .execute()
  // JSON array of HTTP licence registry ids this letter consults (e.g. ["npi"]).
  await db.schema
    .alterTable('letters')
    .addColumn('licence_registries', 'text', (col) =>
      col
        .notNull()
        .defaultTo('[]')
        .check(sql`json_valid(licence_registries) and json_type(licence_registries) = 'array'`),
    )
    .execute()
  await db.schema.alterTable('letters').addColumn('rechecked_at', 'text').execute()

  // Who closed a flag and how: 'dismissed' by a moderator, 'decided' with an approval or
  // rejection, 'cleared' by a recheck that found the licence in order.
  await db.schema
    .alterTable('signature_flags')
    .addColumn('resolved_by_user_id', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .execute()
  await db.schema
    .alterTable('signature_flags')
    .addColumn('resolution', 'text', (col) =>
      col.check(sql`resolution in ('dismissed', 'decided', 'cleared')`),
    )
    .execute()
  await db.schema
    .createIndex('signature_flags_open_idx')
    .on('signature_flags')
    .columns(['signature_id', 'kind'])
    .where(sql.ref('resolved_at'), 'is', null)
    .execute()

  // Counter rows by status, listing, verification level and profession, kept by triggers so no
  // code path can forget them (ADR 010). Replaces signature_counts.
  await db.schema
    .createTable('signature_tallies')
    .addColumn('letter_id', 'integer', (col) => col.notNull().references('letters.id').onDelete('cascade'))
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('listing', 'text', (col) => col.notNull())
    .addColumn('verification_level', 'text', (col) => col.notNull())
    // "Attorney" and "attorney" are one profession in public counts.
    .addColumn('profession', 'text', (col) => col.notNull().modifyEnd(sql`collate nocase`))
    .addColumn('count', 'integer', (col) => col.notNull().check(sql`count >= 0`))
    .addPrimaryKeyConstraint('signature_tallies_pk', [
      'letter_id',
      'status',
      'listing',
      'verification_level',
      'profession',
    ])
    .modifyEnd(sql`without rowid`)
    .execute()

  await sql
    .raw(
      `insert into signature_tallies (${TALLY_KEY_COLUMNS}, count)
       select ${TALLY_KEY_COLUMNS}, count(*) from signatures group by ${TALLY_KEY_COLUMNS}`,
    )
    .execute(db)

  const increment = (row: 'new') =>
    `insert into signature_tallies (${TALLY_KEY_COLUMNS}, count)
       values (${row}.letter_id, ${row}.status, ${row}.listing, ${row}.verification_level, ${row}.profession, 1)
       on conflict (${TALLY_KEY_COLUMNS}) do update set count = count + 1;`
  const decrement = (row: 'old') => {
    const key = `letter_id = ${row}.letter_id and status = ${row}.status and listing = ${row}.listing
       and verification_level = ${row}.verification_level and profession = ${row}.profession`
    return `update signature_tallies set count = count - 1 where ${key};
       delete from signature_tallies where ${key} and count = 0;`
  }
  await sql
    .raw(`create trigger signature_tallies_insert after insert on signatures begin ${increment('new')} end`)
    .execute(db)
  await sql
    .raw(
      `create trigger signature_tallies_update
       after update of letter_id, status, listing, verification_level, profession on signatures
       when old.letter_id is not new.letter_id or old.status is not new.status
         or old.listing is not new.listing or old.verification_level is not new.verification_level
         or old.profession is not new.profession
       begin ${decrement('old')} ${increment('new')} end`,
    )
    .execute(db)
  await sql
    .raw(`create trigger signature_tallies_delete after delete on signatures begin ${decrement('old')} end`)
    .execute(db)

  await db.schema.dropTable('signature_counts').execute()

  // The public list filtered by profession: approved + listed, one profession, in signing order.
  await db.schema
    .createIndex('signatures_public_profession_idx')
    .on('signatures')
    .expression(sql`letter_id, status, listing, profession collate nocase, id`)
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('signatures_public_profession_idx').execute()
  await sql`drop trigger signature_tallies_delete`.execute(db)
  await sql`drop trigger signature_tallies_update`.execute(db)
  await sql`drop trigger signature_tallies_insert`.execute(db)
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
  await sql`insert into signature_counts (letter_id, status, listing, count)
    select letter_id, status, listing, sum(count) from signature_tallies group by letter_id, status, listing`.execute(
    db,
  )
  await db.schema.dropTable('signature_tallies').execute()
  await db.schema.dropIndex('signature_flags_open_idx').execute()
  for (const column of ['resolution', 'resolved_by_user_id']) {
    await db.schema.alterTable('signature_flags').dropColumn(column).execute()
  }
  for (const column of [
    'rechecked_at',
    'licence_registries',
    'auto_approve_verified',
    'listing_requires',
    'allowed_professions',
  ]) {
    await db.schema.alterTable('letters').dropColumn(column).execute()
  }
}
