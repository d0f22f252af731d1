import type { DB } from '#db/database'
import type { NewSignature } from '#db/schema'

/**
 * Many signatures at once, in multi-row inserts (the tally triggers count them): for tests of
 * paging and exports over lists too long to build one factory call at a time.
 */
export async function insertSignatures(
  db: DB,
  letter: { id: number; version: { id: number } },
  count: number,
  row: (index: number) => Partial<NewSignature> = () => ({}),
): Promise<void> {
  const at = '2026-11-01T09:00:00.000Z'
  const rows: NewSignature[] = []
  for (let index = 0; index < count; index++) {
    rows.push({
      letter_id: letter.id,
      letter_version_id: letter.version.id,
      name: `Signer ${index}`,
      email: `signer-${letter.id}-${index}@example.org`,
      profession: 'Public defender',
      organization: 'County Public Defender',
      location: 'Oakland, CA',
      licence_number: null,
      comment: null,
      listing: 'listed',
      status: 'approved',
      created_at: at,
      confirmed_at: at,
      status_changed_at: at,
      verification_level: 'email',
      verification_method: 'email-link',
      verified_by: 'email confirmation',
      verified_at: at,
      ...row(index),
    })
  }
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < rows.length; start += 500) {
      await trx
        .insertInto('signatures')
        .values(rows.slice(start, start + 500))
        .execute()
    }
  })
}
