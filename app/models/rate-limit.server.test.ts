import { describe, expect, test } from 'vitest'
import { getDb } from '~/utils/db.server'
import { hitRateLimit, peekRateLimit, pruneRateLimits } from './rate-limit.server'

const minute = { max: 3, windowMs: 60_000 }
const at = (iso: string) => new Date(iso)

describe('rate limits kept in the database', () => {
  test('allows up to the limit in one window, then refuses, and counts every hit', async () => {
    const db = getDb()
    const bucket = `test:${Math.random()}`
    const verdicts = []
    for (let second = 0; second < 5; second++) {
      verdicts.push(await hitRateLimit(db, bucket, minute, at(`2026-11-21T10:00:0${second}.000Z`)))
    }
    expect(verdicts).toEqual([
      { allowed: true, count: 1 },
      { allowed: true, count: 2 },
      { allowed: true, count: 3 },
      { allowed: false, count: 4 },
      { allowed: false, count: 5 },
    ])
    expect(await peekRateLimit(db, bucket, minute, at('2026-11-21T10:00:30.000Z'))).toBe(5)
  })

  test('a new window starts afresh, and buckets are independent', async () => {
    const db = getDb()
    const bucket = `test:${Math.random()}`
    for (let hit = 0; hit < 4; hit++) await hitRateLimit(db, bucket, minute, at('2026-11-21T10:00:59.000Z'))
    expect(await hitRateLimit(db, bucket, minute, at('2026-11-21T10:01:00.000Z'))).toEqual({
      allowed: true,
      count: 1,
    })
    expect(await hitRateLimit(db, `${bucket}:other`, minute, at('2026-11-21T10:00:59.500Z'))).toEqual({
      allowed: true,
      count: 1,
    })
  })

  test('survives a restart: a new connection to the same file sees the same counts', async () => {
    const { openDatabase } = await import('#db/database')
    const bucket = `test:${Math.random()}`
    const now = at('2026-11-21T10:00:10.000Z')
    for (let hit = 0; hit < 3; hit++) await hitRateLimit(getDb(), bucket, minute, now)
    const other = openDatabase(process.env.DATABASE_PATH!)
    try {
      expect(await hitRateLimit(other, bucket, minute, now)).toEqual({ allowed: false, count: 4 })
    } finally {
      await other.destroy()
    }
  })

  test('prunes closed windows only', async () => {
    const db = getDb()
    const bucket = `test:${Math.random()}`
    await hitRateLimit(db, bucket, minute, at('2026-11-21T09:00:00.000Z'))
    await hitRateLimit(db, bucket, minute, at('2026-11-21T10:00:00.000Z'))
    expect(await pruneRateLimits(db, at('2026-11-21T10:00:30.000Z'))).toBeGreaterThanOrEqual(1)
    expect(await peekRateLimit(db, bucket, minute, at('2026-11-21T10:00:30.000Z'))).toBe(1)
    expect(await peekRateLimit(db, bucket, minute, at('2026-11-21T09:00:30.000Z'))).toBe(0)
  })
})
