import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { z } from 'zod'

// Unset and empty are the same thing in a shell: `FOO= npm start` should mean "use the default".
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional())

export type RateLimit = { max: number; windowMs: number }

const WINDOW_UNITS_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/** "5/1m": at most 5 in any one minute window. Units: s, m, h, d. */
export function parseRateLimit(text: string): RateLimit | null {
  const match = /^\s*(\d{1,6})\s*\/\s*(\d{1,4})\s*([smhd])\s*$/.exec(text)
  if (!match) return null
  const max = Number(match[1])
  const windowMs = Number(match[2]) * WINDOW_UNITS_MS[match[3] as keyof typeof WINDOW_UNITS_MS]
  return max > 0 && windowMs > 0 ? { max, windowMs } : null
}

const rateLimit = (fallback: string) =>
  optional(z.string())
    .transform((text) => parseRateLimit(text ?? fallback))
    .refine(
      (limit): limit is RateLimit => limit !== null,
      'must look like 5/1m: a count, a slash, a window in s, m, h or d',
    )

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: optional(z.coerce.number().int().min(1).max(65535)).transform((port) => port ?? 3000),
  DATABASE_PATH: optional(z.string()).transform((path) => path ?? './data/undersigned.db'),
  APP_URL: optional(
    z
      .string()
      .url('must be an absolute URL such as https://letters.example.org')
      .refine((url) => /^https?:\/\//.test(url), 'must start with http:// or https://'),
  ),
  RESEND_API_KEY: optional(z.string()),
  RESEND_BASE_URL: optional(z.string().url('must be an absolute URL')),
  EMAIL_FROM: optional(
    z
      .string()
      .regex(
        /^(?:[^<>]+<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/,
        'must be an address, or a name and an address: Undersigned <letters@example.org>',
      ),
  ).transform((from) => from ?? 'Undersigned <letters@undersigned.local>'),
  SESSION_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  CONFIRMATION_TTL_HOURS: optional(
    z.coerce
      .number()
      .positive()
      .max(24 * 30),
  ).transform((hours) => hours ?? 48),
  ADMIN_SESSION_IDLE_HOURS: optional(
    z.coerce
      .number()
      .positive()
      .max(24 * 90),
  ).transform((hours) => hours ?? 72),
  ADMIN_SESSION_MAX_DAYS: optional(z.coerce.number().positive().max(365)).transform((days) => days ?? 30),
  // Read by server.js, which keeps public answers in front of the app; checked here with the rest.
  PUBLIC_CACHE_SECONDS: optional(z.coerce.number().int().min(0).max(60)).transform(
    (seconds) => seconds ?? 10,
  ),
  OUTBOX_POLL_MS: optional(z.coerce.number().int().min(50).max(600_000)).transform((ms) => ms ?? 2000),
  NPI_REGISTRY_URL: optional(
    z
      .string()
      .url('must be an absolute URL such as https://npiregistry.cms.hhs.gov/api')
      .refine((url) => /^https?:\/\//.test(url), 'must start with http:// or https://'),
  ),
  NPI_REGISTRY_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(60_000)).transform(
    (ms) => ms ?? 5000,
  ),
  // Abuse resistance (issue 5): limits kept in the database, so they hold across restarts.
  RATE_LIMIT_SIGN_BURST: rateLimit('10/1m'),
  RATE_LIMIT_SIGN_SUSTAINED: rateLimit('60/1h'),
  RATE_LIMIT_CONFIRMATION_EMAILS: rateLimit('8/1h'),
  RATE_LIMIT_SIGN_IN_IP: rateLimit('20/1h'),
  BUSY_SOURCE_FLAG: rateLimit('25/10m'),
  /**
   * Which proxies may tell the client address through X-Forwarded-For (Express "trust proxy"
   * values: 'loopback', an address, a CIDR range, comma-separated). Unset: the socket address only.
   */
  TRUST_PROXY: optional(z.string()),
})

export type Env = Omit<z.infer<typeof envSchema>, 'APP_URL' | 'SESSION_SECRET'> & {
  APP_URL: string
  SESSION_SECRET: string
}

export class InvalidEnvironmentError extends Error {
  constructor(issues: z.ZodIssue[]) {
    super(
      `Undersigned cannot start: the configuration is invalid.\n${issues
        .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
        .join('\n')}\nSee the configuration table in README.md.`,
    )
    this.name = 'InvalidEnvironmentError'
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source)
  if (!result.success) throw new InvalidEnvironmentError(result.error.issues)
  const env = result.data
  return {
    ...env,
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    SESSION_SECRET: env.SESSION_SECRET ?? readOrCreateSessionSecret(env.DATABASE_PATH),
  }
}

/** The embedded install needs no setup: a secret is generated once and kept beside the database. */
function readOrCreateSessionSecret(databasePath: string): string {
  const file = join(dirname(databasePath), 'session-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dirname(file), { recursive: true })
  const secret = randomBytes(32).toString('hex')
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' })
    return secret
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim()
    throw error
  }
}

let cached: Env | undefined
export function getEnv(): Env {
  cached ??= parseEnv(process.env)
  return cached
}
