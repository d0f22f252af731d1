import { describe, expect, test } from 'vitest'
import { getLetterById, listLetterVersions } from '~/models/letter.server'
import { getDb } from '~/utils/db.server'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { createTestLetter, createTestSignature, formRequest } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { action, loader } from './admin.letters.$letterId.edit'

const editUrl = (letterId: number | string, search = '') =>
  `http://localhost:3000/admin/letters/${letterId}/edit${search}`

const open = (letterId: number | string, cookie?: string, search = '') =>
  callRoute(loader, new Request(editUrl(letterId, search), { headers: cookie ? { Cookie: cookie } : {} }), {
    letterId: String(letterId),
  })

const post = (letterId: number | string, fields: Record<string, string | string[]>, cookie?: string) =>
  callRoute(action, formRequest(editUrl(letterId), fields, cookie ? { Cookie: cookie } : {}), {
    letterId: String(letterId),
  })

/** The editor form as the page fills it in, with changes. */
async function editorForm(letterId: number, cookie: string, overrides: Record<string, string> = {}) {
  const { data } = await open(letterId, cookie)
  const value = data.defaultValue
  const fields: Record<string, string> = {
    intent: 'save',
    baseVersion: String(data.version.number),
    title: value.title,
    slug: value.slug,
    recipient: value.recipient,
    organizersLine: value.organizersLine,
    bodyMarkdown: value.bodyMarkdown,
    closesAt: value.closesAt,
  }
  for (const name of ['moderationRequired', 'notifyOnApprove', 'notifyOnReject'] as const)
    if (value[name]) fields[name] = 'on'
  return { ...fields, ...overrides }
}

async function letterWithOrganizer(status: 'draft' | 'open' | 'closed' = 'open') {
  const letter = await createTestLetter(getDb(), { status })
  const organizer = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'organizer' })
  return { letter, organizer, cookie: await signedInCookie(organizer) }
}

describe('the letter editor page', () => {
  test('shows the letter’s fields, text, status and version', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const page = await open(letter.id, cookie)
    expect(page.status).toBe(200)
    expect(page.data).toMatchObject({
      letter: { id: letter.id, slug: letter.slug, status: 'open', effectiveStatus: 'open' },
      version: { number: 1, sha256: letter.version.body_sha256 },
      versionCount: 1,
      defaultValue: {
        title: letter.title,
        bodyMarkdown: letter.version.body_markdown,
        moderationRequired: false,
        notifyOnApprove: true,
        notifyOnReject: false,
        closesAt: '',
      },
      notice: null,
    })
    expect(page.data.bodyHtml).toContain('<strong>ask</strong>')
  })

  test('signed out, the page and its actions send you to sign in', async () => {
    const letter = await createTestLetter(getDb())
    const page = await open(letter.id)
    expect(page.status).toBe(302)
    expect(page.headers.get('Location')).toBe(
      `/admin/sign-in?redirectTo=${encodeURIComponent(`/admin/letters/${letter.id}/edit`)}`,
    )
    const posted = await post(letter.id, { intent: 'close' })
    expect(posted.status).toBe(302)
    expect(posted.headers.get('Location')).toMatch(/^\/admin\/sign-in\?redirectTo=/)
    expect((await getLetterById(getDb(), letter.id))!.status).toBe('open')
  })

  test('a moderator of the letter gets 403 on the page and every action', async () => {
    const letter = await createTestLetter(getDb())
    const moderator = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
    const cookie = await signedInCookie(moderator)
    expect((await open(letter.id, cookie)).status).toBe(403)
    for (const intent of ['save', 'preview', 'close']) {
      expect(
        (await post(letter.id, { intent, title: 'Hijacked', bodyMarkdown: 'Hijacked' }, cookie)).status,
      ).toBe(403)
    }
    expect(await getLetterById(getDb(), letter.id)).toMatchObject({ status: 'open', title: letter.title })
    expect(await listLetterVersions(getDb(), letter.id)).toHaveLength(1)
  })

  test('an organizer of another letter gets 403; an unknown letter is 404', async () => {
    const { cookie } = await letterWithOrganizer()
    const other = await createTestLetter(getDb())
    expect((await open(other.id, cookie)).status).toBe(403)
    expect((await post(other.id, { intent: 'close' }, cookie)).status).toBe(403)
    expect((await getLetterById(getDb(), other.id))!.status).toBe('open')
    expect((await open(999_999, cookie)).status).toBe(404)
    expect((await open('not-a-number', cookie)).status).toBe(404)
  })

  test('an owner who is no member may edit any letter', async () => {
    const letter = await createTestLetter(getDb())
    const owner = await createTestUser(getDb(), { role: 'owner' })
    expect((await open(letter.id, await signedInCookie(owner))).status).toBe(200)
  })
})

