/** Escapes LIKE's wildcards (use with `escape '\'`), so a search for "100%" means the text "100%". */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`)
}

/** "contains": the pattern for a case-insensitive substring search. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`
}
