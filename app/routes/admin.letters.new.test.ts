import { describe, expect, test } from 'vitest'
import { getMembership } from '~/models/letter-member.server'
import { getLetterBySlug } from '~/models/letter.server'
import { getDb } from '~/utils/db.server'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { createTestLetter, formRequest, uniqueSlug } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { action, loader } from './admin.letters.new'

const url = 'http://localhost:3000/admin/letters/new'

const letterForm = (overrides: Record<string, string> = {}) => ({
  intent: 'save',
  title: 'Let judges judge',
  slug: uniqueSlug('new'),
  recipient: 'To: the State Legislature',
  organizersLine: 'Organized by the Test Defenders',
  bodyMarkdown: 'We, the undersigned, **ask** you.',
  moderationRequired: 'on',
  notifyOnApprove: 'on',
  closesAt: '',
  ...overrides,
})

async function ownerCookie() {
  const owner = await createTestUser(getDb(), { role: 'owner' })
  return { owner, cookie: await signedInCookie(owner) }
}

const post = (fields: Record<string, string>, cookie?: string) =>
  callRoute(action, formRequest(url, fields, cookie ? { Cookie: cookie } : {}), {})

describe('creating a letter', () => {
  test('an owner creates a draft and lands on its editor; they are its organizer', async () => {
    const { owner, cookie } = await ownerCookie()
    const fields = letterForm({ closesAt: '2031-03-01T12:00' })
    const response = await post(fields, cookie)
    expect(response.status).toBe(302)
    const letter = (await getLetterBySlug(getDb(), fields.slug))!
    expect(response.headers.get('Location')).toBe(`/admin/letters/${letter.id}/edit?done=created`)
    expect(letter).toMatchObject({
      status: 'draft',
      title: 'Let judges judge',
      moderation_required: 1,
      notify_on_approve: 1,
      notify_on_reject: 0,
      closes_at: '2031-03-01T12:00:00.000Z',
    })
    expect(letter.version).toMatchObject({ version_number: 1, body_markdown: fields.bodyMarkdown })
    expect(await getMembership(getDb(), letter.id, owner.id)).toMatchObject({ role: 'organizer' })
  })

  test('the page offers moderation and emails to approved signers by default', async () => {
    const { cookie } = await ownerCookie()
    const page = await callRoute(loader, new Request(url, { headers: { Cookie: cookie } }), {})
    expect(page.status).toBe(200)
    expect(page.data.defaultValue).toMatchObject({
      moderationRequired: true,
      notifyOnApprove: true,
      notifyOnReject: false,
    })
  })

  test('signed out, the page and the action send you to sign in', async () => {
    const page = await callRoute(loader, new Request(url), {})
    expect(page.status).toBe(302)
    expect(page.headers.get('Location')).toBe(
      `/admin/sign-in?redirectTo=${encodeURIComponent('/admin/letters/new')}`,
    )
    const fields = letterForm()
    expect((await post(fields)).status).toBe(302)
    expect(await getLetterBySlug(getDb(), fields.slug)).toBeNull()
  })

  test('organizers and moderators who are not owners get 403', async () => {
    const letter = await createTestLetter(getDb())
    for (const memberRole of ['organizer', 'moderator'] as const) {
      const member = await createTestUser(getDb(), { letterId: letter.id, memberRole })
      const cookie = await signedInCookie(member)
      expect((await callRoute(loader, new Request(url, { headers: { Cookie: cookie } }), {})).status).toBe(
        403,
      )
      const fields = letterForm()
      expect((await post(fields, cookie)).status).toBe(403)
      expect(await getLetterBySlug(getDb(), fields.slug)).toBeNull()
    }
  })

  test('bad input comes back as field errors with the input kept', async () => {
    const { cookie } = await ownerCookie()
    const response = await post(letterForm({ title: '', slug: 'Not A Slug', closesAt: 'soon' }), cookie)
    expect(response.status).toBe(400)
    expect(response.data.result.error).toMatchObject({
      title: ['Enter a title'],
      slug: ['Use lower-case letters, digits and single hyphens, like let-judges-judge'],
      closesAt: ['Enter a date and time like 2026-12-31 18:00'],
    })
    expect(response.data.result.initialValue).toMatchObject({
      slug: 'Not A Slug',
      recipient: 'To: the State Legislature',
    })
  })

  test('a slug already in use is a field error, not a 500', async () => {
    const { cookie } = await ownerCookie()
    const existing = await createTestLetter(getDb())
    const response = await post(letterForm({ slug: existing.slug }), cookie)
    expect(response.status).toBe(400)
    expect(response.data.result.error.slug).toEqual([
      'Another letter already has this address. Choose another.',
    ])
  })

  test.each([
    ['an empty form', {}],
    ['a field sent twice', { ...letterForm(), title: ['One', 'Two'] }],
    ['an overlong body', letterForm({ bodyMarkdown: 'x'.repeat(60_000) })],
  ])('%s gets 400, never a 500', async (_label, fields) => {
    const { cookie } = await ownerCookie()
    const response = await post(fields as Record<string, string>, cookie)
    expect(response.status).toBe(400)
  })

  test('a body that is not a form gets 400', async () => {
    const { cookie } = await ownerCookie()
    const request = new Request(url, {
      method: 'POST',
      body: JSON.stringify(letterForm()),
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
    })
    expect((await callRoute(action, request, {})).status).toBe(400)
  })

  test('"Preview" renders the sanitized text, keeps the input and stores nothing', async () => {
    const { cookie } = await ownerCookie()
    const fields = letterForm({
      intent: 'preview',
      title: '',
      bodyMarkdown: '## Why\r\n\r\nWe **ask**.<script>alert(1)</script>',
    })
    const response = await post(fields, cookie)
    expect(response.status).toBe(200)
    expect(response.data.previewHtml.trim()).toBe('<h2>Why</h2>\n<p>We <strong>ask</strong>.</p>')
    expect(response.data.result.error).toBeUndefined()
    expect(response.data.result.initialValue).toMatchObject({
      slug: fields.slug,
      recipient: fields.recipient,
    })
    expect(await getLetterBySlug(getDb(), fields.slug)).toBeNull()
  })
})
