import { describe, expect, test } from 'vitest'
import {
  countLicenceRosterEntries,
  findLicenceRosterEntry,
  getLicenceRoster,
} from '~/models/licence-roster.server'
import { getDb } from '~/utils/db.server'
import { createTestUser } from '../../tests/auth-helpers'
import { createTestLetter } from '../../tests/factories'
import { requireLetterAccess } from './letter-access.server'
import { createRoster, importRoster, MAX_REPORTED_ERRORS } from './roster-import.server'

const HEADER = 'licence_number,full_name,status,jurisdiction,admitted_on\r\n'

async function letterWithRoster() {
  const letter = await createTestLetter(getDb())
  const organizer = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'organizer' })
  const access = await requireLetterAccess(getDb(), organizer, letter.id, 'edit')
  const outcome = await createRoster(getDb(), access, {
    name: 'State Bar of California',
    jurisdiction: 'California',
    numberPattern: '^\\d{1,6}$',
  })
  if (outcome.kind !== 'created') throw new Error('roster not created')
  return { letter, access, roster: outcome.roster }
}

/** The text as a byte stream cut into small pieces, as an upload arrives. */
function streamOf(text: string, pieceSize = 7): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text)
  let at = 0
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close()
      controller.enqueue(bytes.slice(at, at + pieceSize))
      at += pieceSize
    },
  })
}

async function events(letterId: number, action: string) {
  return getDb()
    .selectFrom('audit_events')
    .select(['actor_label', 'before', 'after'])
    .where('letter_id', '=', letterId)
    .where('action', '=', action)
    .execute()
}

