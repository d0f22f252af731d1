import { describe, expect, test } from 'vitest'
import type { SignatureFlagKind } from '#db/schema'
import { insertSignatureFlag } from '~/models/signature-flag.server'
import { getLetterCounts } from '~/models/signature-count.server'
import { getSignatureById } from '~/models/signature.server'
import { getDb } from '~/utils/db.server'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { createTestLetter, createTestSignature, formRequest } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { action, loader } from './admin.letters.$letterId.queue'

const base = 'http://localhost:3000'

async function queueWith(count: number) {
  const db = getDb()
  const letter = await createTestLetter(db, { moderationRequired: true })
  const signatures = []
  for (let index = 0; index < count; index++) {
    signatures.push(
      await createTestSignature(db, letter, {
        status: 'confirmed',
        name: `Signer ${index}`,
        organization: index % 2 ? 'Odd LLP' : 'Even LLP',
      }),
    )
  }
  const moderator = await createTestUser(db, { letterId: letter.id, memberRole: 'moderator' })
  return { letter, signatures, cookie: await signedInCookie(moderator) }
}

const url = (letterId: number, query = '') => `${base}/admin/letters/${letterId}/queue${query}`
const get = (letterId: number, cookie: string | null, query = '') =>
  callRoute(loader, new Request(url(letterId, query), { headers: cookie ? { Cookie: cookie } : {} }), {
    letterId: String(letterId),
  })
const post = (letterId: number, cookie: string, fields: Record<string, string | string[]>, query = '') =>
  callRoute(action, formRequest(url(letterId, query), fields, { Cookie: cookie }), {
    letterId: String(letterId),
  })

