/**
 * The schema, one step per release that changed it. Steps are append-only:
 * a released step is never edited, because users' databases already ran it.
 * The database's user_version is the number of steps applied.
 */
export const migrations: readonly string[] = [
  `CREATE TABLE tasks (
     id INTEGER PRIMARY KEY,
     url TEXT NOT NULL,
     current_url TEXT NOT NULL,
     dir TEXT NOT NULL,
     requested_name TEXT,
     file_name TEXT,
     state TEXT NOT NULL,
     reason TEXT,
     message TEXT,
     total_bytes INTEGER,
     durable_bytes INTEGER NOT NULL DEFAULT 0,
     etag TEXT,
     last_modified TEXT,
     checksum TEXT,
     headers TEXT NOT NULL DEFAULT '{}',
     attempts INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL,
     finished_at INTEGER
   ) STRICT;
   CREATE INDEX tasks_by_state ON tasks (state);
   CREATE INDEX tasks_by_url ON tasks (url);`,
];
