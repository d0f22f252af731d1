import { describe, expect, test } from 'vitest'
import type { User } from '#db/schema'
import { getMembership } from '~/models/letter-member.server'
import {
  effectiveLetterStatus,
  getLetterById,
  getLetterBySlug,
  getLetterVersion,
  listLetterVersions,
} from '~/models/letter.server'
import { getSignatureById } from '~/models/signature.server'
import { letterSchema } from '~/schemas/letter'
import { sha256Hex } from '~/utils/crypto.server'
import { getDb } from '~/utils/db.server'
import { createTestUser } from '../../tests/auth-helpers'
import { createTestLetter, createTestSignature, uniqueSlug, validSignatureForm } from '../../tests/factories'
import { requireLetterAccess } from './letter-access.server'
import { changeStatus, createDraftLetter, saveLetter, type LetterFields } from './letter-editor.server'
import { checkConfirmationToken, LetterNotOpenError, signLetter } from './signing.server'
import { signLetterSchema } from '~/schemas/sign-letter'

const db = () => getDb()
const hoursFrom = (date: Date, hours: number) => new Date(date.getTime() + hours * 3_600_000)

function fields(overrides: Partial<LetterFields> = {}): LetterFields {
  return {
    title: 'Keep judges free to judge',
    slug: uniqueSlug('editor'),
    recipient: 'To: the State Legislature',
    organizersLine: 'Organized by the Test Defenders',
    bodyMarkdown: 'We, the undersigned, ask you to keep judges free to judge.',
    moderationRequired: true,
    notifyOnApprove: true,
    notifyOnReject: false,
    closesAt: null,
    ...overrides,
  }
}

/** The editor's fields as they stand for a letter, to change one thing at a time. */
async function fieldsOf(letterId: number): Promise<LetterFields> {
  const letter = (await getLetterById(db(), letterId))!
  const version = (await getLetterVersion(db(), letter.current_version_id!))!
  return {
    title: letter.title,
    slug: letter.slug,
    recipient: letter.recipient,
    organizersLine: letter.organizers_line,
    bodyMarkdown: version.body_markdown,
    moderationRequired: letter.moderation_required === 1,
    notifyOnApprove: letter.notify_on_approve === 1,
    notifyOnReject: letter.notify_on_reject === 1,
    closesAt: letter.closes_at,
  }
}

async function auditOf(letterId: number) {
  const rows = await db()
    .selectFrom('audit_events')
    .select(['action', 'actor_user_id', 'before', 'after'])
    .where('letter_id', '=', letterId)
    .orderBy('id')
    .execute()
  return rows.map((row) => ({
    ...row,
    before: row.before ? JSON.parse(row.before) : null,
    after: row.after ? JSON.parse(row.after) : null,
  }))
}

async function organizerOf(letterId: number): Promise<User> {
  return createTestUser(db(), { letterId, memberRole: 'organizer' })
}

async function editAccess(letterId: number, user?: User) {
  return requireLetterAccess(db(), user ?? (await organizerOf(letterId)), letterId, 'edit')
}

async function thrownStatus(promise: Promise<unknown>) {
  try {
    await promise
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status
    throw thrown
  }
  throw new Error('expected a thrown Response')
}

describe('createDraftLetter', () => {
  test('an owner creates a draft with version 1, becomes its organizer, and it is audited', async () => {
    const owner = await createTestUser(db(), { role: 'owner' })
    const input = fields({
      moderationRequired: false,
      notifyOnReject: true,
      closesAt: '2031-01-01T12:00:00.000Z',
    })
    const result = await createDraftLetter(db(), owner, input)
    if (result.kind !== 'created') throw new Error(result.kind)

    const letter = (await getLetterById(db(), result.letterId))!
    expect(letter).toMatchObject({
      slug: input.slug,
      title: input.title,
      status: 'draft',
      moderation_required: 0,
      notify_on_approve: 1,
      notify_on_reject: 1,
      closes_at: '2031-01-01T12:00:00.000Z',
      opened_at: null,
    })
    const versions = await listLetterVersions(db(), letter.id)
    expect(versions).toEqual([
      expect.objectContaining({ version_number: 1, body_sha256: sha256Hex(input.bodyMarkdown) }),
    ])
    expect(await getMembership(db(), letter.id, owner.id)).toMatchObject({ role: 'organizer' })
    expect(await auditOf(letter.id)).toEqual([
      {
        action: 'letter.created',
        actor_user_id: owner.id,
        before: null,
        after: expect.objectContaining({
          slug: input.slug,
          status: 'draft',
          version: 1,
          moderationRequired: false,
        }),
      },
    ])
  })

  test('a member who is not an owner may not create letters', async () => {
    const member = await createTestUser(db())
    const input = fields()
    expect(await thrownStatus(createDraftLetter(db(), member, input))).toBe(403)
    expect(await getLetterBySlug(db(), input.slug)).toBeNull()
  })

  test('a slug already in use is refused and nothing is created', async () => {
    const owner = await createTestUser(db(), { role: 'owner' })
    const existing = await createTestLetter(db())
    const before = await db().selectFrom('letters').select('id').execute()
    expect(await createDraftLetter(db(), owner, fields({ slug: existing.slug }))).toEqual({
      kind: 'slug-taken',
    })
    expect(await db().selectFrom('letters').select('id').execute()).toHaveLength(before.length)
  })
})

