import { describe, expect, test } from 'vitest'
import type { LetterStatus, SignatureStatus } from '#db/schema'
import { getLetterBySlug } from '~/models/letter.server'
import { enqueueEmail } from '~/models/outbox.server'
import { hitRateLimit } from '~/models/rate-limit.server'
import { getLetterCounts, getPublicCounts } from '~/models/signature-count.server'
import { issueManageToken } from '~/models/signature-manage-token.server'
import { listPublicSignatories } from '~/models/signature.server'
import { getDb } from '~/utils/db.server'
import { erasedEmailFor } from '~/utils/erasure'
import { createTestLetter, createTestSignature, uniqueEmail } from '../../tests/factories'
import { runHousekeeping } from './housekeeping.server'
import { eraseExpiredSignerData } from './retention.server'

const now = new Date('2026-12-01T12:00:00.000Z')
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString()

/** A letter with signatures in every status (with addresses and comments), then closed as told. */
async function letterWith(setting: {
  retentionDays: number | null
  status: LetterStatus
  closedAt?: string | null
  closesAt?: string | null
  signatures?: number
}) {
  const db = getDb()
  const created = await createTestLetter(db)
  const letter = (await getLetterBySlug(db, created.slug))!
  const statuses: SignatureStatus[] = ['approved', 'approved', 'unconfirmed', 'withdrawn', 'rejected']
  const signatureIds: number[] = []
  for (let index = 0; index < (setting.signatures ?? statuses.length); index++) {
    const signature = await createTestSignature(db, letter, {
      status: statuses[index % statuses.length],
      listing: index === 1 ? 'counted' : 'listed',
      name: `Signer ${index}`,
      email: uniqueEmail('kept-until'),
    })
    await db
      .updateTable('signatures')
      .set({ client_ip: `192.0.2.${index + 10}`, ip_range: '192.0.2.0/24', comment: 'A note' })
      .where('id', '=', signature.id)
      .execute()
    await issueManageToken(db, signature.id)
    await enqueueEmail(db, {
      template: 'already-signed',
      to: signature.email,
      subject: 'You have already signed',
      payload: { signerName: signature.name },
      secretPayload: { manageUrl: 'http://localhost:3000/manage/x' },
      letterId: letter.id,
      signatureId: signature.id,
    })
    signatureIds.push(signature.id)
  }
  await db
    .updateTable('letters')
    .set({
      status: setting.status,
      closed_at: setting.closedAt ?? null,
      closes_at: setting.closesAt ?? null,
      retention_days: setting.retentionDays,
    })
    .where('id', '=', letter.id)
    .execute()
  return { letter: (await getLetterBySlug(db, letter.slug))!, signatureIds }
}

async function stored(signatureIds: number[]) {
  return getDb()
    .selectFrom('signatures')
    .select(['id', 'email', 'client_ip', 'ip_range', 'comment', 'erased_at', 'name', 'status', 'listing'])
    .where('id', 'in', signatureIds)
    .orderBy('id')
    .execute()
}

async function publicState(letter: Awaited<ReturnType<typeof letterWith>>['letter']) {
  const db = getDb()
  return {
    counts: await getLetterCounts(db, letter.id),
    publicCounts: await getPublicCounts(db, letter),
    list: await listPublicSignatories(db, letter, { pageSize: 100 }),
  }
}

async function retentionEvents(letterId: number) {
  return getDb()
    .selectFrom('audit_events')
    .selectAll()
    .where('letter_id', '=', letterId)
    .where('action', '=', 'letter.signer-data-expired')
    .execute()
}