describe('importRoster', () => {
  test('a good file imports every row, normalized, and records when and by whom', async () => {
    const { letter, access, roster } = await letterWithRoster()
    const now = new Date('2026-11-21T16:00:00.000Z')
    const report = await importRoster(
      getDb(),
      access,
      roster.id,
      streamOf(
        HEADER +
          '123456,Ana María García,Active,California,2015-06-01\r\n' +
          ' 12-34 ,"Smith, John A.",inactive,,\r\n' +
          '7,Sean O’Connell,active,California,\r\n',
      ),
      now,
    )
    expect(report).toEqual({ rows: 3, errors: [], errorCount: 0, imported: true })
    expect(await findLicenceRosterEntry(getDb(), roster.id, '123456')).toEqual({
      roster_id: roster.id,
      licence_number: '123456',
      full_name: 'Ana María García',
      status: 'active',
      jurisdiction: 'California',
      admitted_on: '2015-06-01',
    })
    expect(await findLicenceRosterEntry(getDb(), roster.id, '1234')).toMatchObject({
      full_name: 'Smith, John A.',
      status: 'inactive',
      jurisdiction: 'California', // the roster's, when the row leaves it empty
      admitted_on: null,
    })
    expect(await getLicenceRoster(getDb(), letter.id, roster.id)).toMatchObject({
      imported_at: now.toISOString(),
      imported_by_user_id: access.user.id,
      row_count: 3,
    })
    const [event] = await events(letter.id, 'roster.imported')
    expect(JSON.parse(event!.after!)).toMatchObject({ name: 'State Bar of California', rows: 3 })
  })

  test('the header may list the columns in any order, admitted_on may be absent', async () => {
    const { access, roster } = await letterWithRoster()
    const report = await importRoster(
      getDb(),
      access,
      roster.id,
      streamOf('Status,Full_Name,Jurisdiction,Licence_Number\nactive,Jane Doe,California,42\n'),
    )
    expect(report.imported).toBe(true)
    expect(await findLicenceRosterEntry(getDb(), roster.id, '42')).toMatchObject({
      full_name: 'Jane Doe',
      admitted_on: null,
    })
  })

  test('quoted fields keep their commas, quotes and line breaks; later line numbers count them', async () => {
    const { access, roster } = await letterWithRoster()
    const report = await importRoster(
      getDb(),
      access,
      roster.id,
      streamOf(
        HEADER +
          '1,"Doe, Jane ""JD""",active,"California, USA",\r\n' +
          '2,"Multi\r\nLine",active,California,\r\n' +
          '1234567,Too Long,active,California,\r\n',
        3,
      ),
    )
    expect(report.imported).toBe(false)
    expect(report.errors).toEqual([
      { line: 5, message: 'The licence number “1234567” does not match ^\\d{1,6}$.' },
    ])

    const good = await importRoster(
      getDb(),
      access,
      roster.id,
      streamOf(
        HEADER + '1,"Doe, Jane ""JD""",active,"California, USA",\r\n2,"Multi\r\nLine",active,California,\r\n',
      ),
    )
    expect(good.imported).toBe(true)
    expect(await findLicenceRosterEntry(getDb(), roster.id, '1')).toMatchObject({
      full_name: 'Doe, Jane "JD"',
      jurisdiction: 'California, USA',
    })
    // Inner whitespace, line breaks included, folds to one space.
    expect((await findLicenceRosterEntry(getDb(), roster.id, '2'))?.full_name).toBe('Multi Line')
  })

  test('a bad file imports nothing and says what is wrong on which line', async () => {
    const { letter, access, roster } = await letterWithRoster()
    await importRoster(getDb(), access, roster.id, streamOf(HEADER + '9,Kept Entry,active,California,\n'))
    const report = await importRoster(
      getDb(),
      access,
      roster.id,
      streamOf(
        HEADER +
          '1,Good Row,active,California,\n' +
          'ABC,Bad Number,active,California,\n' +
          '2,,active,California,\n' +
          '3,No Status,,California,\n' +
          '4,Bad Date,active,California,2015-02-30\n' +
          '1,Duplicate,active,California,\n' +
          '5,Too,Many,Fields,,here\n' +
          '6,Fine Again,active,California,2001-01-01\n',
      ),
    )
    expect(report).toEqual({
      rows: 8,
      imported: false,
      errorCount: 6,
      errors: [
        { line: 3, message: 'The licence number “ABC” does not match ^\\d{1,6}$.' },
        { line: 4, message: 'The full name is empty.' },
        { line: 5, message: 'The status is empty.' },
        { line: 6, message: 'The admitted date “2015-02-30” is not a date like 2019-06-30.' },
        { line: 7, message: 'Licence number 1 already appears on line 2.' },
        { line: 8, message: 'Expected 5 fields, found 6.' },
      ],
    })
    expect(await countLicenceRosterEntries(getDb(), roster.id)).toBe(1)
    expect(await findLicenceRosterEntry(getDb(), roster.id, '9')).not.toBeNull()
    expect((await getLicenceRoster(getDb(), letter.id, roster.id))?.row_count).toBe(1)
    expect(await events(letter.id, 'roster.imported')).toHaveLength(1)
  })

  test.each([
    ['', 1, 'The file is empty'],
    ['name,number\n1,Jane\n', 1, 'missing licence_number, full_name, status, jurisdiction'],
    [HEADER, 2, 'no rows'],
    [HEADER + '1,"Unclosed,active,California,\n', 2, 'never closed'],
  ])('%j is refused at line %i', async (text, line, message) => {
    const { access, roster } = await letterWithRoster()
    const report = await importRoster(getDb(), access, roster.id, streamOf(text))
    expect(report.imported).toBe(false)
    expect(report.errors).toHaveLength(1)
    expect(report.errors[0]!.line).toBe(line)
    expect(report.errors[0]!.message).toContain(message)
    expect(await countLicenceRosterEntries(getDb(), roster.id)).toBe(0)
  })

  test(`reports the first ${MAX_REPORTED_ERRORS} problems and counts them all`, async () => {
    const { access, roster } = await letterWithRoster()
    const rows = Array.from({ length: 250 }, (_, index) => `X${index},Name,active,California,\n`)
    const report = await importRoster(getDb(), access, roster.id, streamOf(HEADER + rows.join(''), 4096))
    expect(report.errorCount).toBe(250)
    expect(report.errors).toHaveLength(MAX_REPORTED_ERRORS)
    expect(report.errors.at(-1)!.line).toBe(MAX_REPORTED_ERRORS + 1)
  })

  test('re-importing replaces the entries and records the new import', async () => {
    const { letter, access, roster } = await letterWithRoster()
    await importRoster(
      getDb(),
      access,
      roster.id,
      streamOf(HEADER + '1,Old One,active,California,\n2,Old Two,active,California,\n'),
      new Date('2026-11-01T00:00:00.000Z'),
    )
    const later = new Date('2026-11-21T00:00:00.000Z')
    await importRoster(
      getDb(),
      access,
      roster.id,
      streamOf(HEADER + '2,New Two,inactive,California,\n'),
      later,
    )
    expect(await countLicenceRosterEntries(getDb(), roster.id)).toBe(1)
    expect(await findLicenceRosterEntry(getDb(), roster.id, '1')).toBeNull()
    expect(await findLicenceRosterEntry(getDb(), roster.id, '2')).toMatchObject({
      full_name: 'New Two',
      status: 'inactive',
    })
    expect(await getLicenceRoster(getDb(), letter.id, roster.id)).toMatchObject({
      imported_at: later.toISOString(),
      row_count: 1,
    })
    const imported = await events(letter.id, 'roster.imported')
    expect(imported).toHaveLength(2)
    expect(JSON.parse(imported[1]!.before!)).toMatchObject({
      rows: 2,
      importedAt: '2026-11-01T00:00:00.000Z',
    })
  })

  test('a huge file (100,000 rows) streams in and imports in one transaction', async () => {
    const { letter, access, roster } = await letterWithRoster()
    const total = 100_000
    let next = 0
    const encoder = new TextEncoder()
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (next === 0) controller.enqueue(encoder.encode(HEADER))
        if (next >= total) return controller.close()
        let chunk = ''
        for (const end = Math.min(next + 5000, total); next < end; next++) {
          chunk += `${next + 1},"Member ${next + 1}, Esq.",active,California,2001-02-03\r\n`
        }
        controller.enqueue(encoder.encode(chunk))
      },
    })
    const report = await importRoster(getDb(), access, roster.id, stream)
    expect(report).toEqual({ rows: total, errors: [], errorCount: 0, imported: true })
    expect(await countLicenceRosterEntries(getDb(), roster.id)).toBe(total)
    expect((await getLicenceRoster(getDb(), letter.id, roster.id))?.row_count).toBe(total)
    expect(await findLicenceRosterEntry(getDb(), roster.id, String(total))).toMatchObject({
      full_name: `Member ${total}, Esq.`,
    })
  }, 15_000)

  test('a moderator may not import', async () => {
    const { letter, roster } = await letterWithRoster()
    const moderator = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
    const access = await requireLetterAccess(getDb(), moderator, letter.id, 'moderate')
    const thrown = await importRoster(
      getDb(),
      access,
      roster.id,
      streamOf(HEADER + '1,A B,active,C,\n'),
    ).catch((error: unknown) => error)
    expect(thrown).toBeInstanceOf(Response)
    expect((thrown as Response).status).toBe(403)
  })

  test('a roster name is unique per letter', async () => {
    const { access } = await letterWithRoster()
    const again = await createRoster(getDb(), access, {
      name: 'State Bar of California',
      jurisdiction: 'California',
      numberPattern: '^\\d+$',
    })
    expect(again.kind).toBe('duplicate')
  })
})
