import { describe, expect, test } from 'vitest'
import { namesAgree, normalizeLicenceNumber, normalizeName, parseName } from './name-matching'

describe('normalizeName', () => {
  test('folds case and accents, drops apostrophes, turns punctuation and hyphens into spaces', () => {
    expect(normalizeName('  José   NÚÑEZ ')).toBe('jose nunez')
    expect(normalizeName('Mary-Jane O’Connell')).toBe('mary jane oconnell')
    expect(normalizeName('Smith, John A.')).toBe('smith john a')
    expect(normalizeName('Zoë Ångström-Müller')).toBe('zoe angstrom muller')
  })
})

describe('parseName', () => {
  test('reads "Last, First Middle" and "First Middle Last" alike', () => {
    expect(parseName('Smith, John A.')).toEqual({ first: 'john', middles: ['a'], last: 'smith' })
    expect(parseName('John A Smith')).toEqual({ first: 'john', middles: ['a'], last: 'smith' })
  })

  test('a suffix is not a name', () => {
    expect(parseName('John Smith, Jr.')).toEqual({ first: 'john', middles: [], last: 'smith' })
    expect(parseName('John Smith III')).toEqual({ first: 'john', middles: [], last: 'smith' })
  })

  test('a single word is not enough', () => {
    expect(parseName('Cher')).toBeNull()
    expect(parseName('  ')).toBeNull()
    expect(parseName('Smith,')).toBeNull()
  })
})

describe('namesAgree', () => {
  test.each([
    ['John Smith', 'John Smith'],
    ['john smith', 'JOHN SMITH'],
    ['José Núñez', 'Jose Nunez'],
    ['Jose Nunez', 'José Núñez'],
    ['Mary-Jane Smith', 'Mary Jane Smith'],
    ['Mary Jane Smith', 'Mary-Jane Smith'],
    ["Sean O'Connell", 'Sean OConnell'],
    ['Sean O’Connell', "Sean O'Connell"],
    ['Smith, John A.', 'John A Smith'],
    ['John A Smith', 'Smith, John A.'],
    ['John A. Smith', 'John Adam Smith'],
    ['John Adam Smith', 'John A. Smith'],
    ['John Smith', 'John Adam Smith'],
    ['John Adam Smith', 'John Smith'],
    ['John A. B. Smith', 'John Adam Bernard Smith'],
    ['John B Smith', 'John Adam Bernard Smith'],
    ['John Smith', 'Smith, John'],
    ['John Smith Jr.', 'Smith, John'],
    ['  John   Smith  ', 'John Smith'],
    ['Ana-María García-López', 'Ana Maria Garcia Lopez'],
  ])('%s agrees with %s', (claimed, registered) => {
    expect(namesAgree(claimed, registered)).toBe(true)
  })

  test.each([
    ['John Smith', 'John Smyth'],
    ['John Smith', 'Jane Smith'],
    ['J. Smith', 'John Smith'],
    ['John Smith', 'Smith John'],
    ['John A. Smith', 'John B. Smith'],
    ['John Adam Smith', 'John Alan Smith'],
    ['John B. A. Smith', 'John Adam Bernard Smith'],
    ['John Smith', 'John'],
    ['Smith', 'Smith'],
    ['', ''],
    ['John Smith', ''],
    ['Jonathan Smith', 'John Smith'],
    ['John Smithson', 'John Smith'],
  ])('%s does not agree with %s', (claimed, registered) => {
    expect(namesAgree(claimed, registered)).toBe(false)
  })
})

describe('normalizeLicenceNumber', () => {
  test('trims, upper-cases and strips spaces and dashes', () => {
    expect(normalizeLicenceNumber('  123456 ')).toBe('123456')
    expect(normalizeLicenceNumber('ca-123 456')).toBe('CA123456')
    expect(normalizeLicenceNumber('a–1\t2')).toBe('A12')
    expect(normalizeLicenceNumber('')).toBe('')
  })
})
