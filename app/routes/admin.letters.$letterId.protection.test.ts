import { describe, expect, test } from 'vitest'
import { listBlockRules } from '~/models/block-rule.server'
import { listWatchlistNames } from '~/models/watchlist.server'
import { getDb } from '~/utils/db.server'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { createTestLetter, createTestSignature, formRequest } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { action, loader } from './admin.letters.$letterId.protection'

const base = 'http://localhost:3000'
const url = (letterId: number, query = '') => `${base}/admin/letters/${letterId}/protection${query}`

async function letterWithMember(memberRole: 'organizer' | 'moderator' = 'moderator') {
  const letter = await createTestLetter(getDb(), { moderationRequired: true })
  const user = await createTestUser(getDb(), { letterId: letter.id, memberRole })
  return { letter, cookie: await signedInCookie(user) }
}

const get = (letterId: number, cookie: string | null, query = '') =>
  callRoute(loader, new Request(url(letterId, query), { headers: cookie ? { Cookie: cookie } : {} }), {
    letterId: String(letterId),
  })
const post = (letterId: number, cookie: string, fields: Record<string, string>) =>
  callRoute(action, formRequest(url(letterId), fields, { Cookie: cookie }), { letterId: String(letterId) })

const rulesOf = async (letterId: number) =>
  (await listBlockRules(getDb(), letterId)).map((rule) => `${rule.kind} ${rule.value}`)

