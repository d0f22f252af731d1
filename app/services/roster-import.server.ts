import type { DB } from '#db/database'
import type { LicenceRoster } from '#db/schema'
import { recordAuditEvent } from '~/models/audit.server'
import {
  getLicenceRoster,
  insertLicenceRoster,
  listLicenceRosters,
  replaceLicenceRosterEntries,
  type RosterEntryRow,
} from '~/models/licence-roster.server'
import type { CreateRosterInput } from '~/schemas/licence-roster'
import { requirePermission, type LetterAccess } from '~/services/letter-access.server'
import { CsvSyntaxError, readCsv } from '~/utils/csv'
import { normalizeLicenceNumber } from '~/utils/name-matching'

const ACCESS_MESSAGE = 'Only organizers manage this letter’s licence rosters.'

// Imported licence rosters (issue 4): organizers upload a licensing body's CSV roster; each row
// is checked, and a file with any bad row imports nothing. A good file replaces the roster's
// entries in one transaction.

export const MAX_REPORTED_ERRORS = 100
export const REQUIRED_COLUMNS = ['licence_number', 'full_name', 'status', 'jurisdiction'] as const
export const OPTIONAL_COLUMNS = ['admitted_on'] as const
/** The largest roster file an organizer may upload. */
export const MAX_ROSTER_FILE_BYTES = 50 * 1024 * 1024

export type ImportError = { line: number; message: string }
export type ImportReport = {
  /** Data rows read (the header excluded). */
  rows: number
  /** The first MAX_REPORTED_ERRORS problems, by line. */
  errors: ImportError[]
  /** Every problem found, reported or not. */
  errorCount: number
  imported: boolean
}

/** A letter's rosters: moderators see them too, beside "Recheck licences"; only organizers change them. */
export async function listRosters(db: DB, access: LetterAccess) {
  requirePermission(access, 'moderate', 'You may not see this letter’s licence rosters.')
  return listLicenceRosters(db, access.letter.id)
}

export type CreateRosterOutcome = { kind: 'created'; roster: LicenceRoster } | { kind: 'duplicate' }

export async function createRoster(
  db: DB,
  access: LetterAccess,
  input: CreateRosterInput,
  now = new Date(),
): Promise<CreateRosterOutcome> {
  requirePermission(access, 'edit', ACCESS_MESSAGE)
  return db.transaction().execute(async (trx) => {
    const roster = await insertLicenceRoster(
      trx,
      {
        letterId: access.letter.id,
        name: input.name,
        jurisdiction: input.jurisdiction,
        numberPattern: input.numberPattern,
      },
      now,
    )
    if (!roster) return { kind: 'duplicate' as const }
    await recordAuditEvent(
      trx,
      {
        actor: { type: 'user', user: access.user },
        action: 'roster.created',
        letterId: access.letter.id,
        after: { name: roster.name, jurisdiction: roster.jurisdiction, numberPattern: roster.number_pattern },
      },
      now,
    )
    return { kind: 'created' as const, roster }
  })
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value)
  if (!match) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}

export type RosterSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>

/**
 * Reads and checks a roster CSV without touching the database: the entries when every row is
 * good, and the report either way.
 */
export async function parseRosterCsv(
  roster: Pick<LicenceRoster, 'number_pattern' | 'jurisdiction'>,
  source: RosterSource,
): Promise<{ report: ImportReport; entries: RosterEntryRow[] }> {
  const pattern = new RegExp(roster.number_pattern)
  const errors: ImportError[] = []
  let errorCount = 0
  const fail = (line: number, message: string) => {
    errorCount++
    if (errors.length < MAX_REPORTED_ERRORS) errors.push({ line, message })
  }
  const entries: RosterEntryRow[] = []
  const seen = new Map<string, number>()
  let columns: Map<string, number> | null = null
  let rows = 0

  try {
    for await (const { line, fields } of readCsv(source)) {
      if (!columns) {
        const names = fields.map((name) => name.trim().toLowerCase())
        const missing = REQUIRED_COLUMNS.filter((name) => !names.includes(name))
        if (missing.length) {
          fail(
            line,
            `The first line must name the columns ${[...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].join(', ')}; missing ${missing.join(', ')}.`,
          )
          break
        }
        columns = new Map(names.map((name, index) => [name, index]))
        continue
      }
      rows++
      if (fields.length !== columns.size) {
        fail(line, `Expected ${columns.size} fields, found ${fields.length}.`)
        continue
      }
      const value = (name: string) => {
        const index = columns!.get(name)
        return index === undefined ? '' : (fields[index] ?? '').trim()
      }
      const rawNumber = value('licence_number')
      const number = normalizeLicenceNumber(rawNumber)
      const fullName = value('full_name').replace(/\s+/g, ' ')
      const status = value('status').toLowerCase()
      const jurisdiction = value('jurisdiction') || roster.jurisdiction
      const admittedOn = value('admitted_on')
      const problems: string[] = []
      if (number === '') problems.push('the licence number is empty')
      else if (!pattern.test(number)) {
        problems.push(`the licence number “${rawNumber}” does not match ${roster.number_pattern}`)
      } else {
        const earlier = seen.get(number)
        if (earlier !== undefined)
          problems.push(`licence number ${number} already appears on line ${earlier}`)
        else seen.set(number, line)
      }
      if (fullName === '') problems.push('the full name is empty')
      if (status === '') problems.push('the status is empty')
      if (admittedOn !== '' && !isIsoDate(admittedOn)) {
        problems.push(`the admitted date “${admittedOn}” is not a date like 2019-06-30`)
      }
      if (problems.length) {
        const text = problems.join('; ')
        fail(line, text.charAt(0).toUpperCase() + text.slice(1) + '.')
        continue
      }
      // Once the file has failed, keep checking but stop collecting.
      if (errorCount === 0) {
        entries.push({
          licence_number: number,
          full_name: fullName,
          status,
          jurisdiction,
          admitted_on: admittedOn || null,
        })
      }
    }
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error
    fail(error.line, `${error.message} The rest of the file was not read.`)
  }
  if (!columns && errorCount === 0) fail(1, 'The file is empty: it needs a header line and at least one row.')
  else if (columns && rows === 0 && errorCount === 0) fail(2, 'The file has a header line but no rows.')
  return { report: { rows, errors, errorCount, imported: false }, entries: errorCount ? [] : entries }
}

/**
 * Imports a roster CSV: a file with any bad row imports nothing; a good one replaces the roster's
 * entries in one transaction and records the import ('roster.imported').
 */
export async function importRoster(
  db: DB,
  access: LetterAccess,
  rosterId: number,
  source: RosterSource,
  now = new Date(),
): Promise<ImportReport> {
  requirePermission(access, 'edit', ACCESS_MESSAGE)
  const roster = await getLicenceRoster(db, access.letter.id, rosterId)
  if (!roster) throw new Response('No such roster', { status: 404 })
  const { report, entries } = await parseRosterCsv(roster, source)
  if (report.errorCount) return report
  await db.transaction().execute(async (trx) => {
    await replaceLicenceRosterEntries(trx, roster.id, entries, access.user.id, now)
    await recordAuditEvent(
      trx,
      {
        actor: { type: 'user', user: access.user },
        action: 'roster.imported',
        letterId: access.letter.id,
        before: { name: roster.name, rows: roster.row_count, importedAt: roster.imported_at },
        after: { name: roster.name, rows: entries.length, importedAt: now.toISOString() },
      },
      now,
    )
  })
  return { ...report, imported: true }
}
