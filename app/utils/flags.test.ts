import { describe, expect, test } from 'vitest'
import { describeFlag } from './flags'

describe('the screening flags in words', () => {
  test.each([
    ['disposable-email', { domain: 'mailinator.com' }, 'Disposable email address (mailinator.com)'],
    ['suspicious-name', { reason: 'contains a web address' }, 'The name contains a web address'],
    ['suspicious-name', { reason: 'starts with = + - or @' }, 'The name starts with = + - or @'],
    [
      'watchlist-name',
      { watched: 'Barack Obama' },
      'Name on the letter’s watchlist (“Barack Obama”): check it is really them',
    ],
    [
      'busy-ip-range',
      { range: '203.0.113.0/24', count: 26 },
      'One of 26 recent signatures from the network 203.0.113.0/24',
    ],
    [
      'busy-email-domain',
      { domain: 'firm.example', count: 30 },
      'One of 30 recent signatures from addresses at firm.example',
    ],
  ])('%s', (kind, detail, words) => {
    expect(describeFlag({ id: 1, kind, detail })).toBe(words)
  })

  test('a detail that is missing or malformed reads as "?", never as markup or a crash', () => {
    expect(describeFlag({ id: 1, kind: 'busy-ip-range', detail: null })).toBe(
      'One of ? recent signatures from the network ?',
    )
    expect(describeFlag({ id: 1, kind: 'disposable-email', detail: { domain: { html: '<b>' } } })).toBe(
      'Disposable email address (?)',
    )
  })
})
