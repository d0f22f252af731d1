// `npx tsx bench/profile-summary.ts [dir]`: the newest CPU profile there, summarized.
import { summarizeProfile } from './lib/profile'

console.log(summarizeProfile(process.argv[2] ?? new URL('./.data/profiles/', import.meta.url).pathname, 40))
