import { describe, expect, test } from 'vitest'
import { getMembership } from '~/models/letter-member.server'
import { listOutboxEmailsTo } from '~/models/outbox.server'
import { getUserByEmail } from '~/models/user.server'
import { getDb } from '~/utils/db.server'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { createTestLetter, formRequest, uniqueEmail } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { action, loader } from './admin.letters.$letterId.team'

const base = 'http://localhost:3000'
const teamUrl = (letterId: number) => `${base}/admin/letters/${letterId}/team`

async function open(letterId: number, cookie?: string) {
  return callRoute(loader, new Request(teamUrl(letterId), { headers: cookie ? { Cookie: cookie } : {} }), {
    letterId: String(letterId),
  })
}

async function post(letterId: number, fields: Record<string, string>, cookie?: string) {
  return callRoute(action, formRequest(teamUrl(letterId), fields, cookie ? { Cookie: cookie } : {}), {
    letterId: String(letterId),
  })
}

async function auditActions(letterId: number) {
  const rows = await getDb()
    .selectFrom('audit_events')
    .select(['action', 'before', 'after', 'actor_user_id'])
    .where('letter_id', '=', letterId)
    .orderBy('id')
    .execute()
  return rows
}

async function letterWithOrganizer() {
  const letter = await createTestLetter(getDb())
  const organizer = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'organizer' })
  return { letter, organizer, cookie: await signedInCookie(organizer) }
}

describe('the team page', () => {
  test('lists the members with their role and last sign-in', async () => {
    const { letter, organizer, cookie } = await letterWithOrganizer()
    const moderator = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
    const page = await open(letter.id, cookie)
    expect(page.status).toBe(200)
    expect(page.data.currentUserId).toBe(organizer.id)
    expect(page.data.members).toEqual([
      expect.objectContaining({
        id: organizer.id,
        email: organizer.email,
        role: 'organizer',
        lastSignIn: null,
      }),
      expect.objectContaining({ id: moderator.id, email: moderator.email, role: 'moderator' }),
    ])
  })

  test('signed out, the page and its actions send you to sign in', async () => {
    const letter = await createTestLetter(getDb())
    const page = await open(letter.id)
    expect(page.status).toBe(302)
    expect(page.headers.get('Location')).toBe(
      `/admin/sign-in?redirectTo=${encodeURIComponent(`/admin/letters/${letter.id}/team`)}`,
    )
    const posted = await post(letter.id, { email: uniqueEmail(), role: 'moderator' })
    expect(posted.status).toBe(302)
    expect(posted.headers.get('Location')).toMatch(/^\/admin\/sign-in\?redirectTo=/)
  })

  test('a moderator gets 403 on their own letter’s team, page and actions', async () => {
    const letter = await createTestLetter(getDb())
    const moderator = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
    const cookie = await signedInCookie(moderator)
    expect((await open(letter.id, cookie)).status).toBe(403)
    const email = uniqueEmail('sneaky')
    expect((await post(letter.id, { email, role: 'organizer' }, cookie)).status).toBe(403)
    expect(await getUserByEmail(getDb(), email)).toBeNull()
    expect((await post(letter.id, { intent: 'remove', userId: String(moderator.id) }, cookie)).status).toBe(
      403,
    )
  })

  test('an organizer of one letter gets 403 on another letter’s team', async () => {
    const { cookie } = await letterWithOrganizer()
    const other = await createTestLetter(getDb())
    const otherOrganizer = await createTestUser(getDb(), { letterId: other.id, memberRole: 'organizer' })
    expect((await open(other.id, cookie)).status).toBe(403)
    expect((await post(other.id, { email: uniqueEmail(), role: 'moderator' }, cookie)).status).toBe(403)
    expect(
      (await post(other.id, { intent: 'remove', userId: String(otherOrganizer.id) }, cookie)).status,
    ).toBe(403)
    expect(await getMembership(getDb(), other.id, otherOrganizer.id)).not.toBeNull()
  })

  test('an unknown letter is a 404', async () => {
    const { cookie } = await letterWithOrganizer()
    expect((await open(999_999, cookie)).status).toBe(404)
  })

  test('an owner who is no member manages any letter’s team', async () => {
    const letter = await createTestLetter(getDb())
    const owner = await createTestUser(getDb(), { role: 'owner' })
    const cookie = await signedInCookie(owner)
    expect((await open(letter.id, cookie)).status).toBe(200)
    const email = uniqueEmail('by-owner')
    expect((await post(letter.id, { email, role: 'organizer' }, cookie)).status).toBe(200)
  })
})

