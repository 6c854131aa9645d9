-- Case management: the dictionary, student events (the timeline), cases, tasks, student
-- meetings and student files. Same conventions as 0001.

-- Every change to the Case Management Dictionary makes a new version; the newest row holds
-- the switch and the triggers in force. Cases name the version that opened them.
CREATE TABLE dictionary_versions (
  id INTEGER PRIMARY KEY,
  effective_at INTEGER NOT NULL,
  changed_by INTEGER REFERENCES users (id),
  change TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  open_case_on TEXT NOT NULL
);

-- Case statuses, reasons for close and focus areas. Renamed and retired, never deleted.
CREATE TABLE dictionary_values (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('case_status', 'close_reason', 'focus_area')),
  name TEXT NOT NULL,
  closed INTEGER NOT NULL DEFAULT 0,
  is_default INTEGER NOT NULL DEFAULT 0,
  built_in INTEGER NOT NULL DEFAULT 0,
  retired INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX dictionary_values_name ON dictionary_values (kind, lower(name));
CREATE UNIQUE INDEX dictionary_values_one_default ON dictionary_values (kind) WHERE is_default = 1;

-- The state of a value as of a dictionary version.
CREATE TABLE dictionary_value_history (
  id INTEGER PRIMARY KEY,
  value_id INTEGER NOT NULL REFERENCES dictionary_values (id),
  version_id INTEGER NOT NULL REFERENCES dictionary_versions (id),
  name TEXT NOT NULL,
  closed INTEGER NOT NULL,
  is_default INTEGER NOT NULL,
  retired INTEGER NOT NULL
);
CREATE INDEX dictionary_value_history_value ON dictionary_value_history (value_id, version_id);

CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  student_id INTEGER NOT NULL REFERENCES students (id),
  -- The student's school and grade, kept in step with the roster (see the trigger below) so
  -- the dashboard's school and grade filters are index ranges.
  school_id INTEGER NOT NULL REFERENCES schools (id),
  grade TEXT NOT NULL,
  status_id INTEGER NOT NULL REFERENCES dictionary_values (id),
  opened_at INTEGER NOT NULL,
  opened_by_kind TEXT NOT NULL,
  opened_by_event_id INTEGER,
  opened_by_user_id INTEGER REFERENCES users (id),
  opened_rule TEXT NOT NULL,
  dictionary_version_id INTEGER REFERENCES dictionary_versions (id),
  manager_id INTEGER REFERENCES users (id),
  focus_area_id INTEGER REFERENCES dictionary_values (id),
  closed_at INTEGER,
  closed_by INTEGER REFERENCES users (id),
  close_reason_id INTEGER REFERENCES dictionary_values (id),
  close_note TEXT,
  last_activity_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- Rule 4: at most one open case per student, whatever races the servers run.
CREATE UNIQUE INDEX cases_one_open_per_student ON cases (student_id) WHERE closed_at IS NULL;
CREATE INDEX cases_student ON cases (student_id, id);
CREATE INDEX cases_open_by_opened ON cases (opened_at, id) WHERE closed_at IS NULL;
CREATE INDEX cases_open_by_school ON cases (school_id, opened_at, id) WHERE closed_at IS NULL;
CREATE INDEX cases_open_by_school_grade ON cases (school_id, grade, opened_at, id) WHERE closed_at IS NULL;
CREATE INDEX cases_by_school ON cases (school_id, opened_at, id);
CREATE INDEX cases_opened ON cases (opened_at, id);
CREATE INDEX cases_manager ON cases (manager_id, opened_at, id);
CREATE INDEX cases_focus_area ON cases (focus_area_id);
CREATE INDEX cases_status ON cases (status_id);
CREATE INDEX cases_opened_by_kind ON cases (opened_by_kind, opened_at);

-- A student who moves school or grade takes their cases' dashboard placement along.
-- (One line: migrations split statements at lines ending in a semicolon.)
CREATE TRIGGER students_place_cases AFTER UPDATE OF school_id, grade ON students
BEGIN UPDATE cases SET school_id = NEW.school_id, grade = NEW.grade WHERE student_id = NEW.id; END;

