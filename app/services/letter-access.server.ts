import type { DB } from '#db/database'
import type { User } from '#db/schema'
import { getLetterById } from '~/models/letter.server'
import { getMembership } from '~/models/letter-member.server'
import { requireUser } from '~/utils/auth.server'
import { getDb } from '~/utils/db.server'

export type LetterRole = 'owner' | 'organizer' | 'moderator'
export type LetterPermission = 'moderate' | 'view' | 'edit' | 'manage-members' | 'manage-signer-data'

// Signers' addresses, exports and erasure are for the site's owners only (ADR 017).
const permissions: Record<LetterRole, ReadonlySet<LetterPermission>> = {
  owner: new Set(['moderate', 'view', 'edit', 'manage-members', 'manage-signer-data']),
  organizer: new Set(['moderate', 'view', 'edit', 'manage-members']),
  moderator: new Set(['moderate', 'view']),
}

export type LetterAccess = {
  user: User
  letter: NonNullable<Awaited<ReturnType<typeof getLetterById>>>
  role: LetterRole
  can(permission: LetterPermission): boolean
}

function forbidden(message = 'You do not have access to this letter.'): never {
  throw new Response(message, {
    status: 403,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  })
}

/**
 * The one door to a letter's admin pages and actions: it throws 404 for an unknown letter and
 * 403 for a user without the permission, so no handler can forget the check.
 */
export async function requireLetterAccess(
  db: DB,
  user: User,
  letterId: number,
  permission: LetterPermission,
): Promise<LetterAccess> {
  const letter = Number.isSafeInteger(letterId) ? await getLetterById(db, letterId) : null
  if (!letter) throw new Response('No such letter', { status: 404 })
  let role: LetterRole | null = user.role === 'owner' ? 'owner' : null
  if (!role) role = (await getMembership(db, letter.id, user.id))?.role ?? null
  if (!role || !permissions[role].has(permission)) forbidden()
  return { user, letter, role, can: (wanted) => permissions[role].has(wanted) }
}

export function requireOwner(user: User) {
  if (user.role !== 'owner') forbidden()
}

/**
 * For services built from a LetterAccess: they check again, with their own words, so a handler
 * that passed the wrong permission to requireLetterAccess still cannot get through.
 */
export function requirePermission(access: LetterAccess, permission: LetterPermission, message: string) {
  if (!access.can(permission)) forbidden(message)
}

/** For a letter's admin routes: the signed-in user (or a redirect to sign in) and their access. */
export async function requireLetterAccessFor(
  request: Request,
  letterIdParam: string | undefined,
  permission: LetterPermission,
): Promise<LetterAccess> {
  const user = await requireUser(request)
  return requireLetterAccess(getDb(), user, Number(letterIdParam), permission)
}
