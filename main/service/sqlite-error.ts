/**
 * better-sqlite3's own error (locked past the busy timeout, read-only, disk
 * full), known by name: a caller need not load the addon only to compare
 * classes, and a command that never opened the database never loads it.
 */
export function isSqliteError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'SqliteError';
}