describe('the Protection tab', () => {
  test('signed out goes to sign in; a member of another letter gets 403 and changes nothing', async () => {
    const { letter } = await letterWithMember()
    expect((await get(letter.id, null)).status).toBe(302)
    const stranger = await letterWithMember('organizer')
    expect((await get(letter.id, stranger.cookie)).status).toBe(403)
    const attempts: Array<Record<string, string>> = [
      { intent: 'add-rule', kind: 'domain', value: 'spam.example' },
      { intent: 'block', kind: 'domain', value: 'spam.example' },
      { intent: 'add-names', names: 'Barack Obama' },
    ]
    for (const fields of attempts) {
      expect((await post(letter.id, stranger.cookie, fields)).status).toBe(403)
    }
    expect(await rulesOf(letter.id)).toEqual([])
    expect(await listWatchlistNames(getDb(), letter.id)).toEqual([])
  })

  test('shows trends for 1, 6 or 24 hours (6 unless asked), linking into the review tab', async () => {
    const { letter, cookie } = await letterWithMember()
    await createTestSignature(getDb(), letter, { clientIp: '203.0.113.4', email: 'x@busy.example' })
    const page = await get(letter.id, cookie)
    expect(page.status).toBe(200)
    expect(page.data.trends.windowHours).toBe(6)
    expect(page.data.queueStatus).toBe('confirmed')
    expect(page.data.trends.perHour).toHaveLength(48)
    expect(page.data.trends.ranges).toEqual([{ value: '203.0.113.0/24', count: 1, blocked: false }])
    expect(page.data.trends.domains).toEqual([{ value: 'busy.example', count: 1, blocked: false }])
    expect((await get(letter.id, cookie, '?hours=24')).data.trends.windowHours).toBe(24)
    expect((await get(letter.id, cookie, '?hours=5000')).data.trends.windowHours).toBe(6)
  })

  test('"Block" next to a busy source adds a rule, audited; a second press says it was already blocked', async () => {
    const { letter, cookie } = await letterWithMember()
    const blocked = await post(letter.id, cookie, {
      intent: 'block',
      kind: 'ip-range',
      value: '203.0.113.0/24',
    })
    expect(blocked.status).toBe(200)
    expect(blocked.data.notice).toMatch(/^Blocked 203\.0\.113\.0\/24: new signatures from this network wait/)
    const again = await post(letter.id, cookie, {
      intent: 'block',
      kind: 'ip-range',
      value: '203.0.113.0/24',
    })
    expect(again.status).toBe(409)
    expect(again.data.notice).toBe('203.0.113.0/24 was already blocked: nothing changed.')
    const bad = await post(letter.id, cookie, { intent: 'block', kind: 'email', value: 'a@b.example' })
    expect(bad.status).toBe(400)
    expect(await rulesOf(letter.id)).toEqual(['ip-range 203.0.113.0/24'])
    const events = await getDb()
      .selectFrom('audit_events')
      .select('action')
      .where('letter_id', '=', letter.id)
      .execute()
    expect(events).toEqual([{ action: 'block-rule.added' }])
  })

  test.each([
    ['ip-range', ' 2001:DB8:1::/48 ', 'ip-range 2001:db8:1::/48'],
    ['ip-range', '::ffff:192.0.2.7', 'ip-range 192.0.2.7'],
    ['domain', '@Spam.Example.', 'domain spam.example'],
    ['email', ' Someone@Spam.Example ', 'email someone@spam.example'],
  ])('a %s rule %o is stored tidied', async (kind, value, stored) => {
    const { letter, cookie } = await letterWithMember()
    const added = await post(letter.id, cookie, { intent: 'add-rule', kind, value, note: '  Bot wave  ' })
    expect(added.status).toBe(200)
    expect(await rulesOf(letter.id)).toEqual([stored])
    expect((await listBlockRules(getDb(), letter.id))[0]!.note).toBe('Bot wave')
  })

  test.each([
    ['ip-range', '', 'Enter an IP address or range, like 203.0.113.0/24'],
    ['ip-range', 'spam.example', /^Enter one IP address/],
    ['ip-range', '203.0.113.0/33', /^Enter one IP address/],
    ['ip-range', '999.1.1.1', /^Enter one IP address/],
    ['domain', 'https://spam.example/x', 'Enter the domain alone, without http:// or a path'],
    ['domain', 'localhost', /full domain with a dot/],
    ['domain', 'a@spam.example', 'Enter the domain alone, without a name and @'],
    ['email', 'not an address', 'Enter one whole email address, like name@example.org'],
    ['email', '', 'Enter an email address, like name@example.org'],
  ])('a %s rule of %o is refused with a field error and the input kept', async (kind, value, message) => {
    const { letter, cookie } = await letterWithMember()
    const response = await post(letter.id, cookie, { intent: 'add-rule', kind, value })
    expect(response.status).toBe(400)
    expect(response.data.intent).toBe('add-rule')
    expect(response.data.result.error.value).toEqual([expect.stringMatching(message)])
    expect(response.data.result.initialValue).toMatchObject({ kind })
    expect(await rulesOf(letter.id)).toEqual([])
  })

  test('an unknown kind or a note too long is refused; a duplicate rule is a field error that says so', async () => {
    const { letter, cookie } = await letterWithMember()
    const badKind = await post(letter.id, cookie, { intent: 'add-rule', kind: 'country', value: 'x' })
    expect(badKind.status).toBe(400)
    expect(badKind.data.result.error.kind).toEqual([
      'Choose what to block: an IP range, a domain or an address',
    ])
    const longNote = await post(letter.id, cookie, {
      intent: 'add-rule',
      kind: 'domain',
      value: 'spam.example',
      note: 'x'.repeat(201),
    })
    expect(longNote.data.result.error.note).toEqual(['The note must be at most 200 characters'])
    await post(letter.id, cookie, { intent: 'add-rule', kind: 'domain', value: 'spam.example' })
    const duplicate = await post(letter.id, cookie, {
      intent: 'add-rule',
      kind: 'domain',
      value: 'SPAM.example',
    })
    expect(duplicate.status).toBe(400)
    expect(duplicate.data.result.error.value).toEqual(['spam.example is already blocked (email domain).'])
    expect(await rulesOf(letter.id)).toEqual(['domain spam.example'])
  })

  test('removes a rule; removing it again says it was already gone', async () => {
    const { letter, cookie } = await letterWithMember()
    await post(letter.id, cookie, { intent: 'add-rule', kind: 'domain', value: 'spam.example' })
    const [rule] = await listBlockRules(getDb(), letter.id)
    const removed = await post(letter.id, cookie, { intent: 'remove-rule', ruleId: String(rule!.id) })
    expect(removed.status).toBe(200)
    expect(removed.data.notice).toMatch(/^spam\.example is no longer blocked/)
    const again = await post(letter.id, cookie, { intent: 'remove-rule', ruleId: String(rule!.id) })
    expect(again.status).toBe(409)
    expect(again.data.result.error['']).toEqual(['That rule was already removed (perhaps by someone else).'])
    expect((await post(letter.id, cookie, { intent: 'remove-rule', ruleId: 'x' })).status).toBe(400)
  })

  test('adds several watchlist names at once, one per line, skipping blanks and repeats', async () => {
    const { letter, cookie } = await letterWithMember()
    const added = await post(letter.id, cookie, {
      intent: 'add-names',
      names: 'Barack Obama\r\n\r\n  Taylor   Swift \nbarack obama\n',
    })
    expect(added.status).toBe(200)
    expect(added.data.notice).toBe('Added 2 names to the watchlist.')
    const more = await post(letter.id, cookie, { intent: 'add-names', names: 'TAYLOR SWIFT\nXi Jinping' })
    expect(more.data.notice).toBe('Added 1 name to the watchlist. Already on it: TAYLOR SWIFT.')
    const none = await post(letter.id, cookie, { intent: 'add-names', names: 'Xi Jinping' })
    expect(none.status).toBe(400)
    expect(none.data.result.error.names).toEqual([
      'Every one of these is already on the watchlist. Already on it: Xi Jinping.',
    ])
    const page = await get(letter.id, cookie)
    expect(page.data.names.map((entry: { name: string }) => entry.name)).toEqual([
      'Barack Obama',
      'Taylor Swift',
      'Xi Jinping',
    ])

    const removed = await post(letter.id, cookie, {
      intent: 'remove-name',
      nameId: String(page.data.names[0].id),
    })
    expect(removed.data.notice).toBe('Barack Obama is no longer on the watchlist.')
    const again = await post(letter.id, cookie, {
      intent: 'remove-name',
      nameId: String(page.data.names[0].id),
    })
    expect(again.status).toBe(409)
  })

  test.each([
    ['nothing', '', 'Enter at least one name, one per line'],
    ['only blank lines', '\n  \n', 'Enter at least one name, one per line'],
    ['a name too long', `Ok Name\n${'A'.repeat(121)}`, /^A name has at most 120 characters/],
    ['a line without letters', 'Ok Name\n12345', '“12345” is not a name: write one name per line'],
    [
      'too many names',
      Array.from({ length: 201 }, (_, i) => `Name ${i}`).join('\n'),
      'Add at most 200 names at once',
    ],
  ])('%s on the watchlist is refused with 400, adding nothing', async (_label, names, message) => {
    const { letter, cookie } = await letterWithMember()
    const response = await post(letter.id, cookie, { intent: 'add-names', names })
    expect(response.status).toBe(400)
    expect(response.data.result.error.names).toEqual([expect.stringMatching(message)])
    expect(await listWatchlistNames(getDb(), letter.id)).toEqual([])
  })
})
