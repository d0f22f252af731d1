import { sql, type Expression, type SqlBool } from 'kysely'
import type { DB } from '#db/database'
import { containsPattern, escapeLike } from './like-pattern'
import type { Signature, SignatureStatus } from '#db/schema'
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
  /** Matches name, email or organization. */
  search?: string
  /** Only signatures up to this id: a bulk decision touches only what the moderator was shown. */
  maxId?: number
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
  if (filter.profession) conditions.push(sql<SqlBool>`profession = ${filter.profession}`)
  // The stored email is lower-cased, so the domain is everything after the last "@".
  if (filter.domain) {
    conditions.push(sql<SqlBool>`email like ${`%@${escapeLike(filter.domain.toLowerCase())}`} escape '\\'`)
  }
  if (filter.range) conditions.push(sql<SqlBool>`ip_range = ${filter.range.toLowerCase()}`)
  if (filter.maxId !== undefined) conditions.push(sql<SqlBool>`id <= ${filter.maxId}`)
  if (filter.search) {
    const pattern = containsPattern(filter.search)
    conditions.push(
      sql<SqlBool>`(name like ${pattern} escape '\\' or email like ${pattern} escape '\\' or organization like ${pattern} escape '\\')`,
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

/** Professions present in one tab, for the filter's choices. */
export async function listQueueProfessions(
  db: DB,
  letterId: number,
  status: SignatureStatus,
): Promise<string[]> {
  const rows = await db
    .selectFrom('signatures')
    .select('profession')
    .distinct()
    .where('letter_id', '=', letterId)
    .where('status', '=', status)
    .orderBy('profession')
    .limit(200)
    .execute()
  return rows.map((row) => row.profession)
}
