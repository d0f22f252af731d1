import { describe, expect, test } from 'vitest'
import { getLetterById } from '~/models/letter.server'
import { countLicenceRosterEntries, listLicenceRosters } from '~/models/licence-roster.server'
import { getSignatureById } from '~/models/signature.server'
import { getDb } from '~/utils/db.server'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { createTestLetter, createTestSignature, formRequest } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { action, loader } from './admin.letters.$letterId.rosters'

const base = 'http://localhost:3000'
const rostersUrl = (letterId: number) => `${base}/admin/letters/${letterId}/rosters`
const HEADER = 'licence_number,full_name,status,jurisdiction,admitted_on\n'

async function letterWithOrganizer() {
  const letter = await createTestLetter(getDb())
  const organizer = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'organizer' })
  return { letter, organizer, cookie: await signedInCookie(organizer) }
}

const createForm = {
  intent: 'create',
  name: 'State Bar of California',
  jurisdiction: 'California',
  numberPattern: '^\\d{1,6}$',
}

async function create(letterId: number, cookie: string, fields: Record<string, string> = createForm) {
  return callRoute(action, formRequest(rostersUrl(letterId), fields, { Cookie: cookie }), {
    letterId: String(letterId),
  })
}

const getPage = (letterId: number, cookie: string) =>
  callRoute(loader, new Request(rostersUrl(letterId), { headers: { Cookie: cookie } }), {
    letterId: String(letterId),
  })

const recheckPost = (letterId: number, cookie: string) =>
  callRoute(action, formRequest(rostersUrl(letterId), { intent: 'recheck' }, { Cookie: cookie }), {
    letterId: String(letterId),
  })

async function upload(letterId: number, cookie: string, rosterId: number, csv: string) {
  const body = new FormData()
  body.set('intent', 'import')
  body.set('rosterId', String(rosterId))
  body.set('file', new File([csv], 'roster.csv', { type: 'text/csv' }))
  // A real multipart body, as a browser sends it.
  const request = new Request(rostersUrl(letterId), { method: 'POST', body, headers: { Cookie: cookie } })
  return callRoute(action, request, { letterId: String(letterId) })
}

