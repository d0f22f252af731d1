import {
  Body,
  Button,
  Container,
  Head,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from '@react-email/components'
import type { ReactNode } from 'react'

export const colors = { ink: '#1b1f24', muted: '#4b5563', accent: '#7a1f2b', rule: '#d9d4c7' }

export function EmailLayout({ preview, children }: { preview: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: '#f6f3ec', color: colors.ink, fontFamily: 'Georgia, serif' }}>
        <Container style={{ maxWidth: 560, padding: '32px 24px', backgroundColor: '#ffffff' }}>
          <Text style={{ fontSize: 13, letterSpacing: 2, textTransform: 'uppercase', color: colors.muted }}>
            Undersigned
          </Text>
          <Section>{children}</Section>
          <Hr style={{ borderColor: colors.rule, margin: '32px 0 16px' }} />
          <Text style={{ fontSize: 12, color: colors.muted, fontFamily: 'Helvetica, Arial, sans-serif' }}>
            You receive this email because this address was entered on an open letter hosted with Undersigned.
            If that was not you, ignore this email: nothing is signed without confirmation.
          </Text>
        </Container>
      </Body>
    </Html>
  )
}

/**
 * The "manage your signature" link every email to a signer carries. Rows queued before the link
 * existed have none, so it renders only when there is one.
 */
export function ManageSignatureLink({ manageUrl }: { manageUrl: string | undefined }) {
  if (!manageUrl) return null
  return (
    <Text style={{ fontFamily: 'Helvetica, Arial, sans-serif', fontSize: 14 }}>
      Changed your mind? <Link href={manageUrl}>Manage your signature</Link> to choose whether your name is
      listed, or to withdraw it. The link is yours alone: do not forward this email.
    </Text>
  )
}

/** The one call to action of a message. */
export function PrimaryButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Button
      href={href}
      style={{
        backgroundColor: colors.accent,
        color: '#ffffff',
        padding: '12px 20px',
        borderRadius: 4,
        fontFamily: 'Helvetica, Arial, sans-serif',
        fontWeight: 'bold',
      }}
    >
      {children}
    </Button>
  )
}