describe('saveLetter: the text and its versions', () => {
  test('editing a draft rewrites version 1 in place', async () => {
    const letter = await createTestLetter(db(), { status: 'draft' })
    const access = await editAccess(letter.id)
    const body = 'A better first draft.'
    const result = await saveLetter(db(), access, { ...(await fieldsOf(letter.id)), bodyMarkdown: body })
    expect(result).toEqual({ kind: 'saved', changed: ['bodySha256'], publishedVersion: null })

    const versions = await listLetterVersions(db(), letter.id)
    expect(versions).toHaveLength(1)
    expect(versions[0]).toMatchObject({
      id: letter.version.id,
      version_number: 1,
      body_sha256: sha256Hex(body),
    })
    expect((await getLetterVersion(db(), letter.version.id))!.body_markdown).toBe(body)
    const [event] = await auditOf(letter.id)
    expect(event).toMatchObject({
      action: 'letter.updated',
      actor_user_id: access.user.id,
      before: { bodySha256: letter.version.body_sha256 },
      after: { bodySha256: sha256Hex(body) },
    })
  })

  test.each(['open', 'closed'] as const)(
    'editing the text of an %s letter publishes version 2; signatures stay on version 1',
    async (status) => {
      const letter = await createTestLetter(db(), { status })
      const signature = await createTestSignature(db(), letter, { status: 'approved' })
      const access = await editAccess(letter.id)
      const body = 'We, the undersigned, **urge** you to keep judges free to judge.'
      const now = new Date('2030-05-01T10:00:00.000Z')

      const result = await saveLetter(
        db(),
        access,
        { ...(await fieldsOf(letter.id)), bodyMarkdown: body },
        { baseVersion: 1, now },
      )
      expect(result).toEqual({ kind: 'saved', changed: [], publishedVersion: 2 })

      const versions = await listLetterVersions(db(), letter.id)
      expect(versions.map((version) => version.version_number)).toEqual([1, 2])
      const published = (await getLetterVersion(db(), versions[1]!.id))!
      expect(published).toMatchObject({
        body_markdown: body,
        body_sha256: sha256Hex(body),
        published_at: now.toISOString(),
      })
      // Version 1 is untouched, and the letter now points at version 2.
      expect(await getLetterVersion(db(), letter.version.id)).toEqual(letter.version)
      expect((await getLetterById(db(), letter.id))!.current_version_id).toBe(published.id)
      expect((await getLetterById(db(), letter.id))!.status).toBe(status)
      expect((await getSignatureById(db(), signature.id))!.letter_version_id).toBe(letter.version.id)
      expect(await auditOf(letter.id)).toEqual([
        {
          action: 'letter.version-published',
          actor_user_id: access.user.id,
          before: { version: 1, bodySha256: letter.version.body_sha256 },
          after: { version: 2, bodySha256: sha256Hex(body) },
        },
      ])
    },
  )

  test('an unchanged text publishes nothing, even sent back with CRLF line breaks and trailing space', async () => {
    const letter = await createTestLetter(db(), { bodyMarkdown: 'First paragraph.\n\nSecond paragraph.\n' })
    const access = await editAccess(letter.id)
    // What a browser sends back from a textarea: CRLF line breaks.
    const parsed = letterSchema.parse({
      ...(await fieldsOf(letter.id)),
      bodyMarkdown: 'First paragraph.\r\n\r\nSecond paragraph.\r\n  ',
      moderationRequired: false,
      notifyOnApprove: true,
      notifyOnReject: false,
      closesAt: undefined,
    })
    expect(await saveLetter(db(), access, parsed, { baseVersion: 1 })).toEqual({ kind: 'unchanged' })
    expect(await listLetterVersions(db(), letter.id)).toHaveLength(1)
    expect(await auditOf(letter.id)).toEqual([])
  })

  test('changing only the settings publishes no version and audits just the changed fields', async () => {
    const letter = await createTestLetter(db())
    const access = await editAccess(letter.id)
    const current = await fieldsOf(letter.id)
    const result = await saveLetter(db(), access, {
      ...current,
      title: 'A new title',
      moderationRequired: true,
      closesAt: '2031-06-30T18:00:00.000Z',
    })
    expect(result).toEqual({
      kind: 'saved',
      changed: ['title', 'moderationRequired', 'closesAt'],
      publishedVersion: null,
    })
    expect(await getLetterById(db(), letter.id)).toMatchObject({
      title: 'A new title',
      moderation_required: 1,
      closes_at: '2031-06-30T18:00:00.000Z',
    })
    expect(await listLetterVersions(db(), letter.id)).toHaveLength(1)
    expect(await auditOf(letter.id)).toEqual([
      {
        action: 'letter.updated',
        actor_user_id: access.user.id,
        before: { title: current.title, moderationRequired: false, closesAt: null },
        after: { title: 'A new title', moderationRequired: true, closesAt: '2031-06-30T18:00:00.000Z' },
      },
    ])
  })

  test('a slug another letter uses is refused, and nothing at all is saved', async () => {
    const other = await createTestLetter(db())
    const letter = await createTestLetter(db())
    const access = await editAccess(letter.id)
    const result = await saveLetter(db(), access, {
      ...(await fieldsOf(letter.id)),
      slug: other.slug,
      title: 'Changed too',
      bodyMarkdown: 'Changed text.',
    })
    expect(result).toEqual({ kind: 'slug-taken' })
    expect(await getLetterById(db(), letter.id)).toMatchObject({ slug: letter.slug, title: letter.title })
    expect(await listLetterVersions(db(), letter.id)).toHaveLength(1)
    expect(await auditOf(letter.id)).toEqual([])
  })

  test('a text edited from an older version does not overwrite a newer one', async () => {
    const letter = await createTestLetter(db())
    const access = await editAccess(letter.id)
    const current = await fieldsOf(letter.id)
    await saveLetter(db(), access, { ...current, bodyMarkdown: 'Version two.' }, { baseVersion: 1 })
    const stale = await saveLetter(
      db(),
      access,
      { ...current, bodyMarkdown: 'Edited from one.' },
      { baseVersion: 1 },
    )
    expect(stale).toEqual({ kind: 'stale', editedVersion: 1, currentVersion: 2 })
    expect(await listLetterVersions(db(), letter.id)).toHaveLength(2)
    // Saving again from the version now current goes through.
    expect(
      await saveLetter(db(), access, { ...current, bodyMarkdown: 'Edited from one.' }, { baseVersion: 2 }),
    ).toMatchObject({ kind: 'saved', publishedVersion: 3 })
  })

  test('a moderator’s access cannot edit, even handed to the service directly', async () => {
    const letter = await createTestLetter(db())
    const moderator = await createTestUser(db(), { letterId: letter.id, memberRole: 'moderator' })
    expect(await thrownStatus(requireLetterAccess(db(), moderator, letter.id, 'edit'))).toBe(403)
    const access = await requireLetterAccess(db(), moderator, letter.id, 'moderate')
    const change = { ...(await fieldsOf(letter.id)), bodyMarkdown: 'Hijacked.' }
    expect(await thrownStatus(saveLetter(db(), access, change))).toBe(403)
    expect(await thrownStatus(changeStatus(db(), access, 'close'))).toBe(403)
    expect(await listLetterVersions(db(), letter.id)).toHaveLength(1)
  })
})

