/** Headers the engine sets itself; letting a user override them would break resume and byte counting. */
const reservedHeaders = new Set(['range', 'if-range', 'accept-encoding', 'content-length', 'transfer-encoding', 'connection', 'host', 'te', 'upgrade']);
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export type ParsedHeader = { readonly ok: true; readonly name: string; readonly value: string } | { readonly ok: false; readonly error: string };

/** Reads a user-supplied "Name: value" line, as curl's -H takes it. */
export function parseHeaderLine(line: string): ParsedHeader {
  const colon = line.indexOf(':');
  if (colon <= 0) return { ok: false, error: `"${line}" is not of the form "Name: value"` };
  const name = line.slice(0, colon).trim();
  const value = line.slice(colon + 1).trim();
  if (!headerName.test(name)) return { ok: false, error: `"${name}" is not a valid header name` };
  if (/[\r\n\0]/.test(value)) return { ok: false, error: `the value of ${name} contains a line break` };
  // What Node's HTTP client would refuse at send time, where it looked like a connection failure; C1 controls too.
  if (/[^\t\x20-\x7e\xa0-\xff]/u.test(value)) {
    return { ok: false, error: `the value of ${name} has a control character or a character beyond Latin-1 (encode it, e.g. percent-encoding)` };
  }
  if (reservedHeaders.has(name.toLowerCase())) return { ok: false, error: `${name} is set by Peregrine and cannot be overridden` };
  return { ok: true, name: name.toLowerCase(), value };
}
