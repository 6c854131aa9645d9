-- OneRoster import: courses, the course of a class, and import runs with their row-level
-- report. Same conventions as 0001.

CREATE TABLE courses (
  id INTEGER PRIMARY KEY,
  sourced_id TEXT UNIQUE,
  school_id INTEGER REFERENCES schools (id),
  title TEXT NOT NULL,
  course_code TEXT,
  grades TEXT,
  subjects TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

ALTER TABLE classes ADD COLUMN course_id INTEGER REFERENCES courses (id);

-- One import of a OneRoster export: queued, running, succeeded or failed; progress while it
-- runs, the summary (per entity created/updated/deactivated/unchanged/rejected) when done.
CREATE TABLE import_runs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('strict', 'lenient')),
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  requested_by INTEGER REFERENCES users (id),
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  summary TEXT,
  error TEXT,
  errors INTEGER NOT NULL DEFAULT 0,
  warnings INTEGER NOT NULL DEFAULT 0
);

-- The report: one row per problem, with file, line and column (0 when the whole file or row).
CREATE TABLE import_problems (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES import_runs (id),
  severity TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  col INTEGER NOT NULL,
  field TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX import_problems_run ON import_problems (run_id, id);