describe('changeStatus', () => {
  test('draft -> open -> closed -> open, with their timestamps and audit events', async () => {
    const letter = await createTestLetter(db(), { status: 'draft' })
    const access = await editAccess(letter.id)
    const opened = new Date('2030-01-10T09:00:00.000Z')
    const closed = new Date('2030-02-10T09:00:00.000Z')
    const reopened = new Date('2030-03-10T09:00:00.000Z')

    expect(await changeStatus(db(), access, 'open', opened)).toEqual({ kind: 'changed', status: 'open' })
    expect(await getLetterById(db(), letter.id)).toMatchObject({
      status: 'open',
      opened_at: opened.toISOString(),
      closed_at: null,
    })
    // The draft's text is published when the letter opens.
    expect((await getLetterVersion(db(), letter.version.id))!.published_at).toBe(opened.toISOString())

    expect(await changeStatus(db(), access, 'close', closed)).toEqual({ kind: 'changed', status: 'closed' })
    expect(await getLetterById(db(), letter.id)).toMatchObject({
      status: 'closed',
      opened_at: opened.toISOString(),
      closed_at: closed.toISOString(),
    })

    expect(await changeStatus(db(), access, 'reopen', reopened)).toEqual({ kind: 'changed', status: 'open' })
    expect(await getLetterById(db(), letter.id)).toMatchObject({
      status: 'open',
      opened_at: opened.toISOString(),
      closed_at: null,
    })

    expect(
      (await auditOf(letter.id)).map(({ action, before, after }) => ({ action, before, after })),
    ).toEqual([
      {
        action: 'letter.opened',
        before: { status: 'draft' },
        after: { status: 'open', opened_at: opened.toISOString(), closed_at: null },
      },
      {
        action: 'letter.closed',
        before: { status: 'open' },
        after: { status: 'closed', closed_at: closed.toISOString() },
      },
      { action: 'letter.reopened', before: { status: 'closed' }, after: { status: 'open' } },
    ])
  })

  test('a transition from the wrong status is refused and changes nothing', async () => {
    const letter = await createTestLetter(db(), { status: 'open' })
    const access = await editAccess(letter.id)
    expect(await changeStatus(db(), access, 'open')).toEqual({
      kind: 'refused',
      message: 'This letter is already open: nothing was changed.',
    })
    expect(await changeStatus(db(), access, 'reopen')).toMatchObject({ kind: 'refused' })
    expect((await getLetterById(db(), letter.id))!.status).toBe('open')
    expect(await auditOf(letter.id)).toEqual([])
  })

  test('a letter whose closing date has passed is not opened', async () => {
    const now = new Date('2030-01-10T09:00:00.000Z')
    const letter = await createTestLetter(db(), { status: 'draft' })
    const access = await editAccess(letter.id)
    await saveLetter(db(), access, {
      ...(await fieldsOf(letter.id)),
      closesAt: hoursFrom(now, -1).toISOString(),
    })
    expect(await changeStatus(db(), access, 'open', now)).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('closing date has passed'),
    })
    expect((await getLetterById(db(), letter.id))!.status).toBe('draft')
  })
})

