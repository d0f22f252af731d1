import type { DB } from '#db/database'
import type { User, UserRole } from '#db/schema'
import { normalizeEmail } from './signature.server'

export async function getUserById(db: DB, id: number): Promise<User | null> {
  return (await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
}

export async function getUserByEmail(db: DB, email: string): Promise<User | null> {
  return (
    (await db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', normalizeEmail(email))
      .executeTakeFirst()) ?? null
  )
}

/** The account for this address, created as a member when there is none. */
export async function findOrCreateUser(
  db: DB,
  input: { email: string; displayName?: string; role?: UserRole },
  now = new Date(),
): Promise<{ user: User; created: boolean }> {
  const existing = await getUserByEmail(db, input.email)
  if (existing) return { user: existing, created: false }
  const email = normalizeEmail(input.email)
  const user = await db
    .insertInto('users')
    .values({
      email,
      display_name: input.displayName?.trim() || email.split('@')[0]!,
      role: input.role ?? 'member',
      created_at: now.toISOString(),
      last_sign_in_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return { user, created: true }
}

export async function countOwners(db: DB): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow()
  return row.count
}
