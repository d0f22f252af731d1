import { describe, expect, test } from 'vitest'
import { getDb } from '~/utils/db.server'
import { insertSignatures } from '../../tests/bulk-signatures'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { loader } from './letters.$slug_.badge[.]svg'

async function badge(slug: string) {
  return callRoute(loader, new Request(`http://localhost:3000/letters/${slug}/badge.svg`), { slug })
}

describe('the count badge', () => {
  test('an SVG with the public count, an accessible title and cache headers', async () => {
    const letter = await createTestLetter(getDb(), { title: 'Keep judges free' })
    await insertSignatures(getDb(), letter, 1234)
    await createTestSignature(getDb(), letter, { status: 'confirmed' })
    const { status, headers, data } = await badge(letter.slug)
    expect(status).toBe(200)
    expect(headers.get('Content-Type')).toBe('image/svg+xml; charset=utf-8')
    expect(headers.get('Cache-Control')).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+/)
    expect(headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin')
    expect(headers.get('Content-Security-Policy')).toContain("default-src 'none'")
    expect(data).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* role="img" aria-label="1,234 signatures on “Keep judges free”">/,
    )
    expect(data).toContain('<title>1,234 signatures on “Keep judges free”</title>')
    expect(data).toContain('>1,234</text>')
    expect(data).not.toContain('<script')
  })

  test('one signature is singular', async () => {
    const letter = await createTestLetter(getDb())
    await createTestSignature(getDb(), letter, { status: 'approved' })
    expect((await badge(letter.slug)).data).toContain('<title>1 signature on')
  })

  test('a title with markup is escaped, never markup', async () => {
    const letter = await createTestLetter(getDb(), {
      title: `</title><script>alert("x")</script> & 'friends'`,
    })
    const { data } = await badge(letter.slug)
    expect(data).not.toContain('<script')
    expect(data.match(/<\/title>/g)).toHaveLength(1)
    expect(data).toContain(
      '<title>0 signatures on “&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39;”</title>',
    )
    // Still well-formed: one root element, attributes closed.
    expect(data.match(/<svg /g)).toHaveLength(1)
    expect(data.endsWith('</svg>')).toBe(true)
  })

  test('a draft or unknown letter has no badge', async () => {
    const draft = await createTestLetter(getDb(), { status: 'draft' })
    expect((await badge(draft.slug)).status).toBe(404)
    expect((await badge('no-such-letter')).status).toBe(404)
  })
})
