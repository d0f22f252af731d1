import { fileURLToPath } from 'node:url'

/** Each Vitest run gets its own folder, so runs side by side (and e2e runs) never delete each other's files. */
export function testRunDir(): string {
  const dir = process.env.UNDERSIGNED_TEST_RUN_DIR
  if (!dir) throw new Error('UNDERSIGNED_TEST_RUN_DIR is set by tests/setup/global-setup.ts')
  return dir
}

export const vitestDataRoot = fileURLToPath(new URL('../.data/vitest/', import.meta.url))
