import { describe, expect, test } from 'vitest'
import { getLetterBySlug } from '~/models/letter.server'
import { listOutboxEmailsTo } from '~/models/outbox.server'
import { getLetterCounts } from '~/models/signature-count.server'
import { findSignatureByEmail } from '~/models/signature.server'
import { requireLetterAccess } from '~/services/letter-access.server'
import { publishUpdate } from '~/services/letter-updates.server'
import { saveLetter, type LetterFields } from '~/services/letter-editor.server'
import { getDb } from '~/utils/db.server'
import { createTestUser } from '../../tests/auth-helpers'
import {
  createTestLetter,
  createTestSignature,
  formRequest,
  uniqueEmail,
  validSignatureForm,
} from '../../tests/factories'
import { callRoute, cookieFrom } from '../../tests/route-helpers'
import { action, loader, meta } from './letters.$slug'

const signAt = (slug: string, fields: Record<string, string | string[]>) =>
  callRoute(action, formRequest(`http://localhost:3000/letters/${slug}`, fields), { slug })

async function expectNothingStored(letterId: number) {
  expect(
    await getDb().selectFrom('signatures').select('id').where('letter_id', '=', letterId).execute(),
  ).toEqual([])
  const counts = await getLetterCounts(getDb(), letterId)
  expect(Object.values(counts).every((count) => count === 0)).toBe(true)
  const rows = await getDb()
    .selectFrom('email_outbox')
    .select('id')
    .where('letter_id', '=', letterId)
    .execute()
  expect(rows).toEqual([])
}

describe('signing by document POST', () => {
  test('a valid signature redirects to "check your inbox" and remembers the signature in the session', async () => {
    const letter = await createTestLetter(getDb())
    const form = validSignatureForm()
    const response = await signAt(letter.slug, form)
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe(`/letters/${letter.slug}/check-inbox`)
    expect(cookieFrom(response.headers)).toMatch(/^__undersigned=/)
    expect(await findSignatureByEmail(getDb(), letter.id, form.email)).toMatchObject({
      status: 'unconfirmed',
      name: form.name,
    })
    expect(await listOutboxEmailsTo(getDb(), form.email)).toHaveLength(1)
  })

  test('missing fields come back as field errors with the input kept, and nothing is stored', async () => {
    const letter = await createTestLetter(getDb())
    const response = await signAt(letter.slug, {
      name: 'Ana Lima',
      email: 'not-an-email',
      profession: '',
      organization: '   ',
      location: 'Fresno, CA',
      listing: 'listed',
    })
    expect(response.status).toBe(400)
    const { result } = response.data
    expect(result.status).toBe('error')
    expect(result.error).toMatchObject({
      email: ['Enter an email address like name@example.org'],
      profession: ['Enter your profession'],
      organization: ['Enter your organization, or “Independent”'],
    })
    expect(result.error.name).toBeUndefined()
    expect(result.initialValue).toMatchObject({
      name: 'Ana Lima',
      email: 'not-an-email',
      location: 'Fresno, CA',
      listing: 'listed',
    })
    await expectNothingStored(letter.id)
  })

  test.each([
    ['an empty form', {}],
    ['overlong values', validSignatureForm({ name: 'N'.repeat(5000), comment: 'c'.repeat(20_000) })],
    ['a field sent twice', { ...validSignatureForm(), email: ['a@example.org', 'b@example.org'] }],
    ['an unknown listing choice', validSignatureForm({ listing: 'everywhere' })],
    ['only invisible characters', validSignatureForm({ name: '\u200b\u0000\u200e ' })],
    ['an email with spaces inside', validSignatureForm({ email: 'ana lima@example.org' })],
  ])('%s gets field errors, never a 500', async (_label, fields) => {
    const letter = await createTestLetter(getDb())
    const response = await signAt(letter.slug, fields as Record<string, string>)
    expect(response.status).toBe(400)
    expect(Object.keys(response.data.result.error).length).toBeGreaterThan(0)
    await expectNothingStored(letter.id)
  })

  test('a body that is not a form is refused with field errors', async () => {
    const letter = await createTestLetter(getDb())
    const request = new Request(`http://localhost:3000/letters/${letter.slug}`, {
      method: 'POST',
      body: JSON.stringify(validSignatureForm()),
      headers: { 'Content-Type': 'application/json' },
    })
    const response = await callRoute(action, request, { slug: letter.slug })
    expect(response.status).toBe(400)
    await expectNothingStored(letter.id)
  })

  test('unicode names are kept exactly, tidied of control characters and extra spaces', async () => {
    const letter = await createTestLetter(getDb())
    const email = uniqueEmail()
    const response = await signAt(
      letter.slug,
      validSignatureForm({ email, name: '  Nguyễn\u0000  Thị   Zoë O’Connell-Ñúñez ', location: '東京' }),
    )
    expect(response.status).toBe(302)
    expect(await findSignatureByEmail(getDb(), letter.id, email)).toMatchObject({
      name: 'Nguyễn Thị Zoë O’Connell-Ñúñez',
      location: '東京',
    })
  })

  test('the honeypot gets the same answer as a person, and nothing is stored', async () => {
    const letter = await createTestLetter(getDb())
    const response = await signAt(letter.slug, { ...validSignatureForm(), website: 'http://spam.example' })
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe(`/letters/${letter.slug}/check-inbox`)
    await expectNothingStored(letter.id)
  })

  test('a closed letter refuses with a form error and keeps the input', async () => {
    const letter = await createTestLetter(getDb(), { status: 'closed' })
    const form = validSignatureForm()
    const response = await signAt(letter.slug, form)
    expect(response.status).toBe(409)
    expect(response.data.result.error['']).toEqual(['This letter is closed and no longer takes signatures.'])
    expect(response.data.result.initialValue).toMatchObject({ name: form.name })
    await expectNothingStored(letter.id)
  })

  test('an unknown letter is a 404', async () => {
    const response = await signAt('no-such-letter', validSignatureForm())
    expect(response.status).toBe(404)
  })

  test('signing twice with one address answers exactly as the first time', async () => {
    const letter = await createTestLetter(getDb())
    const form = validSignatureForm()
    const first = await signAt(letter.slug, form)
    const second = await signAt(letter.slug, { ...form, name: 'Another Name' })
    expect(second.status).toBe(first.status)
    expect(second.headers.get('Location')).toBe(first.headers.get('Location'))
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ unconfirmed: 1 })
  })
})

