// A small longest-common-subsequence diff for letter versions: by word where the texts allow it,
// by line for very long rewrites, so the table never outgrows a few megabytes.

export type DiffPart = { type: 'equal' | 'insert' | 'delete'; text: string }

export type TextDiff = {
  granularity: 'words' | 'lines' | 'whole'
  parts: DiffPart[]
  wordsAdded: number
  wordsRemoved: number
}

/** The largest LCS table (rows × columns) we fill: 4 million cells, 16 MB. */
export const MAX_TABLE_CELLS = 4_000_000

/**
 * Words (with their inner apostrophes), single punctuation marks, and the whitespace between
 * them: joining the tokens gives back the text, and "judge." differs from "judge" only by its dot.
 */
export function tokenizeWords(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*|[^\s\p{L}\p{N}\p{M}]/gu) ?? []
}

/** Lines with their line breaks. */
export function tokenizeLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+/g) ?? []
}

/**
 * The edit script between two token lists, or null when the changed middle (after the common
 * start and end are set aside) would need more than `maxCells` table cells.
 */
export function diffTokens(before: string[], after: string[], maxCells = MAX_TABLE_CELLS): DiffPart[] | null {
  let start = 0
  while (start < before.length && start < after.length && before[start] === after[start]) start++
  let endBefore = before.length
  let endAfter = after.length
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--
    endAfter--
  }
  const rows = endBefore - start
  const columns = endAfter - start
  if ((rows + 1) * (columns + 1) > maxCells) return null

  // lcs[i][j]: length of the longest common subsequence of before[start+i..] and after[start+j..].
  const width = columns + 1
  const lcs = new Uint32Array((rows + 1) * width)
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = columns - 1; j >= 0; j--) {
      lcs[i * width + j] =
        before[start + i] === after[start + j]
          ? lcs[(i + 1) * width + j + 1]! + 1
          : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!)
    }
  }

  const parts: DiffPart[] = []
  const push = (type: DiffPart['type'], text: string) => parts.push({ type, text })
  for (let k = 0; k < start; k++) push('equal', before[k]!)
  let i = 0
  let j = 0
  while (i < rows && j < columns) {
    if (before[start + i] === after[start + j]) {
      push('equal', before[start + i]!)
      i++
      j++
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) {
      push('delete', before[start + i]!)
      i++
    } else {
      push('insert', after[start + j]!)
      j++
    }
  }
  for (; i < rows; i++) push('delete', before[start + i]!)
  for (; j < columns; j++) push('insert', after[start + j]!)
  for (let k = endBefore; k < before.length; k++) push('equal', before[k]!)
  return tidy(parts)
}

/**
 * Readable hunks: a lone space kept between two changes joins them ("old words" → "new words"
 * rather than word by word), each run of changes becomes one removal then one addition, and
 * neighbours of a kind merge.
 */
function tidy(parts: DiffPart[]): DiffPart[] {
  const absorbed: DiffPart[] = []
  parts.forEach((part, index) => {
    const previous = parts[index - 1]
    const next = parts[index + 1]
    if (
      part.type === 'equal' &&
      /^[ \t]+$/.test(part.text) &&
      previous &&
      previous.type !== 'equal' &&
      next &&
      next.type !== 'equal'
    ) {
      absorbed.push({ type: 'delete', text: part.text }, { type: 'insert', text: part.text })
    } else {
      absorbed.push(part)
    }
  })

  const result: DiffPart[] = []
  let deleted = ''
  let inserted = ''
  const flush = () => {
    if (deleted) result.push({ type: 'delete', text: deleted })
    if (inserted) result.push({ type: 'insert', text: inserted })
    deleted = ''
    inserted = ''
  }
  for (const part of absorbed) {
    if (part.type === 'delete') deleted += part.text
    else if (part.type === 'insert') inserted += part.text
    else {
      flush()
      const last = result[result.length - 1]
      if (last?.type === 'equal') last.text += part.text
      else result.push({ ...part })
    }
  }
  flush()
  return result
}

function countWords(parts: DiffPart[], type: DiffPart['type']): number {
  return parts
    .filter((part) => part.type === type)
    .reduce(
      (sum, part) => sum + (part.text.match(/[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/gu)?.length ?? 0),
      0,
    )
}

/** The differences between two texts: by word, else by line, else "everything was replaced". */
export function diffText(before: string, after: string, maxCells = MAX_TABLE_CELLS): TextDiff {
  let granularity: TextDiff['granularity'] = 'words'
  let parts = diffTokens(tokenizeWords(before), tokenizeWords(after), maxCells)
  if (!parts) {
    granularity = 'lines'
    parts = diffTokens(tokenizeLines(before), tokenizeLines(after), maxCells)
  }
  if (!parts) {
    granularity = 'whole'
    parts = tidy([
      { type: 'delete', text: before },
      { type: 'insert', text: after },
    ])
  }
  return {
    granularity,
    parts,
    wordsAdded: countWords(parts, 'insert'),
    wordsRemoved: countWords(parts, 'delete'),
  }
}
