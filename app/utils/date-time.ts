const dateTimeFormat = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
})

/** "Nov 21, 2026, 2:05 PM UTC": the same on server and browser, so hydration agrees. */
export function formatDateTime(iso: string): string {
  return `${dateTimeFormat.format(new Date(iso))} UTC`
}

/** A keyset cursor from the query string: a positive id, or nothing. */
export function parseIdCursor(value: string | null): number | undefined {
  return value && /^[1-9]\d{0,14}$/.test(value) ? Number(value) : undefined
}
