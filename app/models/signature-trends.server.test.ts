import { CompiledQuery, type Compilable } from 'kysely'
import { describe, expect, test } from 'vitest'
import { getDb } from '~/utils/db.server'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import { listMatchingIds } from './moderation-queue.server'
import { suspectedCountQuery, suspectedPageQuery } from './quarantine.server'
import {
  hourlyCountsQuery,
  topEmailDomains,
  topEmailDomainsQuery,
  topIpRanges,
  topIpRangesQuery,
} from './signature-trends.server'

async function planOf(query: Compilable) {
  const { sql, parameters } = query.compile()
  const { rows } = await getDb().executeQuery<{ detail: string }>(
    CompiledQuery.raw(`explain query plan ${sql}`, [...parameters]),
  )
  return rows.map((row) => row.detail)
}

/** Every step that reads signatures seeks through one of the named indexes; none scans the table. */
function expectIndexedReads(plan: string[], index: string) {
  const reads = plan.filter((step) => /\bsignatures\b/.test(step))
  expect(reads.length, plan.join('\n')).toBeGreaterThan(0)
  for (const step of reads) {
    expect(step, plan.join('\n')).toMatch(
      new RegExp(`^SEARCH signatures USING (COVERING )?INDEX ${index} \\(`),
    )
  }
  expect(plan.join('\n')).not.toMatch(/SCAN signatures/)
}

describe('trend queries', () => {
  const since = '2026-11-21T04:00:00.000Z'

  test.each([
    ['signatures per hour', () => hourlyCountsQuery(getDb(), 1, since)],
    ['top IP ranges', () => topIpRangesQuery(getDb(), 1, since, 10)],
    ['top email domains', () => topEmailDomainsQuery(getDb(), 1, since, 10)],
  ])('%s read the window through signatures_created_idx', async (_label, build) => {
    expectIndexedReads(await planOf(build()), 'signatures_created_idx')
  })

  test('the Suspected tab reads the partial quarantine index, not every unconfirmed signature', async () => {
    const db = getDb()
    expectIndexedReads(await planOf(suspectedPageQuery(db, 1, { pageSize: 50 })), 'signatures_quarantine_idx')
    expectIndexedReads(
      await planOf(suspectedPageQuery(db, 1, { pageSize: 50, before: 900 })),
      'signatures_quarantine_idx',
    )
    expectIndexedReads(await planOf(suspectedCountQuery(db, 1, 10_000)), 'signatures_quarantine_idx')
  })

  test('count each range and domain in the window only, busiest first', async () => {
    const db = getDb()
    const letter = await createTestLetter(db)
    const at = (iso: string) => new Date(iso)
    const sign = (clientIp: string, email: string, when: string) =>
      createTestSignature(db, letter, { clientIp, email }, at(when))
    await sign('203.0.113.5', 'a@busy.example', '2026-11-21T09:00:00.000Z')
    await sign('203.0.113.6', 'b@busy.example', '2026-11-21T09:30:00.000Z')
    await sign('2001:db8:1:2::9', 'c@other.example', '2026-11-21T09:45:00.000Z')
    // Before the window: not counted.
    await sign('198.51.100.1', 'd@old.example', '2026-11-20T09:00:00.000Z')
    expect(await topIpRanges(db, letter.id, since, 10)).toEqual([
      { value: '203.0.113.0/24', count: 2 },
      { value: '2001:db8:1::/48', count: 1 },
    ])
    expect(await topEmailDomains(db, letter.id, since, 1)).toEqual([{ value: 'busy.example', count: 2 }])
    // The queue filtered on a range holds the same signatures.
    expect(
      await listMatchingIds(db, letter.id, { status: 'unconfirmed', range: '203.0.113.0/24' }),
    ).toHaveLength(2)
  })
})
