-- Foundation: roster, staff, roles, sessions, tokens, audit and access log.
-- Conventions (both dialects): ids are 64-bit integers; *_at columns hold UTC microseconds
-- since the Unix epoch; dates are 'YYYY-MM-DD' text; booleans are 0/1 integers; JSON is text.

CREATE TABLE schools (
  id INTEGER PRIMARY KEY,
  sourced_id TEXT UNIQUE,
  name TEXT NOT NULL,
  level TEXT NOT NULL DEFAULT 'other',
  identifier TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  sourced_id TEXT UNIQUE,
  email TEXT NOT NULL,
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  password_hash TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- A role held at one school, or district-wide when school_id is NULL.
CREATE TABLE user_roles (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  role TEXT NOT NULL CHECK (role IN ('district_admin', 'school_admin', 'interventionist', 'teacher')),
  school_id INTEGER REFERENCES schools (id)
);
CREATE UNIQUE INDEX user_roles_key ON user_roles (user_id, role, coalesce(school_id, 0));
CREATE INDEX user_roles_school ON user_roles (school_id);

CREATE TABLE students (
  id INTEGER PRIMARY KEY,
  sourced_id TEXT UNIQUE,
  local_id TEXT,
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  middle_name TEXT,
  preferred_name TEXT,
  grade TEXT NOT NULL,
  school_id INTEGER NOT NULL REFERENCES schools (id),
  birth_date TEXT,
  sex TEXT,
  email TEXT,
  demographics TEXT NOT NULL DEFAULT '{}',
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX students_school_grade ON students (school_id, grade);
CREATE INDEX students_name ON students (lower(family_name), lower(given_name), id);
CREATE INDEX students_given_name ON students (lower(given_name));
CREATE INDEX students_local_id ON students (local_id);

CREATE TABLE academic_sessions (
  id INTEGER PRIMARY KEY,
  sourced_id TEXT UNIQUE,
  title TEXT NOT NULL,
  kind TEXT NOT NULL,
  start_date TEXT,
  end_date TEXT,
  school_year TEXT,
  parent_id INTEGER REFERENCES academic_sessions (id),
  active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE classes (
  id INTEGER PRIMARY KEY,
  sourced_id TEXT UNIQUE,
  school_id INTEGER NOT NULL REFERENCES schools (id),
  title TEXT NOT NULL,
  class_code TEXT,
  class_type TEXT,
  grades TEXT,
  subjects TEXT,
  period TEXT,
  term_id INTEGER REFERENCES academic_sessions (id),
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX classes_school ON classes (school_id);

-- A student or a staff member (exactly one of the two) in a class.
CREATE TABLE enrollments (
  id INTEGER PRIMARY KEY,
  sourced_id TEXT UNIQUE,
  class_id INTEGER NOT NULL REFERENCES classes (id),
  student_id INTEGER REFERENCES students (id),
  user_id INTEGER REFERENCES users (id),
  role TEXT NOT NULL,
  is_primary INTEGER NOT NULL DEFAULT 0,
  begin_date TEXT,
  end_date TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  CHECK ((student_id IS NULL) <> (user_id IS NULL))
);
CREATE INDEX enrollments_class ON enrollments (class_id);
CREATE INDEX enrollments_student ON enrollments (student_id, class_id);
CREATE INDEX enrollments_user ON enrollments (user_id, class_id);

-- Reasons a staff member may see a student beyond school role and class roster (case
-- manager, task assignee, meeting attendee, group facilitator, plan owner). One row per
-- (user, student, reason, source); the access rule only asks whether any row exists.
CREATE TABLE student_access_grants (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  student_id INTEGER NOT NULL REFERENCES students (id),
  reason TEXT NOT NULL,
  source_id INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX student_access_grants_key ON student_access_grants (user_id, student_id, reason, source_id);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  token_hash TEXT NOT NULL UNIQUE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER,
  client_address TEXT,
  user_agent TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Failed sign-ins, for rate limiting per account and per client address across servers.
CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  client_address TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_address ON login_failures (client_address, at);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_id INTEGER REFERENCES users (id),
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER,
  student_id INTEGER REFERENCES students (id),
  before_json TEXT,
  after_json TEXT,
  client_address TEXT
);
CREATE INDEX audit_log_at ON audit_log (at, id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
CREATE INDEX audit_log_student ON audit_log (student_id, id);

-- Every view and export of a student record (FERPA, 34 CFR 99.32).
CREATE TABLE student_access_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  student_id INTEGER NOT NULL REFERENCES students (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  action TEXT NOT NULL,
  detail TEXT,
  client_address TEXT
);
CREATE INDEX student_access_log_student ON student_access_log (student_id, id);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