describe('the moderation queue', () => {
  test('lists what awaits review, with counts per tab', async () => {
    const { letter, cookie } = await queueWith(3)
    const response = await get(letter.id, cookie)
    expect(response.status).toBe(200)
    expect(response.data.view.counts).toMatchObject({ confirmed: 3, approved: 0 })
    expect(response.data.view.rows.map((row: { name: string }) => row.name)).toEqual([
      'Signer 0',
      'Signer 1',
      'Signer 2',
    ])
    expect(response.data.view.rows[0].emailDomain).toBe('example.org')
    // Moderators see the domain, never the address.
    expect(JSON.stringify(response.data)).not.toMatch(/signer-[0-9a-f]{8}@example\.org/)
  })

  test('signed out goes to sign-in and comes back', async () => {
    const { letter } = await queueWith(0)
    const response = await get(letter.id, null)
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe(
      `/admin/sign-in?redirectTo=${encodeURIComponent(`/admin/letters/${letter.id}/queue`)}`,
    )
  })

  test('a moderator of another letter gets 403 on the page and on its actions', async () => {
    const { cookie } = await queueWith(0)
    const other = await queueWith(1)
    expect((await get(other.letter.id, cookie)).status).toBe(403)
    expect(
      (await post(other.letter.id, cookie, { intent: 'approve', ids: String(other.signatures[0]!.id) }))
        .status,
    ).toBe(403)
    expect(await getLetterCounts(getDb(), other.letter.id)).toMatchObject({ confirmed: 1, approved: 0 })
  })

  test('approves and rejects selected rows', async () => {
    const { letter, signatures, cookie } = await queueWith(3)
    const approved = await post(letter.id, cookie, {
      intent: 'approve',
      ids: [String(signatures[0]!.id), String(signatures[1]!.id)],
    })
    expect(approved.status).toBe(200)
    expect(approved.data.message).toBe('2 signatures approved.')
    const rejected = await post(letter.id, cookie, {
      intent: 'reject',
      ids: String(signatures[2]!.id),
      reason: 'duplicate',
      note: '',
    })
    expect(rejected.data.message).toBe('1 signature rejected.')
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({
      confirmed: 0,
      approved: 2,
      rejected: 1,
    })

    const again = await post(letter.id, cookie, { intent: 'approve', ids: String(signatures[0]!.id) })
    expect(again.status).toBe(409)
    expect(again.data.message).toBe(
      '0 signatures approved. 1 was no longer awaiting this decision (someone else decided first) and left as they were.',
    )
  })

  test.each([
    ['no intent', { ids: '1' }],
    ['an unknown intent', { intent: 'delete-everything', ids: '1' }],
    ['no ids', { intent: 'approve' }],
    ['ids that are not numbers', { intent: 'approve', ids: ['x', '1;drop table signatures'] }],
    ['a reject without a reason', { intent: 'reject', ids: '1' }],
    ['"other" without a note', { intent: 'reject', ids: '1', reason: 'other', note: '' }],
    ['a bulk confirmation without a count', { intent: 'approve-all', status: 'confirmed' }],
    [
      'a bulk confirmation without its last id',
      { intent: 'approve-all', status: 'confirmed', expected: '1' },
    ],
  ])('%s is refused with 400, and nothing moves', async (_label, fields) => {
    const { letter, cookie } = await queueWith(1)
    const response = await post(letter.id, cookie, fields as Record<string, string>)
    expect(response.status).toBe(400)
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({
      confirmed: 1,
      approved: 0,
      rejected: 0,
    })
  })

  test('"all N matching" decides exactly the confirmed number, or asks again', async () => {
    const { letter, cookie } = await queueWith(6)
    const preview = await get(letter.id, cookie, '?status=confirmed&q=odd&confirm=approve')
    expect(preview.data.bulk).toMatchObject({ kind: 'approve', count: 3 })
    const maxId = String(preview.data.bulk.maxId)
    // A signature confirmed after the moderator looked is not part of what they confirmed.
    const newcomer = await createTestSignature(getDb(), letter, {
      status: 'confirmed',
      name: 'Late',
      organization: 'Odd LLP',
    })

    const stale = await post(
      letter.id,
      cookie,
      { intent: 'approve-all', status: 'confirmed', q: 'odd', expected: '5', maxId },
      '?status=confirmed&q=odd&confirm=approve',
    )
    expect(stale.status).toBe(409)
    expect(stale.data.recount).toBe(3)
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ approved: 0 })

    const done = await post(
      letter.id,
      cookie,
      { intent: 'approve-all', status: 'confirmed', q: 'odd', expected: '3', maxId },
      '?status=confirmed&q=odd&confirm=approve',
    )
    expect(done.status).toBe(302)
    expect(done.headers.get('Location')).toMatch(
      /^\/admin\/letters\/\d+\/queue\?status=confirmed&q=odd&done=approved%3A3%3A0$/,
    )
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ approved: 3, confirmed: 4 })
    expect((await getSignatureById(getDb(), newcomer.id))!.status).toBe('confirmed')

    const shown = await get(letter.id, cookie, '?status=confirmed&done=approved%3A3%3A0')
    expect(shown.data.done).toBe('3 signatures approved.')
    const forged = await get(letter.id, cookie, '?status=confirmed&done=Your+session+expired')
    expect(forged.data.done).toBeNull()
  })

  test('filters on an IP range from the Protection tab, and "reject all matching" rejects just those', async () => {
    const { letter, cookie } = await queueWith(0)
    const fromRange = []
    for (const ip of ['203.0.113.7', '203.0.113.200']) {
      fromRange.push(await createTestSignature(getDb(), letter, { status: 'confirmed', clientIp: ip }))
    }
    const elsewhere = await createTestSignature(getDb(), letter, {
      status: 'confirmed',
      clientIp: '203.0.114.7',
    })
    const query = '?status=confirmed&range=203.0.113.0%2F24'
    const filtered = await get(letter.id, cookie, query)
    expect(filtered.data.view.filter.range).toBe('203.0.113.0/24')
    expect(filtered.data.view.rows.map((row: { id: number }) => row.id)).toEqual(fromRange.map((s) => s.id))
    const preview = await get(letter.id, cookie, `${query}&confirm=reject`)
    expect(preview.data.bulk).toMatchObject({ kind: 'reject', count: 2 })
    const done = await post(
      letter.id,
      cookie,
      {
        intent: 'reject-all',
        status: 'confirmed',
        range: '203.0.113.0/24',
        expected: '2',
        maxId: String(preview.data.bulk.maxId),
        reason: 'fake',
      },
      `${query}&confirm=reject`,
    )
    expect(done.status).toBe(302)
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ rejected: 2, confirmed: 1 })
    expect((await getSignatureById(getDb(), elsewhere.id))!.status).toBe('confirmed')
  })
})

