import { sql } from 'kysely'
import { describe, expect, test } from 'vitest'
import { getLetterBySlug } from '~/models/letter.server'
import { listOutboxEmailsTo, markEmailDelivered } from '~/models/outbox.server'
import { createSession, getSessionUser } from '~/models/session.server'
import { checkSignInToken, SIGN_IN_TOKEN_MINUTES, useSignInToken } from '~/models/sign-in-token.server'
import { findSignatureByManageToken } from '~/models/signature-manage-token.server'
import { signLetterSchema } from '~/schemas/sign-letter'
import { findManagedSignature } from '~/services/self-service.server'
import { emailSignInLink } from '~/services/sign-in.server'
import {
  checkConfirmationToken,
  confirmSignatureByCode,
  confirmSignatureByToken,
  signLetter,
} from '~/services/signing.server'
import { sha256Hex } from '~/utils/crypto.server'
import { getDb } from '~/utils/db.server'
import { createTestUser } from '../auth-helpers'
import { createTestLetter, uniqueEmail, validSignatureForm } from '../factories'

// One test per kind of secret the site hands out. Each checks the four promises of
// docs/security.md: stored only as a hash; looked up by that hash (the database compares hashes,
// so no comparison of the secret itself can leak its characters through timing); expiring where
// it should; single use where it should. Details of each flow are tested next to its code.

const appUrl = 'http://localhost:3000'
const at = (iso: string) => new Date(iso)
const hoursAfter = (date: Date, hours: number) => new Date(date.getTime() + hours * 3_600_000)

/** Every table, every row, as text: where a secret would show if it were stored anywhere. */
async function wholeDatabase(): Promise<string> {
  const tables = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(getDb())
  const dumps = []
  for (const { name } of tables.rows) {
    const rows = await sql`select * from ${sql.table(name)}`.execute(getDb())
    dumps.push(JSON.stringify(rows.rows))
  }
  return dumps.join('\n')
}

/** The email's secrets as the recipient reads them, then the email handed to Resend. */
async function deliverLatest(to: string) {
  const email = (await listOutboxEmailsTo(getDb(), to)).at(-1)!
  const secrets = JSON.parse(email.secret_payload!) as Record<string, string>
  await markEmailDelivered(getDb(), email.id, { status: 'sent', providerMessageId: 're_1' })
  return secrets
}

async function openLetter() {
  const created = await createTestLetter(getDb(), { moderationRequired: true })
  return (await getLetterBySlug(getDb(), created.slug))!
}

