import type { DB } from '#db/database'
import { pruneRateLimits } from '~/models/rate-limit.server'
import { eraseExpiredSignerData, type RetentionResult } from '~/services/retention.server'

// What the background loop does now and then, besides delivering email.

export const HOUSEKEEPING_INTERVAL_MS = 10 * 60_000

export async function runHousekeeping(
  db: DB,
  now = new Date(),
): Promise<{ prunedRateLimits: number; retention: RetentionResult[] }> {
  const prunedRateLimits = await pruneRateLimits(db, now)
  const retention = await eraseExpiredSignerData(db, { now })
  for (const { slug, erased } of retention) {
    console.info(`Retention: erased the email and network addresses of ${erased} signature(s) of ${slug}.`)
  }
  return { prunedRateLimits, retention }
}
