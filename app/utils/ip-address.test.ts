import { describe, expect, test } from 'vitest'
import { ipInRange, ipRangeOf, normalizeIp, parseIpRange } from './ip-address'

describe('normalizeIp', () => {
  test.each([
    ['203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:cb00:7107', '203.0.113.7'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8::1', '2001:db8::1'],
    ['::1', '::1'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeIp(raw)).toBe(expected)
  })

  test.each(['', 'localhost', '203.0.113', '999.1.1.1', '2001:db8:::1', null, undefined])(
    'refuses %o',
    (raw) => {
      expect(normalizeIp(raw)).toBeNull()
    },
  )
})

describe('ipRangeOf', () => {
  test('an IPv4 address belongs to its /24', () => {
    expect(ipRangeOf('203.0.113.7')).toBe('203.0.113.0/24')
    expect(ipRangeOf('::ffff:203.0.113.250')).toBe('203.0.113.0/24')
  })

  test('an IPv6 address belongs to its /48', () => {
    expect(ipRangeOf('2001:db8:abcd:12:34::1')).toBe('2001:db8:abcd::/48')
    expect(ipRangeOf('2001:db8::1')).toBe('2001:db8::/48')
  })

  test('no address, no range', () => {
    expect(ipRangeOf('nonsense')).toBeNull()
  })
})

describe('ipInRange and parseIpRange', () => {
  test('matches addresses inside a CIDR range and only those', () => {
    expect(ipInRange('203.0.113.7', '203.0.113.0/24')).toBe(true)
    expect(ipInRange('203.0.114.7', '203.0.113.0/24')).toBe(false)
    expect(ipInRange('203.0.113.7', '203.0.0.0/16')).toBe(true)
    expect(ipInRange('203.0.113.7', '203.0.113.7')).toBe(true)
    expect(ipInRange('203.0.113.8', '203.0.113.7')).toBe(false)
    expect(ipInRange('2001:db8:abcd:1::9', '2001:db8:abcd::/48')).toBe(true)
    expect(ipInRange('2001:db8:abce::9', '2001:db8:abcd::/48')).toBe(false)
    // IPv4 never matches an IPv6 range and the other way round.
    expect(ipInRange('203.0.113.7', '2001:db8::/32')).toBe(false)
    expect(ipInRange('203.0.113.7', 'garbage/8')).toBe(false)
  })

  test('parses what organizers type', () => {
    expect(parseIpRange(' 203.0.113.0/24 ')).toBe('203.0.113.0/24')
    expect(parseIpRange('203.0.113.7')).toBe('203.0.113.7')
    expect(parseIpRange('2001:DB8:abcd::/48')).toBe('2001:db8:abcd::/48')
    for (const bad of ['203.0.113.0/33', '203.0.113.0/', '203.0.113.0/24/1', 'example.com', '/24', '']) {
      expect(parseIpRange(bad)).toBeNull()
    }
  })
})