describe('secrets at rest', () => {
  test('signature confirmation: link and 6-digit code hashed, compared as hashes, 48 hours, single use', async () => {
    const letter = await openLetter()
    const email = uniqueEmail()
    const signedAt = at('2026-11-21T12:00:00Z')
    const { signatureId } = await signLetter(
      getDb(),
      letter,
      signLetterSchema.parse(validSignatureForm({ email })),
      { appUrl, confirmationTtlHours: 48, now: signedAt },
    )
    const { confirmUrl, code } = await deliverLatest(email)
    const token = confirmUrl!.split('/confirm/')[1]!

    // Hashed: the token is nowhere in the database, the code only as a hash salted with the signature.
    expect(await wholeDatabase()).not.toContain(token)
    const [row] = await getDb()
      .selectFrom('signature_tokens')
      .selectAll()
      .where('signature_id', '=', signatureId)
      .execute()
    expect(row).toMatchObject({
      token_hash: sha256Hex(token),
      code_hash: sha256Hex(`${signatureId}:${code}`),
    })
    const outbox = JSON.stringify(await listOutboxEmailsTo(getDb(), email))
    expect(outbox).not.toContain(code!)

    // Compared as hashes: the stored hash itself, presented as a token or a code, opens nothing.
    expect((await checkConfirmationToken(getDb(), row!.token_hash, signedAt)).kind).toBe('invalid')
    expect(
      await confirmSignatureByCode(getDb(), signatureId, row!.code_hash, { appUrl, now: signedAt }),
    ).toMatchObject({
      kind: 'wrong-code',
    })

    // Expiring: 48 hours, for the link and the code alike.
    expect((await checkConfirmationToken(getDb(), token, hoursAfter(signedAt, 48))).kind).toBe('expired')
    expect(
      await confirmSignatureByCode(getDb(), signatureId, code!, { appUrl, now: hoursAfter(signedAt, 48) }),
    ).toMatchObject({
      kind: 'wrong-code',
    })

    // Single use: confirming by the code uses up the code and the link.
    const justBefore = hoursAfter(signedAt, 47.9)
    expect(
      await confirmSignatureByCode(getDb(), signatureId, code!, { appUrl, now: justBefore }),
    ).toMatchObject({
      kind: 'confirmed',
    })
    expect((await confirmSignatureByToken(getDb(), token, { appUrl, now: justBefore })).kind).toBe(
      'already-confirmed',
    )
    // A used code is just a wrong code now (and says nothing about the signature).
    expect(
      await confirmSignatureByCode(getDb(), signatureId, code!, { appUrl, now: justBefore }),
    ).toMatchObject({
      kind: 'wrong-code',
    })
  })

  test('sign-in link: hashed, compared as a hash, 15 minutes, single use', async () => {
    const user = await createTestUser(getDb())
    const sentAt = at('2026-11-21T12:00:00Z')
    await getDb()
      .transaction()
      .execute((trx) => emailSignInLink(trx, user, appUrl, null, sentAt))
    const { signInUrl } = await deliverLatest(user.email)
    const token = new URL(signInUrl!).pathname.split('/').at(-1)!

    expect(await wholeDatabase()).not.toContain(token)
    const [row] = await getDb()
      .selectFrom('sign_in_tokens')
      .selectAll()
      .where('user_id', '=', user.id)
      .execute()
    expect(row!.token_hash).toBe(sha256Hex(token))
    expect((await checkSignInToken(getDb(), row!.token_hash, sentAt)).kind).toBe('invalid')

    expect(SIGN_IN_TOKEN_MINUTES).toBe(15)
    expect((await checkSignInToken(getDb(), token, hoursAfter(sentAt, 0.25))).kind).toBe('expired')

    const check = await checkSignInToken(getDb(), token, hoursAfter(sentAt, 0.2))
    expect(check.kind).toBe('valid')
    if (check.kind !== 'valid') return
    expect(await useSignInToken(getDb(), check.tokenId)).toBe(true)
    expect(await useSignInToken(getDb(), check.tokenId)).toBe(false)
    expect((await checkSignInToken(getDb(), token, hoursAfter(sentAt, 0.2))).kind).toBe('used')
  })

  test('manage link: hashed, compared as a hash; by design it neither expires nor wears out', async () => {
    const letter = await openLetter()
    const email = uniqueEmail()
    const { signatureId } = await signLetter(
      getDb(),
      letter,
      signLetterSchema.parse(validSignatureForm({ email })),
      { appUrl, confirmationTtlHours: 48 },
    )
    const { manageUrl } = await deliverLatest(email)
    const token = manageUrl!.split('/manage/')[1]!

    expect(await wholeDatabase()).not.toContain(token)
    const [row] = await getDb()
      .selectFrom('signature_manage_tokens')
      .selectAll()
      .where('signature_id', '=', signatureId)
      .execute()
    expect(row!.token_hash).toBe(sha256Hex(token))
    expect(await findSignatureByManageToken(getDb(), row!.token_hash)).toBeNull()

    // A signer may come back years later, as often as they like, to withdraw: the link is the
    // key to their own signature, so it lives as long as the signature (docs/security.md).
    expect(row).not.toHaveProperty('expires_at')
    expect(row).not.toHaveProperty('used_at')
    for (let visit = 0; visit < 3; visit++) {
      expect((await findManagedSignature(getDb(), token))?.signature.id).toBe(signatureId)
    }
  })

  test('organizer session: the cookie’s id hashed, compared as a hash, idle and absolute limits', async () => {
    const user = await createTestUser(getDb())
    const lifetime = { idleMinutes: 60, absoluteMinutes: 24 * 60 }
    const start = at('2026-11-21T12:00:00Z')
    const { id } = await createSession(getDb(), user.id, lifetime, 'Test browser', start)

    expect(await wholeDatabase()).not.toContain(id)
    const [row] = await getDb().selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute()
    expect(row!.id_hash).toBe(sha256Hex(id))
    expect(await getSessionUser(getDb(), row!.id_hash, lifetime, start)).toBeNull()

    expect((await getSessionUser(getDb(), id, lifetime, hoursAfter(start, 0.9)))?.user.id).toBe(user.id)
    // Idle for more than an hour: gone, and gone for good.
    expect(await getSessionUser(getDb(), id, lifetime, hoursAfter(start, 2))).toBeNull()
    expect(await getSessionUser(getDb(), id, lifetime, hoursAfter(start, 0.95))).toBeNull()
  })
})
