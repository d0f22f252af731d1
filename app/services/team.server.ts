import type { DB } from '#db/database'
import type { MemberRole, User } from '#db/schema'
import { recordAuditEvent } from '~/models/audit.server'
import {
  countOrganizers,
  getMembership,
  listMembers,
  removeMembership,
  upsertMembership,
} from '~/models/letter-member.server'
import { findOrCreateUser, getUserById } from '~/models/user.server'
import { requirePermission, type LetterAccess } from '~/services/letter-access.server'
import { emailSignInLink, memberRoleLabel } from '~/services/sign-in.server'

const ACCESS_MESSAGE = 'Only organizers manage this letter’s team.'

// A letter's team: who may moderate or organize it. Every function takes the access the route
// obtained from requireLetterAccess and checks it again, so no caller can skip the check.

const auditActor = (user: User) => ({ type: 'user' as const, user })
const memberSummary = (user: Pick<User, 'display_name' | 'email'>, role: MemberRole) => ({
  member: `${user.display_name} <${user.email}>`,
  role,
})

export async function listTeam(db: DB, access: LetterAccess) {
  requirePermission(access, 'manage-members', ACCESS_MESSAGE)
  return listMembers(db, access.letter.id)
}

export const LAST_ORGANIZER_MESSAGE =
  'This is the letter’s only organizer. Invite another organizer first, so someone can still manage it; then this one can step back.'

/**
 * The letter must keep an organizer: the only one can be neither removed nor made a moderator,
 * by themselves or by anyone else. Checked inside the caller's transaction, which holds the write
 * lock (BEGIN IMMEDIATE), so two organizers removing each other at once cannot both succeed.
 * (Owners reach every letter anyway; the rule is about the team itself.)
 */
async function leavesNoOrganizer(
  db: DB,
  access: LetterAccess,
  target: { userId: number; currentRole: MemberRole; newRole: MemberRole | null },
) {
  if (target.currentRole !== 'organizer' || target.newRole === 'organizer') return false
  return (await countOrganizers(db, access.letter.id)) <= 1
}

export type InviteOutcome =
  | { kind: 'invited'; user: User; created: boolean; previousRole: MemberRole | null }
  | { kind: 'last-organizer' }

/**
 * Adds someone to the team (creating their account when they have none) and emails them a
 * sign-in link that says who invited them to which letter. Inviting a member again changes
 * their role and sends a fresh link.
 */
export async function inviteMember(
  db: DB,
  access: LetterAccess,
  input: { email: string; role: MemberRole; displayName?: string },
  appUrl: string,
  now = new Date(),
): Promise<InviteOutcome> {
  requirePermission(access, 'manage-members', ACCESS_MESSAGE)
  const letter = access.letter
  return db.transaction().execute(async (trx) => {
    const { user, created } = await findOrCreateUser(
      trx,
      { email: input.email, displayName: input.displayName },
      now,
    )
    const previous = await getMembership(trx, letter.id, user.id)
    if (
      previous &&
      (await leavesNoOrganizer(trx, access, {
        userId: user.id,
        currentRole: previous.role,
        newRole: input.role,
      }))
    ) {
      return { kind: 'last-organizer' as const }
    }
    await upsertMembership(
      trx,
      { letterId: letter.id, userId: user.id, role: input.role, invitedByUserId: access.user.id },
      now,
    )
    await emailSignInLink(
      trx,
      user,
      appUrl,
      { letterTitle: letter.title, role: memberRoleLabel[input.role], invitedBy: access.user.display_name },
      now,
    )
    await recordAuditEvent(
      trx,
      {
        actor: auditActor(access.user),
        action: 'member.invited',
        letterId: letter.id,
        before: previous ? memberSummary(user, previous.role) : undefined,
        after: { ...memberSummary(user, input.role), ...(created ? { account: 'created' } : {}) },
      },
      now,
    )
    return { kind: 'invited' as const, user, created, previousRole: previous?.role ?? null }
  })
}

export type MemberChangeOutcome =
  | { kind: 'done'; user: User; previousRole: MemberRole }
  | { kind: 'unchanged'; user: User }
  | { kind: 'not-a-member' }
  | { kind: 'last-organizer' }

export async function removeMember(
  db: DB,
  access: LetterAccess,
  userId: number,
  now = new Date(),
): Promise<MemberChangeOutcome> {
  requirePermission(access, 'manage-members', ACCESS_MESSAGE)
  const letterId = access.letter.id
  return db.transaction().execute(async (trx) => {
    const membership = await getMembership(trx, letterId, userId)
    const user = membership ? await getUserById(trx, userId) : null
    if (!membership || !user) return { kind: 'not-a-member' as const }
    if (await leavesNoOrganizer(trx, access, { userId, currentRole: membership.role, newRole: null })) {
      return { kind: 'last-organizer' as const }
    }
    await removeMembership(trx, letterId, userId)
    await recordAuditEvent(
      trx,
      {
        actor: auditActor(access.user),
        action: 'member.removed',
        letterId,
        before: memberSummary(user, membership.role),
      },
      now,
    )
    return { kind: 'done' as const, user, previousRole: membership.role }
  })
}

export async function changeMemberRole(
  db: DB,
  access: LetterAccess,
  input: { userId: number; role: MemberRole },
  now = new Date(),
): Promise<MemberChangeOutcome> {
  requirePermission(access, 'manage-members', ACCESS_MESSAGE)
  const letterId = access.letter.id
  return db.transaction().execute(async (trx) => {
    const membership = await getMembership(trx, letterId, input.userId)
    const user = membership ? await getUserById(trx, input.userId) : null
    if (!membership || !user) return { kind: 'not-a-member' as const }
    if (membership.role === input.role) return { kind: 'unchanged' as const, user }
    const newRole = input.role
    if (await leavesNoOrganizer(trx, access, { userId: user.id, currentRole: membership.role, newRole })) {
      return { kind: 'last-organizer' as const }
    }
    await upsertMembership(
      trx,
      { letterId, userId: user.id, role: input.role, invitedByUserId: membership.invited_by_user_id },
      now,
    )
    await recordAuditEvent(
      trx,
      {
        actor: auditActor(access.user),
        action: 'member.role-changed',
        letterId,
        before: memberSummary(user, membership.role),
        after: memberSummary(user, input.role),
      },
      now,
    )
    return { kind: 'done' as const, user, previousRole: membership.role }
  })
}
