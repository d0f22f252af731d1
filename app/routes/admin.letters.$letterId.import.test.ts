import { describe, expect, test } from 'vitest'
import { confirmSignatureByToken } from '~/services/signing.server'
import { getDb } from '~/utils/db.server'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { createTestLetter, createTestSignature, formRequest } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { action, loader } from './admin.letters.$letterId.import'
import { loader as apiSignaturesLoader } from './api.letters.$slug.signatures'
import { loader as letterPageLoader } from './letters.$slug'

const importUrl = (letterId: number) => `http://localhost:3000/admin/letters/${letterId}/import`

const CSV = [
  'Full name,E-mail,Occupation,Employer,City,Bar number,Date signed',
  'Ἀθηνᾶ Παππᾶ,athena@example.org,Attorney,Athens Bar,Athens,A-1,2026-05-01',
  'Жанна Иванова,zhanna@example.org,Attorney,Kyiv Legal Aid,Kyiv,,2026-05-02',
  'Repeat In File,ATHENA@example.org,Attorney,Athens Bar,Athens,,2026-05-03',
  'Already Signed,existing@example.org,Attorney,Some Firm,Paris,,2026-05-04',
  ',no-name@example.org,Attorney,Some Firm,Paris,,2026-05-05',
  'Bad Address,not-an-address,Attorney,Some Firm,Paris,,2026-13-40',
].join('\n')

const MAPPING = {
  'mapping.name': '0',
  'mapping.email': '1',
  'mapping.profession': '2',
  'mapping.organization': '3',
  'mapping.location': '4',
  'mapping.licenceNumber': '5',
  'mapping.signedAt': '6',
}

async function setUp(options: { moderationRequired?: boolean } = {}) {
  const letter = await createTestLetter(getDb(), options)
  await createTestSignature(getDb(), letter, { email: 'existing@example.org', status: 'approved' })
  const organizer = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'organizer' })
  return { letter, cookie: await signedInCookie(organizer) }
}

function uploadRequest(letterId: number, cookie: string, csv: string) {
  const body = new FormData()
  body.set('intent', 'upload')
  body.set('file', new File([csv], 'petition.csv', { type: 'text/csv' }))
  return new Request(importUrl(letterId), { method: 'POST', body, headers: { Cookie: cookie } })
}

function post(letterId: number, cookie: string, fields: Record<string, string>) {
  return callRoute(action, formRequest(importUrl(letterId), fields, { Cookie: cookie }), {
    letterId: String(letterId),
  })
}

async function importedRows(letterId: number) {
  return getDb()
    .selectFrom('signatures')
    .selectAll()
    .where('letter_id', '=', letterId)
    .where('imported_from', 'is not', null)
    .orderBy('id')
    .execute()
}

async function invitations(letterId: number) {
  return getDb()
    .selectFrom('email_outbox')
    .selectAll()
    .where('letter_id', '=', letterId)
    .where('template', '=', 'imported-signature-invite')
    .orderBy('id')
    .execute()
}

