import { describe, expect, test } from 'vitest'
import { diffText, diffTokens, tokenizeLines, tokenizeWords, type DiffPart } from './diff'

/** Rebuilds both texts from a diff: every diff must give back exactly what it compared. */
function sides(parts: DiffPart[]) {
  return {
    before: parts
      .filter((part) => part.type !== 'insert')
      .map((part) => part.text)
      .join(''),
    after: parts
      .filter((part) => part.type !== 'delete')
      .map((part) => part.text)
      .join(''),
  }
}

describe('tokenizers', () => {
  test('keep every character, so tokens join back into the text', () => {
    const text = 'We, the undersigned,\n\n  ask **you**\tto act.\n'
    expect(tokenizeWords(text).join('')).toBe(text)
    expect(tokenizeWords('judges’ **rights**.')).toEqual([
      'judges',
      '’',
      ' ',
      '*',
      '*',
      'rights',
      '*',
      '*',
      '.',
    ])
    expect(tokenizeWords('don’t Zoë')).toEqual(['don’t', ' ', 'Zoë'])
    expect(tokenizeLines(text)).toEqual(['We, the undersigned,\n', '\n', '  ask **you**\tto act.\n'])
    expect(tokenizeWords('')).toEqual([])
  })
})

describe('diffText', () => {
  test('identical texts are one unchanged part', () => {
    expect(diffText('Same text.', 'Same text.')).toEqual({
      granularity: 'words',
      parts: [{ type: 'equal', text: 'Same text.' }],
      wordsAdded: 0,
      wordsRemoved: 0,
    })
  })

  test('a changed word is one removal and one addition, in place', () => {
    const diff = diffText('We ask you to act now.', 'We urge you to act now.')
    expect(diff.parts).toEqual([
      { type: 'equal', text: 'We ' },
      { type: 'delete', text: 'ask' },
      { type: 'insert', text: 'urge' },
      { type: 'equal', text: ' you to act now.' },
    ])
    expect(diff).toMatchObject({ wordsAdded: 1, wordsRemoved: 1 })
  })

  test('neighbouring changed words read as one phrase, not word by word', () => {
    const diff = diffText('keep judges free to judge', 'let courts decide to judge')
    expect(diff.parts).toEqual([
      { type: 'delete', text: 'keep judges free' },
      { type: 'insert', text: 'let courts decide' },
      { type: 'equal', text: ' to judge' },
    ])
  })

  test('additions and removals alone, at the start, middle and end', () => {
    expect(diffText('b c', 'a b c').parts).toEqual([
      { type: 'insert', text: 'a ' },
      { type: 'equal', text: 'b c' },
    ])
    expect(diffText('a b c', 'a c').parts).toEqual([
      { type: 'equal', text: 'a ' },
      { type: 'delete', text: 'b ' },
      { type: 'equal', text: 'c' },
    ])
    expect(diffText('a b', 'a b\n\nNew paragraph.').parts).toEqual([
      { type: 'equal', text: 'a b' },
      { type: 'insert', text: '\n\nNew paragraph.' },
    ])
    expect(diffText('', 'Text').parts).toEqual([{ type: 'insert', text: 'Text' }])
    expect(diffText('Text', '').parts).toEqual([{ type: 'delete', text: 'Text' }])
  })

  test('paragraph breaks between changes stay unchanged', () => {
    const diff = diffText('One.\n\nTwo.', 'Uno.\n\nDos.')
    expect(diff.parts).toEqual([
      { type: 'delete', text: 'One' },
      { type: 'insert', text: 'Uno' },
      { type: 'equal', text: '.\n\n' },
      { type: 'delete', text: 'Two' },
      { type: 'insert', text: 'Dos' },
      { type: 'equal', text: '.' },
    ])
  })

  test('finds the longest common subsequence, not only a common start and end', () => {
    const before = tokenizeWords('a b c d e f')
    const after = tokenizeWords('a x c d y f')
    const parts = diffTokens(before, after)!
    expect(parts.filter((part) => part.type === 'equal').map((part) => part.text)).toEqual([
      'a ',
      ' c d ',
      ' f',
    ])
  })

  test('any pair of texts is rebuilt exactly from its diff', () => {
    const words = ['judges', 'free', 'to', 'judge', 'we', 'ask', '\n', '\n\n', ' ', '**law**', 'é']
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const text = () =>
      Array.from({ length: Math.floor(random() * 40) }, () => words[Math.floor(random() * words.length)])
        .join(' ')
        .trim()
    for (let round = 0; round < 200; round++) {
      const before = text()
      const after = text()
      const diff = diffText(before, after)
      expect(sides(diff.parts)).toEqual({ before, after })
      // No two neighbouring parts of the same kind, no empty parts.
      diff.parts.forEach((part, index) => {
        expect(part.text).not.toBe('')
        if (index > 0) expect(diff.parts[index - 1]!.type === part.type).toBe(false)
      })
    }
  })

  test('a rewrite too large for a word table falls back to lines, then to the whole text', () => {
    const before = Array.from({ length: 60 }, (_, index) => `line ${index} stays the same`).join('\n')
    const after = before.replace('line 0 stays', 'line zero changed').replace('line 59 stays', 'line 59 went')
    const byLine = diffText(before, after, 5_000)
    expect(byLine.granularity).toBe('lines')
    expect(sides(byLine.parts)).toEqual({ before, after })
    expect(byLine.parts[0]).toEqual({ type: 'delete', text: 'line 0 stays the same\n' })

    const whole = diffText(before, after, 10)
    expect(whole.granularity).toBe('whole')
    expect(whole.parts).toEqual([
      { type: 'delete', text: before },
      { type: 'insert', text: after },
    ])
  })

  test('a long letter with a small edit stays quick and word-level', () => {
    const paragraph = 'We, the undersigned professionals, ask the legislature to keep judges free. '
    const before = paragraph.repeat(2_000)
    const after = `${paragraph.repeat(1_000)}Inserted sentence here. ${paragraph.repeat(1_000)}`
    const started = performance.now()
    const diff = diffText(before, after)
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(diff.granularity).toBe('words')
    expect(diff).toMatchObject({ wordsAdded: 3, wordsRemoved: 0 })
    expect(sides(diff.parts)).toEqual({ before, after })
  })
})