describe('saving', () => {
  test('editing an open letter’s text publishes version 2 and says so', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const signature = await createTestSignature(getDb(), letter, { status: 'approved' })
    const response = await post(
      letter.id,
      await editorForm(letter.id, cookie, { bodyMarkdown: 'We, the undersigned, urge you.\r\n' }),
      cookie,
    )
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe(`/admin/letters/${letter.id}/edit?done=published&v=2`)
    expect((await listLetterVersions(getDb(), letter.id)).map((version) => version.version_number)).toEqual([
      1, 2,
    ])
    const row = await getDb()
      .selectFrom('signatures')
      .select('letter_version_id')
      .where('id', '=', signature.id)
      .executeTakeFirstOrThrow()
    expect(row.letter_version_id).toBe(letter.version.id)

    const page = await open(letter.id, cookie, '?done=published&v=2')
    expect(page.data.version.number).toBe(2)
    expect(page.data.versionCount).toBe(2)
    expect(page.data.notice).toMatch(/^Saved\. Version 2 of the text is now public/)
  })

  test('saving the form untouched publishes nothing', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const response = await post(letter.id, await editorForm(letter.id, cookie), cookie)
    expect(response.headers.get('Location')).toBe(`/admin/letters/${letter.id}/edit?done=unchanged`)
    expect(await listLetterVersions(getDb(), letter.id)).toHaveLength(1)
  })

  test('unticking a box turns the setting off', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const fields = await editorForm(letter.id, cookie, { moderationRequired: 'on' })
    delete fields.notifyOnApprove
    expect((await post(letter.id, fields, cookie)).headers.get('Location')).toMatch(/done=saved$/)
    expect(await getLetterById(getDb(), letter.id)).toMatchObject({
      moderation_required: 1,
      notify_on_approve: 0,
    })
  })

  test('bad input gets 400 with field errors and the input kept; nothing is saved', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const response = await post(
      letter.id,
      await editorForm(letter.id, cookie, { title: ' ', slug: 'Bad Slug', bodyMarkdown: 'New text' }),
      cookie,
    )
    expect(response.status).toBe(400)
    expect(Object.keys(response.data.result.error)).toEqual(expect.arrayContaining(['title', 'slug']))
    expect(response.data.result.initialValue).toMatchObject({ slug: 'Bad Slug', bodyMarkdown: 'New text' })
    expect(await listLetterVersions(getDb(), letter.id)).toHaveLength(1)
  })

  test('another letter’s slug is a field error', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const other = await createTestLetter(getDb())
    const response = await post(letter.id, await editorForm(letter.id, cookie, { slug: other.slug }), cookie)
    expect(response.status).toBe(400)
    expect(response.data.result.error.slug).toEqual([
      'Another letter already has this address. Choose another.',
    ])
  })

  test('a text edited from an older version is refused with the text kept', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const stale = await editorForm(letter.id, cookie, { bodyMarkdown: 'Mine.' })
    await post(letter.id, await editorForm(letter.id, cookie, { bodyMarkdown: 'Theirs.' }), cookie)
    const response = await post(letter.id, stale, cookie)
    expect(response.status).toBe(409)
    expect(response.data.result.error['']).toEqual([expect.stringContaining('Someone published version 2')])
    expect(response.data.result.initialValue.bodyMarkdown).toBe('Mine.')
    expect(await listLetterVersions(getDb(), letter.id)).toHaveLength(2)
  })

  test.each([
    ['an empty form', {}],
    ['a field sent twice', { intent: 'save', title: ['One', 'Two'] }],
    ['an unknown button', { intent: 'delete-everything' }],
  ])('%s gets 400, never a 500', async (_label, fields) => {
    const { letter, cookie } = await letterWithOrganizer()
    expect((await post(letter.id, fields as Record<string, string>, cookie)).status).toBe(400)
  })

  test('a body that is not a form gets 400', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const request = new Request(editUrl(letter.id), {
      method: 'POST',
      body: '{"intent":"close"}',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
    })
    expect((await callRoute(action, request, { letterId: String(letter.id) })).status).toBe(400)
    expect((await getLetterById(getDb(), letter.id))!.status).toBe('open')
  })

  test('"Preview" renders the text without saving it', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const response = await post(
      letter.id,
      await editorForm(letter.id, cookie, {
        intent: 'preview',
        bodyMarkdown: '*Draft* <img src=x onerror=alert(1)>',
      }),
      cookie,
    )
    expect(response.status).toBe(200)
    expect(response.data.previewHtml.trim()).toBe('<p><em>Draft</em> </p>')
    expect(response.data.result.initialValue.bodyMarkdown).toBe('*Draft* <img src=x onerror=alert(1)>')
    expect(await listLetterVersions(getDb(), letter.id)).toHaveLength(1)
  })
})

describe('status buttons', () => {
  test('open, close and reopen, each redirecting with a notice', async () => {
    const { letter, cookie } = await letterWithOrganizer('draft')
    for (const [intent, status, done] of [
      ['open', 'open', 'opened'],
      ['close', 'closed', 'closed'],
      ['reopen', 'open', 'reopened'],
    ] as const) {
      const response = await post(letter.id, { intent }, cookie)
      expect(response.status).toBe(302)
      expect(response.headers.get('Location')).toBe(`/admin/letters/${letter.id}/edit?done=${done}`)
      expect((await getLetterById(getDb(), letter.id))!.status).toBe(status)
    }
    expect((await open(letter.id, cookie, '?done=reopened')).data.notice).toBe(
      'The letter is open again: it takes signatures.',
    )
  })

  test('a button for a status the letter has left gets 409 with a message', async () => {
    const { letter, cookie } = await letterWithOrganizer('closed')
    const response = await post(letter.id, { intent: 'close' }, cookie)
    expect(response.status).toBe(409)
    expect(response.data.statusError).toBe('This letter is already closed: nothing was changed.')
  })

  test('a letter past its closing date shows as closed', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const fields = await editorForm(letter.id, cookie, { closesAt: '2001-01-01T00:00' })
    await post(letter.id, fields, cookie)
    const page = await open(letter.id, cookie)
    expect(page.data.letter).toMatchObject({
      status: 'open',
      effectiveStatus: 'closed',
      closedAt: '2001-01-01T00:00:00.000Z',
    })
    expect(page.data.defaultValue.closesAt).toBe('2001-01-01T00:00')
  })
})
