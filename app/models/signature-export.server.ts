import { sql } from 'kysely'
import type { DB } from '#db/database'

/** Every column an organizer's export carries for one signature, emails and evidence included. */
export async function listSignaturesForExport(
  db: DB,
  letterId: number,
  options: { after?: number; limit: number },
) {
  let query = db
    .selectFrom('signatures')
    .innerJoin('letter_versions', 'letter_versions.id', 'signatures.letter_version_id')
    .leftJoin('users as decider', 'decider.id', 'signatures.decided_by_user_id')
    .select([
      'signatures.id',
      'signatures.status',
      'signatures.name',
      'signatures.email',
      'signatures.profession',
      'signatures.organization',
      'signatures.location',
      'signatures.licence_number',
      'signatures.listing',
      'signatures.comment',
      'letter_versions.version_number',
      'signatures.created_at',
      'signatures.confirmed_at',
      'signatures.status_changed_at',
      'signatures.decided_at',
      'decider.email as decided_by',
      'signatures.rejection_reason',
      'signatures.rejection_note',
      'signatures.verification_level',
      'signatures.verification_method',
      'signatures.verification_evidence',
      'signatures.verified_by',
      'signatures.verified_at',
      sql<number>`(select count(*) from signature_flags f where f.signature_id = signatures.id)`.as('flags'),
      sql<number>`(select count(*) from signature_flags f where f.signature_id = signatures.id and f.resolved_at is null)`.as(
        'open_flags',
      ),
    ])
    .where('signatures.letter_id', '=', letterId)
  if (options.after !== undefined) query = query.where('signatures.id', '>', options.after)
  return query.orderBy('signatures.id').limit(options.limit).execute()
}

export type SignatureExportRow = Awaited<ReturnType<typeof listSignaturesForExport>>[number]
