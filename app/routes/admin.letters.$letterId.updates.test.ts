import { describe, expect, test } from 'vitest'
import { listLetterUpdates } from '~/models/letter-update.server'
import { getDb } from '~/utils/db.server'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { createTestLetter, createTestSignature, formRequest } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { action, loader } from './admin.letters.$letterId.updates'

const base = 'http://localhost:3000'
const updatesUrl = (letterId: number, query = '') => `${base}/admin/letters/${letterId}/updates${query}`

const open = (letterId: number, cookie?: string, query = '') =>
  callRoute(loader, new Request(updatesUrl(letterId, query), { headers: cookie ? { Cookie: cookie } : {} }), {
    letterId: String(letterId),
  })

const post = (letterId: number, fields: Record<string, string>, cookie?: string) =>
  callRoute(action, formRequest(updatesUrl(letterId), fields, cookie ? { Cookie: cookie } : {}), {
    letterId: String(letterId),
  })

const publishForm = (overrides: Record<string, string> = {}) => ({
  intent: 'publish',
  title: 'Delivered to the legislature today',
  bodyMarkdown: 'We handed the letter to the **committee chair**.',
  ...overrides,
})

async function letterWithOrganizer() {
  const letter = await createTestLetter(getDb())
  const organizer = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'organizer' })
  return { letter, organizer, cookie: await signedInCookie(organizer) }
}

const outboxCount = async (letterId: number) =>
  (
    await getDb()
      .selectFrom('email_outbox')
      .select('id')
      .where('letter_id', '=', letterId)
      .where('template', '=', 'letter-update')
      .execute()
  ).length

