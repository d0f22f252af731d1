import { describe, expect, test } from 'vitest'
import { listOutboxEmailsTo } from '~/models/outbox.server'
import { getSignatureById } from '~/models/signature.server'
import { getDb } from '~/utils/db.server'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { createTestLetter, createTestSignature, formRequest } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { loader as layoutLoader } from './admin.letters.$letterId'
import { action, loader } from './admin.letters.$letterId.suspected'

const base = 'http://localhost:3000'
const url = (letterId: number, query = '') => `${base}/admin/letters/${letterId}/suspected${query}`

async function letterWithSuspects(count: number) {
  const db = getDb()
  const letter = await createTestLetter(db)
  const suspects = []
  for (let index = 0; index < count; index++) {
    suspects.push(
      await createTestSignature(db, letter, {
        name: `Suspect ${index}`,
        clientIp: '203.0.113.9',
        quarantineReason: index % 2 ? 'blocked-domain' : 'ip-burst-limit',
      }),
    )
  }
  await createTestSignature(db, letter, { name: 'Plain signer' })
  return { letter, suspects }
}

async function cookieFor(letterId: number, memberRole: 'organizer' | 'moderator') {
  return signedInCookie(await createTestUser(getDb(), { letterId, memberRole }))
}

const get = (letterId: number, cookie: string | null, query = '') =>
  callRoute(loader, new Request(url(letterId, query), { headers: cookie ? { Cookie: cookie } : {} }), {
    letterId: String(letterId),
  })
const post = (letterId: number, cookie: string, fields: Record<string, string | string[]>) =>
  callRoute(action, formRequest(url(letterId), fields, { Cookie: cookie }), { letterId: String(letterId) })

describe('the Suspected tab', () => {
  test('signed out, page and actions send you to sign in', async () => {
    const { letter, suspects } = await letterWithSuspects(1)
    expect((await get(letter.id, null)).status).toBe(302)
    const posted = await callRoute(
      action,
      formRequest(url(letter.id), { intent: 'release', ids: String(suspects[0]!.id) }),
      { letterId: String(letter.id) },
    )
    expect(posted.status).toBe(302)
    expect((await getSignatureById(getDb(), suspects[0]!.id))!.quarantine_reason).toBe('ip-burst-limit')
  })

  test('a member of another letter gets 403 on the page and its actions, and nothing moves', async () => {
    const { letter, suspects } = await letterWithSuspects(1)
    const other = await createTestLetter(getDb())
    const cookie = await cookieFor(other.id, 'organizer')
    expect((await get(letter.id, cookie)).status).toBe(403)
    for (const intent of ['release', 'discard']) {
      expect((await post(letter.id, cookie, { intent, ids: String(suspects[0]!.id) })).status).toBe(403)
    }
    expect(await getSignatureById(getDb(), suspects[0]!.id)).toMatchObject({
      status: 'unconfirmed',
      quarantine_reason: 'ip-burst-limit',
    })
    expect((await get(999_999, cookie)).status).toBe(404)
  })

  test('moderators see rows newest first with the domain only; organizers see the address; the tab shows the count', async () => {
    const { letter, suspects } = await letterWithSuspects(3)
    const asModerator = await get(letter.id, await cookieFor(letter.id, 'moderator'))
    expect(asModerator.status).toBe(200)
    expect(asModerator.data.count).toBe(3)
    expect(asModerator.data.showsEmail).toBe(false)
    expect(asModerator.data.rows.map((row: { name: string }) => row.name)).toEqual([
      'Suspect 2',
      'Suspect 1',
      'Suspect 0',
    ])
    expect(asModerator.data.rows[1]).toMatchObject({
      email: null,
      emailDomain: 'example.org',
      ip_range: '203.0.113.0/24',
      quarantine_reason: 'blocked-domain',
    })
    expect(JSON.stringify(asModerator.data)).not.toContain(suspects[0]!.email)

    const organizerCookie = await cookieFor(letter.id, 'organizer')
    const asOrganizer = await get(letter.id, organizerCookie)
    expect(asOrganizer.data.rows[2].email).toBe(suspects[0]!.email)
    const layout = await callRoute(
      layoutLoader,
      new Request(url(letter.id), { headers: { Cookie: organizerCookie } }),
      { letterId: String(letter.id) },
    )
    expect(layout.data.suspected).toBe(3)
  })

  test('pages older rows by keyset; a bad cursor shows the first page', async () => {
    const { letter } = await letterWithSuspects(52)
    const cookie = await cookieFor(letter.id, 'moderator')
    const first = await get(letter.id, cookie)
    expect(first.data.rows).toHaveLength(50)
    expect(first.data.nextCursor).toBe(first.data.rows[49].id)
    const second = await get(letter.id, cookie, `?before=${first.data.nextCursor}`)
    expect(second.data.rows.map((row: { name: string }) => row.name)).toEqual(['Suspect 1', 'Suspect 0'])
    expect(second.data.paged).toBe(true)
    expect((await get(letter.id, cookie, '?before=abc')).data.rows[0].name).toBe('Suspect 51')
  })

  test('releasing selected rows emails each signer; a second try at the same rows is a 409 that says why', async () => {
    const { letter, suspects } = await letterWithSuspects(2)
    const cookie = await cookieFor(letter.id, 'moderator')
    const ids = suspects.map((s) => String(s.id))
    const released = await post(letter.id, cookie, { intent: 'release', ids })
    expect(released.status).toBe(200)
    expect(released.data.message).toBe(
      'Released 2 signatures: each signer was sent the confirmation email, and confirms as anyone else.',
    )
    for (const suspect of suspects) {
      expect((await listOutboxEmailsTo(getDb(), suspect.email)).map((e) => e.template)).toEqual([
        'confirm-signature',
      ])
    }
    const again = await post(letter.id, cookie, { intent: 'release', ids })
    expect(again.status).toBe(409)
    expect(again.data.message).toBe(
      'Nothing was released. 2 were no longer suspected (someone else released or discarded them first) and left as they were.',
    )
  })

  test('discarding one row rejects it as fake; discarding it again is a 409', async () => {
    const { letter, suspects } = await letterWithSuspects(1)
    const cookie = await cookieFor(letter.id, 'moderator')
    const fields = { intent: 'discard', ids: String(suspects[0]!.id) }
    const discarded = await post(letter.id, cookie, fields)
    expect(discarded.status).toBe(200)
    expect(discarded.data.message).toMatch(/^Discarded 1 signature as fake: it is under Rejected/)
    expect(await getSignatureById(getDb(), suspects[0]!.id)).toMatchObject({
      status: 'rejected',
      rejection_reason: 'fake',
    })
    const again = await post(letter.id, cookie, fields)
    expect(again.status).toBe(409)
    expect(again.data.message).toMatch(
      /1 was no longer suspected \(someone else released or discarded it first\)/,
    )
  })

  test.each([
    ['no selection', { intent: 'release' }],
    ['an unknown intent', { intent: 'approve', ids: '1' }],
    ['ids that are not numbers', { intent: 'discard', ids: ['x', '1;drop table signatures'] }],
    ['more than a page', { intent: 'release', ids: Array.from({ length: 51 }, (_, i) => String(i + 1)) }],
  ])('%s is a 400 that changes nothing', async (_label, fields) => {
    const { letter, suspects } = await letterWithSuspects(1)
    const response = await post(letter.id, await cookieFor(letter.id, 'moderator'), fields)
    expect(response.status).toBe(400)
    expect(response.data.result.error).toBeTruthy()
    expect((await getSignatureById(getDb(), suspects[0]!.id))!.quarantine_reason).toBe('ip-burst-limit')
  })
})