describe('the retention job', () => {
  test('erases the signers of letters past their window only, in batches, keeping the public record', async () => {
    const past = await letterWith({ retentionDays: 30, status: 'closed', closedAt: daysAgo(31) })
    // Open in its row, but its closing date passed 31 days ago: closed in effect.
    const pastClosingDate = await letterWith({
      retentionDays: 30,
      status: 'open',
      closesAt: daysAgo(31),
      signatures: 4,
    })
    const within = await letterWith({ retentionDays: 30, status: 'closed', closedAt: daysAgo(29) })
    const noSetting = await letterWith({ retentionDays: null, status: 'closed', closedAt: daysAgo(400) })
    // Closed long ago, then reopened: its window starts over when it closes again.
    const reopened = await letterWith({ retentionDays: 30, status: 'open', closedAt: daysAgo(100) })
    const draft = await letterWith({ retentionDays: 1, status: 'draft' })
    const untouched = [within, noSetting, reopened, draft]
    const untouchedBefore = await Promise.all(untouched.map(({ signatureIds }) => stored(signatureIds)))
    const publicBefore = await Promise.all([past, pastClosingDate].map(({ letter }) => publicState(letter)))

    const results = await eraseExpiredSignerData(getDb(), { now, batchSize: 2 })
    expect(results).toEqual([
      { letterId: past.letter.id, slug: past.letter.slug, erased: 5 },
      { letterId: pastClosingDate.letter.id, slug: pastClosingDate.letter.slug, erased: 4 },
    ])

    for (const { signatureIds } of [past, pastClosingDate]) {
      for (const row of await stored(signatureIds)) {
        expect(row).toMatchObject({
          email: erasedEmailFor(row.id),
          client_ip: null,
          ip_range: null,
          comment: null,
          erased_at: now.toISOString(),
        })
      }
      const links = await getDb()
        .selectFrom('signature_manage_tokens')
        .select('id')
        .where('signature_id', 'in', signatureIds)
        .execute()
      expect(links).toEqual([])
      const emails = await getDb()
        .selectFrom('email_outbox')
        .select(['to_address', 'payload', 'secret_payload'])
        .where('signature_id', 'in', signatureIds)
        .execute()
      expect(emails.every((row) => row.to_address.endsWith('@erased.invalid') && row.payload === '{}')).toBe(
        true,
      )
    }
    expect(await Promise.all([past, pastClosingDate].map(({ letter }) => publicState(letter)))).toEqual(
      publicBefore,
    )
    expect(await Promise.all(untouched.map(({ signatureIds }) => stored(signatureIds)))).toEqual(
      untouchedBefore,
    )

    // One event per letter for the run, with the count and nothing erased in it.
    const [event] = await retentionEvents(past.letter.id)
    expect(await retentionEvents(past.letter.id)).toHaveLength(1)
    expect(event).toMatchObject({
      actor_type: 'system',
      actor_label: 'retention setting',
      signature_id: null,
    })
    expect(JSON.parse(event!.after!)).toEqual({ signatures: 5, retentionDays: 30, closedAt: daysAgo(31) })
    // 4 signatures in batches of 2: the event comes with the last, empty, batch.
    expect(JSON.parse((await retentionEvents(pastClosingDate.letter.id))[0]!.after!)).toMatchObject({
      signatures: 4,
    })
    for (const { letter } of untouched) expect(await retentionEvents(letter.id)).toEqual([])

    // Again: nothing more to erase, nothing more recorded.
    expect(await eraseExpiredSignerData(getDb(), { now, batchSize: 2 })).toEqual([])
    expect(await eraseExpiredSignerData(getDb(), { now: new Date(now.getTime() + 3_600_000) })).toEqual([])
    expect(await retentionEvents(past.letter.id)).toHaveLength(1)
    expect(await retentionEvents(pastClosingDate.letter.id)).toHaveLength(1)
  })

  test('the window is counted from the closing: a day before it nothing goes, on the day everything does', async () => {
    const { letter, signatureIds } = await letterWith({
      retentionDays: 10,
      status: 'closed',
      closedAt: daysAgo(10),
      signatures: 1,
    })
    const dayBefore = new Date(now.getTime() - 86_400_000)
    expect(
      (await eraseExpiredSignerData(getDb(), { now: dayBefore })).map((result) => result.letterId),
    ).not.toContain(letter.id)
    expect((await stored(signatureIds))[0]!.erased_at).toBeNull()
    expect((await eraseExpiredSignerData(getDb(), { now })).map((result) => result.letterId)).toContain(
      letter.id,
    )
    expect((await stored(signatureIds))[0]!.erased_at).toBe(now.toISOString())
  })

  test('runs with the background loop’s housekeeping, which also forgets closed rate-limit windows', async () => {
    const db = getDb()
    const { letter } = await letterWith({
      retentionDays: 5,
      status: 'closed',
      closedAt: daysAgo(6),
      signatures: 2,
    })
    await hitRateLimit(
      db,
      'housekeeping-test',
      { max: 5, windowMs: 60_000 },
      new Date(now.getTime() - 3_600_000),
    )
    const outcome = await runHousekeeping(db, now)
    expect(outcome.prunedRateLimits).toBeGreaterThanOrEqual(1)
    expect(outcome.retention).toContainEqual({ letterId: letter.id, slug: letter.slug, erased: 2 })
    expect(
      await db
        .selectFrom('rate_limit_hits')
        .select('bucket')
        .where('bucket', '=', 'housekeeping-test')
        .execute(),
    ).toEqual([])
  })
})
