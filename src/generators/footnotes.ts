/**
 * The ids a footnote and its first reference get, by the Markdown library that renders them. A
 * profile names its own, so that `#fn:1` is a working link on an MkDocs page and a broken one on
 * GitHub. `label` is the footnote's label as written (`[^Note]` → `Note`), `index` its place
 * among the page's footnote definitions, from 1.
 */

/** remark-rehype (GitHub, Docusaurus, Starlight): `user-content-fn-note`, `user-content-fnref-note`, lowercased. */
export function remarkFootnoteIds(label: string): string[] {
  const id = encodeURIComponent(label.toLowerCase())
  return [`user-content-fn-${id}`, `user-content-fnref-${id}`]
}

/** GitHub: remark's ids, and the same without `user-content-`, which github.com finds by adding it. */
export function githubFootnoteIds(label: string): string[] {
  const id = encodeURIComponent(label.toLowerCase())
  return [...remarkFootnoteIds(label), `fn-${id}`, `fnref-${id}`]
}

/** Python-Markdown's `footnotes` (MkDocs) and kramdown (Jekyll): `fn:note`, `fnref:note`, by label. */
export function labelledFootnoteIds(label: string): string[] {
  return [`fn:${label}`, `fnref:${label}`]
}

/** goldmark (Hugo): `fn:1`, `fnref:1`, numbered in order whatever the label. */
export function numberedFootnoteIds(_label: string, index: number): string[] {
  return [`fn:${index}`, `fnref:${index}`]
}

/** markdown-it-footnote (VitePress): `fn1`, `fnref1`, numbered in order. */
export function markdownItFootnoteIds(_label: string, index: number): string[] {
  return [`fn${index}`, `fnref${index}`]
}