describe('signing a letter that lists the professions that may sign', () => {
  const policy = {
    allowedProfessions: ['Attorney', 'Public defender'],
    listingRequires: 'profession' as const,
  }

  test('the page offers the list and says a verified profession is needed', async () => {
    const letter = await createTestLetter(getDb(), { policy })
    const response = await callRoute(loader, new Request(`http://localhost:3000/letters/${letter.slug}`), {
      slug: letter.slug,
    })
    expect(response.data.letter).toMatchObject({
      allowedProfessions: ['Attorney', 'Public defender'],
      listingRequires: 'profession',
    })
  })

  test('a profession from the list is stored as the letter spells it', async () => {
    const letter = await createTestLetter(getDb(), { policy })
    const form = validSignatureForm({ profession: 'public defender' })
    expect((await signAt(letter.slug, form)).status).toBe(302)
    expect(await findSignatureByEmail(getDb(), letter.id, form.email)).toMatchObject({
      profession: 'Public defender',
    })
  })

  test.each([
    ['a profession off the list', 'Astronaut', 'Choose one of the professions this letter lists'],
    ['no choice', '', 'Choose your profession'],
  ])(
    '%s is a field error, the rest of the input is kept, and nothing is stored',
    async (_, profession, message) => {
      const letter = await createTestLetter(getDb(), { policy })
      const form = validSignatureForm({ profession })
      const response = await signAt(letter.slug, form)
      expect(response.status).toBe(400)
      expect(response.data.result.error).toEqual({ profession: [message] })
      expect(response.data.result.initialValue).toMatchObject({ name: form.name, email: form.email })
      await expectNothingStored(letter.id)
    },
  )
})

