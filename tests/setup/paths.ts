import { fileURLToPath } from 'node:url'

export const testDataDir = fileURLToPath(new URL('../.data/', import.meta.url))
export const baseDatabasePath = `${testDataDir}base.db`
