import { describe, expect, test } from 'vitest'
import { getDb } from '~/utils/db.server'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { loader } from './embed.letters.$slug'

async function embed(slug: string) {
  return callRoute(loader, new Request(`http://localhost:3000/embed/letters/${slug}`), { slug })
}

describe('the embed page', () => {
  test('a whole small document: title, live count and a sign link that opens a new tab; no scripts', async () => {
    const letter = await createTestLetter(getDb(), { title: 'Keep judges free' })
    await createTestSignature(getDb(), letter, { status: 'approved' })
    await createTestSignature(getDb(), letter, { status: 'approved', listing: 'counted' })
    const { status, headers, data } = await embed(letter.slug)
    expect(status).toBe(200)
    expect(headers.get('Content-Type')).toBe('text/html; charset=utf-8')
    expect(headers.get('Cache-Control')).toMatch(/^public, max-age=\d+/)
    expect(headers.get('Content-Security-Policy')).toContain("default-src 'none'")
    expect(data).toMatch(/^<!doctype html>\n<html lang="en">/)
    expect(data).toContain('<title>Keep judges free · Undersigned</title>')
    expect(data).toContain('<p class="count"><strong>2</strong> signatures</p>')
    expect(data).toContain(
      `<a class="sign" href="http://localhost:3000/letters/${letter.slug}#sign" target="_blank" rel="noopener">Sign this letter`,
    )
    expect(data).not.toMatch(/<script|<form|site-header|\/build\//)
  })

  test('a closed letter offers to read it instead of signing', async () => {
    const letter = await createTestLetter(getDb(), { status: 'closed' })
    const { data } = await embed(letter.slug)
    expect(data).toContain('This letter is closed.')
    expect(data).not.toContain('Sign this letter')
  })

  test('a title with markup is escaped', async () => {
    const letter = await createTestLetter(getDb(), { title: '<img src=x onerror=alert(1)> "quoted"' })
    const { data } = await embed(letter.slug)
    expect(data).not.toContain('<img')
    expect(data).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot;')
  })

  test('a draft or unknown letter is a small 404 page', async () => {
    const draft = await createTestLetter(getDb(), { status: 'draft' })
    for (const slug of [draft.slug, 'no-such-letter']) {
      const { status, data } = await embed(slug)
      expect(status).toBe(404)
      expect(data).toContain('No published letter here')
    }
  })
})
