import { sql } from 'kysely'
import type { DB } from '#db/database'
import type { WatchlistName } from '#db/schema'

export async function listWatchlistNames(db: DB, letterId: number): Promise<WatchlistName[]> {
  return (
    db
      .selectFrom('watchlist_names')
      .selectAll()
      .where('letter_id', '=', letterId)
      // As the unique index orders them: signing reads the list, and must not sort it.
      .orderBy(sql`name collate nocase`)
      .execute()
  )
}

/** Inserts a name; null when the letter already watches it (case aside). */
export async function insertWatchlistName(
  db: DB,
  input: { letterId: number; name: string; createdByUserId: number | null },
  now = new Date(),
): Promise<WatchlistName | null> {
  return (
    (await db
      .insertInto('watchlist_names')
      .values({
        letter_id: input.letterId,
        name: input.name,
        created_by_user_id: input.createdByUserId,
        created_at: now.toISOString(),
      })
      .onConflict((conflict) => conflict.doNothing())
      .returningAll()
      .executeTakeFirst()) ?? null
  )
}

export async function deleteWatchlistName(
  db: DB,
  letterId: number,
  id: number,
): Promise<WatchlistName | null> {
  return (
    (await db
      .deleteFrom('watchlist_names')
      .where('letter_id', '=', letterId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst()) ?? null
  )
}
