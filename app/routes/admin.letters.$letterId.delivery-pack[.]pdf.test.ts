import { describe, expect, test } from 'vitest'
import { getDb } from '~/utils/db.server'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { loader } from './admin.letters.$letterId.delivery-pack[.]pdf'

function packRequest(letterId: number, cookie: string) {
  return new Request(`http://localhost:3000/admin/letters/${letterId}/delivery-pack.pdf`, {
    headers: { Cookie: cookie },
  })
}

describe('GET /admin/letters/:id/delivery-pack.pdf', () => {
  test('a moderator downloads the pack as a PDF attachment', async () => {
    const letter = await createTestLetter(getDb())
    await createTestSignature(getDb(), letter, { status: 'approved' })
    const moderator = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
    const response = (await loader({
      request: packRequest(letter.id, await signedInCookie(moderator)),
      params: { letterId: String(letter.id) },
      context: {},
    })) as Response
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/pdf')
    expect(response.headers.get('Content-Disposition')).toMatch(
      /^attachment; filename=".*delivery-pack.*\.pdf"$/,
    )
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    const bytes = Buffer.from(await response.arrayBuffer())
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    expect(bytes.subarray(-6).toString()).toContain('%%EOF')
  })

  test('someone outside the letter is refused and nothing is audited', async () => {
    const letter = await createTestLetter(getDb())
    const stranger = await createTestUser(getDb())
    const result = await callRoute(loader, packRequest(letter.id, await signedInCookie(stranger)), {
      letterId: String(letter.id),
    })
    expect(result.status).toBe(403)
    const events = await getDb()
      .selectFrom('audit_events')
      .select('id')
      .where('letter_id', '=', letter.id)
      .where('action', '=', 'letter.delivery-pack')
      .execute()
    expect(events).toHaveLength(0)
  })
})
