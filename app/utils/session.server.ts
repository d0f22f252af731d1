import { createCookieSessionStorage } from '@remix-run/node'
import { getEnv } from './env.server'

type SessionData = {
  /** The signature this browser just submitted: lets the "check your inbox" page accept its code. */
  pendingSignatureId: number
}

type SessionFlash = {
  confirmation: { letterSlug: string; status: 'approved' | 'confirmed' }
}

let storage: ReturnType<typeof createStorage> | undefined

function createStorage() {
  const env = getEnv()
  return createCookieSessionStorage<SessionData, SessionFlash>({
    cookie: {
      name: '__undersigned',
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      // Secure whenever the public address is https; plain http://localhost must still work.
      secure: env.APP_URL.startsWith('https://'),
      secrets: [env.SESSION_SECRET],
      maxAge: 60 * 60 * 24 * 7,
    },
  })
}

export function sessionStorage() {
  storage ??= createStorage()
  return storage
}

export async function getSession(request: Request) {
  return sessionStorage().getSession(request.headers.get('Cookie'))
}

export async function commitSession(session: Awaited<ReturnType<typeof getSession>>) {
  return sessionStorage().commitSession(session)
}
