import type { DB } from '#db/database'
import type { Signature } from '#db/schema'
import { generateToken, sha256Hex } from '~/utils/crypto.server'

/**
 * A "manage your signature" key for one email. Every email to a signer carries a new one and all
 * stay valid, so an old email's link keeps working. Only the hash is stored.
 */
export async function issueManageToken(db: DB, signatureId: number, now = new Date()): Promise<string> {
  const token = generateToken()
  await db
    .insertInto('signature_manage_tokens')
    .values({ signature_id: signatureId, token_hash: sha256Hex(token), created_at: now.toISOString() })
    .execute()
  return token
}

/** One fresh token per signature, for a bulk decision's emails. Returns them by signature id. */
export async function issueManageTokens(
  db: DB,
  signatureIds: number[],
  now = new Date(),
): Promise<Map<number, string>> {
  const tokens = new Map(signatureIds.map((id) => [id, generateToken()] as const))
  const rows = [...tokens].map(([signatureId, token]) => ({
    signature_id: signatureId,
    token_hash: sha256Hex(token),
    created_at: now.toISOString(),
  }))
  for (let start = 0; start < rows.length; start += 5000) {
    await db
      .insertInto('signature_manage_tokens')
      .values(rows.slice(start, start + 5000))
      .execute()
  }
  return tokens
}

export async function findSignatureByManageToken(db: DB, token: string): Promise<Signature | null> {
  return (
    (await db
      .selectFrom('signature_manage_tokens')
      .innerJoin('signatures', 'signatures.id', 'signature_manage_tokens.signature_id')
      .selectAll('signatures')
      .where('signature_manage_tokens.token_hash', '=', sha256Hex(token))
      .executeTakeFirst()) ?? null
  )
}

export const manageUrl = (appUrl: string, token: string) => `${appUrl}/manage/${token}`
