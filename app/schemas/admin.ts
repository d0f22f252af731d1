import { z } from 'zod'
import { emailAddress } from './fields'

export const signInSchema = z.object({
  email: emailAddress(),
  redirectTo: z.string().optional(),
})