describe('the letter page loader', () => {
  test('gives the counts and the first page of listed signatories', async () => {
    const letter = await createTestLetter(getDb(), { bodyMarkdown: 'We **ask**.<script>alert(1)</script>' })
    await createTestSignature(getDb(), letter, { status: 'approved', name: 'Listed Person' })
    await createTestSignature(getDb(), letter, {
      status: 'approved',
      listing: 'counted',
      name: 'Counted Person',
    })
    await createTestSignature(getDb(), letter, { status: 'confirmed', name: 'Pending Person' })
    const response = await callRoute(loader, new Request(`http://localhost:3000/letters/${letter.slug}`), {
      slug: letter.slug,
    })
    expect(response.status).toBe(200)
    expect(response.data.counts).toEqual({
      total: 2,
      listed: 1,
      counted: 1,
      byProfession: [{ profession: 'Public defender', count: 2, verified: 0 }],
      byLevel: { email: 2 },
    })
    expect(response.data.page.signatories.map((signatory: { name: string }) => signatory.name)).toEqual([
      'Listed Person',
    ])
    expect(response.data.bodyHtml).toContain('<strong>ask</strong>')
    expect(response.data.bodyHtml).not.toContain('<script')
  })

  test.each(['after=abc', 'before=-1', 'after=1e99', 'q=%25%25%25', `q=${'x'.repeat(5000)}`])(
    'ignores a malformed query (%s) rather than failing',
    async (query) => {
      const letter = await createTestLetter(getDb())
      const response = await callRoute(
        loader,
        new Request(`http://localhost:3000/letters/${letter.slug}?${query}`),
        { slug: letter.slug },
      )
      expect(response.status).toBe(200)
    },
  )

  test('filters the list by profession, keeps the counts of everyone, and honours the letter’s requirement', async () => {
    const letter = await createTestLetter(getDb(), { policy: { listingRequires: 'profession' } })
    const approved = { status: 'approved' as const }
    await createTestSignature(getDb(), letter, {
      ...approved,
      name: 'Ana Unverified',
      profession: 'Attorney',
    })
    await createTestSignature(getDb(), letter, {
      ...approved,
      name: 'Bo Verified',
      profession: 'Attorney',
      verifiedAs: 'registry',
    })
    await createTestSignature(getDb(), letter, {
      ...approved,
      name: 'Cy Defender',
      profession: 'Public defender',
      verifiedAs: 'domain',
    })
    const load = (query: string) =>
      callRoute(loader, new Request(`http://localhost:3000/letters/${letter.slug}?${query}`), {
        slug: letter.slug,
      })
    const names = (response: Awaited<ReturnType<typeof load>>) =>
      response.data.page.signatories.map((signatory: { name: string }) => signatory.name)

    const everyone = await load('')
    expect(names(everyone)).toEqual(['Bo Verified', 'Cy Defender'])
    expect(everyone.data.counts.total).toBe(2)
    const attorneys = await load('profession=attorney')
    expect(attorneys.data.profession).toBe('attorney')
    expect(names(attorneys)).toEqual(['Bo Verified'])
    expect(attorneys.data.counts.byProfession).toEqual([
      { profession: 'Attorney', count: 1, verified: 1 },
      { profession: 'Public defender', count: 1, verified: 1 },
    ])
    expect(names(await load('profession=Judge'))).toEqual([])
    expect(names(await load('profession=Public%20defender&q=cy'))).toEqual(['Cy Defender'])
  })

  test('an unknown slug is a 404', async () => {
    const response = await callRoute(loader, new Request('http://localhost:3000/letters/nope'), {
      slug: 'nope',
    })
    expect(response.status).toBe(404)
  })
})

describe('versions and the closing date on the letter page', () => {
  async function edit(letter: Awaited<ReturnType<typeof createTestLetter>>, changes: Partial<LetterFields>) {
    const owner = await createTestUser(getDb(), { role: 'owner' })
    const access = await requireLetterAccess(getDb(), owner, letter.id, 'edit')
    const current = (await getLetterBySlug(getDb(), letter.slug))!
    return saveLetter(getDb(), access, {
      title: current.title,
      slug: current.slug,
      recipient: current.recipient,
      organizersLine: current.organizers_line,
      bodyMarkdown: current.version.body_markdown,
      moderationRequired: current.moderation_required === 1,
      notifyOnApprove: current.notify_on_approve === 1,
      notifyOnReject: current.notify_on_reject === 1,
      closesAt: current.closes_at,
      ...changes,
    })
  }
  const load = (slug: string) =>
    callRoute(loader, new Request(`http://localhost:3000/letters/${slug}`), { slug })

  test('one version: no "last edited"; after an edit, both dates and who signed which version', async () => {
    const letter = await createTestLetter(getDb())
    await createTestSignature(getDb(), letter, { status: 'approved', name: 'Early Signer' })
    const before = await load(letter.slug)
    expect(before.data.letter).toMatchObject({ versionNumber: 1, versionCount: 1 })

    await edit(letter, { bodyMarkdown: 'We, the undersigned, **urge** you.' })
    const latest = (await getLetterBySlug(getDb(), letter.slug))!
    await createTestSignature(getDb(), latest, { status: 'approved', name: 'Late Signer' })

    const after = await load(letter.slug)
    expect(after.data.letter).toMatchObject({
      versionNumber: 2,
      versionCount: 2,
      firstPublishedAt: letter.version.published_at,
      publishedAt: latest.version.published_at,
    })
    expect(after.data.bodyHtml).toContain('<strong>urge</strong>')
    expect(
      after.data.page.signatories.map(
        ({ name, version_number }: { name: string; version_number: number }) => ({
          name,
          version_number,
        }),
      ),
    ).toEqual([
      { name: 'Early Signer', version_number: 1 },
      { name: 'Late Signer', version_number: 2 },
    ])
  })

  test('a draft’s rewritten text shows at once (the rendered text is not cached by version id alone)', async () => {
    const letter = await createTestLetter(getDb(), { status: 'draft', bodyMarkdown: 'First draft.' })
    expect((await load(letter.slug)).data.bodyHtml).toContain('First draft.')
    await edit(letter, { bodyMarkdown: 'Second draft.' })
    const page = await load(letter.slug)
    expect(page.data.bodyHtml).toContain('Second draft.')
    expect(page.data.letter.versionCount).toBe(1)
  })

  test('past its closing date an open letter shows as closed and refuses signatures', async () => {
    const letter = await createTestLetter(getDb())
    await edit(letter, { closesAt: '2001-02-03T04:05:00.000Z' })
    const page = await load(letter.slug)
    expect(page.data.letter).toMatchObject({ status: 'closed', closedAt: '2001-02-03T04:05:00.000Z' })

    const response = await signAt(letter.slug, validSignatureForm())
    expect(response.status).toBe(409)
    expect(response.data.result.error['']).toEqual(['This letter is closed and no longer takes signatures.'])
    await expectNothingStored(letter.id)
  })
})

