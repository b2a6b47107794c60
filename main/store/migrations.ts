/**
 * The schema, one step per release that changed it. Steps are append-only:
 * once released, a step is never edited, because users' databases already ran
 * it. The database's user_version is the number of steps applied.
 */
export const migrations: readonly string[] = [
  `CREATE TABLE groups (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     -- Set when "every member is done" was announced, so it is announced once.
     settled_at INTEGER
   ) STRICT;

   CREATE TABLE tasks (
     id INTEGER PRIMARY KEY,
     group_id INTEGER REFERENCES groups (id) ON DELETE SET NULL,
     url TEXT NOT NULL,
     current_url TEXT NOT NULL,
     host TEXT NOT NULL,
     dir TEXT NOT NULL,
     requested_name TEXT,
     file_name TEXT,
     state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'paused', 'retrying', 'waiting_network', 'failed', 'completed', 'canceled')),
     reason TEXT,
     message TEXT,
     total_bytes INTEGER,
     -- Never more than what is fsynced in the .part file.
     durable_bytes INTEGER NOT NULL DEFAULT 0,
     etag TEXT,
     last_modified TEXT,
     checksum TEXT,
     headers TEXT NOT NULL DEFAULT '{}',
     priority INTEGER NOT NULL DEFAULT 0,
     -- Manual order among equal priorities; new tasks go last.
     position REAL NOT NULL,
     -- Automatic retries since the last user action.
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER,
     connections INTEGER,
     speed_limit INTEGER,
     created_at INTEGER NOT NULL,
     finished_at INTEGER
   ) STRICT;
   CREATE INDEX tasks_in_queue_order ON tasks (state, priority DESC, position, id);
   CREATE INDEX tasks_by_retry_time ON tasks (state, next_attempt_at);
   CREATE INDEX tasks_by_url ON tasks (url);
   CREATE INDEX tasks_by_position ON tasks (position);
   CREATE INDEX tasks_by_group ON tasks (group_id);

   -- The ranges of a segmented download and how much of each is on disk.
   CREATE TABLE segments (
     task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
     start INTEGER NOT NULL,
     end INTEGER NOT NULL,
     durable_end INTEGER NOT NULL,
     PRIMARY KEY (task_id, start)
   ) STRICT, WITHOUT ROWID;

   CREATE TABLE settings (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL
   ) STRICT;`,

  // Which process runs a task, so a second process sharing the database leaves it alone.
  `ALTER TABLE tasks ADD COLUMN owner TEXT;
   ALTER TABLE tasks ADD COLUMN lease_until INTEGER;`,

  // What to do when a file already has the task's name in its folder.
  `ALTER TABLE tasks ADD COLUMN on_exists TEXT NOT NULL DEFAULT 'rename'
     CHECK (on_exists IN ('rename', 'overwrite', 'skip', 'continue'));`,

  // The server's HTTP status behind the last failure, so clients can say "server busy (503)".
  `ALTER TABLE tasks ADD COLUMN http_status INTEGER
     CHECK (http_status IS NULL OR http_status BETWEEN 100 AND 999);`,

  // Canceling deletes the partial file, so a canceled task keeps no bytes or ranges (the store now forgets
  // them as it cancels); rows canceled before that lose what they kept.
  `UPDATE tasks SET durable_bytes = 0 WHERE state = 'canceled';
   DELETE FROM segments WHERE task_id IN (SELECT id FROM tasks WHERE state = 'canceled');`,

  // Indexes on the rows each lookup wants rather than on the state: the queue's order among queued
  // tasks, retry times among retrying ones, the few running ones (found by owner among them). A claim
  // now moves one entry from the queued index to the running one and a completion removes it; each
  // rewrote entries of two indexes on the state, whatever it moved, a measurable part of a small file's cost.
  `DROP INDEX tasks_in_queue_order;
   DROP INDEX tasks_by_retry_time;
   CREATE INDEX tasks_queued_in_order ON tasks (priority DESC, position, id) WHERE state = 'queued';
   CREATE INDEX tasks_retrying_by_time ON tasks (next_attempt_at) WHERE state = 'retrying';
   CREATE INDEX tasks_running ON tasks (id) WHERE state = 'running';`,
];
