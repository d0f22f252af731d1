import type { DB } from '#db/database'
import type { RateLimit } from '~/utils/env.server'

// Fixed-window counters in SQLite: they survive a restart and hold across processes sharing the
// database file. A window is [window_start, window_start + windowMs).

export type RateLimitVerdict = { allowed: boolean; count: number }

/**
 * Counts one hit against a bucket and says whether it is within the limit. The hit is counted
 * either way, so a client that keeps going stays over. Run inside the transaction of the write
 * it guards, so a refused write leaves its hit only if the caller commits.
 */
export async function hitRateLimit(
  db: DB,
  bucket: string,
  limit: RateLimit,
  now = new Date(),
): Promise<RateLimitVerdict> {
  const windowStart = now.getTime() - (now.getTime() % limit.windowMs)
  const row = await db
    .insertInto('rate_limit_hits')
    .values({ bucket, window_start: windowStart, expires_at: windowStart + limit.windowMs, count: 1 })
    .onConflict((conflict) =>
      conflict
        .columns(['bucket', 'window_start'])
        .doUpdateSet((eb) => ({ count: eb('rate_limit_hits.count', '+', 1) })),
    )
    .returning('count')
    .executeTakeFirstOrThrow()
  return { allowed: row.count <= limit.max, count: row.count }
}

/** Hits so far in the current window, without counting one. */
export async function peekRateLimit(db: DB, bucket: string, limit: RateLimit, now = new Date()) {
  const windowStart = now.getTime() - (now.getTime() % limit.windowMs)
  const row = await db
    .selectFrom('rate_limit_hits')
    .select('count')
    .where('bucket', '=', bucket)
    .where('window_start', '=', windowStart)
    .executeTakeFirst()
  return row?.count ?? 0
}

/** Forgets windows that have closed. Cheap (an index on expires_at); called now and then. */
export async function pruneRateLimits(db: DB, now = new Date()): Promise<number> {
  const result = await db
    .deleteFrom('rate_limit_hits')
    .where('expires_at', '<=', now.getTime())
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