describe('update emails and updates on the letter page', () => {
  test('the "Email me updates" box is unticked unless ticked, and stored with the signature', async () => {
    const letter = await createTestLetter(getDb())
    const quiet = validSignatureForm()
    const keen = validSignatureForm({ wantsUpdates: 'on' })
    expect((await signAt(letter.slug, quiet)).status).toBe(302)
    expect((await signAt(letter.slug, keen)).status).toBe(302)
    expect(await findSignatureByEmail(getDb(), letter.id, quiet.email)).toMatchObject({ wants_updates: 0 })
    expect(await findSignatureByEmail(getDb(), letter.id, keen.email)).toMatchObject({ wants_updates: 1 })
  })

  test('the page lists the updates newest first, each with its anchor, and links the feed in its head', async () => {
    const letter = await createTestLetter(getDb())
    const user = await createTestUser(getDb(), { letterId: letter.id })
    const access = await requireLetterAccess(getDb(), user, letter.id, 'edit')
    const appUrl = 'http://localhost:3000'
    const older = await publishUpdate(
      getDb(),
      access,
      { title: 'Delivered', bodyMarkdown: 'Done <img src=x onerror=alert(1)>' },
      appUrl,
      new Date('2026-11-01T00:00:00Z'),
    )
    const newer = await publishUpdate(
      getDb(),
      access,
      { title: 'Answered', bodyMarkdown: 'They replied.' },
      appUrl,
      new Date('2026-11-02T00:00:00Z'),
    )
    const response = await callRoute(loader, new Request(`${appUrl}/letters/${letter.slug}`), {
      slug: letter.slug,
    })
    expect(response.data.updates).toEqual([
      {
        anchor: `update-${newer.update.id}`,
        title: 'Answered',
        html: '<p>They replied.</p>\n',
        publishedAt: '2026-11-02T00:00:00.000Z',
        edited: false,
      },
      {
        anchor: `update-${older.update.id}`,
        title: 'Delivered',
        html: '<p>Done </p>\n',
        publishedAt: '2026-11-01T00:00:00.000Z',
        edited: false,
      },
    ])
    const feedUrl = `${appUrl}/letters/${letter.slug}/updates.atom`
    expect(response.data.feedUrl).toBe(feedUrl)
    const tags = meta({ data: response.data } as Parameters<typeof meta>[0])
    expect(tags).toContainEqual({
      tagName: 'link',
      rel: 'alternate',
      type: 'application/atom+xml',
      title: `Updates: ${letter.title}`,
      href: feedUrl,
    })
  })

  test('a draft links no feed', async () => {
    const letter = await createTestLetter(getDb(), { status: 'draft' })
    const response = await callRoute(loader, new Request(`http://localhost:3000/letters/${letter.slug}`), {
      slug: letter.slug,
    })
    expect(response.data).toMatchObject({ updates: [], feedUrl: null })
  })
})
