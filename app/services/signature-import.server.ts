import { z } from 'zod'
import type { DB } from '#db/database'
import type { SignatureStatus } from '#db/schema'
import { importedSignatureInviteSubject } from '#emails/imported-signature-invite'
import { recordAuditEvent } from '~/models/audit.server'
import { enqueueEmails, type EnqueueEmailInput } from '~/models/outbox.server'
import { issueManageToken, manageUrl } from '~/models/signature-manage-token.server'
import { issueSignatureToken } from '~/models/signature-token.server'
import { letterUrl } from '~/utils/urls'
import { normalizeEmail } from '~/models/signature.server'
import { requirePermission, type LetterAccess } from '~/services/letter-access.server'
import { tidyLine } from '~/schemas/fields'
import { IMPORT_FIELDS, type ImportFieldKey } from '~/schemas/signature-import'
import { CsvSyntaxError, readCsv } from '~/utils/csv'

// Importing signatures gathered elsewhere (issue 7, ADR 020). The organizer uploads a CSV, maps
// its columns, sees a dry run, then confirms. Between the steps the file travels back with each
// form (a hidden field), so nothing is staged on the server and a dry run never writes a row.
// The import re-checks the file inside its transaction: what it inserts is what a dry run at
// that moment would have announced.

const ACCESS_MESSAGE = 'Only the letter’s organizers can import signatures.'
export const MAX_REPORTED_ROWS = 100
/** Field → index of the file's column, or null when the file has none for it. */
export type ColumnMapping = Record<ImportFieldKey, number | null>

export type ImportRowError = { line: number; message: string }
export type SkippedDuplicate = {
  line: number
  email: string
  reason: 'in-file' | 'existing'
  firstLine?: number
}

export type ImportPlan = {
  /** Data rows read (the header excluded). */
  rows: number
  newCount: number
  duplicateInFileCount: number
  duplicateExistingCount: number
  errorCount: number
  /** The first MAX_REPORTED_ROWS of each. */
  errors: ImportRowError[]
  duplicates: SkippedDuplicate[]
  /** The file itself is unreadable (no header, a broken quote): nothing can be imported. */
  fileProblem: string | null
}

type Candidate = {
  line: number
  name: string
  email: string
  profession: string
  organization: string
  location: string
  licenceNumber: string | null
  signedAt: string | null
}

async function* chunksOf(text: string): AsyncGenerator<string> {
  yield text
}

/** The column names of the file's first line, for the mapping form. */
export async function readImportHeader(csv: string): Promise<string[] | null> {
  try {
    for await (const record of readCsv(chunksOf(csv))) return record.fields.map((name) => name.trim())
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error
  }
  return null
}

const FIELD_GUESSES: Record<ImportFieldKey, RegExp> = {
  name: /^(full[ _-]?)?name$|^signatory$|^signer$/i,
  email: /e-?mail/i,
  profession: /profession|occupation|title|role/i,
  organization: /organi[sz]ation|employer|company|firm/i,
  location: /location|city|place|country|state|jurisdiction/i,
  licenceNumber: /licen[cs]e|bar[ _-]?number|registration/i,
  signedAt: /signed|date|created/i,
}

/** A first mapping from the column names, for the organizer to correct. */
export function guessMapping(header: string[]): ColumnMapping {
  const taken = new Set<number>()
  const mapping = {} as ColumnMapping
  for (const { key } of IMPORT_FIELDS) {
    const index = header.findIndex((name, column) => !taken.has(column) && FIELD_GUESSES[key].test(name))
    mapping[key] = index === -1 ? null : index
    if (index !== -1) taken.add(index)
  }
  return mapping
}

const emailCheck = z.string().max(254).email()
const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/
const LIMITS: Partial<Record<ImportFieldKey, number>> = {
  name: 200,
  profession: 100,
  organization: 200,
  location: 100,
  licenceNumber: 50,
}

function parseSignedAt(value: string): string | null | undefined {
  if (value === '') return null
  if (!DATE.test(value)) return undefined
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value.replace(' ', 'T'))
  if (Number.isNaN(date.getTime())) return undefined
  if (value.length === 10 && date.toISOString().slice(0, 10) !== value) return undefined
  return date.toISOString()
}

