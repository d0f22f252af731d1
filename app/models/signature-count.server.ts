import type { DB } from '#db/database'
import type { Listing, SignatureStatus } from '#db/schema'

type CountKey = { status: SignatureStatus; listing: Listing }

/**
 * Counts live in their own rows, moved in the same transaction as the signature,
 * so no request ever needs COUNT(*) over signatures.
 */
export async function adjustSignatureCount(
  db: DB,
  letterId: number,
  { status, listing }: CountKey,
  delta: number,
) {
  if (delta < 0) {
    // A decrement always has a row to move from; an upsert would trip the count >= 0 check
    // on its would-be inserted row before SQLite resolves the conflict.
    const result = await db
      .updateTable('signature_counts')
      .set((eb) => ({ count: eb('count', '+', delta) }))
      .where('letter_id', '=', letterId)
      .where('status', '=', status)
      .where('listing', '=', listing)
      .executeTakeFirst()
    if (result.numUpdatedRows !== 1n)
      throw new Error(`No ${status}/${listing} count to decrement for letter ${letterId}`)
    return
  }
  await db
    .insertInto('signature_counts')
    .values({ letter_id: letterId, status, listing, count: delta })
    .onConflict((conflict) =>
      conflict
        .columns(['letter_id', 'status', 'listing'])
        .doUpdateSet((eb) => ({ count: eb('signature_counts.count', '+', delta) })),
    )
    .execute()
}

export async function moveSignatureCount(db: DB, letterId: number, from: CountKey, to: CountKey) {
  if (from.status === to.status && from.listing === to.listing) return
  await adjustSignatureCount(db, letterId, from, -1)
  await adjustSignatureCount(db, letterId, to, +1)
}

export type LetterCounts = Record<SignatureStatus, number> & {
  approvedListed: number
  approvedCounted: number
}

export async function getLetterCounts(db: DB, letterId: number): Promise<LetterCounts> {
  const rows = await db
    .selectFrom('signature_counts')
    .select(['status', 'listing', 'count'])
    .where('letter_id', '=', letterId)
    .execute()
  const counts: LetterCounts = {
    unconfirmed: 0,
    confirmed: 0,
    approved: 0,
    rejected: 0,
    withdrawn: 0,
    approvedListed: 0,
    approvedCounted: 0,
  }
  for (const row of rows) {
    counts[row.status] += row.count
    if (row.status === 'approved') {
      if (row.listing === 'listed') counts.approvedListed += row.count
      else counts.approvedCounted += row.count
    }
  }
  return counts
}
