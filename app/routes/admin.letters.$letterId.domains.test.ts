import { describe, expect, test } from 'vitest'
import { listEmployerDomains } from '~/models/employer-domain.server'
import { getDb } from '~/utils/db.server'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { createTestLetter, formRequest } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { action, loader } from './admin.letters.$letterId.domains'

const base = 'http://localhost:3000'
const domainsUrl = (letterId: number) => `${base}/admin/letters/${letterId}/domains`

async function open(letterId: number, cookie?: string) {
  return callRoute(loader, new Request(domainsUrl(letterId), { headers: cookie ? { Cookie: cookie } : {} }), {
    letterId: String(letterId),
  })
}

async function post(letterId: number, fields: Record<string, string>, cookie?: string) {
  return callRoute(action, formRequest(domainsUrl(letterId), fields, cookie ? { Cookie: cookie } : {}), {
    letterId: String(letterId),
  })
}

const addForm = (overrides: Record<string, string> = {}) => ({
  intent: 'add',
  domain: 'pd.lacounty.gov',
  organization: 'LA County Public Defender',
  profession: 'Public defender',
  ...overrides,
})

async function letterWithOrganizer() {
  const letter = await createTestLetter(getDb())
  const organizer = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'organizer' })
  return { letter, organizer, cookie: await signedInCookie(organizer) }
}

async function auditEvents(letterId: number) {
  return getDb()
    .selectFrom('audit_events')
    .select(['action', 'actor_user_id', 'before', 'after'])
    .where('letter_id', '=', letterId)
    .orderBy('id')
    .execute()
}

describe('the employer domains page', () => {
  test('signed out, the page and its actions send you to sign in', async () => {
    const letter = await createTestLetter(getDb())
    const page = await open(letter.id)
    expect(page.status).toBe(302)
    expect(page.headers.get('Location')).toBe(
      `/admin/sign-in?redirectTo=${encodeURIComponent(`/admin/letters/${letter.id}/domains`)}`,
    )
    const posted = await post(letter.id, addForm())
    expect(posted.status).toBe(302)
    expect(await listEmployerDomains(getDb(), letter.id)).toEqual([])
  })

  test('a moderator gets 403, page and actions', async () => {
    const letter = await createTestLetter(getDb())
    const moderator = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
    const cookie = await signedInCookie(moderator)
    expect((await open(letter.id, cookie)).status).toBe(403)
    expect((await post(letter.id, addForm(), cookie)).status).toBe(403)
    expect(await listEmployerDomains(getDb(), letter.id)).toEqual([])
  })

  test('an organizer adds a domain, sees it listed, and removes it; both are audited', async () => {
    const { letter, organizer, cookie } = await letterWithOrganizer()
    const added = await post(
      letter.id,
      addForm({ domain: '  PD.LACounty.GOV. ', includeSubdomains: 'on' }),
      cookie,
    )
    expect(added.status).toBe(200)
    expect(added.data.notice).toMatch(/pd\.lacounty\.gov and its subdomains/)

    const page = await open(letter.id, cookie)
    expect(page.status).toBe(200)
    expect(page.data.domains).toEqual([
      {
        id: expect.any(Number),
        domain: 'pd.lacounty.gov',
        includeSubdomains: true,
        organization: 'LA County Public Defender',
        profession: 'Public defender',
      },
    ])
    const [row] = await listEmployerDomains(getDb(), letter.id)
    expect(row!.created_by_user_id).toBe(organizer.id)

    const removed = await post(letter.id, { intent: 'remove', domainId: String(row!.id) }, cookie)
    expect(removed.status).toBe(200)
    expect(await listEmployerDomains(getDb(), letter.id)).toEqual([])
    // Removing it again: already gone, a clear answer rather than a 500.
    expect((await post(letter.id, { intent: 'remove', domainId: String(row!.id) }, cookie)).status).toBe(409)

    const events = await auditEvents(letter.id)
    expect(events.map((event) => event.action)).toEqual(['domain.added', 'domain.removed'])
    expect(events.every((event) => event.actor_user_id === organizer.id)).toBe(true)
    expect(JSON.parse(events[0]!.after!)).toEqual({
      domain: 'pd.lacounty.gov',
      includeSubdomains: true,
      organization: 'LA County Public Defender',
      profession: 'Public defender',
    })
    expect(JSON.parse(events[1]!.before!)).toMatchObject({ domain: 'pd.lacounty.gov' })
  })

  test('the checkbox left empty means the exact domain only', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    expect((await post(letter.id, addForm(), cookie)).status).toBe(200)
    expect((await listEmployerDomains(getDb(), letter.id))[0]!.include_subdomains).toBe(0)
  })

  test.each([
    ['', /Enter a domain/],
    ['https://pd.lacounty.gov', /without http/],
    ['pd.lacounty.gov/staff', /without http/],
    ['ana@pd.lacounty.gov', /without a name and @/],
    ['localhost', /with a dot/],
    ['pd..lacounty.gov', /letters, digits and hyphens/],
    ['-pd.lacounty.gov', /letters, digits and hyphens/],
    ['pd.lacounty.gov ; drop', /letters, digits and hyphens/],
    ['10.0.0.1', /not an IP address/],
    [
      `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(60)}.org`,
      /at most 253/,
    ],
  ])('refuses %j with 400 and a field error', async (domain, message) => {
    const { letter, cookie } = await letterWithOrganizer()
    const response = await post(letter.id, addForm({ domain }), cookie)
    expect(response.status).toBe(400)
    expect(response.data.result.error.domain.join(' ')).toMatch(message)
    expect(await listEmployerDomains(getDb(), letter.id)).toEqual([])
  })

  test('organization and profession are required', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const response = await post(letter.id, addForm({ organization: ' ', profession: '' }), cookie)
    expect(response.status).toBe(400)
    expect(Object.keys(response.data.result.error)).toEqual(
      expect.arrayContaining(['organization', 'profession']),
    )
  })

  test('a duplicate domain is a field error, not a 500, and adds nothing', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    expect((await post(letter.id, addForm(), cookie)).status).toBe(200)
    const again = await post(letter.id, addForm({ domain: 'PD.lacounty.gov', organization: 'Other' }), cookie)
    expect(again.status).toBe(400)
    expect(again.data.result.error.domain).toEqual(['pd.lacounty.gov is already on this letter’s list.'])
    expect(await listEmployerDomains(getDb(), letter.id)).toHaveLength(1)
    expect((await auditEvents(letter.id)).map((event) => event.action)).toEqual(['domain.added'])
  })

  test('a malformed body or removal id is a 400', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    expect((await post(letter.id, { intent: 'remove', domainId: 'abc' }, cookie)).status).toBe(400)
    const garbage = await callRoute(
      action,
      new Request(domainsUrl(letter.id), {
        method: 'POST',
        body: 'not a form',
        headers: { 'Content-Type': 'multipart/form-data; boundary=x', Cookie: cookie },
      }),
      { letterId: String(letter.id) },
    )
    expect(garbage.status).toBe(400)
  })

  test('one letter’s organizer cannot remove another letter’s domain', async () => {
    const { letter: other, cookie: otherCookie } = await letterWithOrganizer()
    await post(other.id, addForm(), otherCookie)
    const [row] = await listEmployerDomains(getDb(), other.id)
    const { letter, cookie } = await letterWithOrganizer()
    expect((await post(letter.id, { intent: 'remove', domainId: String(row!.id) }, cookie)).status).toBe(409)
    expect(await listEmployerDomains(getDb(), other.id)).toHaveLength(1)
  })
})
