import type { DB } from '#db/database'
import type { OutboxEmail, OutboxStatus, User } from '#db/schema'
import { recordAuditEvent } from '~/models/audit.server'
import { getOutboxEmail, listOutboxEmails, requeueFailedEmail } from '~/models/outbox.server'
import { issueSignInToken } from '~/models/sign-in-token.server'
import { getUserByEmail } from '~/models/user.server'
import { renderOutboxEmail } from '~/services/email-delivery.server'
import { requireOwner } from '~/services/letter-access.server'
import { signInUrl } from '~/services/sign-in.server'
import { isErasedEmail } from '~/utils/erasure'

// The owners' view of the outbox: every message, its delivery, and a retry for failed ones.
// On the embedded default (no Resend) it is also the mailbox a local organizer reads.

export const OUTBOX_PAGE_SIZE = 50

export async function listOutbox(
  db: DB,
  user: User,
  options: { status?: OutboxStatus; before?: number; pageSize?: number },
) {
  requireOwner(user)
  return listOutboxEmails(db, { ...options, pageSize: options.pageSize ?? OUTBOX_PAGE_SIZE })
}

// What an erased secret reads as in the copy shown to owners (never in a message sent).
const ERASED_LINK = '[link erased]'
const erasedSecrets = {
  confirmUrl: ERASED_LINK,
  signInUrl: ERASED_LINK,
  manageUrl: ERASED_LINK,
  code: '[code erased]',
}

/**
 * Whether "Retry" can send this failed message as it was meant. Giving up erases a message's
 * links and codes; only a sign-in link can be made again (a fresh one), so other messages
 * whose secrets are gone are not retried: they would arrive without their link.
 */
export function retryability(email: Pick<OutboxEmail, 'status' | 'template'> & { hasSecrets: boolean }) {
  if (email.status !== 'failed') return 'not-failed' as const
  if (email.hasSecrets) return 'as-is' as const
  if (email.template === 'sign-in-link') return 'fresh-link' as const
  return 'links-erased' as const
}

export type OutboxMessageView = {
  email: Omit<OutboxEmail, 'payload' | 'secret_payload' | 'idempotency_key'>
  html: string | null
  text: string | null
  renderError: string | null
  secretsErased: boolean
  retry: ReturnType<typeof retryability>
}

/** One message as its recipient saw it (or will): rendered from the template, never from stored HTML. */
export async function readOutboxMessage(db: DB, user: User, id: number): Promise<OutboxMessageView | null> {
  requireOwner(user)
  const email = await getOutboxEmail(db, id)
  if (!email) return null
  const secretsErased = email.secret_payload === null
  let html: string | null = null
  let text: string | null = null
  let renderError: string | null = null
  if (isErasedEmail(email.to_address)) {
    renderError = 'its address and content were erased with the signer’s data.'
  } else {
    try {
      const rendered = await renderOutboxEmail(
        secretsErased ? { ...email, secret_payload: JSON.stringify(erasedSecrets) } : email,
      )
      html = rendered.html
      text = rendered.text
    } catch (error) {
      renderError = error instanceof Error ? error.message : String(error)
    }
  }
  const { payload: _payload, secret_payload: _secrets, idempotency_key: _key, ...meta } = email
  return {
    email: meta,
    html,
    text,
    renderError,
    secretsErased,
    retry: retryability({ ...email, hasSecrets: !secretsErased }),
  }
}

export type RetryOutcome =
  | { kind: 'retried'; freshLink: boolean }
  | { kind: 'not-found' }
  | { kind: 'not-failed' }
  | { kind: 'links-erased' }

/** Puts a failed message back in the queue, due now, with an audit event; then wake the worker. */
export async function retryFailedEmail(
  db: DB,
  user: User,
  id: number,
  appUrl: string,
  now = new Date(),
): Promise<RetryOutcome> {
  requireOwner(user)
  return db.transaction().execute(async (trx) => {
    const email = await getOutboxEmail(trx, id)
    if (!email) return { kind: 'not-found' as const }
    const how = retryability({ ...email, hasSecrets: email.secret_payload !== null })
    if (how === 'not-failed' || how === 'links-erased') return { kind: how }
    let secretPayload: Record<string, unknown> | undefined
    if (how === 'fresh-link') {
      const recipient = await getUserByEmail(trx, email.to_address)
      if (!recipient) return { kind: 'links-erased' as const }
      secretPayload = { signInUrl: signInUrl(appUrl, await issueSignInToken(trx, recipient.id, now)) }
    }
    if (!(await requeueFailedEmail(trx, email.id, { secretPayload }, now)))
      return { kind: 'not-failed' as const }
    await recordAuditEvent(
      trx,
      {
        actor: { type: 'user', user },
        action: 'email.retried',
        letterId: email.letter_id,
        signatureId: email.signature_id,
        // The message by its number, never its recipient: every member of the letter reads this log,
        // and a signer's address is for owners only (ADR 017).
        before: {
          email: `#${email.id}`,
          status: email.status,
          lastError: email.last_error?.split(email.to_address).join('[address]') ?? null,
        },
        after: {
          email: `#${email.id}`,
          status: 'pending',
          ...(how === 'fresh-link' ? { link: 'a fresh sign-in link' } : {}),
        },
      },
      now,
    )
    return { kind: 'retried' as const, freshLink: how === 'fresh-link' }
  })
}
