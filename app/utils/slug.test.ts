import { describe, expect, test } from 'vitest'
import { SLUG_PATTERN as MODEL_SLUG_PATTERN } from '~/models/letter.server'
import { isValidSlug, SLUG_MAX_LENGTH, suggestSlug } from './slug'

describe('suggestSlug', () => {
  test.each([
    ['Let Judges Judge — California', 'let-judges-judge-california'],
    ['  Zoë’s   Letter!! ', 'zoes-letter'],
    ['Ñúñez & Co. 2026', 'nunez-co-2026'],
    ['東京', ''],
    ['---', ''],
  ])('%j becomes %j', (title, slug) => {
    expect(suggestSlug(title)).toBe(slug)
  })

  test('a long title is cut at a word boundary, and the result is always a valid slug', () => {
    const slug = suggestSlug('An open letter '.repeat(20))
    expect(slug.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH)
    expect(slug).toBe(`${'an-open-letter-'.repeat(5)}an`)
    expect(isValidSlug(slug)).toBe(true)
  })
})

describe('isValidSlug', () => {
  test('is the rule the letters model enforces', () => {
    expect(MODEL_SLUG_PATTERN.source).toBe('^[a-z0-9]+(?:-[a-z0-9]+)*$')
    for (const slug of ['a', 'judges-2026', 'x'.repeat(80)]) expect(isValidSlug(slug)).toBe(true)
    for (const slug of ['', 'A', '-a', 'a-', 'a--b', 'a b', 'é', 'x'.repeat(81)])
      expect(isValidSlug(slug)).toBe(false)
  })
})
