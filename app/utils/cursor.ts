/** A keyset cursor from the query string: a positive id, or nothing (a bad value is ignored, never an error). */
export function parseIdCursor(value: string | null): number | undefined {
  return value && /^[1-9]\d{0,14}$/.test(value) ? Number(value) : undefined
}
