import { describe, expect, test } from 'vitest'
import { insertSignatureFlag } from '~/models/signature-flag.server'
import { ORGANIZER_CSV_HEADER } from '~/services/exports.server'
import { readCsv } from '~/utils/csv'
import { getDb } from '~/utils/db.server'
import { insertSignatures } from '../../tests/bulk-signatures'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { loader } from './admin.letters.$letterId.export[.]csv'

const base = 'http://localhost:3000'

function exportRequest(letterId: number, cookie?: string, method = 'GET') {
  return new Request(`${base}/admin/letters/${letterId}/export.csv`, {
    method,
    headers: cookie ? { Cookie: cookie } : {},
  })
}

async function download(letterId: number, cookie: string) {
  const response = (await loader({
    request: exportRequest(letterId, cookie),
    params: { letterId: String(letterId) },
    context: {},
  })) as Response
  const rows: Record<string, string>[] = []
  let header: string[] = []
  for await (const record of readCsv(response.body!)) {
    if (record.line === 1) header = record.fields
    else rows.push(Object.fromEntries(header.map((name, index) => [name, record.fields[index]!])))
  }
  return { response, header, rows }
}

async function exportEvents(letterId: number) {
  return getDb()
    .selectFrom('audit_events')
    .selectAll()
    .where('letter_id', '=', letterId)
    .where('action', '=', 'letter.exported')
    .execute()
}

describe('the organizer’s full CSV', () => {
  test('every signature, whatever its status, with email, verification record, flags and dates', async () => {
    const letter = await createTestLetter(getDb())
    const organizer = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'organizer' })
    const approved = await createTestSignature(getDb(), letter, {
      status: 'approved',
      name: 'Ines Okoro',
      email: 'ines@example.org',
      licenceNumber: '123456',
      verifiedAs: 'moderator',
    })
    const unconfirmed = await createTestSignature(getDb(), letter, {
      name: 'Not Yet',
      email: 'not-yet@example.org',
    })
    const rejected = await createTestSignature(getDb(), letter, {
      status: 'rejected',
      name: '=1+2',
      email: 'formula@example.org',
    })
    await getDb()
      .updateTable('signatures')
      .set({
        decided_by_user_id: organizer.id,
        decided_at: '2026-11-20T10:00:00.000Z',
        rejection_reason: 'fake',
        rejection_note: 'Not a lawyer, "as far as we can tell"',
      })
      .where('id', '=', rejected.id)
      .execute()
    await insertSignatureFlag(getDb(), { signatureId: approved.id, kind: 'licence-inactive' })
    const resolved = await insertSignatureFlag(getDb(), {
      signatureId: approved.id,
      kind: 'licence-not-found',
    })
    await getDb()
      .updateTable('signature_flags')
      .set({ resolved_at: '2026-11-21T00:00:00.000Z' })
      .where('id', '=', resolved.id)
      .execute()
    // Another letter's signatures never leak in.
    const other = await createTestLetter(getDb())
    await createTestSignature(getDb(), other, { status: 'approved', name: 'Elsewhere' })

    const { response, header, rows } = await download(letter.id, await signedInCookie(organizer))
    expect(response.status).toBe(200)
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    expect(response.headers.get('Content-Disposition')).toMatch(
      new RegExp(`^attachment; filename="${letter.slug}-signatures-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    )
    expect(header).toEqual(ORGANIZER_CSV_HEADER)
    expect(rows.map((row) => row.name)).toEqual(['Ines Okoro', 'Not Yet', "'=1+2"])
    expect(rows[0]).toMatchObject({
      id: String(approved.id),
      status: 'approved',
      email: 'ines@example.org',
      licence_number: '123456',
      listing: 'listed',
      version_signed: '1',
      verification_level: 'moderator',
      verification_method: 'moderator-check',
      verification_evidence: 'factory',
      verified_by: 'test factory',
      flags: '2',
      open_flags: '1',
    })
    expect(rows[0]!.verified_at).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(rows[1]).toMatchObject({
      id: String(unconfirmed.id),
      status: 'unconfirmed',
      confirmed_at: '',
      verification_level: 'none',
      flags: '0',
    })
    expect(rows[2]).toMatchObject({
      status: 'rejected',
      decided_by: organizer.email,
      decided_at: '2026-11-20T10:00:00.000Z',
      rejection_reason: 'fake',
      rejection_note: 'Not a lawyer, "as far as we can tell"',
    })
  })

  test('each download is audited as letter.exported, by whom', async () => {
    const letter = await createTestLetter(getDb())
    const owner = await createTestUser(getDb(), { role: 'owner' })
    await download(letter.id, await signedInCookie(owner))
    const events = await exportEvents(letter.id)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ actor_type: 'user', actor_user_id: owner.id })
    expect(JSON.parse(events[0]!.after!)).toMatchObject({ format: 'csv' })
  })

  test('streams a long letter in batches: 2,500 signatures, every one once', async () => {
    const letter = await createTestLetter(getDb())
    const owner = await createTestUser(getDb(), { role: 'owner' })
    await insertSignatures(getDb(), letter, 2500, (index) => ({
      status: (['approved', 'confirmed', 'rejected', 'withdrawn', 'unconfirmed'] as const)[index % 5],
    }))
    const { rows } = await download(letter.id, await signedInCookie(owner))
    expect(rows).toHaveLength(2500)
    expect(new Set(rows.map((row) => row.email)).size).toBe(2500)
    const ids = rows.map((row) => Number(row.id))
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
  })

  test('signed out: sent to sign in, and nothing is audited', async () => {
    const letter = await createTestLetter(getDb())
    const result = await callRoute(loader, exportRequest(letter.id), { letterId: String(letter.id) })
    expect(result.status).toBe(302)
    expect(result.headers.get('Location')).toMatch(/^\/admin\/sign-in\?redirectTo=/)
    expect(await exportEvents(letter.id)).toHaveLength(0)
  })

  test('forbidden to an organizer of another letter, and to this letter’s moderators', async () => {
    const letter = await createTestLetter(getDb())
    await createTestSignature(getDb(), letter, { email: 'secret@example.org' })
    const other = await createTestLetter(getDb())
    const outsider = await createTestUser(getDb(), { letterId: other.id, memberRole: 'organizer' })
    const moderator = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
    for (const user of [outsider, moderator]) {
      const result = await callRoute(loader, exportRequest(letter.id, await signedInCookie(user)), {
        letterId: String(letter.id),
      })
      expect(result.status).toBe(403)
      expect(result.data).not.toContain('secret@example.org')
    }
    expect(await exportEvents(letter.id)).toHaveLength(0)
  })

  test('an unknown letter is a 404', async () => {
    const owner = await createTestUser(getDb(), { role: 'owner' })
    const result = await callRoute(loader, exportRequest(999_999, await signedInCookie(owner)), {
      letterId: '999999',
    })
    expect(result.status).toBe(404)
  })
})
