import { createCookie, redirect } from '@remix-run/node'
import type { User } from '#db/schema'
import { createSession, deleteSession, getSessionUser, type SessionLifetime } from '~/models/session.server'
import { getDb } from './db.server'
import { getEnv } from './env.server'

// Organizer sessions live in the `sessions` table; the cookie holds only a random id.

let cookie: ReturnType<typeof createCookie> | undefined
function adminCookie() {
  const env = getEnv()
  cookie ??= createCookie('__undersigned_admin', {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: env.APP_URL.startsWith('https://'),
    secrets: [env.SESSION_SECRET],
  })
  return cookie
}

export function sessionLifetime(): SessionLifetime {
  const env = getEnv()
  return {
    idleMinutes: env.ADMIN_SESSION_IDLE_HOURS * 60,
    absoluteMinutes: env.ADMIN_SESSION_MAX_DAYS * 24 * 60,
  }
}

async function readSessionId(request: Request): Promise<string | null> {
  const value = await adminCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' && value.length > 0 ? value : null
}

export async function getOptionalUser(request: Request): Promise<User | null> {
  const sessionId = await readSessionId(request)
  if (!sessionId) return null
  return (await getSessionUser(getDb(), sessionId, sessionLifetime()))?.user ?? null
}

/** The signed-in user, or a redirect to sign-in that comes back here afterwards. */
export async function requireUser(request: Request): Promise<User> {
  const user = await getOptionalUser(request)
  if (user) return user
  const url = new URL(request.url)
  const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` })
  throw redirect(`/admin/sign-in?${params}`)
}

/** Starts a fresh session (a new id at every sign-in) and returns its cookie. */
export async function startSession(request: Request, userId: number): Promise<string> {
  const previous = await readSessionId(request)
  if (previous) await deleteSession(getDb(), previous)
  const { id, expiresAt } = await createSession(
    getDb(),
    userId,
    sessionLifetime(),
    request.headers.get('User-Agent'),
  )
  return adminCookie().serialize(id, { expires: expiresAt })
}

export async function endSession(request: Request): Promise<string> {
  const sessionId = await readSessionId(request)
  if (sessionId) await deleteSession(getDb(), sessionId)
  return adminCookie().serialize('', { maxAge: 0 })
}

/**
 * A path on this site to go to after sign-in or a form, or the fallback. The path is resolved
 * the way a browser would (which ignores tabs and newlines and reads "\\" as "/"), and kept only
 * if it stays on this origin: "//evil.example", "/\tevil" and "https://..." all fall back.
 */
export function safeRedirectPath(
  to: FormDataEntryValue | string | null | undefined,
  fallback = '/admin',
): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.length > 2000) return fallback
  // Control characters and backslashes: a header cannot carry the first, browsers rewrite both.
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback
  const base = 'http://undersigned.invalid'
  let resolved: URL
  try {
    resolved = new URL(to, base)
  } catch {
    return fallback
  }
  if (resolved.origin !== base) return fallback
  return `${resolved.pathname}${resolved.search}${resolved.hash}`
}
