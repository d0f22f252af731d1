const numberFormat = new Intl.NumberFormat('en-US')

export function formatCount(count: number): string {
  return numberFormat.format(count)
}

export function pluralize(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`
}
