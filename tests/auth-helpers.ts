import { randomUUID } from 'node:crypto'
import type { DB } from '#db/database'
import type { MemberRole, User, UserRole } from '#db/schema'
import { upsertMembership } from '~/models/letter-member.server'
import { findOrCreateUser } from '~/models/user.server'
import { startSession } from '~/utils/auth.server'

/** A user, optionally a member of a letter with a role. */
export async function createTestUser(
  db: DB,
  traits: { role?: UserRole; letterId?: number; memberRole?: MemberRole; email?: string } = {},
): Promise<User> {
  const { user } = await findOrCreateUser(db, {
    email: traits.email ?? `organizer-${randomUUID().slice(0, 8)}@example.org`,
    displayName: 'Test Organizer',
    role: traits.role ?? 'member',
  })
  if (traits.letterId !== undefined) {
    await upsertMembership(db, {
      letterId: traits.letterId,
      userId: user.id,
      role: traits.memberRole ?? 'organizer',
      invitedByUserId: null,
    })
  }
  return user
}

/** The Cookie header of a signed-in browser for this user (a real session row). */
export async function signedInCookie(user: User): Promise<string> {
  const setCookie = await startSession(new Request('http://localhost:3000/'), user.id)
  return setCookie.split(';')[0]!
}