describe('inviting', () => {
  test('creates the account, adds the member, queues a sign-in link with the invitation, and audits it', async () => {
    const { letter, organizer, cookie } = await letterWithOrganizer()
    const email = uniqueEmail('invitee')
    const response = await post(
      letter.id,
      {
        intent: 'invite',
        email: `  ${email.toUpperCase()} `,
        role: 'moderator',
        displayName: ' Rosa  Ibarra ',
      },
      cookie,
    )
    expect(response.status).toBe(200)
    expect(response.data.notice).toContain('We emailed them a sign-in link')
    expect(response.data.result.error).toBeUndefined()

    const invitee = await getUserByEmail(getDb(), email)
    expect(invitee).toMatchObject({ email, display_name: 'Rosa Ibarra', role: 'member' })
    expect(await getMembership(getDb(), letter.id, invitee!.id)).toMatchObject({
      role: 'moderator',
      invited_by_user_id: organizer.id,
    })

    const [message] = await listOutboxEmailsTo(getDb(), email)
    expect(message).toMatchObject({ template: 'sign-in-link', status: 'pending' })
    expect(message!.subject).toBe(`You are invited to moderate “${letter.title}”`)
    expect(JSON.parse(message!.payload).invitation).toEqual({
      letterTitle: letter.title,
      role: 'a moderator',
      invitedBy: 'Test Organizer',
    })
    expect(JSON.parse(message!.secret_payload!).signInUrl).toMatch(
      /^http:\/\/localhost:3000\/admin\/sign-in\//,
    )

    const [event] = await auditActions(letter.id)
    expect(event).toMatchObject({ action: 'member.invited', actor_user_id: organizer.id, before: null })
    expect(JSON.parse(event!.after!)).toEqual({
      member: `Rosa Ibarra <${email}>`,
      role: 'moderator',
      account: 'created',
    })
  })

  test('inviting an existing account keeps its name and changes the role of a member', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const existing = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
    const response = await post(
      letter.id,
      { email: existing.email, role: 'organizer', displayName: 'Someone Else' },
      cookie,
    )
    expect(response.status).toBe(200)
    expect(response.data.notice).toContain('already on the team')
    expect((await getUserByEmail(getDb(), existing.email))!.display_name).toBe('Test Organizer')
    expect((await getMembership(getDb(), letter.id, existing.id))!.role).toBe('organizer')
    const [event] = await auditActions(letter.id)
    expect(JSON.parse(event!.before!)).toMatchObject({ role: 'moderator' })
    expect(JSON.parse(event!.after!)).toMatchObject({ role: 'organizer' })
  })

  test('bad input comes back as field errors with status 400, and nothing is stored', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const response = await post(letter.id, { email: 'not-an-email', role: 'admin' }, cookie)
    expect(response.status).toBe(400)
    expect(response.data.result.error).toMatchObject({
      email: ['Enter an email address like name@example.org'],
      role: ['Choose organizer or moderator'],
    })
    const missing = await post(letter.id, {}, cookie)
    expect(missing.status).toBe(400)
    expect(missing.data.result.error).toMatchObject({ email: ['Enter their email address'] })
    expect(await auditActions(letter.id)).toEqual([])
    expect(await getUserByEmail(getDb(), 'not-an-email')).toBeNull()
  })

  test('a body that is not a form is a 400, not a 500', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const request = new Request(teamUrl(letter.id), {
      method: 'POST',
      body: '{"email":"x@example.org"}',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
    })
    const response = await callRoute(action, request, { letterId: String(letter.id) })
    expect(response.status).toBe(400)
  })
})

