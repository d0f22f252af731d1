import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { enqueueEmail, getOutboxEmail } from '~/models/outbox.server'
import { getDb } from '~/utils/db.server'
import { startFakeResend, type FakeResend } from '../../tests/fake-resend/server'
import { uniqueEmail } from '../../tests/factories'
import { createMailer, deliverDueEmails, MAX_ATTEMPTS, retryDelayMs } from './email-delivery.server'

const API_KEY = 're_test_key'
let fake: FakeResend

beforeAll(async () => {
  fake = await startFakeResend({ apiKey: API_KEY })
})
afterAll(() => fake.close())
beforeEach(() => {
  fake.messages.length = 0
  fake.failNext(0)
})

const from = 'Undersigned Tests <letters@undersigned.test>'

async function queueConfirmation(to = uniqueEmail()) {
  const { id } = await enqueueEmail(getDb(), {
    template: 'confirm-signature',
    to,
    subject: 'Confirm your signature on “A & B”',
    payload: {
      signerName: 'Zoë',
      letterTitle: 'A & B',
      letterUrl: 'http://localhost:3000/letters/a-b',
      expiresInHours: 48,
    },
    secretPayload: { confirmUrl: 'http://localhost:3000/confirm/secret-token', code: '042917' },
  })
  return { id, to }
}

describe('the order of delivery', () => {
  test('a message someone is waiting for goes before a backlog of notifications', async () => {
    const mailer = createMailer({ RESEND_API_KEY: API_KEY, RESEND_BASE_URL: fake.url })
    for (let index = 0; index < 25; index++) {
      await enqueueEmail(getDb(), {
        template: 'signature-approved',
        to: uniqueEmail('approved'),
        subject: 'Your signature on “A & B” is now public',
        payload: {
          signerName: 'Zoë',
          letterTitle: 'A & B',
          letterUrl: 'http://localhost:3000/letters/a-b',
          listed: true,
        },
        secretPayload: { manageUrl: 'http://localhost:3000/manage/secret' },
      })
    }
    const { to } = await queueConfirmation()
    await deliverDueEmails(getDb(), mailer, { from })
    expect(fake.messages[0]?.to).toEqual([to])
    expect(fake.messages).toHaveLength(20)
    // The backlog still drains.
    while ((await deliverDueEmails(getDb(), mailer, { from })) > 0) {}
    expect(fake.messages).toHaveLength(26)
  })
})

