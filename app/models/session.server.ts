import type { DB } from '#db/database'
import type { Session, User } from '#db/schema'
import { generateToken, sha256Hex } from '~/utils/crypto.server'

export type SessionLifetime = { idleMinutes: number; absoluteMinutes: number }

/** A new session: the cookie gets the random id, the table only its hash. */
export async function createSession(
  db: DB,
  userId: number,
  lifetime: SessionLifetime,
  userAgent: string | null,
  now = new Date(),
): Promise<{ id: string; expiresAt: Date }> {
  const id = generateToken()
  const expiresAt = new Date(now.getTime() + lifetime.absoluteMinutes * 60_000)
  await db
    .insertInto('sessions')
    .values({
      id_hash: sha256Hex(id),
      user_id: userId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      user_agent: userAgent?.slice(0, 300) ?? null,
    })
    .execute()
  return { id, expiresAt }
}

/**
 * The user behind a session id, if the session is neither idle too long nor past its absolute
 * expiry. Activity is recorded at most once a minute, so reading pages costs no write each time.
 */
export async function getSessionUser(
  db: DB,
  sessionId: string,
  lifetime: SessionLifetime,
  now = new Date(),
): Promise<{ session: Session; user: User } | null> {
  const idHash = sha256Hex(sessionId)
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select([
      'sessions.id_hash',
      'sessions.created_at as session_created_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.user_agent',
    ])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst()
  if (!row) return null
  const idleLimit = new Date(now.getTime() - lifetime.idleMinutes * 60_000).toISOString()
  if (row.expires_at <= now.toISOString() || row.last_seen_at <= idleLimit) {
    await deleteSession(db, sessionId)
    return null
  }
  if (now.getTime() - Date.parse(row.last_seen_at) > 60_000) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('id_hash', '=', idHash)
      .execute()
  }
  const { id_hash, session_created_at, last_seen_at, expires_at, user_agent, ...user } = row
  return {
    session: {
      id_hash,
      user_id: user.id,
      created_at: session_created_at,
      last_seen_at,
      expires_at,
      user_agent,
    },
    user,
  }
}

export async function deleteSession(db: DB, sessionId: string) {
  await db.deleteFrom('sessions').where('id_hash', '=', sha256Hex(sessionId)).execute()
}

export async function deleteAllSessionsOfUser(db: DB, userId: number) {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst()
  return Number(result.numDeletedRows)
}