describe('the closing date', () => {
  test('an open letter past its closing date reads as closed, and takes no signature or confirmation', async () => {
    const letter = await createTestLetter(db(), { status: 'open' })
    const access = await editAccess(letter.id)
    const closesAt = new Date('2030-06-01T00:00:00.000Z')
    await saveLetter(db(), access, { ...(await fieldsOf(letter.id)), closesAt: closesAt.toISOString() })
    const stored = (await getLetterBySlug(db(), letter.slug))!

    expect(effectiveLetterStatus(stored, hoursFrom(closesAt, -1))).toBe('open')
    expect(effectiveLetterStatus(stored, closesAt)).toBe('closed')
    expect(effectiveLetterStatus({ status: 'draft', closes_at: stored.closes_at }, closesAt)).toBe('draft')

    const context = { appUrl: 'http://localhost:3000', confirmationTtlHours: 48 }
    const input = signLetterSchema.parse(validSignatureForm())
    // Signed an hour before the close: accepted, but its confirmation comes too late.
    await signLetter(db(), stored, input, { ...context, now: hoursFrom(closesAt, -1) })
    const row = await db()
      .selectFrom('email_outbox')
      .select('secret_payload')
      .where('to_address', '=', input.email)
      .executeTakeFirstOrThrow()
    const token = (JSON.parse(row.secret_payload!) as { confirmUrl: string }).confirmUrl.split(
      '/confirm/',
    )[1]!
    expect(await checkConfirmationToken(db(), token, hoursFrom(closesAt, 1))).toMatchObject({
      kind: 'letter-not-open',
    })

    const late = signLetterSchema.parse(validSignatureForm())
    await expect(signLetter(db(), stored, late, { ...context, now: hoursFrom(closesAt, 1) })).rejects.toThrow(
      LetterNotOpenError,
    )
  })
})
