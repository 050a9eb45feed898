/**
 * Template syntax in Markdown pages: finding and masking the spans before parsing (spans.ts),
 * where expressions stand in the parsed page (places.ts), the variable an expression outputs
 * (paths.ts) and the names a page's own tags define (scopes.ts).
 */
export * from './spans.js'
export * from './places.js'
export * from './paths.js'
export * from './scopes.js'
