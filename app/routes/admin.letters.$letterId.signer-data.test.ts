import { describe, expect, test } from 'vitest'
import { getLetterById } from '~/models/letter.server'
import { getSignatureById } from '~/models/signature.server'
import { getDb } from '~/utils/db.server'
import { erasedEmailFor } from '~/utils/erasure'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { createTestLetter, createTestSignature, formRequest, uniqueEmail } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { action as exportAction, loader as exportLoader } from './admin.letters.$letterId.signer-data.export'
import { action, loader } from './admin.letters.$letterId.signer-data'

const base = 'http://localhost:3000'
const pageUrl = (letterId: number, query = '') => `${base}/admin/letters/${letterId}/signer-data${query}`
const exportUrl = (letterId: number) => `${base}/admin/letters/${letterId}/signer-data/export`
const headers = (cookie?: string): Record<string, string> => (cookie ? { Cookie: cookie } : {})

async function open(letterId: number, cookie?: string, query = '') {
  return callRoute(loader, new Request(pageUrl(letterId, query), { headers: headers(cookie) }), {
    letterId: String(letterId),
  })
}

async function post(letterId: number, fields: Record<string, string>, cookie?: string) {
  return callRoute(action, formRequest(pageUrl(letterId), fields, headers(cookie)), {
    letterId: String(letterId),
  })
}

async function download(letterId: number, fields: Record<string, string>, cookie?: string) {
  return callRoute(exportAction, formRequest(exportUrl(letterId), fields, headers(cookie)), {
    letterId: String(letterId),
  })
}

async function letterWithSigner() {
  const db = getDb()
  const letter = await createTestLetter(db)
  const email = uniqueEmail('requester')
  const signature = await createTestSignature(db, letter, { status: 'approved', email, name: 'Noor Haddad' })
  await db
    .updateTable('signatures')
    .set({ client_ip: '192.0.2.77', ip_range: '192.0.2.0/24', comment: 'Thank you' })
    .where('id', '=', signature.id)
    .execute()
  const owner = await createTestUser(db, { role: 'owner' })
  return { letter, email, signature, owner, cookie: await signedInCookie(owner) }
}

async function auditActions(letterId: number) {
  const rows = await getDb()
    .selectFrom('audit_events')
    .select('action')
    .where('letter_id', '=', letterId)
    .orderBy('id')
    .execute()
  return rows.map((row) => row.action)
}

