import type { DB } from '#db/database'
import type { SignatureToken } from '#db/schema'
import { generateCode, generateToken, sha256Hex } from '~/utils/crypto.server'

/** The code is hashed with its signature id so a code hash is useless for any other signature. */
function hashCode(signatureId: number, code: string) {
  return sha256Hex(`${signatureId}:${code}`)
}

/**
 * Issues a link token and a 6-digit code for one signature. Only their hashes are stored;
 * the plain values go into the email and nowhere else.
 */
export async function issueSignatureToken(
  db: DB,
  signatureId: number,
  ttlHours: number,
  now = new Date(),
): Promise<{ token: string; code: string; expiresAt: string }> {
  const token = generateToken()
  const code = generateCode()
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000).toISOString()
  await db
    .insertInto('signature_tokens')
    .values({
      signature_id: signatureId,
      token_hash: sha256Hex(token),
      code_hash: hashCode(signatureId, code),
      expires_at: expiresAt,
      used_at: null,
      created_at: now.toISOString(),
    })
    .execute()
  // A new email brings a new code, and with it a fresh allowance of tries.
  await db.updateTable('signatures').set({ failed_code_attempts: 0 }).where('id', '=', signatureId).execute()
  return { token, code, expiresAt }
}

export async function findTokenByPlainToken(db: DB, token: string): Promise<SignatureToken | null> {
  return (
    (await db
      .selectFrom('signature_tokens')
      .selectAll()
      .where('token_hash', '=', sha256Hex(token))
      .executeTakeFirst()) ?? null
  )
}

/** The live (unused, unexpired) token whose code matches, if any. */
export async function findLiveTokenByCode(
  db: DB,
  signatureId: number,
  code: string,
  now = new Date(),
): Promise<SignatureToken | null> {
  return (
    (await db
      .selectFrom('signature_tokens')
      .selectAll()
      .where('signature_id', '=', signatureId)
      .where('code_hash', '=', hashCode(signatureId, code))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .executeTakeFirst()) ?? null
  )
}

/**
 * Uses up every token of the signature: confirming once ends all outstanding links and codes,
 * and the outbox forgets the plain links it still held for local delivery.
 */
export async function useUpSignatureTokens(db: DB, signatureId: number, now = new Date()) {
  await db
    .updateTable('signature_tokens')
    .set({ used_at: now.toISOString() })
    .where('signature_id', '=', signatureId)
    .where('used_at', 'is', null)
    .execute()
  await db
    .updateTable('email_outbox')
    .set({ secret_payload: null })
    .where('signature_id', '=', signatureId)
    .where('secret_payload', 'is not', null)
    .where('status', '!=', 'pending')
    .execute()
}