describe('importing signatures from a CSV', () => {
  test('upload reads the header and guesses the mapping', async () => {
    const { letter, cookie } = await setUp()
    const result = await callRoute(action, uploadRequest(letter.id, cookie, CSV), {
      letterId: String(letter.id),
    })
    expect(result.status).toBe(200)
    expect(result.data.step).toBe('map')
    expect(result.data.header).toEqual(CSV.split('\n')[0]!.split(','))
    expect(result.data.guessed).toEqual({
      name: 0,
      email: 1,
      profession: 2,
      organization: 3,
      location: 4,
      licenceNumber: 5,
      signedAt: 6,
    })
    expect(result.data.csv).toBe(CSV)
  })

  test('the dry run counts new rows, duplicates and errors, and writes nothing', async () => {
    const { letter, cookie } = await setUp()
    const result = await post(letter.id, cookie, {
      intent: 'preview',
      csv: CSV,
      source: 'Change.org',
      ...MAPPING,
    })
    expect(result.status).toBe(200)
    expect(result.data.step).toBe('preview')
    const plan = result.data.plan
    expect(plan).toMatchObject({
      rows: 6,
      newCount: 2,
      duplicateInFileCount: 1,
      duplicateExistingCount: 1,
      errorCount: 2,
      fileProblem: null,
    })
    expect(plan.duplicates).toEqual([
      { line: 4, email: 'athena@example.org', reason: 'in-file', firstLine: 2 },
      { line: 5, email: 'existing@example.org', reason: 'existing' },
    ])
    expect(plan.errors).toEqual([
      { line: 6, message: 'The name is empty.' },
      {
        line: 7,
        message:
          '“not-an-address” is not an email address; the signed date “2026-13-40” is not a date like 2026-05-31.',
      },
    ])
    expect(await importedRows(letter.id)).toHaveLength(0)
    const audit = await getDb()
      .selectFrom('audit_events')
      .select('action')
      .where('letter_id', '=', letter.id)
      .where('action', '=', 'signatures.imported')
      .execute()
    expect(audit).toHaveLength(0)
  })

  test('the import stores the new rows with their provenance, audited, and the public page shows it', async () => {
    const { letter, cookie } = await setUp()
    const now = Date.now()
    const result = await post(letter.id, cookie, {
      intent: 'import',
      csv: CSV,
      source: 'Change.org',
      ...MAPPING,
    })
    expect(result.status).toBe(200)
    expect(result.data).toMatchObject({ step: 'done', imported: 2, approved: true })
    const rows = await importedRows(letter.id)
    expect(rows.map((row) => [row.name, row.email, row.status, row.licence_number])).toEqual([
      ['Ἀθηνᾶ Παππᾶ', 'athena@example.org', 'approved', 'A-1'],
      ['Жанна Иванова', 'zhanna@example.org', 'approved', null],
    ])
    expect(rows[0]).toMatchObject({
      profession: 'Attorney',
      organization: 'Athens Bar',
      location: 'Athens',
      created_at: '2026-05-01T00:00:00.000Z',
      imported_from: 'Change.org',
      verification_level: 'email',
      verification_method: 'imported',
      verified_by: 'Change.org',
    })
    expect(Date.parse(rows[0]!.imported_at!)).toBeGreaterThanOrEqual(now - 1000)

    const [event] = await getDb()
      .selectFrom('audit_events')
      .selectAll()
      .where('letter_id', '=', letter.id)
      .where('action', '=', 'signatures.imported')
      .execute()
    expect(JSON.parse(event!.after!)).toMatchObject({ source: 'Change.org', imported: 2, rowsWithErrors: 2 })

    const page = await callRoute(
      letterPageLoader,
      new Request(`http://localhost:3000/letters/${letter.slug}`),
      {
        slug: letter.slug,
      },
    )
    const athena = page.data.page.signatories.find(
      (signatory: { name: string }) => signatory.name === 'Ἀθηνᾶ Παππᾶ',
    )
    expect(athena).toMatchObject({ imported_from: 'Change.org', imported_at: rows[0]!.imported_at })
    const api = await callRoute(
      apiSignaturesLoader,
      new Request(`http://localhost:3000/api/letters/${letter.slug}/signatures`),
      { slug: letter.slug },
    )
    const apiAthena = JSON.parse(api.data).signatories.find(
      (signatory: { name: string }) => signatory.name === 'Ἀθηνᾶ Παππᾶ',
    )
    expect(apiAthena.imported).toEqual({ from: 'Change.org', on: rows[0]!.imported_at!.slice(0, 10) })

    // No invitation unless asked for.
    expect(await invitations(letter.id)).toHaveLength(0)

    // Importing the same file again finds everyone already there.
    const again = await post(letter.id, cookie, {
      intent: 'import',
      csv: CSV,
      source: 'Change.org',
      ...MAPPING,
    })
    expect(again.data).toMatchObject({ step: 'done', imported: 0 })
    expect(again.data.plan.duplicateExistingCount).toBe(3)
  })

  test('a moderated letter puts imported signatures in the queue, not on the page', async () => {
    const { letter, cookie } = await setUp({ moderationRequired: true })
    const result = await post(letter.id, cookie, {
      intent: 'import',
      csv: CSV,
      source: 'Paper forms',
      ...MAPPING,
    })
    expect(result.data).toMatchObject({ step: 'done', imported: 2, approved: false })
    expect((await importedRows(letter.id)).map((row) => row.status)).toEqual(['confirmed', 'confirmed'])
  })

  test('a mapping without the required fields or the source re-renders the mapping with errors', async () => {
    const { letter, cookie } = await setUp()
    const result = await post(letter.id, cookie, {
      intent: 'import',
      csv: CSV,
      source: '  ',
      'mapping.name': '0',
      'mapping.email': '0',
    })
    expect(result.status).toBe(400)
    expect(result.data.step).toBe('map')
    expect(result.data.csv).toBe(CSV)
    expect(result.data.lastResult.error).toMatchObject({
      source: [expect.stringContaining('Say where')],
      'mapping.email': ['This column is already mapped to another field'],
      'mapping.profession': ['Choose the column to read'],
    })
    expect(await importedRows(letter.id)).toHaveLength(0)
  })

  test('an unreadable file imports nothing', async () => {
    const { letter, cookie } = await setUp()
    const broken = 'name,email,profession\n"Unclosed,a@example.org,Attorney\n'
    const result = await post(letter.id, cookie, {
      intent: 'import',
      csv: broken,
      source: 'Elsewhere',
      'mapping.name': '0',
      'mapping.email': '1',
      'mapping.profession': '2',
    })
    expect(result.status).toBe(400)
    expect(result.data.plan.fileProblem).toMatch(/never closed/)
    expect(await importedRows(letter.id)).toHaveLength(0)

    const empty = await callRoute(action, uploadRequest(letter.id, cookie, ''), {
      letterId: String(letter.id),
    })
    expect(empty.status).toBe(400)
    expect(empty.data.problem).toBe('Choose a CSV file to upload.')
  })

  test('moderators and strangers are refused', async () => {
    const { letter } = await setUp()
    const moderator = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
    const stranger = await createTestUser(getDb())
    for (const user of [moderator, stranger]) {
      const cookie = await signedInCookie(user)
      const posted = await post(letter.id, cookie, { intent: 'import', csv: CSV, source: 'X', ...MAPPING })
      expect(posted.status).toBe(403)
      const page = await callRoute(
        loader,
        new Request(importUrl(letter.id), { headers: { Cookie: cookie } }),
        {
          letterId: String(letter.id),
        },
      )
      expect(page.status).toBe(403)
    }
    expect(await importedRows(letter.id)).toHaveLength(0)
  })

  test('with invitations, signers are unconfirmed until they follow the emailed link', async () => {
    const { letter, cookie } = await setUp()
    const result = await post(letter.id, cookie, {
      intent: 'import',
      csv: CSV,
      source: 'Change.org',
      invite: 'on',
      ...MAPPING,
    })
    expect(result.data).toMatchObject({ step: 'done', imported: 2, invited: 2 })
    const rows = await importedRows(letter.id)
    expect(rows.map((row) => [row.status, row.verification_level, row.imported_from])).toEqual([
      ['unconfirmed', 'none', 'Change.org'],
      ['unconfirmed', 'none', 'Change.org'],
    ])
    const emails = await invitations(letter.id)
    expect(emails.map((email) => email.to_address)).toEqual(['athena@example.org', 'zhanna@example.org'])
    expect(JSON.parse(emails[0]!.payload)).toMatchObject({ source: 'Change.org', signerName: 'Ἀθηνᾶ Παππᾶ' })
    const { confirmUrl } = JSON.parse(emails[0]!.secret_payload!)
    const token = new URL(confirmUrl).pathname.split('/').pop()!

    const confirmed = await confirmSignatureByToken(getDb(), token, { appUrl: 'http://localhost:3000' })
    expect(confirmed).toMatchObject({ kind: 'confirmed', status: 'approved' })
    const [athena] = await importedRows(letter.id)
    expect(athena).toMatchObject({
      status: 'approved',
      verification_level: 'email',
      verification_method: 'email-link',
      imported_from: 'Change.org',
    })
  })
})