describe('verifying a signature', () => {
  test('records the moderator, the evidence and the level, with an audit event', async () => {
    const { letter, signatures, cookie } = await queueWith(1)
    const signature = signatures[0]!
    const response = await post(letter.id, cookie, {
      intent: 'verify',
      id: String(signature.id),
      evidence: '  https://example.org/staff/maya-okafor  ',
    })
    expect(response.status).toBe(200)
    expect(response.data.message).toBe('Signature verified by a moderator.')
    const stored = (await getSignatureById(getDb(), signature.id))!
    expect(stored).toMatchObject({
      status: 'confirmed',
      verification_level: 'moderator',
      verification_method: 'moderator-check',
      verification_evidence: 'https://example.org/staff/maya-okafor',
    })
    expect(stored.verified_by).toMatch(/^.+ <.+@.+>$/)
    expect(stored.verified_at).not.toBeNull()

    const events = await getDb()
      .selectFrom('audit_events')
      .selectAll()
      .where('signature_id', '=', signature.id)
      .where('action', '=', 'signature.verified')
      .execute()
    expect(events).toHaveLength(1)
    expect(JSON.parse(events[0]!.before!)).toMatchObject({ level: 'email' })
    expect(JSON.parse(events[0]!.after!)).toMatchObject({ level: 'moderator', method: 'moderator-check' })
    expect(events[0]!.actor_label).toBe(stored.verified_by)

    // The queue shows the level in words.
    const page = await get(letter.id, cookie)
    expect(page.data.view.rows[0].verification_level).toBe('moderator')
  })

  test('without evidence, or with too much, it refuses with 400 and changes nothing', async () => {
    const { letter, signatures, cookie } = await queueWith(1)
    const id = String(signatures[0]!.id)
    for (const evidence of [undefined, '   ', 'x'.repeat(501)]) {
      const response = await post(letter.id, cookie, {
        intent: 'verify',
        id,
        ...(evidence === undefined ? {} : { evidence }),
      })
      expect(response.status).toBe(400)
      expect(response.data.result.error.evidence).toBeTruthy()
    }
    expect((await getSignatureById(getDb(), signatures[0]!.id))!.verification_level).toBe('email')
  })

  test('a moderator of another letter gets 403; a signature of another letter is refused', async () => {
    const mine = await queueWith(1)
    const other = await queueWith(1)
    const theirs = other.signatures[0]!
    const forbidden = await post(other.letter.id, mine.cookie, {
      intent: 'verify',
      id: String(theirs.id),
      evidence: 'A note',
    })
    expect(forbidden.status).toBe(403)
    // Through my own letter's queue, their signature is not mine to verify.
    const crossed = await post(mine.letter.id, mine.cookie, {
      intent: 'verify',
      id: String(theirs.id),
      evidence: 'A note',
    })
    expect(crossed.status).toBe(409)
    expect((await getSignatureById(getDb(), theirs.id))!.verification_level).toBe('email')
    const events = await getDb()
      .selectFrom('audit_events')
      .select('id')
      .where('signature_id', '=', theirs.id)
      .execute()
    expect(events).toEqual([])
  })
})

async function flag(signatureId: number, kind: SignatureFlagKind = 'licence-not-found') {
  return insertSignatureFlag(getDb(), { signatureId, kind, detail: { number: '1', rosters: ['Bar'] } })
}

