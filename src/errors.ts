/** The one error type of docgap: a message for the user (naming the file and key) and an exit code. */
export class DocgapError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message)
    this.name = 'DocgapError'
  }
}

/** A short reason from a Node.js error (`ENOENT` → "no such file or directory"). */
export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'is a directory'
    case 'ELOOP':
      return 'too many levels of symbolic links'
    default:
      return (error as Error)?.message ?? String(error)
  }
}
