// Dates are formatted in UTC with a fixed locale, so server and browser render the same text.

const longDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' })
const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
})

/** "November 21, 2026" */
export function formatLongDate(iso: string): string {
  return longDate.format(new Date(iso))
}

/** "Nov 21, 2026, 2:05 PM UTC" */
export function formatDateTime(iso: string): string {
  return `${dateTime.format(new Date(iso))} UTC`
}
