import { sql, type Expression, type SqlBool } from 'kysely'
import type { DB } from '#db/database'
import { containsPattern, escapeLike } from './like-pattern'
import type { Signature, SignatureFlagKind, SignatureStatus } from '#db/schema'
import { parseFlagDetail, type QueueFlag } from '~/utils/flags'
import { listOpenFlagsFor } from './signature-flag.server'

export const QUEUE_STATUSES = ['confirmed', 'approved', 'rejected', 'withdrawn', 'unconfirmed'] as const
export type QueueStatus = (typeof QUEUE_STATUSES)[number]

export type QueueFilter = {
  status: QueueStatus
  profession?: string
  /** An email domain, e.g. "lacounty.gov": matches that domain exactly. */
  domain?: string
  /** A network as trends show it, e.g. "203.0.113.0/24" or "2001:db8:1::/48": matches it exactly. */
  range?: string
  /** Matches part of a name or organization, or a whole email address. */
  search?: string
  /** Only signatures up to this id: a bulk decision touches only what the moderator was shown. */
  maxId?: number
  /** Only signatures with an open flag. */
  flagged?: boolean
  /** Only signatures with an open flag of this kind. */
  flagKind?: SignatureFlagKind
}

export type QueueRow = Pick<
  Signature,
  | 'id'
  | 'name'
  | 'email'
  | 'profession'
  | 'organization'
  | 'location'
  | 'licence_number'
  | 'comment'
  | 'listing'
  | 'status'
  | 'created_at'
  | 'confirmed_at'
  | 'decided_at'
  | 'rejection_reason'
  | 'rejection_note'
  | 'verification_level'
  | 'verification_method'
  | 'verified_at'
> & {
  /** Unresolved flags for moderators (licence conflicts, registry mismatches, ...), oldest first. */
  flags: QueueFlag[]
}

function filterConditions(letterId: number, filter: QueueFilter): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [
    sql<SqlBool>`letter_id = ${letterId}`,
    sql<SqlBool>`status = ${filter.status}`,
  ]
  // As the choices are listed: "Attorney" also finds "attorney".
  if (filter.profession) conditions.push(sql<SqlBool>`profession = ${filter.profession} collate nocase`)
  // The stored email is lower-cased, so the domain is everything after the last "@".
  if (filter.domain) {
    conditions.push(sql<SqlBool>`email like ${`%@${escapeLike(filter.domain.toLowerCase())}`} escape '\\'`)
  }
  if (filter.range) conditions.push(sql<SqlBool>`ip_range = ${filter.range.toLowerCase()}`)
  if (filter.maxId !== undefined) conditions.push(sql<SqlBool>`id <= ${filter.maxId}`)
  // Open flags are few: SQLite reads them from their partial index and looks the rows up by id.
  if (filter.flagKind) {
    conditions.push(
      sql<SqlBool>`id in (select signature_id from signature_flags where resolved_at is null and kind = ${filter.flagKind})`,
    )
  } else if (filter.flagged) {
    conditions.push(sql<SqlBool>`id in (select signature_id from signature_flags where resolved_at is null)`)
  }
  if (filter.search) {
    const pattern = containsPattern(filter.search)
    // The whole address only: matching parts of it would let a moderator, who sees domains only,
    // spell out an address letter by letter (ADR 017).
    const address = filter.search.trim().toLowerCase()
    conditions.push(
      sql<SqlBool>`(name like ${pattern} escape '\\' or email = ${address} or organization like ${pattern} escape '\\')`,
    )
  }
  return conditions
}

export async function listQueue(
  db: DB,
  letterId: number,
  filter: QueueFilter,
  page: { after?: number; pageSize: number },
): Promise<{ rows: QueueRow[]; nextCursor: number | null }> {
  let query = db
    .selectFrom('signatures')
    .select([
      'id',
      'name',
      'email',
      'profession',
      'organization',
      'location',
      'licence_number',
      'comment',
      'listing',
      'status',
      'created_at',
      'confirmed_at',
      'decided_at',
      'rejection_reason',
      'rejection_note',
      'verification_level',
      'verification_method',
      'verified_at',
    ])
    .where((eb) => eb.and(filterConditions(letterId, filter)))
  if (page.after !== undefined) query = query.where('id', '>', page.after)
  const rows = await query
    .orderBy('id')
    .limit(page.pageSize + 1)
    .execute()
  const shown = rows.slice(0, page.pageSize)
  // The page's flags in one query.
  const flags = await listOpenFlagsFor(
    db,
    shown.map((row) => row.id),
  )
  const withFlags = shown.map((row) => ({
    ...row,
    flags: flags
      .filter((flag) => flag.signature_id === row.id)
      .map((flag) => ({ id: flag.id, kind: flag.kind, detail: parseFlagDetail(flag.detail) })),
  }))
  return { rows: withFlags, nextCursor: rows.length > page.pageSize ? shown[shown.length - 1]!.id : null }
}

/** The ids a bulk decision on "everything matching this filter" would touch, in signing order. */
export async function listMatchingIds(db: DB, letterId: number, filter: QueueFilter): Promise<number[]> {
  const rows = await db
    .selectFrom('signatures')
    .select('id')
    .where((eb) => eb.and(filterConditions(letterId, filter)))
    .orderBy('id')
    .execute()
  return rows.map((row) => row.id)
}

/**
 * Professions present in one tab, for the filter's choices. Read from the tallies (a row per
 * profession, listing and level), not the signatures: a tab of a million signatures answers in
 * a millisecond instead of sorting them all. Spellings differing only in ASCII case are one choice.
 */
export async function listQueueProfessions(
  db: DB,
  letterId: number,
  status: SignatureStatus,
): Promise<string[]> {
  const rows = await db
    .selectFrom('signature_tallies')
    .select('profession')
    .where('letter_id', '=', letterId)
    .where('status', '=', status)
    .execute()
  const professions = new Map(rows.map((row) => [row.profession.toLowerCase(), row.profession]))
  return [...professions.values()].sort().slice(0, 200)
}

/** How many signatures of each tab have an open flag, so moderators can find them all. */
export async function countFlaggedByStatus(db: DB, letterId: number): Promise<Record<QueueStatus, number>> {
  // From the (few) open flags to their signatures, never through every signature of the letter:
  // "cross join" keeps SQLite to that order.
  const rows = await sql<{ status: QueueStatus; count: number }>`
    select signatures.status as status, count(distinct signatures.id) as count
    from signature_flags cross join signatures on signatures.id = signature_flags.signature_id
    where signature_flags.resolved_at is null and signatures.letter_id = ${letterId}
    group by signatures.status`.execute(db)
  const counts = Object.fromEntries(QUEUE_STATUSES.map((status) => [status, 0])) as Record<
    QueueStatus,
    number
  >
  for (const row of rows.rows) counts[row.status] = row.count
  return counts
}
