// Reads the text back out of an uncompressed PDF written by pdfkit with embedded TrueType fonts:
// each font's ToUnicode map turns the glyph codes of `[<hex> ...] TJ` back into characters.
// Enough for tests; not a general PDF parser.

export type PdfSummary = { text: string; pageCount: number }

export function readPdf(bytes: Uint8Array): PdfSummary {
  const source = Buffer.from(bytes).toString('latin1')
  const objects = new Map<number, string>()
  for (const match of source.matchAll(/(?:^|\n)(\d+) 0 obj\n([\s\S]*?)\nendobj/g)) {
    objects.set(Number(match[1]), match[2]!)
  }
  const fontNames = new Map<string, number>()
  for (const body of objects.values()) {
    const fonts = /\/Font <<\n([\s\S]*?)\n>>/.exec(body)
    for (const entry of fonts?.[1]?.matchAll(/\/(F\d+) (\d+) 0 R/g) ?? []) {
      fontNames.set(entry[1]!, Number(entry[2]))
    }
  }
  const unicodeOf = (fontObject: number) => {
    const map = new Map<number, string>()
    const ref = /\/ToUnicode (\d+) 0 R/.exec(objects.get(fontObject) ?? '')
    const cmap = ref ? (objects.get(Number(ref[1])) ?? '') : ''
    for (const range of cmap.matchAll(/<([0-9a-f]{4})> <([0-9a-f]{4})> \[([^\]]*)\]/gi)) {
      const start = parseInt(range[1]!, 16)
      const targets = [...range[3]!.matchAll(/<([0-9a-f ]+)>/gi)].map((hex) => hex[1]!.replace(/ /g, ''))
      targets.forEach((hex, index) => {
        const units = hex.match(/.{4}/g)!.map((unit) => parseInt(unit, 16))
        map.set(start + index, String.fromCharCode(...units))
      })
    }
    return map
  }
  const maps = new Map<string, Map<number, string>>()
  for (const [name, object] of fontNames) maps.set(name, unicodeOf(object))

  let text = ''
  for (const body of objects.values()) {
    const stream = /^<<[\s\S]*?>>\nstream\n([\s\S]*?)\nendstream$/.exec(body)?.[1]
    if (!stream || !/ T[Jf]\n/.test(stream + '\n')) continue
    let font = new Map<number, string>()
    for (const op of stream.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ|\bET\b/g)) {
      if (op[1]) font = maps.get(op[1]) ?? new Map()
      else if (op[2] !== undefined) {
        for (const part of op[2].matchAll(/<([0-9a-f]*)>|(-?[\d.]+)/gi)) {
          if (part[1] !== undefined) {
            for (const code of part[1].match(/.{4}/g) ?? []) text += font.get(parseInt(code, 16)) ?? '?'
          } else if (Number(part[2]) < -200) text += ' '
        }
      } else text += '\n'
    }
  }
  const pages = /\/Type \/Pages\n\/Count (\d+)/.exec(source)
  return { text, pageCount: pages ? Number(pages[1]) : 0 }
}
