import type { DB } from '#db/database'
import { recordAuditEvent } from '~/models/audit.server'
import { effectiveClosedAt, effectiveLetterStatus } from '~/models/letter.server'
import {
  eraseSignerData,
  listLettersWithRetention,
  listUnerasedSignatureIds,
} from '~/models/signer-data.server'

// The per-letter retention setting (ADR 017): some days after a letter closes, every signer's
// email address, network address and comment are erased, as an owner's erasure would; the public
// record stays. Run by the server's background loop and by `npm run privacy:retention`.

const DAY_MS = 86_400_000

export const RETENTION_ACTOR = { type: 'system', label: 'retention setting' } as const

export type RetentionResult = { letterId: number; slug: string; erased: number }

/**
 * Erases the signer data of every letter whose retention window has passed, in batches of
 * `batchSize` signatures (one short transaction each, so signing elsewhere never waits long).
 * Doing it again erases nothing more. Each letter that had something erased gets one audit
 * event for the run, with the count, in the transaction of its last batch.
 */
export async function eraseExpiredSignerData(
  db: DB,
  options: { now?: Date; batchSize?: number } = {},
): Promise<RetentionResult[]> {
  const now = options.now ?? new Date()
  const batchSize = options.batchSize ?? 500
  const results: RetentionResult[] = []
  for (const letter of await listLettersWithRetention(db)) {
    // A reopened letter is open again: its window starts over when it closes next.
    if (effectiveLetterStatus(letter, now) !== 'closed') continue
    const closedAt = effectiveClosedAt(letter, now)
    if (!closedAt || Date.parse(closedAt) + letter.retention_days! * DAY_MS > now.getTime()) continue

    let erased = 0
    let done = false
    while (!done) {
      erased += await db.transaction().execute(async (trx) => {
        const ids = await listUnerasedSignatureIds(trx, letter.id, batchSize)
        const batch = await eraseSignerData(trx, letter.id, ids, now)
        done = ids.length < batchSize
        if (done && erased + batch.signatures > 0) {
          await recordAuditEvent(
            trx,
            {
              actor: RETENTION_ACTOR,
              action: 'letter.signer-data-expired',
              letterId: letter.id,
              after: {
                signatures: erased + batch.signatures,
                retentionDays: letter.retention_days,
                closedAt,
              },
            },
            now,
          )
        }
        return batch.signatures
      })
    }
    if (erased > 0) results.push({ letterId: letter.id, slug: letter.slug, erased })
  }
  return results
}
