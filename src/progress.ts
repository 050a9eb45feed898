/**
 * A progress line on standard error for long runs in a terminal (`docgap: 420/2000 files`),
 * rewritten in place and erased when the run is done. Silent when standard error is not a
 * terminal or in CI, so logs and piped output never carry it.
 */
const delayMs = 1000
const intervalMs = 100

export function createProgress(
  stream: {isTTY?: boolean; write(text: string): unknown} = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
  now: () => number = Date.now,
): ((done: number, total: number) => void) | undefined {
  if (!stream.isTTY || (env.CI !== undefined && env.CI !== '' && env.CI !== 'false')) return undefined
  const start = now()
  let lastShown = 0
  let shown = false
  return (done, total) => {
    const time = now()
    if (done >= total) {
      // Erase the line, so that the findings start on a clean one.
      if (shown) stream.write('\r\x1b[2K')
      shown = false
      return
    }
    // Short runs never show it; long ones refresh it a few times a second.
    if (time - start < delayMs || time - lastShown < intervalMs) return
    lastShown = time
    shown = true
    stream.write(`\r\x1b[2Kdocgap: ${done}/${total} files`)
  }
}
