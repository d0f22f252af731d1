import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'

// A mirror on disk: the CLI writes one folder and reads any folder back for verification.

/** Writes the files into `dir`, which must not exist or be empty, so no stray file joins the mirror. */
export function writeMirrorDirectory(dir: string, files: ReadonlyMap<string, Uint8Array>): void {
  mkdirSync(dir, { recursive: true })
  if (readdirSync(dir).length > 0) {
    throw new Error(`${dir} is not empty: choose a new or empty folder for the mirror.`)
  }
  for (const [path, bytes] of files) {
    const target = join(dir, ...path.split('/'))
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, bytes)
  }
}

/** Every regular file under `dir`, by its path relative to `dir` with forward slashes. */
export function readMirrorDirectory(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>()
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) walk(path)
      else files.set(relative(dir, path).split(sep).join('/'), readFileSync(path))
    }
  }
  walk(dir)
  return files
}