describe('the rosters page', () => {
  test('an organizer creates a roster, imports a file, and sees it listed', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const created = await create(letter.id, cookie)
    expect(created.status).toBe(200)
    const [roster] = await listLicenceRosters(getDb(), letter.id)
    const imported = await upload(letter.id, cookie, roster!.id, HEADER + '1,Jane Doe,active,California,\n')
    expect(imported.status).toBe(200)
    expect(imported.data.report).toMatchObject({ rows: 1, imported: true })
    const page = await callRoute(
      loader,
      new Request(rostersUrl(letter.id), { headers: { Cookie: cookie } }),
      {
        letterId: String(letter.id),
      },
    )
    expect(page.data.rosters).toEqual([
      expect.objectContaining({ name: 'State Bar of California', rowCount: 1 }),
    ])
  })

  test('a bad file is a 400 with the report, and imports nothing', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    await create(letter.id, cookie)
    const [roster] = await listLicenceRosters(getDb(), letter.id)
    const response = await upload(
      letter.id,
      cookie,
      roster!.id,
      HEADER + '1,Jane Doe,active,California,\nabc,John Roe,active,California,\n',
    )
    expect(response.status).toBe(400)
    expect(response.data.report.errors).toEqual([
      { line: 3, message: 'The licence number “abc” does not match ^\\d{1,6}$.' },
    ])
    expect(await countLicenceRosterEntries(getDb(), roster!.id)).toBe(0)
  })

  test('a bad pattern or a missing file is refused with a 400', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    const badPattern = await create(letter.id, cookie, { ...createForm, numberPattern: '\\d+(' })
    expect(badPattern.status).toBe(400)
    expect(badPattern.data.result.error.numberPattern).toEqual(['This is not a valid regular expression'])
    await create(letter.id, cookie)
    const [roster] = await listLicenceRosters(getDb(), letter.id)
    const noFile = await callRoute(
      action,
      formRequest(
        rostersUrl(letter.id),
        { intent: 'import', rosterId: String(roster!.id) },
        { Cookie: cookie },
      ),
      { letterId: String(letter.id) },
    )
    expect(noFile.status).toBe(400)
  })

  test('a moderator sees the rosters and may recheck, but may not add or import', async () => {
    const { letter, cookie: organizerCookie } = await letterWithOrganizer()
    await create(letter.id, organizerCookie)
    const [roster] = await listLicenceRosters(getDb(), letter.id)
    const moderator = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
    const cookie = await signedInCookie(moderator)
    const page = await getPage(letter.id, cookie)
    expect(page.status).toBe(200)
    expect(page.data).toMatchObject({ canEdit: false, lastRecheck: null })
    expect(page.data.rosters).toHaveLength(1)
    const imported = await upload(letter.id, cookie, roster!.id, HEADER + '1,Jane Doe,active,California,\n')
    expect(imported.status).toBe(403)
    expect(await countLicenceRosterEntries(getDb(), roster!.id)).toBe(0)
    expect((await create(letter.id, cookie, { ...createForm, name: 'Another Bar' })).status).toBe(403)
    expect(await listLicenceRosters(getDb(), letter.id)).toHaveLength(1)
    expect((await recheckPost(letter.id, cookie)).status).toBe(200)
  })

  test('a moderator of another letter gets 403 on the page and on "Recheck licences"', async () => {
    const { letter } = await letterWithOrganizer()
    const other = await createTestLetter(getDb())
    const stranger = await createTestUser(getDb(), { letterId: other.id, memberRole: 'moderator' })
    const cookie = await signedInCookie(stranger)
    expect((await getPage(letter.id, cookie)).status).toBe(403)
    expect((await recheckPost(letter.id, cookie)).status).toBe(403)
    expect((await getLetterById(getDb(), letter.id))!.rechecked_at).toBeNull()
  })
})

describe('"Recheck licences" on the rosters page', () => {
  test('runs the checks, says what it found, and shows the last run on the page', async () => {
    const { letter, organizer, cookie } = await letterWithOrganizer()
    await create(letter.id, cookie)
    const [roster] = await listLicenceRosters(getDb(), letter.id)
    await upload(letter.id, cookie, roster!.id, HEADER + '123,Maya Okafor,active,California,\n')
    const verified = await createTestSignature(getDb(), letter, {
      status: 'approved',
      name: 'Maya Okafor',
      licenceNumber: '123',
    })
    await createTestSignature(getDb(), letter, { status: 'confirmed', name: 'Ben Ode', licenceNumber: '456' })

    const response = await recheckPost(letter.id, cookie)
    expect(response.status).toBe(200)
    expect(response.data).toMatchObject({
      intent: 'recheck',
      notice: 'Checked 2 licences: 1 newly verified, 1 flagged.',
      problem: null,
    })
    expect((await getSignatureById(getDb(), verified.id))!.verification_level).toBe('registry')

    const page = await getPage(letter.id, cookie)
    expect(page.data.lastRecheck).toEqual({
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      summary: 'Checked 2 licences: 1 newly verified, 1 flagged.',
    })
    const [event] = await getDb()
      .selectFrom('audit_events')
      .select(['actor_user_id', 'after'])
      .where('letter_id', '=', letter.id)
      .where('action', '=', 'letter.rechecked')
      .execute()
    expect(event!.actor_user_id).toBe(organizer.id)
    expect(JSON.parse(event!.after!)).toEqual({
      checked: 2,
      verified: 1,
      flagged: 1,
      downgraded: 0,
      cleared: 0,
      unavailable: 0,
    })
  })

  test('a letter with no roster says nothing could be checked', async () => {
    const { letter, cookie } = await letterWithOrganizer()
    await createTestSignature(getDb(), letter, { status: 'confirmed', licenceNumber: '456' })
    const response = await recheckPost(letter.id, cookie)
    expect(response.data.notice).toContain('No licence number could be checked')
  })
})