describe('deliverDueEmails with Resend', () => {
  test('sends through the real SDK with the row’s idempotency key, then forgets the link', async () => {
    const mailer = createMailer({ RESEND_API_KEY: API_KEY, RESEND_BASE_URL: fake.url })
    const { id, to } = await queueConfirmation()

    expect(await deliverDueEmails(getDb(), mailer, { from })).toBe(1)

    expect(fake.messages).toHaveLength(1)
    const [message] = fake.messages
    const row = (await getOutboxEmail(getDb(), id))!
    expect(message).toMatchObject({
      to: [to],
      from,
      subject: 'Confirm your signature on “A & B”',
      authorization: `Bearer ${API_KEY}`,
      idempotencyKey: row.idempotency_key,
    })
    expect(message!.text).toContain('http://localhost:3000/confirm/secret-token')
    expect(message!.text).toContain('042917')
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 1,
      provider_message_id: message!.id,
      secret_payload: null,
    })
    expect(row.sent_at).not.toBeNull()

    // Nothing is due any more: a second pass sends nothing.
    expect(await deliverDueEmails(getDb(), mailer, { from })).toBe(0)
    expect(fake.messages).toHaveLength(1)
  })

  test('retries a failed send with backoff and never sends twice', async () => {
    const mailer = createMailer({ RESEND_API_KEY: API_KEY, RESEND_BASE_URL: fake.url })
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { id } = await queueConfirmation()
    const start = new Date('2030-01-01T00:00:00Z')
    fake.failNext(1, 503)

    await deliverDueEmails(getDb(), mailer, { from, now: () => start })
    let row = (await getOutboxEmail(getDb(), id))!
    expect(row).toMatchObject({ status: 'pending', attempts: 1 })
    expect(row.last_error).toContain('503')
    expect(row.next_attempt_at).toBe(new Date(start.getTime() + retryDelayMs(1)).toISOString())
    expect(fake.messages).toHaveLength(0)

    // Not yet due: nothing happens.
    expect(
      await deliverDueEmails(getDb(), mailer, { from, now: () => new Date(start.getTime() + 1000) }),
    ).toBe(0)

    await deliverDueEmails(getDb(), mailer, { from, now: () => new Date(start.getTime() + retryDelayMs(1)) })
    row = (await getOutboxEmail(getDb(), id))!
    expect(row).toMatchObject({ status: 'sent', attempts: 2, last_error: null })
    expect(fake.messages).toHaveLength(1)
  })

  test('a retry after a lost answer reuses the idempotency key, so the provider sends once', async () => {
    const mailer = createMailer({ RESEND_API_KEY: API_KEY, RESEND_BASE_URL: fake.url })
    const { id } = await queueConfirmation()
    await deliverDueEmails(getDb(), mailer, { from })
    // As if the process died after Resend accepted the message but before we recorded it.
    await getDb()
      .updateTable('email_outbox')
      .set({
        status: 'pending',
        secret_payload: JSON.stringify({
          confirmUrl: 'http://localhost:3000/confirm/secret-token',
          code: '042917',
        }),
      })
      .where('id', '=', id)
      .execute()
    await deliverDueEmails(getDb(), mailer, { from })
    expect(fake.messages).toHaveLength(1)
    expect(await getOutboxEmail(getDb(), id)).toMatchObject({
      status: 'sent',
      provider_message_id: fake.messages[0]!.id,
    })
  })

  test('a refused API key is reported loudly and retried', async () => {
    const mailer = createMailer({ RESEND_API_KEY: 're_wrong_key', RESEND_BASE_URL: fake.url })
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const { id } = await queueConfirmation()
    await deliverDueEmails(getDb(), mailer, { from })
    expect(errors.mock.calls.join(' ')).toContain('Check RESEND_API_KEY')
    errors.mockClear()
    expect(await getOutboxEmail(getDb(), id)).toMatchObject({ status: 'pending', attempts: 1 })
    expect(fake.messages).toHaveLength(0)
  })

  test('gives up at once on a message the provider rejects as invalid', async () => {
    const mailer = createMailer({ RESEND_API_KEY: API_KEY, RESEND_BASE_URL: fake.url })
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { id } = await queueConfirmation()
    fake.failNext(1, 422)
    await deliverDueEmails(getDb(), mailer, { from })
    expect(await getOutboxEmail(getDb(), id)).toMatchObject({ status: 'failed', attempts: 1 })
  })

  test('keeps retrying while the provider cannot be reached', async () => {
    const unreachable = createMailer({ RESEND_API_KEY: API_KEY, RESEND_BASE_URL: 'http://127.0.0.1:9' })
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { id } = await queueConfirmation()
    await deliverDueEmails(getDb(), unreachable, { from })
    expect(await getOutboxEmail(getDb(), id)).toMatchObject({ status: 'pending', attempts: 1 })
  })

  test(`gives up after ${MAX_ATTEMPTS} attempts, about a day, and forgets the link`, async () => {
    const mailer = createMailer({ RESEND_API_KEY: API_KEY, RESEND_BASE_URL: fake.url })
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { id } = await queueConfirmation()
    fake.failNext(100, 500)
    let now = new Date('2030-01-01T00:00:00Z')
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await deliverDueEmails(getDb(), mailer, { from, now: () => now })
      now = new Date(now.getTime() + retryDelayMs(attempt))
    }
    const hoursTried = (now.getTime() - new Date('2030-01-01T00:00:00Z').getTime()) / 3_600_000
    expect(hoursTried).toBeGreaterThan(20)
    expect(await getOutboxEmail(getDb(), id)).toMatchObject({
      status: 'failed',
      attempts: MAX_ATTEMPTS,
      secret_payload: null,
    })
    expect(
      await deliverDueEmails(getDb(), mailer, { from, now: () => new Date('2031-01-01T00:00:00Z') }),
    ).toBe(0)
  })
})

describe('deliverDueEmails without a Resend key', () => {
  test('prints the message with its link and keeps it in the outbox', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {})
    const { id, to } = await queueConfirmation()
    await deliverDueEmails(getDb(), createMailer({}), { from })
    const printed = info.mock.calls.map((call) => call.join(' ')).join('\n')
    expect(printed).toContain(to)
    expect(printed).toContain('http://localhost:3000/confirm/secret-token')
    expect(printed).toContain('042917')
    // The outbox is the mailbox here, so the link stays readable for the admins.
    expect(await getOutboxEmail(getDb(), id)).toMatchObject({
      status: 'delivered_locally',
      secret_payload: expect.stringContaining('secret-token'),
    })
    expect(fake.messages).toHaveLength(0)
  })
})

test('backoff doubles from ten seconds and stops at an hour', () => {
  expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([10_000, 20_000, 40_000, 80_000])
  expect(retryDelayMs(20)).toBe(3_600_000)
})
