import { describe, expect, test } from 'vitest'
import { getDb } from '~/utils/db.server'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { createTestLetter } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { loader } from './admin.letters.$letterId.share'

async function open(letterId: number, cookie?: string) {
  return callRoute(
    loader,
    new Request(`http://localhost:3000/admin/letters/${letterId}/share`, {
      headers: cookie ? { Cookie: cookie } : {},
    }),
    { letterId: String(letterId) },
  )
}

describe('the share and export page', () => {
  test('gives organizers the export and ready-to-paste snippets, with the title escaped', async () => {
    const letter = await createTestLetter(getDb(), { title: 'Judges "free" & fair [2026]' })
    const organizer = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'organizer' })
    const { status, data } = await open(letter.id, await signedInCookie(organizer))
    expect(status).toBe(200)
    expect(data.canExport).toBe(true)
    const page = `http://localhost:3000/letters/${letter.slug}`
    expect(data.snippets).toEqual({
      letterUrl: page,
      badgeUrl: `${page}/badge.svg`,
      embedUrl: `http://localhost:3000/embed/letters/${letter.slug}`,
      badgeHtml: `<a href="${page}"><img src="${page}/badge.svg" alt="Signature count of Judges &quot;free&quot; &amp; fair [2026]" height="20"></a>`,
      badgeMarkdown: `[![Signature count of Judges "free" & fair \\[2026\\]](${page}/badge.svg)](${page})`,
      iframe: expect.stringMatching(
        new RegExp(
          `^<iframe src="http://localhost:3000/embed/letters/${letter.slug}" title="Judges &quot;free&quot; &amp; fair \\[2026\\]: sign the open letter" `,
        ),
      ),
    })
    expect(data.api.count).toBe(`http://localhost:3000/api/letters/${letter.slug}/count`)
    expect(data.mirror).toEqual({ keyUrl: 'http://localhost:3000/.well-known/undersigned.json' })
  })

  test('moderators see the page without the full export; outsiders are refused', async () => {
    const letter = await createTestLetter(getDb())
    const moderator = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
    expect((await open(letter.id, await signedInCookie(moderator))).data.canExport).toBe(false)
    const outsider = await createTestUser(getDb())
    expect((await open(letter.id, await signedInCookie(outsider))).status).toBe(403)
    expect((await open(letter.id)).status).toBe(302)
  })
})
