import { describe, expect, test } from 'vitest'
import { recordAuditEvent } from '~/models/audit.server'
import { describeAuditAction, summarizeAuditChange } from '~/services/audit-log.server'
import { getDb } from '~/utils/db.server'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { loader } from './admin.letters.$letterId.audit'

const base = 'http://localhost:3000'

async function open(letterId: number, cookie?: string, search = '') {
  return callRoute(
    loader,
    new Request(`${base}/admin/letters/${letterId}/audit${search}`, {
      headers: cookie ? { Cookie: cookie } : {},
    }),
    { letterId: String(letterId) },
  )
}

describe('the audit log page', () => {
  test('shows the letter’s events newest first, in words, with the signature’s name and the change', async () => {
    const letter = await createTestLetter(getDb())
    const moderator = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
    const signature = await createTestSignature(getDb(), letter, { name: 'Ines Okoro', status: 'confirmed' })
    const actor = { type: 'user' as const, user: moderator }
    await recordAuditEvent(getDb(), {
      actor,
      action: 'member.invited',
      letterId: letter.id,
      after: { member: 'Ana <ana@example.org>', role: 'moderator' },
    })
    await recordAuditEvent(getDb(), {
      actor,
      action: 'signature.approved',
      letterId: letter.id,
      signatureId: signature.id,
      before: { status: 'confirmed' },
      after: { status: 'approved' },
    })
    // Another letter's events stay on that letter.
    const other = await createTestLetter(getDb())
    await recordAuditEvent(getDb(), { actor, action: 'letter.closed', letterId: other.id })

    const page = await open(letter.id, await signedInCookie(moderator))
    expect(page.status).toBe(200)
    expect(page.data.nextCursor).toBeNull()
    expect(page.data.entries).toHaveLength(2)
    const [approved, invited] = page.data.entries
    expect(approved).toMatchObject({
      action: 'signature.approved',
      description: 'Approved a signature',
      actor: { type: 'user', label: `Test Organizer <${moderator.email}>` },
      signature: { id: signature.id, name: 'Ines Okoro' },
      changes: [{ field: 'status', before: 'confirmed', after: 'approved', changed: true }],
    })
    expect(approved.when).toMatch(/UTC$/)
    expect(invited).toMatchObject({
      description: 'Invited a team member',
      signature: null,
      changes: [
        { field: 'member', before: null, after: 'Ana <ana@example.org>', changed: false },
        { field: 'role', before: null, after: 'moderator', changed: false },
      ],
    })
  })

  test('pages with a keyset cursor to older events', async () => {
    const letter = await createTestLetter(getDb())
    const owner = await createTestUser(getDb(), { role: 'owner' })
    for (let index = 0; index < 55; index++) {
      await recordAuditEvent(getDb(), {
        actor: { type: 'system', label: 'test' },
        action: 'letter.updated',
        letterId: letter.id,
        after: { index },
      })
    }
    const cookie = await signedInCookie(owner)
    const first = await open(letter.id, cookie)
    expect(first.data.entries).toHaveLength(50)
    expect(first.data.entries[0].changes[0].after).toBe('54')
    expect(first.data.isFirstPage).toBe(true)
    const second = await open(letter.id, cookie, `?before=${first.data.nextCursor}`)
    expect(second.data.entries).toHaveLength(5)
    expect(second.data.entries[0].changes[0].after).toBe('4')
    expect(second.data.nextCursor).toBeNull()
    expect(second.data.isFirstPage).toBe(false)
    // A cursor that is not a number is ignored rather than failing.
    expect((await open(letter.id, cookie, '?before=abc')).data.entries).toHaveLength(50)
  })

  test('signed out redirects to sign-in; a moderator of one letter gets 403 on another', async () => {
    const letter = await createTestLetter(getDb())
    const signedOut = await open(letter.id)
    expect(signedOut.status).toBe(302)
    expect(signedOut.headers.get('Location')).toMatch(/^\/admin\/sign-in\?redirectTo=/)

    const other = await createTestLetter(getDb())
    const moderator = await createTestUser(getDb(), { letterId: other.id, memberRole: 'moderator' })
    expect((await open(letter.id, await signedInCookie(moderator))).status).toBe(403)
  })
})

describe('audit wording', () => {
  test('unknown actions still read as words', () => {
    expect(describeAuditAction('member.removed')).toBe('Removed a team member')
    expect(describeAuditAction('signature.bulk-approved')).toBe('Signature: bulk approved')
    expect(describeAuditAction('weird')).toBe('Weird')
  })

  test('before and after are summarized field by field; odd values do not break it', () => {
    expect(summarizeAuditChange('{"rejectionReason":"fake"}', '{"rejectionReason":"other"}')).toEqual([
      { field: 'rejection reason', before: 'fake', after: 'other', changed: true },
    ])
    expect(summarizeAuditChange('"closed"', '"open"')).toEqual([
      { field: 'value', before: 'closed', after: 'open', changed: true },
    ])
    expect(summarizeAuditChange(null, null)).toEqual([])
    expect(summarizeAuditChange('not json', null)).toEqual([
      { field: 'value', before: 'not json', after: null, changed: false },
    ])
    const [long] = summarizeAuditChange(null, JSON.stringify({ body: 'x'.repeat(500) }))
    expect(long!.after!.length).toBe(160)
  })
})
