import type { DB } from '#db/database'
import type { User } from '#db/schema'
import { generateToken, sha256Hex } from '~/utils/crypto.server'

export const SIGN_IN_TOKEN_MINUTES = 15

export async function issueSignInToken(db: DB, userId: number, now = new Date()) {
  const token = generateToken()
  await db
    .insertInto('sign_in_tokens')
    .values({
      user_id: userId,
      token_hash: sha256Hex(token),
      expires_at: new Date(now.getTime() + SIGN_IN_TOKEN_MINUTES * 60_000).toISOString(),
      used_at: null,
      created_at: now.toISOString(),
    })
    .execute()
  return token
}

export type SignInTokenCheck =
  { kind: 'valid'; user: User; tokenId: number } | { kind: 'expired' | 'used' | 'invalid' }

export async function checkSignInToken(db: DB, token: string, now = new Date()): Promise<SignInTokenCheck> {
  const row = await db
    .selectFrom('sign_in_tokens')
    .innerJoin('users', 'users.id', 'sign_in_tokens.user_id')
    .selectAll('users')
    .select(['sign_in_tokens.id as token_id', 'sign_in_tokens.expires_at', 'sign_in_tokens.used_at'])
    .where('sign_in_tokens.token_hash', '=', sha256Hex(token))
    .executeTakeFirst()
  if (!row) return { kind: 'invalid' }
  if (row.used_at) return { kind: 'used' }
  if (row.expires_at <= now.toISOString()) return { kind: 'expired' }
  const { token_id, expires_at: _expires, used_at: _used, ...user } = row
  return { kind: 'valid', user, tokenId: token_id }
}

/** Marks the token used if nobody else did first; false means another request won. */
export async function useSignInToken(db: DB, tokenId: number, now = new Date()): Promise<boolean> {
  const result = await db
    .updateTable('sign_in_tokens')
    .set({ used_at: now.toISOString() })
    .where('id', '=', tokenId)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows === 1n
}

/** How many links this user was sent since a moment: the sign-in form's throttle. */
export async function countSignInTokensSince(db: DB, userId: number, since: Date): Promise<number> {
  const row = await db
    .selectFrom('sign_in_tokens')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .where('created_at', '>', since.toISOString())
    .executeTakeFirstOrThrow()
  return row.count
}

/** Ends every link not yet used: "sign out everywhere" must also close the doors not yet opened. */
export async function revokeSignInTokens(db: DB, userId: number, now = new Date()) {
  await db
    .updateTable('sign_in_tokens')
    .set({ used_at: now.toISOString() })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute()
}