describe('the signer data page', () => {
  test('signed out, the page, its actions and the export send you to sign in', async () => {
    const { letter, email } = await letterWithSigner()
    for (const response of [
      await open(letter.id),
      await post(letter.id, { intent: 'erase', email, confirmEmail: email }),
      await download(letter.id, { email }),
    ]) {
      expect(response.status).toBe(302)
      expect(response.headers.get('Location')).toMatch(/^\/admin\/sign-in\?redirectTo=/)
    }
  })

  test('organizers and moderators of the letter, and members of another letter, get 403 and change nothing', async () => {
    const db = getDb()
    const { letter, email, signature } = await letterWithSigner()
    const elsewhere = await createTestLetter(db)
    const refused = [
      await createTestUser(db, { letterId: letter.id, memberRole: 'organizer' }),
      await createTestUser(db, { letterId: letter.id, memberRole: 'moderator' }),
      await createTestUser(db, { letterId: elsewhere.id, memberRole: 'organizer' }),
    ]
    for (const user of refused) {
      const cookie = await signedInCookie(user)
      expect((await open(letter.id, cookie)).status).toBe(403)
      expect((await post(letter.id, { intent: 'find', email }, cookie)).status).toBe(403)
      expect((await post(letter.id, { intent: 'erase', email, confirmEmail: email }, cookie)).status).toBe(
        403,
      )
      expect((await post(letter.id, { intent: 'retention', retentionDays: '1' }, cookie)).status).toBe(403)
      const exported = await download(letter.id, { email }, cookie)
      expect(exported.status).toBe(403)
      expect(exported.data).not.toContain(email)
    }
    expect(await getSignatureById(db, signature.id)).toMatchObject({ email, client_ip: '192.0.2.77' })
    expect((await getLetterById(db, letter.id))!.retention_days).toBeNull()
    expect(await auditActions(letter.id)).toEqual([])
  })

  test('an owner finds a signer by exact address and sees what is stored', async () => {
    const { letter, email, signature, cookie } = await letterWithSigner()
    const found = await post(letter.id, { intent: 'find', email: ` ${email.toUpperCase()} ` }, cookie)
    expect(found.status).toBe(200)
    expect(found.data.signer).toMatchObject({
      signatureId: signature.id,
      name: 'Noor Haddad',
      status: 'approved',
      erasedAt: null,
      stored: { email: true, networkAddress: true, comment: true, licenceNumber: false },
    })
    expect(found.data.email).toBe(email.toUpperCase())

    // A part of the address finds nothing; neither does another letter's signer.
    const partial = await post(letter.id, { intent: 'find', email: `x${email}` }, cookie)
    expect(partial.status).toBe(404)
    expect(partial.data.result.error.email[0]).toMatch(/No signature of this letter uses this address/)
    expect(partial.data.signer).toBeNull()
    const bad = await post(letter.id, { intent: 'find', email: 'not an address' }, cookie)
    expect(bad.status).toBe(400)
    expect(bad.data.result.error.email[0]).toMatch(/Enter an email address/)
  })

  test('erasing needs the address typed again; then the page confirms and the data is gone', async () => {
    const db = getDb()
    const { letter, email, signature, owner, cookie } = await letterWithSigner()

    const mismatch = await post(letter.id, { intent: 'erase', email, confirmEmail: uniqueEmail() }, cookie)
    expect(mismatch.status).toBe(400)
    expect(mismatch.data.result.error.confirmEmail[0]).toBe('Type the same address again to confirm')
    // The signer stays on screen so the confirmation can be typed again.
    expect(mismatch.data.signer).toMatchObject({ signatureId: signature.id })
    const empty = await post(letter.id, { intent: 'erase', email }, cookie)
    expect(empty.status).toBe(400)
    expect((await getSignatureById(db, signature.id))!.email).toBe(email)

    const erased = await post(
      letter.id,
      { intent: 'erase', email, confirmEmail: ` ${email.toUpperCase()}` },
      cookie,
    )
    expect(erased.status).toBe(302)
    const location = erased.headers.get('Location')!
    expect(location).toBe(`/admin/letters/${letter.id}/signer-data?erased=${signature.id}`)
    expect(location).not.toContain(email)
    expect(await getSignatureById(db, signature.id)).toMatchObject({
      email: erasedEmailFor(signature.id),
      client_ip: null,
      comment: null,
      name: 'Noor Haddad',
      status: 'approved',
    })
    const page = await open(letter.id, cookie, `?erased=${signature.id}`)
    expect(page.data.erasedNotice).toMatch(/signature #\d+ \(Noor Haddad\)/)
    expect(await auditActions(letter.id)).toEqual(['signature.erased'])
    const [event] = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('letter_id', '=', letter.id)
      .execute()
    expect(event!.actor_user_id).toBe(owner.id)
    expect(JSON.stringify(event)).not.toContain(email)
    expect(JSON.stringify(event)).not.toContain('192.0.2.77')

    // Posting it again (a second tab): nothing left to find, a clear answer.
    const again = await post(letter.id, { intent: 'erase', email, confirmEmail: email }, cookie)
    expect(again.status).toBe(404)
  })

  test('the export downloads a JSON file of the signer’s data, audited; an unknown address goes back to the page', async () => {
    const { letter, email, signature, cookie } = await letterWithSigner()
    const response = await download(letter.id, { email }, cookie)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8')
    expect(response.headers.get('Content-Disposition')).toBe(
      `attachment; filename="signer-data-${letter.slug}-signature-${signature.id}.json"`,
    )
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    const document = JSON.parse(response.data)
    expect(document.signature).toMatchObject({ email, client_ip: '192.0.2.77', comment: 'Thank you' })
    expect(await auditActions(letter.id)).toEqual(['signature.exported'])

    const unknown = await download(letter.id, { email: uniqueEmail('unknown') }, cookie)
    expect(unknown.status).toBe(302)
    expect(unknown.headers.get('Location')).toBe(`/admin/letters/${letter.id}/signer-data?export=not-found`)
    expect((await download(letter.id, {}, cookie)).status).toBe(302)
    expect((await open(letter.id, cookie, '?export=not-found')).data.exportMissing).toBe(true)
    // A GET to the download's address is a way back to the page, never a file.
    const get = await callRoute(
      exportLoader,
      new Request(exportUrl(letter.id), { headers: headers(cookie) }),
      {
        letterId: String(letter.id),
      },
    )
    expect(get.status).toBe(302)
    expect(await auditActions(letter.id)).toEqual(['signature.exported'])
  })

  test('the retention setting: 1 to 3650 days or empty, audited when it changes', async () => {
    const db = getDb()
    const { letter, cookie } = await letterWithSigner()
    const page = await open(letter.id, cookie)
    expect(page.data.retention).toMatchObject({ days: null, closedAt: null, eraseFrom: null, unerased: 1 })

    for (const value of ['0', '3651', 'abc', '1.5', '-3']) {
      const refused = await post(letter.id, { intent: 'retention', retentionDays: value }, cookie)
      expect(refused.status, value).toBe(400)
      expect(refused.data.result.error.retentionDays[0]).toMatch(/whole number of days from 1 to 3650/)
      expect(refused.data.result.initialValue.retentionDays).toBe(value)
    }
    expect((await getLetterById(db, letter.id))!.retention_days).toBeNull()

    const saved = await post(letter.id, { intent: 'retention', retentionDays: ' 90 ' }, cookie)
    expect(saved.status).toBe(200)
    expect(saved.data.notice).toBe('Signers’ addresses are erased 90 days after the letter closes.')
    expect((await getLetterById(db, letter.id))!.retention_days).toBe(90)
    const same = await post(letter.id, { intent: 'retention', retentionDays: '90' }, cookie)
    expect(same.data.notice).toMatch(/^Nothing changed/)
    const cleared = await post(letter.id, { intent: 'retention', retentionDays: '' }, cookie)
    expect(cleared.status).toBe(200)
    expect((await getLetterById(db, letter.id))!.retention_days).toBeNull()
    expect(await auditActions(letter.id)).toEqual(['letter.retention-changed', 'letter.retention-changed'])

    // Closed, the page says from when the addresses go.
    await post(letter.id, { intent: 'retention', retentionDays: '30' }, cookie)
    await db
      .updateTable('letters')
      .set({ status: 'closed', closed_at: '2026-01-10T09:00:00.000Z' })
      .where('id', '=', letter.id)
      .execute()
    expect((await open(letter.id, cookie)).data.retention).toMatchObject({
      days: 30,
      closedOn: 'January 10, 2026',
      eraseOn: 'February 9, 2026',
    })
  })
})
