import type { DB } from '#db/database'
import type { MemberRole, User } from '#db/schema'
import { signInLinkSubject, type SignInLinkProps } from '#emails/sign-in-link'
import { recordAuditEvent } from '~/models/audit.server'
import { enqueueEmail } from '~/models/outbox.server'
import {
  countSignInTokensSince,
  issueSignInToken,
  SIGN_IN_TOKEN_MINUTES,
} from '~/models/sign-in-token.server'
import { getUserByEmail } from '~/models/user.server'
import { hitRateLimit } from '~/models/rate-limit.server'
import { getEnv, type RateLimit } from '~/utils/env.server'
import { normalizeIp } from '~/utils/ip-address'

export function signInUrl(appUrl: string, token: string, redirectTo?: string) {
  const url = `${appUrl}/admin/sign-in/${token}`
  return redirectTo && redirectTo !== '/admin' ? `${url}?${new URLSearchParams({ redirectTo })}` : url
}

/** At most one link a minute and five an hour per address: the form cannot be used to flood a mailbox. */
export const SIGN_IN_LINKS_PER_HOUR = 5

/** Queues a sign-in link for this user. Run inside a transaction. */
export async function emailSignInLink(
  trx: DB,
  user: User,
  appUrl: string,
  invitation: SignInLinkProps['invitation'] = null,
  now = new Date(),
  redirectTo?: string,
) {
  const token = await issueSignInToken(trx, user.id, now)
  const payload = { displayName: user.display_name, expiresInMinutes: SIGN_IN_TOKEN_MINUTES, invitation }
  await enqueueEmail(
    trx,
    {
      template: 'sign-in-link',
      to: user.email,
      subject: signInLinkSubject(payload),
      payload,
      secretPayload: { signInUrl: signInUrl(appUrl, token, redirectTo) },
    },
    now,
  )
  return token
}

/**
 * The sign-in form's work: a link for a known address, nothing for an unknown one.
 * The page says the same either way, so it tells no one who has an account.
 */
export async function requestSignInLink(
  db: DB,
  email: string,
  appUrl: string,
  options: { redirectTo?: string; now?: Date; clientIp?: string | null; perIpLimit?: RateLimit } = {},
) {
  const now = options.now ?? new Date()
  return db.transaction().execute(async (trx) => {
    // Every request counts against the client, known address or not: probing costs the same.
    const clientIp = normalizeIp(options.clientIp)
    if (clientIp) {
      const limit = options.perIpLimit ?? getEnv().RATE_LIMIT_SIGN_IN_IP
      if (!(await hitRateLimit(trx, `sign-in-ip:${clientIp}`, limit, now)).allowed) return { sent: false }
    }
    const user = await getUserByEmail(trx, email)
    if (!user) return { sent: false }
    const lastMinute = await countSignInTokensSince(trx, user.id, new Date(now.getTime() - 60_000))
    const lastHour = await countSignInTokensSince(trx, user.id, new Date(now.getTime() - 3_600_000))
    if (lastMinute > 0 || lastHour >= SIGN_IN_LINKS_PER_HOUR) return { sent: false }
    await emailSignInLink(trx, user, appUrl, null, now, options.redirectTo)
    return { sent: true }
  })
}

export const memberRoleLabel: Record<MemberRole, string> = {
  organizer: 'an organizer',
  moderator: 'a moderator',
}

export async function recordSignIn(db: DB, user: User, now = new Date()) {
  await db
    .updateTable('users')
    .set({ last_sign_in_at: now.toISOString() })
    .where('id', '=', user.id)
    .execute()
  await recordAuditEvent(db, { actor: { type: 'user', user }, action: 'user.signed-in' }, now)
}
