import type { DB } from '#db/database'
import type { SignatureFlag, SignatureFlagKind } from '#db/schema'

export type NewSignatureFlag = { signatureId: number; kind: SignatureFlagKind; detail?: unknown }

export async function insertSignatureFlag(
  db: DB,
  flag: NewSignatureFlag,
  now = new Date(),
): Promise<SignatureFlag> {
  return db
    .insertInto('signature_flags')
    .values({
      signature_id: flag.signatureId,
      kind: flag.kind,
      detail: flag.detail === undefined ? null : JSON.stringify(flag.detail),
      created_at: now.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** The unresolved flags of these signatures, oldest first, in one query. */
export async function listOpenFlagsFor(db: DB, signatureIds: number[]): Promise<SignatureFlag[]> {
  if (signatureIds.length === 0) return []
  return db
    .selectFrom('signature_flags')
    .selectAll()
    .where('signature_id', 'in', signatureIds)
    .where('resolved_at', 'is', null)
    .orderBy('id')
    .execute()
}
