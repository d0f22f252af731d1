import { isIPv4, isIPv6 } from 'node:net'

/** The eight 16-bit groups of an IPv6 address, or null. Handles '::' and a trailing IPv4 part. */
function ipv6Groups(address: string): number[] | null {
  if (!isIPv6(address)) return null
  let text = address.toLowerCase().replace(/%.*$/, '')
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/)
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number]
    text = text.slice(0, -dotted[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = text.split('::') as [string, string | undefined]
  const parse = (part: string) => (part ? part.split(':').map((group) => parseInt(group, 16)) : [])
  const front = parse(head)
  const back = tail === undefined ? [] : parse(tail)
  const missing = 8 - front.length - back.length
  return [...front, ...Array<number>(tail === undefined ? 0 : missing).fill(0), ...back]
}

/**
 * The client address in one canonical form: IPv4 dotted, IPv4-mapped IPv6 as IPv4, other IPv6
 * compressed the way Node prints it. Null for anything that is not an address.
 */
export function normalizeIp(raw: string | null | undefined): string | null {
  const address = raw?.trim()
  if (!address) return null
  if (isIPv4(address)) return address
  const groups = ipv6Groups(address)
  if (!groups) return null
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return `${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`
  }
  return new URL(`http://[${groups.map((group) => group.toString(16)).join(':')}]`).hostname.slice(1, -1)
}

/** The network an address belongs to for trends and limits: its /24 (IPv4) or /48 (IPv6). */
export function ipRangeOf(raw: string | null | undefined): string | null {
  const address = normalizeIp(raw)
  if (!address) return null
  if (isIPv4(address)) return `${address.split('.').slice(0, 3).join('.')}.0/24`
  const groups = ipv6Groups(address)!
  return `${normalizeIp(
    groups
      .slice(0, 3)
      .map((group) => group.toString(16))
      .join(':') + '::',
  )}/48`
}

/** Whether an address falls in a block rule's range: '203.0.113.0/24', '2001:db8:1::/48', or one address. */
export function ipInRange(raw: string | null | undefined, range: string): boolean {
  const address = normalizeIp(raw)
  if (!address) return false
  const [base, bitsText] = range.split('/') as [string, string | undefined]
  const network = normalizeIp(base)
  if (!network) return false
  const bits = bitsText === undefined ? (isIPv4(network) ? 32 : 128) : Number(bitsText)
  const toBits = (ip: string): string | null =>
    isIPv4(ip)
      ? ip
          .split('.')
          .map((part) => Number(part).toString(2).padStart(8, '0'))
          .join('')
      : (ipv6Groups(ip)
          ?.map((group) => group.toString(2).padStart(16, '0'))
          .join('') ?? null)
  const addressBits = toBits(address)
  const networkBits = toBits(network)
  if (!addressBits || !networkBits || addressBits.length !== networkBits.length) return false
  if (!Number.isInteger(bits) || bits < 0 || bits > addressBits.length) return false
  return addressBits.slice(0, bits) === networkBits.slice(0, bits)
}

/** Accepts what organizers type for a block rule: an address or a CIDR range; returns it tidied. */
export function parseIpRange(input: string): string | null {
  const [base, bitsText, ...rest] = input.trim().split('/')
  if (rest.length || !base) return null
  const network = normalizeIp(base)
  if (!network) return null
  const max = isIPv4(network) ? 32 : 128
  if (bitsText === undefined) return network
  if (!/^\d{1,3}$/.test(bitsText) || Number(bitsText) > max) return null
  return `${network}/${Number(bitsText)}`
}
