/**
 * The links the report may show: web links and relative links, nothing else. The href is read as
 * a browser reads it, by the WHATWG URL parser, so what the check sees is what a click would open:
 * `java\tscript:` and ` javascript:` are `javascript:` to a browser and rejected here, and
 * `//host/` or `\\host` is another host (a file share, from a report opened from disk), not a
 * relative link. This function is also sent to the browser as source (see client.ts): it must use
 * nothing but its parameter and the platform's `URL`.
 */
export function safeHref(href: string | null | undefined): string | null {
  if (!href) return null
  let absolute: URL | undefined
  try {
    absolute = new URL(href)
  } catch {
    // Not absolute: relative, or broken.
  }
  if (absolute) return absolute.protocol === 'https:' || absolute.protocol === 'http:' ? absolute.href : null
  const base = 'https://docgap.invalid/report/'
  try {
    // A relative link stays on the page's own host; `//host/` and `\\host` leave it.
    return new URL(href, base).origin === new URL(base).origin ? href : null
  } catch {
    return null
  }
}
