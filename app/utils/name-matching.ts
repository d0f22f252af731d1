// Name matching for licence registries (issue 4): does the name a signer gave agree with the name
// a licensing body registered? Pure string work, forgiving about spelling conventions (case,
// accents, punctuation, hyphens, "Last, First" order, middle names and initials), never about
// the first or last name themselves.

const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'esq'])

/** Lower case, accents stripped, apostrophes dropped, other punctuation and hyphens to spaces. */
export function normalizeName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’ʼ`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

const tokens = (text: string) => normalizeName(text).split(' ').filter(Boolean)

type NameParts = { first: string; middles: string[]; last: string }

/** First, middle and last names; "Smith, John A." reads as last name first. Null without both. */
export function parseName(name: string): NameParts | null {
  let words: string[]
  const comma = name.indexOf(',')
  if (comma >= 0) {
    const before = tokens(name.slice(0, comma))
    const after = tokens(name.slice(comma + 1))
    // "John Smith, Jr." is not "Last, First": the part after the comma is only a suffix.
    words = after.every((word) => SUFFIXES.has(word)) ? before : [...after, ...before]
  } else {
    words = tokens(name)
  }
  words = words.filter((word, index) => index === 0 || !SUFFIXES.has(word))
  if (words.length < 2) return null
  return { first: words[0]!, middles: words.slice(1, -1), last: words.at(-1)! }
}

/** A middle name and an initial agree when the initial is the name's first letter. */
function middleAgrees(a: string, b: string): boolean {
  if (a === b) return true
  if (a.length === 1) return b.startsWith(a)
  if (b.length === 1) return a.startsWith(b)
  return false
}

/** Whether the shorter list of middle names appears, in order, within the longer one. */
function middlesCompatible(a: string[], b: string[]): boolean {
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a]
  let at = 0
  for (const middle of shorter) {
    while (at < longer.length && !middleAgrees(middle, longer[at]!)) at++
    if (at === longer.length) return false
    at++
  }
  return true
}

/**
 * Whether a claimed name agrees with a registered one: same first and last names after
 * normalization, and compatible middle names (an initial matches the full name, a missing middle
 * name is fine, a different one is not).
 */
export function namesAgree(claimed: string, registered: string): boolean {
  const a = parseName(claimed)
  const b = parseName(registered)
  if (!a || !b) return false
  return a.first === b.first && a.last === b.last && middlesCompatible(a.middles, b.middles)
}

/** Trimmed, upper-cased, without spaces or dashes: '  ca-123 456 ' becomes 'CA123456'. */
export function normalizeLicenceNumber(number: string): string {
  return number
    .trim()
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—]+/g, '')
}
