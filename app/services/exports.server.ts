import type { DB } from '#db/database'
import type { Letter } from '#db/schema'
import { recordAuditEvent } from '~/models/audit.server'
import { listSignaturesForExport } from '~/models/signature-export.server'
import { listLetterVersions } from '~/models/letter.server'
import { listPublicSignatoryRows } from '~/models/signature.server'
import { requirePermission, type LetterAccess } from '~/services/letter-access.server'
import { attachmentHeader, csvStream, type CsvValue } from '~/utils/csv-writer'
import { describeVerification } from '~/utils/verification'

// CSV exports (ADR 015): streamed in keyset batches, so a letter of any size costs one batch of
// memory, and each batch is a short query: the single database connection is never held while a
// slow download drains.

export const EXPORT_BATCH_SIZE = 2000

/** Lets the event loop run: pending requests and I/O go before the next batch. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * A keyset-paged query's batches, each as CSV values, until a batch comes back short.
 * better-sqlite3 answers synchronously, so without a turn of the event loop between batches a
 * large export would run start to end as one chain of promises and hold every other request.
 */
async function* inBatches<Row>(
  fetchBatch: (after: number | undefined) => Promise<Row[]>,
  idOf: (row: Row) => number,
  toValues: (row: Row) => CsvValue[],
): AsyncGenerator<CsvValue[][]> {
  let after: number | undefined
  for (;;) {
    const rows = await fetchBatch(after)
    if (rows.length) yield rows.map(toValues)
    if (rows.length < EXPORT_BATCH_SIZE) return
    after = idOf(rows[rows.length - 1]!)
    await nextTurn()
  }
}

/** Streamed downloads wait for the client between batches (AppLoadContext.waitForClient). */
export type StreamOptions = { waitForClient?: () => Promise<void> }

export const PUBLIC_CSV_HEADER = [
  'Name',
  'Profession',
  'Organization',
  'Location',
  'Verification level',
  'Verification',
  'Verified on',
  'Version signed',
]

/**
 * The public signatory list as the letter page shows it: listed, approved, meeting the
 * requirement. Read as arrays, the hot path of a large letter's export (ADR 014).
 */
export async function publicSignatoriesCsv(
  db: DB,
  letter: Pick<Letter, 'id' | 'listing_requires'>,
  options: StreamOptions = {},
): Promise<ReadableStream<Uint8Array>> {
  const versionNumbers = new Map(
    (await listLetterVersions(db, letter.id)).map((version) => [version.id, version.version_number]),
  )
  return csvStream(
    PUBLIC_CSV_HEADER,
    inBatches(
      (after) => listPublicSignatoryRows(db, letter, { after, limit: EXPORT_BATCH_SIZE }),
      ([id]) => id,
      ([, name, profession, organization, location, level, method, verifiedAt, versionId, verifier]) => [
        name,
        profession,
        organization,
        location,
        level,
        describeVerification(level, method, null, verifier),
        verifiedAt?.slice(0, 10),
        versionNumbers.get(versionId),
      ],
    ),
    options,
  )
}

export const ORGANIZER_CSV_HEADER = [
  'id',
  'status',
  'name',
  'email',
  'profession',
  'organization',
  'location',
  'licence_number',
  'listing',
  'comment',
  'version_signed',
  'signed_at',
  'confirmed_at',
  'status_changed_at',
  'decided_at',
  'decided_by',
  'rejection_reason',
  'rejection_note',
  'verification_level',
  'verification_method',
  'verification_evidence',
  'verified_by',
  'verified_at',
  'flags',
  'open_flags',
]

/**
 * Every signature of the letter, whatever its status, with emails and verification evidence: for
 * the letter's organizers only (moderators moderate; they never get the address book). The export
 * is audited before the first byte leaves.
 */
export async function organizerSignaturesCsv(
  db: DB,
  access: LetterAccess,
  options: StreamOptions & { now?: Date } = {},
): Promise<ReadableStream<Uint8Array>> {
  const now = options.now ?? new Date()
  requirePermission(access, 'edit', 'Only the letter’s organizers can export its signatures.')
  await recordAuditEvent(
    db,
    {
      actor: { type: 'user', user: access.user },
      action: 'letter.exported',
      letterId: access.letter.id,
      after: { format: 'csv', contents: 'all signatures, with emails and verification' },
    },
    now,
  )
  return csvStream(
    ORGANIZER_CSV_HEADER,
    inBatches(
      (after) => listSignaturesForExport(db, access.letter.id, { after, limit: EXPORT_BATCH_SIZE }),
      (row) => row.id,
      (row) => [
        row.id,
        row.status,
        row.name,
        row.email,
        row.profession,
        row.organization,
        row.location,
        row.licence_number,
        row.listing,
        row.comment,
        row.version_number,
        row.created_at,
        row.confirmed_at,
        row.status_changed_at,
        row.decided_at,
        row.decided_by,
        row.rejection_reason,
        row.rejection_note,
        row.verification_level,
        row.verification_method,
        row.verification_evidence,
        row.verified_by,
        row.verified_at,
        row.flags,
        row.open_flags,
      ],
    ),
    options,
  )
}

/** A CSV download. A HEAD gets the headers alone: no stream is built, no query runs. */
export async function csvResponse(
  request: Request,
  createBody: () => ReadableStream<Uint8Array> | Promise<ReadableStream<Uint8Array>>,
  options: { fileName: string; headers?: Record<string, string> },
): Promise<Response> {
  return new Response(request.method === 'HEAD' ? null : await createBody(), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': attachmentHeader(options.fileName),
      ...options.headers,
    },
  })
}