const flagRow = (id: number) =>
  getDb()
    .selectFrom('signature_flags')
    .select(['resolved_at', 'resolved_by_user_id', 'resolution'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()

describe('flags in the queue', () => {
  test('"Dismiss" resolves one flag as dismissed by the moderator, audited; a second time is a 409', async () => {
    const { letter, signatures, cookie } = await queueWith(1)
    const flagged = await flag(signatures[0]!.id)
    const response = await post(letter.id, cookie, { intent: 'dismiss-flag', flagId: String(flagged.id) })
    expect(response.status).toBe(200)
    expect(response.data.message).toBe('Flag dismissed.')
    const row = await flagRow(flagged.id)
    expect(row.resolution).toBe('dismissed')
    expect(row.resolved_at).not.toBeNull()
    expect(row.resolved_by_user_id).toEqual(expect.any(Number))
    const events = await getDb()
      .selectFrom('audit_events')
      .select(['actor_user_id', 'before'])
      .where('signature_id', '=', signatures[0]!.id)
      .where('action', '=', 'signature.flag-dismissed')
      .execute()
    expect(events).toEqual([
      {
        actor_user_id: row.resolved_by_user_id,
        before: expect.stringContaining('"kind":"licence-not-found"'),
      },
    ])
    // The queue no longer shows it.
    expect((await get(letter.id, cookie)).data.view.rows[0].flags).toEqual([])

    const again = await post(letter.id, cookie, { intent: 'dismiss-flag', flagId: String(flagged.id) })
    expect(again.status).toBe(409)
  })

  test('a moderator of another letter is refused: 403 through that letter, 404 through their own', async () => {
    const mine = await queueWith(0)
    const other = await queueWith(1)
    const theirs = await flag(other.signatures[0]!.id)
    const forbidden = await post(other.letter.id, mine.cookie, {
      intent: 'dismiss-flag',
      flagId: String(theirs.id),
    })
    expect(forbidden.status).toBe(403)
    const crossed = await post(mine.letter.id, mine.cookie, {
      intent: 'dismiss-flag',
      flagId: String(theirs.id),
    })
    expect(crossed.status).toBe(404)
    expect(await flagRow(theirs.id)).toEqual({
      resolved_at: null,
      resolved_by_user_id: null,
      resolution: null,
    })
  })

  test.each([
    ['no flag id', {}],
    ['a flag id that is not a number', { flagId: 'x' }],
  ])('%s is a 400', async (_label, fields) => {
    const { letter, cookie } = await queueWith(0)
    expect((await post(letter.id, cookie, { intent: 'dismiss-flag', ...fields })).status).toBe(400)
  })

  test('approving resolves the signature’s open flags as decided; a rejection too', async () => {
    const { letter, signatures, cookie } = await queueWith(3)
    const [first, second, untouched] = signatures
    const flags = [await flag(first!.id), await flag(first!.id, 'licence-conflict'), await flag(second!.id)]
    const other = await flag(untouched!.id)
    await post(letter.id, cookie, { intent: 'approve', ids: String(first!.id) })
    await post(letter.id, cookie, { intent: 'reject', ids: String(second!.id), reason: 'fake', note: '' })
    for (const { id } of flags) expect((await flagRow(id)).resolution).toBe('decided')
    expect((await flagRow(other.id)).resolution).toBeNull()
    const [approval] = await getDb()
      .selectFrom('audit_events')
      .select('after')
      .where('signature_id', '=', first!.id)
      .where('action', '=', 'signature.approved')
      .execute()
    expect(JSON.parse(approval!.after!)).toEqual({
      status: 'approved',
      resolvedFlags: ['licence-not-found', 'licence-conflict'],
    })
  })

  test('the Flagged filter shows only signatures with open flags, and each tab’s number of them', async () => {
    const { letter, signatures, cookie } = await queueWith(4)
    await flag(signatures[1]!.id)
    await flag(signatures[1]!.id, 'licence-conflict')
    const dismissed = await flag(signatures[2]!.id)
    await post(letter.id, cookie, { intent: 'dismiss-flag', flagId: String(dismissed.id) })
    const approvedFlagged = await createTestSignature(getDb(), letter, { status: 'approved', name: 'Listed' })
    await flag(approvedFlagged.id)

    const page = await get(letter.id, cookie, '?status=confirmed&flagged=1')
    expect(page.data.view.filter.flagged).toBe(true)
    expect(page.data.view.rows.map((row: { name: string }) => row.name)).toEqual(['Signer 1'])
    expect(page.data.view.flaggedCounts).toMatchObject({ confirmed: 1, approved: 1, rejected: 0 })
    const approvedTab = await get(letter.id, cookie, '?status=approved&flagged=1')
    expect(approvedTab.data.view.rows.map((row: { name: string }) => row.name)).toEqual(['Listed'])

    // "Approve all matching" with the filter approves only the flagged one.
    const preview = await get(letter.id, cookie, '?status=confirmed&flagged=1&confirm=approve')
    expect(preview.data.bulk).toMatchObject({ count: 1 })
    const done = await post(letter.id, cookie, {
      intent: 'approve-all',
      status: 'confirmed',
      flagged: '1',
      expected: '1',
      maxId: String(preview.data.bulk.maxId),
    })
    expect(done.status).toBe(302)
    expect((await getSignatureById(getDb(), signatures[1]!.id))!.status).toBe('approved')
    expect((await getSignatureById(getDb(), signatures[0]!.id))!.status).toBe('confirmed')
  })

  test('the filter by kind of flag shows only that kind, and a bulk decision keeps to it', async () => {
    const { letter, signatures, cookie } = await queueWith(3)
    await flag(signatures[0]!.id, 'licence-conflict')
    await flag(signatures[1]!.id)
    const names = async (query: string) =>
      (await get(letter.id, cookie, query)).data.view.rows.map((row: { name: string }) => row.name)
    expect(await names('?status=confirmed&flag=licence-conflict')).toEqual(['Signer 0'])
    expect(await names('?status=confirmed&flag=licence-not-found')).toEqual(['Signer 1'])
    // An unknown kind is ignored rather than refused.
    expect(await names('?status=confirmed&flag=made-up')).toHaveLength(3)

    const preview = await get(letter.id, cookie, '?status=confirmed&flag=licence-conflict&confirm=reject')
    expect(preview.data.bulk).toMatchObject({ count: 1 })
    const done = await post(letter.id, cookie, {
      intent: 'reject-all',
      status: 'confirmed',
      flag: 'licence-conflict',
      reason: 'duplicate',
      expected: '1',
      maxId: String(preview.data.bulk.maxId),
    })
    expect(done.status).toBe(302)
    expect((await getSignatureById(getDb(), signatures[0]!.id))!.status).toBe('rejected')
    expect((await getSignatureById(getDb(), signatures[1]!.id))!.status).toBe('confirmed')
  })

  test('rows carry the letter’s listing requirement, for the "not public" hint', async () => {
    const db = getDb()
    const letter = await createTestLetter(db, {
      moderationRequired: true,
      policy: { listingRequires: 'profession' },
    })
    await createTestSignature(db, letter, { status: 'confirmed', name: 'Email only' })
    await createTestSignature(db, letter, { status: 'confirmed', name: 'Checked', verifiedAs: 'moderator' })
    const moderator = await createTestUser(db, { letterId: letter.id, memberRole: 'moderator' })
    const page = await get(letter.id, await signedInCookie(moderator))
    expect(page.data.view.listingRequires).toBe('profession')
    const levels = page.data.view.rows.map((row: { name: string; verification_level: string }) => [
      row.name,
      row.verification_level,
    ])
    expect(levels).toEqual([
      ['Email only', 'email'],
      ['Checked', 'moderator'],
    ])
  })
})