describe('removing and changing roles', () => {
  test('removes a member and audits it', async () => {
    const { letter, organizer, cookie } = await letterWithOrganizer()
    const moderator = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
    const response = await post(letter.id, { intent: 'remove', userId: String(moderator.id) }, cookie)
    expect(response.status).toBe(200)
    expect(response.data.notice).toContain('is no longer on the team')
    expect(await getMembership(getDb(), letter.id, moderator.id)).toBeNull()
    const [event] = await auditActions(letter.id)
    expect(event).toMatchObject({ action: 'member.removed', actor_user_id: organizer.id, after: null })
    expect(JSON.parse(event!.before!)).toEqual({
      member: `Test Organizer <${moderator.email}>`,
      role: 'moderator',
    })

    const again = await post(letter.id, { intent: 'remove', userId: String(moderator.id) }, cookie)
    expect(again.status).toBe(409)
    expect(again.data.result.error['']).toEqual(['That person is no longer on this letter’s team.'])
  })

  test('the only organizer cannot remove themselves or step down, and is told why', async () => {
    const { letter, organizer, cookie } = await letterWithOrganizer()
    const removed = await post(letter.id, { intent: 'remove', userId: String(organizer.id) }, cookie)
    expect(removed.status).toBe(409)
    expect(removed.data.result.error[''][0]).toContain('only organizer')
    const demoted = await post(
      letter.id,
      { intent: 'change-role', userId: String(organizer.id), role: 'moderator' },
      cookie,
    )
    expect(demoted.status).toBe(409)
    expect((await getMembership(getDb(), letter.id, organizer.id))!.role).toBe('organizer')
    expect(await auditActions(letter.id)).toEqual([])
  })

  test('an owner cannot remove a letter’s only organizer either', async () => {
    const { letter, organizer } = await letterWithOrganizer()
    const owner = await createTestUser(getDb(), { role: 'owner' })
    const removed = await post(
      letter.id,
      { intent: 'remove', userId: String(organizer.id) },
      await signedInCookie(owner),
    )
    expect(removed.status).toBe(409)
    expect((await getMembership(getDb(), letter.id, organizer.id))!.role).toBe('organizer')
  })

  test('with a second organizer, an organizer may leave, and is sent back to their letters', async () => {
    const { letter, organizer, cookie } = await letterWithOrganizer()
    await createTestUser(getDb(), { letterId: letter.id, memberRole: 'organizer' })
    const response = await post(letter.id, { intent: 'remove', userId: String(organizer.id) }, cookie)
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/admin')
    expect(await getMembership(getDb(), letter.id, organizer.id)).toBeNull()
  })

  test('changes a member’s role and audits before and after', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const moderator = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
    const response = await post(
      letter.id,
      { intent: 'change-role', userId: String(moderator.id), role: 'organizer' },
      cookie,
    )
    expect(response.status).toBe(200)
    expect((await getMembership(getDb(), letter.id, moderator.id))!.role).toBe('organizer')
    const [event] = await auditActions(letter.id)
    expect(event!.action).toBe('member.role-changed')
    expect(JSON.parse(event!.before!).role).toBe('moderator')
    expect(JSON.parse(event!.after!).role).toBe('organizer')
  })

  test('row forms with bad input answer 400 with errors', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const removal = await post(letter.id, { intent: 'remove', userId: 'abc' }, cookie)
    expect(removal.status).toBe(400)
    expect(removal.data.result.error).toMatchObject({ userId: ['Choose a member'] })
    const change = await post(letter.id, { intent: 'change-role', userId: '1', role: 'owner' }, cookie)
    expect(change.status).toBe(400)
    expect(change.data.result.error).toMatchObject({ role: ['Choose organizer or moderator'] })
  })
})
