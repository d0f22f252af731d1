import { Heading, Text } from '@react-email/components'
import { colors, EmailLayout, PrimaryButton } from './layout'

export type SignInLinkProps = {
  displayName: string
  signInUrl: string
  expiresInMinutes: number
  /** Set when someone added this person to a letter's team. */
  invitation: { letterTitle: string; role: string; invitedBy: string } | null
}

export function signInLinkSubject({ invitation }: Pick<SignInLinkProps, 'invitation'>) {
  return invitation
    ? `You are invited to moderate “${invitation.letterTitle}”`
    : 'Your Undersigned sign-in link'
}

export function SignInLinkEmail(props: SignInLinkProps) {
  return (
    <EmailLayout preview={signInLinkSubject(props)}>
      <Heading as="h1" style={{ fontSize: 24, fontWeight: 'normal' }}>
        {props.invitation ? 'You are invited' : 'Sign in to Undersigned'}
      </Heading>
      <Text>Hello {props.displayName},</Text>
      {props.invitation ? (
        <Text>
          {props.invitation.invitedBy} added you as {props.invitation.role} of “{props.invitation.letterTitle}
          ”. Sign in to see its signatures.
        </Text>
      ) : (
        <Text>Use this link to sign in. It works once, for {props.expiresInMinutes} minutes.</Text>
      )}
      <PrimaryButton href={props.signInUrl}>Sign in</PrimaryButton>
      <Text style={{ color: colors.muted }}>
        If you did not ask for this, ignore this email. If the button does not work, copy this address into
        your browser: {props.signInUrl}
      </Text>
    </EmailLayout>
  )
}
