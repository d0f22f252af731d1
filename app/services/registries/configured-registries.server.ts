import type { Env } from '~/utils/env.server'
import { createNpiRegistry } from './npi-registry.server'
import type { LicenceRegistry } from './registry'

// The HTTP registries this install talks to: each is off unless its address is configured.
export function configuredRegistries(
  env: Pick<Env, 'NPI_REGISTRY_URL' | 'NPI_REGISTRY_TIMEOUT_MS'>,
): LicenceRegistry[] {
  const registries: LicenceRegistry[] = []
  if (env.NPI_REGISTRY_URL) {
    registries.push(
      createNpiRegistry({ baseUrl: env.NPI_REGISTRY_URL, timeoutMs: env.NPI_REGISTRY_TIMEOUT_MS }),
    )
  }
  return registries
}
