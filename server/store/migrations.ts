// Versioned schema. Each entry runs once, in order, inside a transaction; never edit a shipped entry,
// append a new one. Roles and classes (trainers) come later: the tables leave room for them.
export const migrations: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'users, sessions, labs, progress',
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT 'learner' CHECK (role IN ('learner', 'trainer', 'admin')),
        lang TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX sessions_user ON sessions(user_id);
      CREATE TABLE labs (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        course_id TEXT NOT NULL,
        image TEXT NOT NULL,
        state TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_activity_at INTEGER NOT NULL,
        UNIQUE (user_id, course_id)
      );
      CREATE TABLE progress (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        course_id TEXT NOT NULL,
        exercise_id TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        completed_at INTEGER,
        last_result TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, course_id, exercise_id)
      );
    `,
  },
];