function checkRow(line: number, fields: string[], mapping: ColumnMapping, now: Date): Candidate | string {
  const value = (key: ImportFieldKey) => {
    const index = mapping[key]
    return index === null ? '' : tidyLine(fields[index] ?? '')
  }
  const problems: string[] = []
  const name = value('name')
  const email = value('email')
  const profession = value('profession')
  if (!name) problems.push('the name is empty')
  if (!email) problems.push('the email is empty')
  else if (!emailCheck.safeParse(email).success) problems.push(`“${email}” is not an email address`)
  if (!profession) problems.push('the profession is empty')
  for (const [key, limit] of Object.entries(LIMITS) as [ImportFieldKey, number][]) {
    if (value(key).length > limit) {
      problems.push(
        `the ${IMPORT_FIELDS.find((field) => field.key === key)!.label.toLowerCase()} is longer than ${limit} characters`,
      )
    }
  }
  const signedAt = parseSignedAt(value('signedAt'))
  if (signedAt === undefined)
    problems.push(`the signed date “${value('signedAt')}” is not a date like 2026-05-31`)
  else if (signedAt && signedAt > now.toISOString()) problems.push('the signed date is in the future')
  if (problems.length) {
    const text = problems.join('; ')
    return text.charAt(0).toUpperCase() + text.slice(1) + '.'
  }
  return {
    line,
    name,
    email: normalizeEmail(email),
    profession,
    organization: value('organization'),
    location: value('location'),
    licenceNumber: value('licenceNumber') || null,
    signedAt: signedAt ?? null,
  }
}

/** Which of these addresses already signed the letter (whatever the status). */
async function existingEmails(db: DB, letterId: number, emails: string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (let start = 0; start < emails.length; start += 500) {
    const rows = await db
      .selectFrom('signatures')
      .select('email')
      .where('letter_id', '=', letterId)
      .where('email', 'in', emails.slice(start, start + 500))
      .execute()
    for (const row of rows) found.add(row.email)
  }
  return found
}

async function planRows(
  db: DB,
  letterId: number,
  csv: string,
  mapping: ColumnMapping,
  now: Date,
): Promise<{ plan: ImportPlan; candidates: Candidate[] }> {
  const plan: ImportPlan = {
    rows: 0,
    newCount: 0,
    duplicateInFileCount: 0,
    duplicateExistingCount: 0,
    errorCount: 0,
    errors: [],
    duplicates: [],
    fileProblem: null,
  }
  const candidates: Candidate[] = []
  const firstLineOf = new Map<string, number>()
  let header: string[] | null = null
  try {
    for await (const { line, fields } of readCsv(chunksOf(csv))) {
      if (!header) {
        header = fields
        continue
      }
      plan.rows++
      const checked = checkRow(line, fields, mapping, now)
      if (typeof checked === 'string') {
        plan.errorCount++
        if (plan.errors.length < MAX_REPORTED_ROWS) plan.errors.push({ line, message: checked })
        continue
      }
      const firstLine = firstLineOf.get(checked.email)
      if (firstLine !== undefined) {
        plan.duplicateInFileCount++
        if (plan.duplicates.length < MAX_REPORTED_ROWS) {
          plan.duplicates.push({ line, email: checked.email, reason: 'in-file', firstLine })
        }
        continue
      }
      firstLineOf.set(checked.email, line)
      candidates.push(checked)
    }
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error
    plan.fileProblem = `Line ${error.line}: ${error.message}`
    return { plan, candidates: [] }
  }
  if (!header) plan.fileProblem = 'The file is empty: it needs a header line and at least one row.'
  else if (plan.rows === 0) plan.fileProblem = 'The file has a header line but no rows.'
  const existing = await existingEmails(
    db,
    letterId,
    candidates.map((candidate) => candidate.email),
  )
  const fresh = candidates.filter((candidate) => {
    if (!existing.has(candidate.email)) return true
    plan.duplicateExistingCount++
    if (plan.duplicates.length < MAX_REPORTED_ROWS) {
      plan.duplicates.push({ line: candidate.line, email: candidate.email, reason: 'existing' })
    }
    return false
  })
  plan.duplicates.sort((a, b) => a.line - b.line)
  plan.newCount = fresh.length
  return { plan, candidates: fresh }
}

export type ImportInput = {
  csv: string
  mapping: ColumnMapping
  source: string
  /** Email each imported signer a link to confirm with us; until they do, they are not listed. */
  invite?: boolean
}

/** Invitations go to people who signed weeks ago elsewhere: their links live longer. */
export const INVITATION_TTL_HOURS = 14 * 24

