import { sql, type SqlBool } from 'kysely'
import type { DB } from '#db/database'
import type { QuarantineReason, Signature } from '#db/schema'

// Quarantined ("suspected") signatures (issue 5, ADR 016): stored 'unconfirmed' with a reason, never
// emailed, listed or counted in public, until a moderator releases or discards them. Discarded ones
// keep their reason (they stay silent if the address signs again) but leave 'unconfirmed'.

// The unary plus keeps SQLite on the partial index of quarantined rows (letter_id, id) instead of
// the queue index, which would walk every unconfirmed signature of the letter to find a few.
const stillSuspected = sql<SqlBool>`+status = 'unconfirmed'`

export const SUSPECTED_COUNT_CAP = 10_000

export type SuspectedRow = Pick<
  Signature,
  'id' | 'name' | 'email' | 'profession' | 'organization' | 'location' | 'ip_range' | 'created_at'
> & { quarantine_reason: QuarantineReason; quarantined_at: string }

/** One page of a letter's suspected signatures, newest first, by keyset on id (one more, to know if there is a next). */
export function suspectedPageQuery(db: DB, letterId: number, page: { before?: number; pageSize: number }) {
  let query = db
    .selectFrom('signatures')
    .select([
      'id',
      'name',
      'email',
      'profession',
      'organization',
      'location',
      'ip_range',
      'created_at',
      'quarantine_reason',
      'quarantined_at',
    ])
    .where('letter_id', '=', letterId)
    .where('quarantine_reason', 'is not', null)
    .where(stillSuspected)
  if (page.before !== undefined) query = query.where('id', '<', page.before)
  return query.orderBy('id', 'desc').limit(page.pageSize + 1)
}

export async function listSuspected(
  db: DB,
  letterId: number,
  page: { before?: number; pageSize: number },
): Promise<{ rows: SuspectedRow[]; nextCursor: number | null }> {
  const rows = (await suspectedPageQuery(db, letterId, page).execute()) as SuspectedRow[]
  const shown = rows.slice(0, page.pageSize)
  return { rows: shown, nextCursor: rows.length > page.pageSize ? shown.at(-1)!.id : null }
}

/** Counts up to `cap` + 1 rows: bounded work on a letter under attack, read from the partial index. */
export function suspectedCountQuery(db: DB, letterId: number, cap: number) {
  return db
    .selectFrom((eb) =>
      eb
        .selectFrom('signatures')
        .select(sql.lit(1).as('one'))
        .where('letter_id', '=', letterId)
        .where('quarantine_reason', 'is not', null)
        .where(stillSuspected)
        .limit(cap + 1)
        .as('suspected'),
    )
    .select((eb) => eb.fn.countAll<number>().as('count'))
}

/** How many signatures await a decision; past `cap` the tab shows "10,000+". */
export async function countSuspected(db: DB, letterId: number, cap = SUSPECTED_COUNT_CAP): Promise<number> {
  const row = await suspectedCountQuery(db, letterId, cap).executeTakeFirstOrThrow()
  return Number(row.count)
}

/**
 * Lifts the quarantine of those of `ids` that are still suspected, in the caller's transaction.
 * Returns each released signature with the reason it was held for; rows someone else already
 * released or discarded are left alone and not returned.
 */
export async function releaseSuspected(
  trx: DB,
  letterId: number,
  ids: number[],
): Promise<Array<{ signature: Signature; reason: QuarantineReason }>> {
  if (ids.length === 0) return []
  const held = await trx
    .selectFrom('signatures')
    .select(['id', 'quarantine_reason'])
    .where('letter_id', '=', letterId)
    .where('id', 'in', ids)
    .where('quarantine_reason', 'is not', null)
    .where(stillSuspected)
    .execute()
  if (held.length === 0) return []
  const reasons = new Map(held.map((row) => [row.id, row.quarantine_reason as QuarantineReason]))
  const released = await trx
    .updateTable('signatures')
    .set({ quarantine_reason: null, quarantined_at: null })
    .where('letter_id', '=', letterId)
    .where(
      'id',
      'in',
      held.map((row) => row.id),
    )
    .where('status', '=', 'unconfirmed')
    .returningAll()
    .execute()
  return released
    .sort((a, b) => a.id - b.id)
    .map((signature) => ({ signature, reason: reasons.get(signature.id)! }))
}
