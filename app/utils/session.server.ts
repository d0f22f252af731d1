import { createCookieSessionStorage } from '@remix-run/node'
import { getEnv } from './env.server'

type SessionData = {
  /**
   * The signature this browser last submitted on each letter (by letter id): lets that letter's
   * "check your inbox" page accept its code.
   */
  pendingSignatures: Record<string, number>
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
      // Long enough to type a code from a slow email, short enough for a shared computer.
      maxAge: 60 * 60 * 24 * 2,
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

type Session = Awaited<ReturnType<typeof getSession>>

export function getPendingSignatureId(session: Session, letterId: number): number | undefined {
  return session.get('pendingSignatures')?.[String(letterId)]
}

export function setPendingSignatureId(session: Session, letterId: number, signatureId: number) {
  session.set('pendingSignatures', { ...session.get('pendingSignatures'), [String(letterId)]: signatureId })
}

export function clearPendingSignature(session: Session, letterId: number) {
  const { [String(letterId)]: _cleared, ...rest } = session.get('pendingSignatures') ?? {}
  session.set('pendingSignatures', rest)
}
