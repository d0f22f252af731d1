import { describe, expect, test } from 'vitest'
import { confirmationCodeSchema, signLetterSchema } from './sign-letter'

const valid = {
  name: 'Ana Lima',
  email: 'ana@example.org',
  profession: 'Attorney',
  organization: 'Legal Aid',
  location: 'Fresno, CA',
  listing: 'listed',
}

describe('signLetterSchema', () => {
  test('keeps joiners that names need, drops control characters and bidi overrides', () => {
    const parsed = signLetterSchema.parse({
      ...valid,
      name: 'Mohammad\u200cReza \u202eEvil\u202c\u0007 Karimi',
    })
    expect(parsed.name).toBe('Mohammad\u200cReza Evil Karimi')
  })

  test('keeps the paragraphs of a comment', () => {
    const parsed = signLetterSchema.parse({
      ...valid,
      comment: 'First  point.\r\n\r\n\r\n\r\nSecond\tpoint.\n',
    })
    expect(parsed.comment).toBe('First point.\n\nSecond point.')
  })

  test('optional fields left blank become null', () => {
    const parsed = signLetterSchema.parse({ ...valid, licenceNumber: '   ', comment: '' })
    expect(parsed).toMatchObject({ licenceNumber: null, comment: null })
  })

  test('rejects an overlong name with its limit', () => {
    const result = signLetterSchema.safeParse({ ...valid, name: 'x'.repeat(121) })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toBe('Your name must be at most 120 characters')
  })
})

describe('confirmationCodeSchema', () => {
  test.each(['042917', ' 042 917 '])('accepts %j', (code) => {
    expect(confirmationCodeSchema.parse({ code }).code).toBe('042917')
  })
  test.each(['42917', 'abcdef', '0429171'])('refuses %j', (code) => {
    expect(confirmationCodeSchema.safeParse({ code }).success).toBe(false)
  })
})
