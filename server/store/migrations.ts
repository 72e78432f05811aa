// Versioned schema. Each entry runs once, in order, inside a transaction; never edit a shipped entry,
// append a new one (take the next free version number).
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
  {
    version: 2,
    name: 'classes, join codes, members, time per exercise, display names',
    sql: `
      ALTER TABLE users ADD COLUMN display_name TEXT;
      CREATE TABLE classes (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        join_code TEXT NOT NULL UNIQUE,
        joining_open INTEGER NOT NULL DEFAULT 1,
        starts_on TEXT,
        ends_on TEXT,
        capacity INTEGER,
        archived_at INTEGER,
        created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE class_courses (
        class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
        course_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (class_id, course_id)
      );
      CREATE TABLE class_members (
        class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('trainer', 'learner')),
        joined_at INTEGER NOT NULL,
        PRIMARY KEY (class_id, user_id)
      );
      CREATE INDEX class_members_user ON class_members(user_id);
      CREATE TABLE exercise_time (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        course_id TEXT NOT NULL,
        exercise_id TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        active_ms INTEGER NOT NULL DEFAULT 0,
        last_active_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, course_id, exercise_id)
      );
    `,
  },
  {
    version: 3,
    name: 'preview capability per lab',
    sql: `
      ALTER TABLE labs ADD COLUMN preview_token TEXT;
      CREATE UNIQUE INDEX labs_preview_token ON labs (preview_token);
    `,
  },
  {
    version: 4,
    name: 'class time zone and catch-up, sessions, progress skipped by catch-up',
    sql: `
      ALTER TABLE classes ADD COLUMN time_zone TEXT;
      ALTER TABLE classes ADD COLUMN learner_catch_up INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE class_sessions (
        id TEXT PRIMARY KEY,
        class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
        course_id TEXT NOT NULL,
        day TEXT NOT NULL,
        start_time TEXT NOT NULL,
        end_time TEXT NOT NULL,
        starts_at INTEGER NOT NULL,
        ends_at INTEGER NOT NULL,
        expected INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX class_sessions_class ON class_sessions(class_id, starts_at);
      CREATE INDEX class_sessions_time ON class_sessions(starts_at, ends_at);
      ALTER TABLE progress ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 5,
    name: 'workshops and visitors, pairs, audit log, labs kept until',
    sql: `
      ALTER TABLE classes ADD COLUMN kind TEXT NOT NULL DEFAULT 'class' CHECK (kind IN ('class', 'workshop'));
      ALTER TABLE classes ADD COLUMN opens_at INTEGER;
      ALTER TABLE classes ADD COLUMN closes_at INTEGER;
      ALTER TABLE classes ADD COLUMN grace_min INTEGER;
      ALTER TABLE classes ADD COLUMN learner_pairing INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE classes ADD COLUMN ended_at INTEGER;
      ALTER TABLE classes ADD COLUMN visitors_total INTEGER;
      ALTER TABLE classes ADD COLUMN passes_total INTEGER;
      ALTER TABLE users ADD COLUMN workshop_id TEXT REFERENCES classes(id) ON DELETE CASCADE;
      CREATE INDEX users_workshop ON users(workshop_id);
      CREATE TABLE class_pairs (
        id TEXT PRIMARY KEY,
        class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
        host_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        code TEXT UNIQUE,
        created_at INTEGER NOT NULL,
        ended_at INTEGER
      );
      CREATE INDEX class_pairs_class ON class_pairs(class_id);
      CREATE TABLE pair_members (
        pair_id TEXT NOT NULL REFERENCES class_pairs(id) ON DELETE CASCADE,
        class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        joined_at INTEGER NOT NULL,
        left_at INTEGER,
        PRIMARY KEY (pair_id, user_id)
      );
      CREATE UNIQUE INDEX pair_members_current ON pair_members(class_id, user_id) WHERE left_at IS NULL;
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        actor_id TEXT,
        action TEXT NOT NULL,
        subject_id TEXT,
        lab_id TEXT,
        detail TEXT
      );
      CREATE INDEX audit_log_at ON audit_log(at);
      ALTER TABLE labs ADD COLUMN keep_until INTEGER;
    `,
  },
  {
    version: 6,
    name: 'single sign-on identities, the provider of a session',
    sql: `
      CREATE TABLE user_identities (
        provider_id TEXT NOT NULL,
        subject TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        email TEXT,
        created_at INTEGER NOT NULL,
        last_login_at INTEGER NOT NULL,
        PRIMARY KEY (provider_id, subject)
      );
      CREATE INDEX user_identities_user ON user_identities(user_id);
      ALTER TABLE sessions ADD COLUMN provider_id TEXT;
    `,
  },
  {
    version: 7,
    name: 'LTI 1.3: platforms, tool keys, LMS courses as classes, grades to send',
    sql: `
      CREATE TABLE lti_platforms (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        issuer TEXT NOT NULL,
        client_id TEXT NOT NULL,
        deployment_ids TEXT NOT NULL,
        auth_login_url TEXT NOT NULL,
        token_url TEXT NOT NULL,
        keyset_url TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (issuer, client_id)
      );
      CREATE TABLE lti_keys (
        kid TEXT PRIMARY KEY,
        private_jwk TEXT NOT NULL,
        public_jwk TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        retired_at INTEGER
      );
      CREATE TABLE lti_contexts (
        platform_id TEXT NOT NULL REFERENCES lti_platforms(id) ON DELETE CASCADE,
        context_id TEXT NOT NULL,
        class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
        title TEXT,
        memberships_url TEXT,
        PRIMARY KEY (platform_id, context_id)
      );
      CREATE TABLE lti_grade_links (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        platform_id TEXT NOT NULL REFERENCES lti_platforms(id) ON DELETE CASCADE,
        lineitem_url TEXT NOT NULL,
        subject TEXT NOT NULL,
        class_id TEXT REFERENCES classes(id) ON DELETE SET NULL,
        course_id TEXT NOT NULL,
        exercise_id TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, lineitem_url)
      );
      CREATE INDEX lti_grade_links_course ON lti_grade_links(user_id, course_id);
      CREATE TABLE lti_scores (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        platform_id TEXT NOT NULL REFERENCES lti_platforms(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        class_id TEXT REFERENCES classes(id) ON DELETE SET NULL,
        lineitem_url TEXT NOT NULL,
        subject TEXT NOT NULL,
        course_id TEXT NOT NULL,
        exercise_id TEXT,
        score_given REAL NOT NULL,
        score_maximum REAL NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at INTEGER NOT NULL,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        sent_at INTEGER
      );
      CREATE INDEX lti_scores_due ON lti_scores(state, next_at);
      CREATE INDEX lti_scores_class ON lti_scores(class_id);
    `,
  },
  {
    version: 8,
    name: 'course sources: git repositories or folders of course manifests',
    sql: `
      CREATE TABLE course_sources (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('git', 'folder')),
        url TEXT NOT NULL,
        ref TEXT,
        current_version TEXT,
        course_ids TEXT NOT NULL DEFAULT '[]',
        updated_at INTEGER,
        attempted_at INTEGER,
        status TEXT NOT NULL CHECK (status IN ('new', 'updating', 'ok', 'failed')),
        last_errors TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 9,
    name: 'CAS single logout: the service ticket that opened a session',
    sql: `
      CREATE TABLE sso_logout_keys (
        provider_id TEXT NOT NULL,
        key_hash TEXT NOT NULL,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        PRIMARY KEY (provider_id, key_hash)
      );
      CREATE INDEX sso_logout_keys_session ON sso_logout_keys(session_id);
    `,
  },
  {
    version: 10,
    name: 'several Docker Engines: the engine holding each lab, the admin’s mode of each engine',
    sql: `
      CREATE TABLE lab_engines (
        lab_id TEXT PRIMARY KEY,
        engine TEXT NOT NULL,
        placed_at INTEGER NOT NULL
      );
      CREATE TABLE engine_modes (
        name TEXT PRIMARY KEY,
        mode TEXT NOT NULL CHECK (mode IN ('active', 'draining')),
        changed_at INTEGER NOT NULL
      );
    `,
  },
];