/** The dry run: what an import would do now, without writing anything. */
export async function planSignatureImport(
  db: DB,
  access: LetterAccess,
  input: ImportInput,
  now = new Date(),
): Promise<ImportPlan> {
  requirePermission(access, 'edit', ACCESS_MESSAGE)
  return (await planRows(db, access.letter.id, input.csv, input.mapping, now)).plan
}

export type ImportOutcome = { plan: ImportPlan; imported: number; status: SignatureStatus; invited: number }

/**
 * Imports the file's new rows in one transaction: duplicates and rows with errors are skipped, as
 * the dry run showed. Imported signatures carry their source and date (shown in public), count as
 * confirmed by the source ('imported'), and wait for a moderator when the letter is moderated.
 */
export async function importSignatures(
  db: DB,
  access: LetterAccess,
  input: ImportInput,
  context: { appUrl: string },
  now = new Date(),
): Promise<ImportOutcome> {
  requirePermission(access, 'edit', ACCESS_MESSAGE)
  const { letter } = access
  if (!letter.current_version_id) throw new Response('This letter has no text yet', { status: 409 })
  const invite = Boolean(input.invite)
  // Invited signers confirm with us, as if they had just signed here; otherwise the source's
  // confirmation stands and moderation applies as to any confirmed signature (ADR 020).
  const status: SignatureStatus = invite
    ? 'unconfirmed'
    : letter.moderation_required
      ? 'confirmed'
      : 'approved'
  const timestamp = now.toISOString()
  return db.transaction().execute(async (trx) => {
    const { plan, candidates } = await planRows(trx, letter.id, input.csv, input.mapping, now)
    if (plan.fileProblem || candidates.length === 0) return { plan, imported: 0, status, invited: 0 }
    const inserted: { id: number; name: string; email: string }[] = []
    for (let start = 0; start < candidates.length; start += 200) {
      const rows = await trx
        .insertInto('signatures')
        .values(
          candidates.slice(start, start + 200).map((row) => ({
            letter_id: letter.id,
            letter_version_id: letter.current_version_id!,
            name: row.name,
            email: row.email,
            profession: row.profession,
            organization: row.organization,
            location: row.location,
            licence_number: row.licenceNumber,
            comment: null,
            listing: 'listed' as const,
            status,
            created_at: row.signedAt ?? timestamp,
            status_changed_at: timestamp,
            decided_at: status === 'approved' ? timestamp : null,
            imported_from: input.source,
            imported_at: timestamp,
            ...(invite
              ? { confirmed_at: null }
              : {
                  confirmed_at: timestamp,
                  verification_level: 'email' as const,
                  verification_method: 'imported',
                  verification_evidence: `CSV import, line ${row.line}`,
                  verified_by: input.source,
                  verified_at: timestamp,
                }),
          })),
        )
        .returning(['id', 'name', 'email'])
        .execute()
      inserted.push(...rows)
    }
    if (invite) {
      const emails: EnqueueEmailInput[] = []
      for (const signature of inserted) {
        const common = {
          signerName: signature.name,
          letterTitle: letter.title,
          letterUrl: letterUrl(context.appUrl, letter.slug),
        }
        const { token } = await issueSignatureToken(trx, signature.id, INVITATION_TTL_HOURS, now)
        const manage = manageUrl(context.appUrl, await issueManageToken(trx, signature.id, now))
        emails.push({
          template: 'imported-signature-invite',
          to: signature.email,
          subject: importedSignatureInviteSubject(common),
          payload: { ...common, source: input.source, expiresInHours: INVITATION_TTL_HOURS },
          secretPayload: { confirmUrl: `${context.appUrl}/confirm/${token}`, manageUrl: manage },
          letterId: letter.id,
          signatureId: signature.id,
        })
      }
      await enqueueEmails(trx, emails, now)
    }
    await recordAuditEvent(
      trx,
      {
        actor: { type: 'user', user: access.user },
        action: 'signatures.imported',
        letterId: letter.id,
        after: {
          source: input.source,
          imported: candidates.length,
          status,
          duplicatesInFile: plan.duplicateInFileCount,
          duplicatesExisting: plan.duplicateExistingCount,
          rowsWithErrors: plan.errorCount,
          invited: invite,
        },
      },
      now,
    )
    return { plan, imported: candidates.length, status, invited: invite ? inserted.length : 0 }
  })
}
