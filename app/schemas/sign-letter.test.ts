import { parseWithZod } from '@conform-to/zod'
import { describe, expect, test } from 'vitest'
import { confirmationCodeSchema, signLetterSchema, signLetterSchemaFor } from './sign-letter'

function formOf(fields: Record<string, string>) {
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) data.append(name, value)
  return data
}

const valid = {
  name: 'Ana Lima',
  email: 'ana@example.org',
  profession: 'Attorney',
  organization: 'Legal Aid',
  location: 'Fresno, CA',
  listing: 'listed',
}

/** The field errors of a refused submission. */
const errorsOf = (submission: { reply(): { error?: Record<string, string[] | null> | null } }) =>
  submission.reply().error ?? undefined

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

describe('signLetterSchemaFor', () => {
  const parse = (allowed: string[], fields: Record<string, string>) =>
    parseWithZod(formOf({ ...valid, ...fields }), { schema: signLetterSchemaFor(allowed) })

  test('without a list, any profession typed is taken, tidied', () => {
    const submission = parse([], { profession: '  Astronaut   of note ' })
    expect(submission.status === 'success' && submission.value.profession).toBe('Astronaut of note')
    expect(errorsOf(parse([], { profession: '' }))?.profession).toEqual(['Enter your profession'])
  })

  test('with a list, a profession on it is taken as the letter spells it', () => {
    const allowed = ['Attorney', 'Public defender']
    const exact = parse(allowed, { profession: 'Public defender' })
    expect(exact.status === 'success' && exact.value.profession).toBe('Public defender')
    const otherCase = parse(allowed, { profession: ' public  DEFENDER ' })
    expect(otherCase.status === 'success' && otherCase.value.profession).toBe('Public defender')
  })

  test('with a list, nothing chosen or a profession off the list is a field error', () => {
    const allowed = ['Attorney', 'Public defender']
    expect(errorsOf(parse(allowed, { profession: '' }))?.profession).toEqual(['Choose your profession'])
    expect(errorsOf(parse(allowed, { profession: 'Astronaut' }))?.profession).toEqual([
      'Choose one of the professions this letter lists',
    ])
    // The other fields are still checked alongside.
    expect(Object.keys(errorsOf(parse(allowed, { profession: 'Astronaut', email: 'nope' })) ?? {})).toEqual(
      expect.arrayContaining(['profession', 'email']),
    )
  })
})
