import { describe, expect, test } from 'vitest'
import { requireLetterAccess } from '~/services/letter-access.server'
import { saveLetter } from '~/services/letter-editor.server'
import { sha256Hex } from '~/utils/crypto.server'
import { getDb } from '~/utils/db.server'
import { createTestUser } from '../../tests/auth-helpers'
import { createTestLetter } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { loader } from './letters.$slug_.versions'

const texts = [
  'We ask the legislature to keep judges free.',
  'We urge the legislature to keep judges free.\n\nThey must judge.',
  'We urge the legislature to keep judges free.\n\nThey must judge each case.',
]

/** A letter whose text was edited twice while open: three versions. */
async function letterWithVersions(count = 3) {
  const letter = await createTestLetter(getDb(), { bodyMarkdown: texts[0] })
  const owner = await createTestUser(getDb(), { role: 'owner' })
  const access = await requireLetterAccess(getDb(), owner, letter.id, 'edit')
  for (const body of texts.slice(1, count)) {
    await saveLetter(getDb(), access, {
      title: letter.title,
      slug: letter.slug,
      recipient: letter.recipient,
      organizersLine: letter.organizers_line,
      bodyMarkdown: body,
      moderationRequired: false,
      notifyOnApprove: true,
      notifyOnReject: false,
      closesAt: null,
    })
  }
  return letter
}

const open = (slug: string, search = '') =>
  callRoute(loader, new Request(`http://localhost:3000/letters/${slug}/versions${search}`), { slug })

describe('the versions page', () => {
  test('lists every version with its date and SHA-256, and opens on the latest changes', async () => {
    const letter = await letterWithVersions()
    const page = await open(letter.slug)
    expect(page.status).toBe(200)
    expect(page.data.currentVersion).toBe(3)
    expect(page.data.versions).toEqual(
      texts.map((text, index) => ({
        number: index + 1,
        publishedAt: expect.any(String),
        sha256: sha256Hex(text),
      })),
    )
    expect(page.data.shown).toBeNull()
    expect(page.data.comparison).toMatchObject({ from: { number: 2 }, to: { number: 3 } })
    expect(page.data.comparison.diff.parts).toEqual([
      { type: 'equal', text: 'We urge the legislature to keep judges free.\n\nThey must judge' },
      { type: 'insert', text: ' each case' },
      { type: 'equal', text: '.' },
    ])
  })

  test('?from=1&to=3 compares any two versions, word by word', async () => {
    const letter = await letterWithVersions()
    const page = await open(letter.slug, '?from=1&to=3')
    expect(page.data.comparison.diff).toMatchObject({ granularity: 'words', wordsAdded: 6, wordsRemoved: 1 })
    expect(page.data.comparison.diff.parts).toContainEqual({ type: 'delete', text: 'ask' })
    expect(page.data.comparison.diff.parts).toContainEqual({ type: 'insert', text: 'urge' })
  })

  test('?v=1 shows that version’s text, rendered and as Markdown', async () => {
    const letter = await letterWithVersions()
    const page = await open(letter.slug, '?v=1')
    expect(page.data.comparison).toBeNull()
    expect(page.data.shown).toMatchObject({
      number: 1,
      sha256: sha256Hex(texts[0]!),
      markdown: texts[0],
      html: '<p>We ask the legislature to keep judges free.</p>\n',
    })
  })

  test('a letter with one version shows its text', async () => {
    const letter = await letterWithVersions(1)
    const page = await open(letter.slug)
    expect(page.data.versions).toHaveLength(1)
    expect(page.data.comparison).toBeNull()
    expect(page.data.shown).toMatchObject({ number: 1, markdown: texts[0] })
  })

  test.each(['?v=9', '?v=0', '?v=abc', '?from=1&to=7', '?from=-1', `?v=${'9'.repeat(40)}`])(
    '%s is a 404, never a 500',
    async (search) => {
      const letter = await letterWithVersions(2)
      const page = await open(letter.slug, search)
      expect(page.status).toBe(404)
    },
  )

  test('an unknown letter is a 404', async () => {
    expect((await open('no-such-letter')).status).toBe(404)
  })
})
