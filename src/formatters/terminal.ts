/**
 * Text for a terminal: a file name or message holding control characters (an escape sequence in
 * a file name, a carriage return in a rule's message) must not move the cursor, recolour or
 * retitle the user's terminal. Each control character is shown as a visible escape instead.
 */
// C0 controls except tab, DEL, and C1 controls (0x9b is a one-byte CSI on some terminals).
const controls = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029]/g

export function escapeControls(text: string): string {
  return text.replace(controls, (character) => {
    const code = character.charCodeAt(0)
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`
  })
}
