import { parseWithZod } from '@conform-to/zod'
import { describe, expect, test } from 'vitest'
import { letterSchema, normalizeLetterBody, parseUtcDateTime, toDateTimeLocal } from './letter'

function form(fields: Record<string, string>) {
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) data.append(name, value)
  return data
}

const valid = {
  title: '  Keep judges   free ',
  slug: 'keep-judges-free',
  recipient: 'To: the State Legislature',
  organizersLine: 'Organized by the Test Defenders',
  bodyMarkdown: 'We ask.\r\n\r\nWe insist.\r\n',
}

describe('letterSchema', () => {
  test('tidies the lines, normalizes the text, and reads unticked boxes as off', () => {
    const submission = parseWithZod(form({ ...valid, moderationRequired: 'on' }), { schema: letterSchema })
    expect(submission.status).toBe('success')
    expect(submission.status === 'success' && submission.value).toEqual({
      title: 'Keep judges free',
      slug: 'keep-judges-free',
      recipient: 'To: the State Legislature',
      organizersLine: 'Organized by the Test Defenders',
      bodyMarkdown: 'We ask.\n\nWe insist.',
      moderationRequired: true,
      notifyOnApprove: false,
      notifyOnReject: false,
      closesAt: null,
    })
  })

  test('reads the closing date as UTC', () => {
    const submission = parseWithZod(form({ ...valid, closesAt: '2031-12-31T18:30' }), {
      schema: letterSchema,
    })
    expect(submission.status === 'success' && submission.value.closesAt).toBe('2031-12-31T18:30:00.000Z')
  })

  test.each([
    ['slug', 'Keep-Judges', 'Use lower-case letters, digits and single hyphens, like let-judges-judge'],
    ['slug', 'two--hyphens', 'Use lower-case letters, digits and single hyphens, like let-judges-judge'],
    ['slug', 'x'.repeat(81), 'At most 80 characters'],
    ['slug', '', 'Enter the letter’s web address'],
    ['title', '   ', 'Enter a title'],
    ['bodyMarkdown', '\r\n  \r\n', 'Write the text of the letter'],
    ['bodyMarkdown', 'x'.repeat(50_001), 'The letter must be at most 50,000 characters'],
    ['closesAt', '2031-02-30T10:00', 'Enter a date and time like 2026-12-31 18:00'],
    ['closesAt', 'tomorrow', 'Enter a date and time like 2026-12-31 18:00'],
    ['moderationRequired', 'yes please', 'Tick the box or leave it empty'],
  ])('%s = %j is refused: %s', (name, value, message) => {
    const submission = parseWithZod(form({ ...valid, [name]: value }), { schema: letterSchema })
    expect(submission.status).toBe('error')
    expect(submission.reply().error?.[name]).toEqual([message])
  })
})

describe('dates and text helpers', () => {
  test('parseUtcDateTime and toDateTimeLocal round-trip a minute in UTC', () => {
    expect(parseUtcDateTime('2031-01-02T03:04')).toBe('2031-01-02T03:04:00.000Z')
    expect(parseUtcDateTime('2031-01-02T03:04:05')).toBe('2031-01-02T03:04:05.000Z')
    expect(parseUtcDateTime('2031-13-01T00:00')).toBeNull()
    expect(parseUtcDateTime('2031-01-01 00:00')).toBeNull()
    expect(toDateTimeLocal('2031-01-02T03:04:00.000Z')).toBe('2031-01-02T03:04')
    expect(toDateTimeLocal(null)).toBe('')
  })

  test('normalizeLetterBody keeps the text but not CRLF or trailing blank space', () => {
    expect(normalizeLetterBody('a  \r\nb\rc\n\n  ')).toBe('a  \nb\nc')
  })
})