describe('the Updates tab', () => {
  test('an organizer publishes: redirected with the count, listed, emailed to the opted-in signer', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    await createTestSignature(getDb(), letter, { status: 'approved', wantsUpdates: true })
    await createTestSignature(getDb(), letter, { status: 'approved' })

    const before = await open(letter.id, cookie)
    expect(before.data).toMatchObject({ updates: [], recipients: 1, editing: null })

    const published = await post(letter.id, publishForm(), cookie)
    expect(published.status).toBe(302)
    expect(published.headers.get('Location')).toBe(
      `/admin/letters/${letter.id}/updates?done=published&emailed=1`,
    )
    expect(await outboxCount(letter.id)).toBe(1)

    const after = await open(letter.id, cookie, '?done=published&emailed=1')
    expect(after.data.notice).toMatch(/emailed to 1 signer\./)
    expect(after.data.updates).toMatchObject([
      {
        title: 'Delivered to the legislature today',
        html: '<p>We handed the letter to the <strong>committee chair</strong>.</p>\n',
        editedAt: null,
      },
    ])
  })

  test.each([
    ['a moderator', 'moderator' as const],
    ['an organizer of another letter', null],
  ])('%s gets 403 from the page and the actions, and nothing is written', async (_, memberRole) => {
    const letter = await createTestLetter(getDb())
    await createTestSignature(getDb(), letter, { status: 'approved', wantsUpdates: true })
    const elsewhere = await createTestLetter(getDb())
    const user = await createTestUser(getDb(), {
      letterId: memberRole ? letter.id : elsewhere.id,
      memberRole: memberRole ?? 'organizer',
    })
    const cookie = await signedInCookie(user)
    expect((await open(letter.id, cookie)).status).toBe(403)
    expect((await post(letter.id, publishForm(), cookie)).status).toBe(403)
    expect((await post(letter.id, { intent: 'delete', updateId: '1' }, cookie)).status).toBe(403)
    expect(await listLetterUpdates(getDb(), letter.id)).toEqual([])
    expect(await outboxCount(letter.id)).toBe(0)
  })

  test('signed out, the page and its actions send you to sign in', async () => {
    const letter = await createTestLetter(getDb())
    expect((await open(letter.id)).status).toBe(302)
    expect((await post(letter.id, publishForm())).status).toBe(302)
    expect(await listLetterUpdates(getDb(), letter.id)).toEqual([])
  })

  test.each([
    ['no title', { title: '' }, 'title'],
    ['a title of punctuation only', { title: ' — ' }, 'title'],
    ['a title that is too long', { title: 'x'.repeat(201) }, 'title'],
    ['no text', { bodyMarkdown: '   \n  ' }, 'bodyMarkdown'],
    ['a text that is too long', { bodyMarkdown: 'x'.repeat(20_001) }, 'bodyMarkdown'],
  ])('%s re-renders the form with the error and the input, and writes nothing', async (_, bad, field) => {
    const { letter, cookie } = await letterWithOrganizer()
    await createTestSignature(getDb(), letter, { status: 'approved', wantsUpdates: true })
    const form = publishForm(bad)
    const answer = await post(letter.id, form, cookie)
    expect(answer.status).toBe(400)
    expect(answer.data.result.error[field]).toEqual([expect.any(String)])
    // What was typed comes back (conform leaves out the fields left empty).
    const typed = Object.entries({ title: form.title, bodyMarkdown: form.bodyMarkdown })
    expect(answer.data.result.initialValue).toMatchObject(
      Object.fromEntries(typed.filter(([, value]) => value !== '')),
    )
    expect(await listLetterUpdates(getDb(), letter.id)).toEqual([])
    expect(await outboxCount(letter.id)).toBe(0)
  })

  test('"Preview" renders the Markdown safely, keeps the input, and writes nothing', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const answer = await post(
      letter.id,
      { intent: 'preview', title: '', bodyMarkdown: 'Hi <script>alert(1)</script> **there**' },
      cookie,
    )
    expect(answer.status).toBe(200)
    expect(answer.data.previewHtml).toBe('<p>Hi  <strong>there</strong></p>\n')
    expect(answer.data.result.initialValue).toMatchObject({
      bodyMarkdown: 'Hi <script>alert(1)</script> **there**',
    })
    expect(await listLetterUpdates(getDb(), letter.id)).toEqual([])
  })

  test('an unknown intent, or a publish that carries an update id, is refused', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    expect((await post(letter.id, publishForm({ intent: 'launch' }), cookie)).status).toBe(400)
    expect((await post(letter.id, publishForm({ updateId: '12' }), cookie)).status).toBe(400)
    expect(await listLetterUpdates(getDb(), letter.id)).toEqual([])
  })

  test('correcting: the form loads the update, saving changes it and emails nobody again', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    await createTestSignature(getDb(), letter, { status: 'approved', wantsUpdates: true })
    await post(letter.id, publishForm(), cookie)
    const [update] = await listLetterUpdates(getDb(), letter.id)

    const editing = await open(letter.id, cookie, `?edit=${update!.id}`)
    expect(editing.data.editing).toMatchObject({ id: update!.id, bodyMarkdown: update!.body_markdown })

    const saved = await post(
      letter.id,
      {
        intent: 'save',
        updateId: String(update!.id),
        title: 'Delivered on Tuesday',
        bodyMarkdown: 'Corrected.',
      },
      cookie,
    )
    expect(saved.status).toBe(302)
    expect(saved.headers.get('Location')).toBe(`/admin/letters/${letter.id}/updates?done=edited`)
    expect(await listLetterUpdates(getDb(), letter.id)).toMatchObject([
      { id: update!.id, title: 'Delivered on Tuesday', body_markdown: 'Corrected.' },
    ])
    expect(await outboxCount(letter.id)).toBe(1)

    const badSave = await post(
      letter.id,
      { intent: 'save', updateId: String(update!.id), title: '', bodyMarkdown: 'Kept' },
      cookie,
    )
    expect(badSave.status).toBe(400)
    expect(badSave.data.result.initialValue).toMatchObject({ bodyMarkdown: 'Kept' })
  })

  test('deleting: gone from the list; deleting it again, or an unknown id, answers 409 or 400', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    await post(letter.id, publishForm(), cookie)
    const [update] = await listLetterUpdates(getDb(), letter.id)
    const deleted = await post(letter.id, { intent: 'delete', updateId: String(update!.id) }, cookie)
    expect(deleted.status).toBe(302)
    expect(await listLetterUpdates(getDb(), letter.id)).toEqual([])
    const again = await post(letter.id, { intent: 'delete', updateId: String(update!.id) }, cookie)
    expect(again.status).toBe(409)
    expect(again.data.result.error['']).toEqual([expect.stringMatching(/no longer exists/)])
    expect((await post(letter.id, { intent: 'delete', updateId: 'abc' }, cookie)).status).toBe(400)
    const missing = await open(letter.id, cookie, `?edit=${update!.id}`)
    expect(missing.data).toMatchObject({ editing: null, editMissing: true })
  })
})
