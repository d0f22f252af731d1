import { sql, type Kysely } from 'kysely'

// Frozen in time: this file must never import the application's types.
// The tamper-evident signatory log (ADR 018). SQLite triggers append an entry whenever the public
// list of a letter changes, so no code path can forget it; the hashes come from the functions
// `signatory_record_hash` and `signatory_chain_hash` that db/database.ts registers on every
// connection. A connection without them cannot change a public signature at all.

const PROFESSION_VERIFIED = `('domain', 'registry', 'moderator')`
const PUBLIC_VERIFIER_METHODS = `('licence-roster', 'licence-registry')`
const GENESIS_HASH = `'${'0'.repeat(64)}'`
const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`

/** Whether a signatures row (`new`, `old` or an alias) is on the public list under `policy`. */
const isPublic = (row: string, policy: string) =>
  `(${row}.status = 'approved' and ${row}.listing = 'listed' and (${row}.verification_level in ${PROFESSION_VERIFIED}
    or (${row}.verification_level = 'email' and ${policy} = 'email')))`

const policyOf = (row: string) => `(select listing_requires from letters where letters.id = ${row}.letter_id)`

/** The public record's hash, from the same columns the read API serves. */
const recordHash = (row: string) =>
  `signatory_record_hash(${row}.id, ${row}.name, ${row}.profession, ${row}.organization, ${row}.location,
    (select version_number from letter_versions where letter_versions.id = ${row}.letter_version_id),
    ${row}.verification_level, ${row}.verification_method, substr(${row}.verified_at, 1, 10),
    case when ${row}.verification_method in ${PUBLIC_VERIFIER_METHODS} then ${row}.verified_by else null end)`

/**
 * Appends one sealed entry for signature `row`: next sequence number, the last entry's hash, its own
 * hash, in one statement.
 */
const appendEntry = (row: string, entry: { kind: string; cause: string; recordHash: string }) => {
  const last = (column: string) =>
    `(select ${column} from signatory_chain where letter_id = ${row}.letter_id order by seq desc limit 1)`
  const seq = `coalesce(${last('seq')}, 0) + 1`
  const prevHash = `coalesce(${last('hash')}, ${GENESIS_HASH})`
  return `insert into signatory_chain (letter_id, seq, at, kind, cause, signature_id, record_hash, prev_hash, hash)
   select ${row}.letter_id, seq, at, kind, cause, ${row}.id, record_hash, prev_hash,
     signatory_chain_hash(seq, prev_hash, at, kind, cause, ${row}.id, record_hash)
   from (select ${seq} as seq, ${prevHash} as prev_hash, ${NOW} as at, ${entry.kind} as kind,
           ${entry.cause} as cause, ${entry.recordHash} as record_hash);`
}

const PUBLIC_COLUMNS = [
  'name',
  'profession',
  'organization',
  'location',
  'letter_version_id',
  'verification_level',
  'verification_method',
  'verified_at',
  'verified_by',
]

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('signatory_chain')
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('letter_id', 'integer', (col) => col.notNull().references('letters.id').onDelete('cascade'))
    // seq, prev_hash and hash are set in the statement that appends the entry (or by the seal below).
    .addColumn('seq', 'integer')
    .addColumn('at', 'text', (col) => col.notNull().defaultTo(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`))
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('add', 'update', 'remove')`))
    .addColumn('cause', 'text', (col) => col.notNull())
    // No foreign key: the entry outlives anything that happens to the signature row.
    .addColumn('signature_id', 'integer', (col) => col.notNull())
    .addColumn('record_hash', 'text')
    .addColumn('prev_hash', 'text')
    .addColumn('hash', 'text')
    .execute()
  // The head of a letter's chain is its last entry: found through this index, no separate row to drift.
  await db.schema
    .createIndex('signatory_chain_seq_idx')
    .on('signatory_chain')
    .columns(['letter_id', 'seq'])
    .unique()
    .execute()

  // Seals entries appended several in one statement (a policy change), one after the other: a
  // statement that inserts into a table and reads it sees none of its own rows, so those come in
  // unsealed and each is chained here as it lands.
  await sql
    .raw(
      `create trigger signatory_chain_seal after insert on signatory_chain when new.hash is null begin
         update signatory_chain set (seq, prev_hash, hash) = (
           select last.seq + 1, last.hash,
             signatory_chain_hash(last.seq + 1, last.hash, new.at, new.kind, new.cause, new.signature_id, new.record_hash)
           from (select coalesce(max(seq), 0) as seq,
                   coalesce((select hash from signatory_chain where letter_id = new.letter_id and seq is not null
                             order by seq desc limit 1), ${GENESIS_HASH}) as hash
                 from signatory_chain where letter_id = new.letter_id) as last)
         where id = new.id;
       end`,
    )
    .execute(db)
  // Append-only: a sealed entry never changes. (Deletes go with the letter, by cascade.)
  await sql`create trigger signatory_chain_append_only before update on signatory_chain
    when old.hash is not null begin
      select raise(abort, 'signatory_chain is append-only');
    end`.execute(db)

  await sql
    .raw(
      `create trigger signatory_chain_signature_insert after insert on signatures
       when ${isPublic('new', policyOf('new'))} begin
         ${appendEntry('new', { kind: `'add'`, cause: `'approve'`, recordHash: recordHash('new') })}
       end`,
    )
    .execute(db)
  const publicColumnChanged = PUBLIC_COLUMNS.map((column) => `old.${column} is not new.${column}`).join(
    ' or ',
  )
  const cause = `case when old.status is not new.status then
           case new.status when 'approved' then 'approve' when 'withdrawn' then 'withdraw'
             when 'rejected' then 'reject' else new.status end
         when old.listing is not new.listing then 'listing'
         when old.verification_level is not new.verification_level
           or old.verification_method is not new.verification_method
           or old.verified_at is not new.verified_at or old.verified_by is not new.verified_by
           then 'verification'
         else 'edit' end`
  const wasPublic = isPublic('old', policyOf('old'))
  const nowPublic = isPublic('new', policyOf('new'))
  const kind = `case when not ${nowPublic} then 'remove' when not ${wasPublic} then 'add' else 'update' end`
  await sql
    .raw(
      `create trigger signatory_chain_signature_update
       after update of status, listing, ${PUBLIC_COLUMNS.join(', ')} on signatures
       when (old.status = 'approved' or new.status = 'approved')
         and (${wasPublic} or ${nowPublic}) and (${wasPublic} <> ${nowPublic} or ${publicColumnChanged}) begin
         ${appendEntry('new', {
           kind,
           cause,
           recordHash: `case when ${nowPublic} then ${recordHash('new')} else null end`,
         })}
       end`,
    )
    .execute(db)
  await sql
    .raw(
      `create trigger signatory_chain_signature_delete after delete on signatures
       when ${isPublic('old', policyOf('old'))} begin
         ${appendEntry('old', { kind: `'remove'`, cause: `'delete'`, recordHash: 'null' })}
       end`,
    )
    .execute(db)
  // A policy change moves every approved, listed signature that has only a confirmed email at once.
  await sql
    .raw(
      `create trigger signatory_chain_policy after update of listing_requires on letters
       when old.listing_requires is not new.listing_requires begin
         insert into signatory_chain (letter_id, kind, cause, signature_id, record_hash)
         select s.letter_id, case new.listing_requires when 'email' then 'add' else 'remove' end, 'policy', s.id,
           case new.listing_requires when 'email' then ${recordHash('s')} else null end
         from signatures s
         where s.letter_id = new.id and s.status = 'approved' and s.listing = 'listed'
           and s.verification_level = 'email'
         order by s.id;
       end`,
    )
    .execute(db)

  // Every letter starts its chain with today's public list, one add per signatory in signing order.
  await sql
    .raw(
      `insert into signatory_chain (letter_id, kind, cause, signature_id, record_hash)
       select s.letter_id, 'add', 'genesis', s.id, ${recordHash('s')}
       from signatures s where ${isPublic('s', policyOf('s'))} order by s.letter_id, s.id`,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of [
    'signatory_chain_policy',
    'signatory_chain_signature_delete',
    'signatory_chain_signature_update',
    'signatory_chain_signature_insert',
    'signatory_chain_append_only',
    'signatory_chain_seal',
  ]) {
    await sql.raw(`drop trigger ${trigger}`).execute(db)
  }
  await db.schema.dropTable('signatory_chain').execute()
}