-- Every action on a student: the timeline. case_id links the event to the case that was open
-- (or that it opened) when it was recorded.
CREATE TABLE student_events (
  id INTEGER PRIMARY KEY,
  student_id INTEGER NOT NULL REFERENCES students (id),
  kind TEXT NOT NULL,
  at INTEGER NOT NULL,
  actor_id INTEGER REFERENCES users (id),
  summary TEXT NOT NULL,
  entity TEXT,
  entity_id INTEGER,
  case_id INTEGER REFERENCES cases (id),
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX student_events_student ON student_events (student_id, id);
CREATE INDEX student_events_student_kind ON student_events (student_id, kind, id);
CREATE INDEX student_events_kind_at ON student_events (kind, at);
CREATE INDEX student_events_case ON student_events (case_id, id);

CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  student_id INTEGER NOT NULL REFERENCES students (id),
  assignee_id INTEGER NOT NULL REFERENCES users (id),
  created_by INTEGER REFERENCES users (id),
  case_id INTEGER REFERENCES cases (id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  due_date TEXT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed')),
  completed_at INTEGER,
  completed_by INTEGER REFERENCES users (id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX tasks_assignee ON tasks (assignee_id, status, id);
CREATE INDEX tasks_student ON tasks (student_id, id);
CREATE INDEX tasks_case ON tasks (case_id, status, due_date);

CREATE TABLE task_notes (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES tasks (id),
  author_id INTEGER REFERENCES users (id),
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX task_notes_task ON task_notes (task_id, id);

CREATE TABLE meetings (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
  sequence INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER REFERENCES users (id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX meetings_starts ON meetings (starts_at, id);

CREATE TABLE meeting_attendees (
  meeting_id INTEGER NOT NULL REFERENCES meetings (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  PRIMARY KEY (meeting_id, user_id)
);
CREATE INDEX meeting_attendees_user ON meeting_attendees (user_id);

-- Students on a meeting; removed_at keeps the history of who was discussed.
CREATE TABLE meeting_students (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings (id),
  student_id INTEGER NOT NULL REFERENCES students (id),
  added_at INTEGER NOT NULL,
  added_by INTEGER REFERENCES users (id),
  removed_at INTEGER,
  case_id INTEGER REFERENCES cases (id)
);
CREATE UNIQUE INDEX meeting_students_current ON meeting_students (meeting_id, student_id) WHERE removed_at IS NULL;
CREATE INDEX meeting_students_student ON meeting_students (student_id, meeting_id);

-- Notes and decisions per student on a meeting (student_id NULL: about the meeting).
CREATE TABLE meeting_notes (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings (id),
  student_id INTEGER REFERENCES students (id),
  author_id INTEGER REFERENCES users (id),
  body TEXT NOT NULL,
  decision TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX meeting_notes_meeting ON meeting_notes (meeting_id, id);

-- Files on a student profile. The content lives under the data directory, named by its
-- SHA-256; never at a path a client chose.
CREATE TABLE student_files (
  id INTEGER PRIMARY KEY,
  student_id INTEGER NOT NULL REFERENCES students (id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by INTEGER REFERENCES users (id),
  uploaded_at INTEGER NOT NULL,
  case_id INTEGER REFERENCES cases (id)
);
CREATE INDEX student_files_student ON student_files (student_id, id);

-- The dictionary as a new district finds it: case management off, no triggers; the built-in
-- "Open" status as default, and common values to rename or retire.
INSERT INTO dictionary_versions (id, effective_at, changed_by, change, enabled, open_case_on)
VALUES (1, (unixepoch() * 1000000), NULL, 'Built-in dictionary', 0, '[]');
INSERT INTO dictionary_values (id, kind, name, closed, is_default, built_in, created_at, updated_at) VALUES
  (1, 'case_status', 'Open', 0, 1, 1, (unixepoch() * 1000000), (unixepoch() * 1000000)),
  (2, 'case_status', 'Monitoring', 0, 0, 0, (unixepoch() * 1000000), (unixepoch() * 1000000)),
  (3, 'case_status', 'Closed', 1, 0, 0, (unixepoch() * 1000000), (unixepoch() * 1000000)),
  (4, 'close_reason', 'Goals met', 0, 0, 0, (unixepoch() * 1000000), (unixepoch() * 1000000)),
  (5, 'close_reason', 'Student moved', 0, 0, 0, (unixepoch() * 1000000), (unixepoch() * 1000000)),
  (6, 'close_reason', 'Referred for evaluation', 0, 0, 0, (unixepoch() * 1000000), (unixepoch() * 1000000)),
  (7, 'close_reason', 'End of school year', 0, 0, 0, (unixepoch() * 1000000), (unixepoch() * 1000000)),
  (8, 'focus_area', 'Academic', 0, 0, 0, (unixepoch() * 1000000), (unixepoch() * 1000000)),
  (9, 'focus_area', 'Behaviour', 0, 0, 0, (unixepoch() * 1000000), (unixepoch() * 1000000)),
  (10, 'focus_area', 'Attendance', 0, 0, 0, (unixepoch() * 1000000), (unixepoch() * 1000000)),
  (11, 'focus_area', 'Social-emotional', 0, 0, 0, (unixepoch() * 1000000), (unixepoch() * 1000000));
INSERT INTO dictionary_value_history (value_id, version_id, name, closed, is_default, retired)
SELECT id, 1, name, closed, is_default, retired FROM dictionary_values;
