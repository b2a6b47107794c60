/**
 * Text from servers (error details, header values, names) must not drive the
 * terminal: C0 and C1 controls start escape sequences (ESC, CSI U+009B) that
 * can move the cursor, rewrite earlier lines or set the window title, and bidi
 * controls make text read differently from what it is. They are removed
 * before anything is printed.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unprintable = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;

export function printable(text: string): string {
  return text.replace(unprintable, '');
}

/** For JSON lines: the same characters kept, but escaped, so the data stays exact and the terminal stays safe. */
export function escapeUnprintable(json: string): string {
  return json.replace(unprintable, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
