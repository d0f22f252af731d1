/** A letter's public page, as emails and share metadata link to it. */
export const letterUrl = (appUrl: string, slug: string) => `${appUrl}/letters/${slug}`
