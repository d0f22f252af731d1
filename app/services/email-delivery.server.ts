import { Resend } from 'resend'
import type { DB } from '#db/database'
import type { OutboxEmail } from '#db/schema'
import { isEmailTemplateName, renderEmail, type EmailProps } from '#emails/index'
import { listDueEmails, markEmailAttemptFailed, markEmailDelivered } from '~/models/outbox.server'
import { HOUSEKEEPING_INTERVAL_MS, runHousekeeping } from '~/services/housekeeping.server'
import { isErasedEmail } from '~/utils/erasure'
import type { Env } from '~/utils/env.server'

export type OutgoingMessage = {
  from: string
  to: string
  subject: string
  html: string
  text: string
  idempotencyKey: string
}

export type DeliveryResult =
  | { status: 'sent'; providerMessageId: string }
  | { status: 'delivered_locally' }
  | { status: 'retry'; error: string }
  | { status: 'rejected'; error: string }

export type Mailer = { send(message: OutgoingMessage): Promise<DeliveryResult> }

/** Resend when a key is configured; otherwise the outbox table and the console are the mailbox. */
export function createMailer(env: Pick<Env, 'RESEND_API_KEY' | 'RESEND_BASE_URL'>): Mailer {
  if (!env.RESEND_API_KEY) return localMailer
  const resend = new Resend(
    env.RESEND_API_KEY,
    env.RESEND_BASE_URL ? { baseUrl: env.RESEND_BASE_URL } : undefined,
  )
  return {
    async send(message) {
      const { data, error } = await resend.emails.send(
        {
          from: message.from,
          to: message.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
        },
        { idempotencyKey: message.idempotencyKey },
      )
      if (data) return { status: 'sent', providerMessageId: data.id }
      const description = `${error?.statusCode ?? 'network'} ${error?.name ?? 'error'}: ${error?.message ?? 'no response'}`
      // A malformed message will never be accepted; anything else (network, rate limit,
      // provider outage, a key being fixed) may succeed later.
      const permanent = error?.statusCode === 400 || error?.statusCode === 422
      if (error?.statusCode === 401 || error?.statusCode === 403) {
        console.error(
          `Resend refused the API key (${description}). Check RESEND_API_KEY; email is kept and retried.`,
        )
      }
      return permanent ? { status: 'rejected', error: description } : { status: 'retry', error: description }
    },
  }
}

const localMailer: Mailer = {
  async send(message) {
    console.info(
      `\n✉️  Email (local delivery, no RESEND_API_KEY) to ${message.to}\n   Subject: ${message.subject}\n${indent(message.text)}\n`,
    )
    return { status: 'delivered_locally' }
  },
}

function indent(text: string) {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `   │ ${line}`)
    .join('\n')
}

/** With the delays below, about a day of trying: a provider outage is ridden out, not hammered. */
export const MAX_ATTEMPTS = 30

/** 10 s, 20 s, 40 s ... capped at one hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(10_000 * 2 ** (attempt - 1), 3_600_000)
}

/** Renders a message: here by default, or on the rendering thread (email-render-thread.server.ts). */
export type EmailRenderer = typeof renderEmail

export async function renderOutboxEmail(email: OutboxEmail, render: EmailRenderer = renderEmail) {
  if (!isEmailTemplateName(email.template)) throw new Error(`Unknown email template ${email.template}`)
  const props = {
    ...JSON.parse(email.payload),
    ...(email.secret_payload ? JSON.parse(email.secret_payload) : {}),
  } as EmailProps<typeof email.template>
  return render(email.template, props)
}

/** Sends every due outbox row once. Returns how many were handed to the mailer. */
export async function deliverDueEmails(
  db: DB,
  mailer: Mailer,
  options: { from: string; now?: () => Date; batchSize?: number; render?: EmailRenderer },
): Promise<number> {
  const now = options.now ?? (() => new Date())
  const due = await listDueEmails(db, now(), options.batchSize ?? 20)
  for (const email of due) {
    // Queued just before its signer's data was erased: there is no one left to send it to.
    if (isErasedEmail(email.to_address)) {
      await markEmailAttemptFailed(db, email.id, {
        error: 'The address was erased; nothing was sent.',
        retryAt: null,
      })
      continue
    }
    let result: DeliveryResult
    try {
      const { html, text } = await renderOutboxEmail(email, options.render)
      result = await mailer.send({
        from: options.from,
        to: email.to_address,
        subject: email.subject,
        html,
        text,
        idempotencyKey: email.idempotency_key,
      })
    } catch (error) {
      result = { status: 'retry', error: error instanceof Error ? error.message : String(error) }
    }
    const attempt = email.attempts + 1
    switch (result.status) {
      case 'sent':
        await markEmailDelivered(
          db,
          email.id,
          { status: 'sent', providerMessageId: result.providerMessageId },
          now(),
        )
        break
      case 'delivered_locally':
        await markEmailDelivered(
          db,
          email.id,
          { status: 'delivered_locally', providerMessageId: null },
          now(),
        )
        break
      case 'retry':
      case 'rejected': {
        const giveUp = result.status === 'rejected' || attempt >= MAX_ATTEMPTS
        await markEmailAttemptFailed(db, email.id, {
          error: result.error,
          retryAt: giveUp ? null : new Date(now().getTime() + retryDelayMs(attempt)),
        })
        console.warn(
          `Email ${email.id} to ${email.to_address}: attempt ${attempt} failed (${result.error})${giveUp ? '; giving up' : ''}`,
        )
        break
      }
    }
  }
  return due.length
}

type Worker = { wake(): void; stop(): Promise<void> }

declare global {
  var __undersignedOutboxWorker: Worker | undefined
}

/**
 * The delivery loop: polls the outbox, and wakes at once when a request has just queued mail,
 * so a signer's email leaves in milliseconds without ever sitting on the request path.
 */
export function startOutboxWorker(db: DB, env: Env, options: { render?: EmailRenderer } = {}): Worker {
  if (globalThis.__undersignedOutboxWorker) return globalThis.__undersignedOutboxWorker
  const mailer = createMailer(env)
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let stopped = false
  let wakeRequested = false
  // The one background loop also does the housekeeping (closed rate-limit windows, retention), now and then.
  let lastHousekeeping = 0

  const tick = () => {
    if (stopped) return
    if (running) {
      wakeRequested = true
      return
    }
    clearTimeout(timer)
    running = (async () => {
      try {
        // Keep going while full batches come back, so a burst drains quickly.
        while (
          (await deliverDueEmails(db, mailer, { from: env.EMAIL_FROM, render: options.render })) === 20
        ) {}
      } catch (error) {
        console.error('Outbox delivery failed', error)
      }
      try {
        if (Date.now() - lastHousekeeping > HOUSEKEEPING_INTERVAL_MS) {
          lastHousekeeping = Date.now()
          await runHousekeeping(db)
        }
      } catch (error) {
        console.error('Housekeeping failed', error)
      } finally {
        running = undefined
        if (!stopped) {
          timer = setTimeout(tick, wakeRequested ? 0 : env.OUTBOX_POLL_MS)
          timer.unref()
          wakeRequested = false
        }
      }
    })()
  }

  const worker: Worker = {
    wake: tick,
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
      globalThis.__undersignedOutboxWorker = undefined
    },
  }
  globalThis.__undersignedOutboxWorker = worker
  tick()
  return worker
}

export function wakeOutboxWorker() {
  globalThis.__undersignedOutboxWorker?.wake()
}
