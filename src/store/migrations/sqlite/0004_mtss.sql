-- MTSS: plans with their progress data points and reviews, and intervention groups whose
-- members each get a plan from the group's template. Same conventions as 0001.

-- Intervention groups come first: a plan made for a member names its group.
CREATE TABLE intervention_groups (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  intervention TEXT NOT NULL,
  school_id INTEGER NOT NULL REFERENCES schools (id),
  tier INTEGER NOT NULL CHECK (tier BETWEEN 1 AND 3),
  facilitator_id INTEGER NOT NULL REFERENCES users (id),
  schedule TEXT NOT NULL DEFAULT '',
  -- The plan template every member's plan is made from.
  area TEXT NOT NULL CHECK (area IN ('reading', 'math', 'behaviour', 'attendance', 'social_emotional', 'other')),
  skill TEXT NOT NULL DEFAULT '',
  goal_measure TEXT NOT NULL DEFAULT '',
  goal_target REAL,
  goal_target_date TEXT,
  frequency TEXT NOT NULL DEFAULT '',
  minutes INTEGER,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  created_by INTEGER REFERENCES users (id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX intervention_groups_school ON intervention_groups (school_id, status, id);
CREATE INDEX intervention_groups_facilitator ON intervention_groups (facilitator_id, status, id);
CREATE INDEX intervention_groups_status ON intervention_groups (status, id);

CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  student_id INTEGER NOT NULL REFERENCES students (id),
  area TEXT NOT NULL CHECK (area IN ('reading', 'math', 'behaviour', 'attendance', 'social_emotional', 'other')),
  tier INTEGER NOT NULL CHECK (tier BETWEEN 1 AND 3),
  skill TEXT NOT NULL DEFAULT '',
  goal_measure TEXT NOT NULL DEFAULT '',
  goal_baseline REAL,
  goal_target REAL,
  goal_baseline_date TEXT,
  goal_target_date TEXT,
  -- [{"name","frequency","minutes","staff_id"}]
  interventions TEXT NOT NULL DEFAULT '[]',
  owner_id INTEGER NOT NULL REFERENCES users (id),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  group_id INTEGER REFERENCES intervention_groups (id),
  case_id INTEGER REFERENCES cases (id),
  created_by INTEGER REFERENCES users (id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  archived_at INTEGER
);
CREATE INDEX plans_student ON plans (student_id, id);
CREATE INDEX plans_owner ON plans (owner_id, status, id);
CREATE INDEX plans_status ON plans (status, id);
CREATE INDEX plans_group ON plans (group_id);
CREATE INDEX plans_area ON plans (area, status, id);
CREATE INDEX plans_tier ON plans (tier, status, id);

CREATE TABLE progress_points (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans (id),
  date TEXT NOT NULL,
  score REAL NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  recorded_by INTEGER REFERENCES users (id),
  recorded_at INTEGER NOT NULL
);
CREATE INDEX progress_points_plan ON progress_points (plan_id, date, id);

CREATE TABLE plan_reviews (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans (id),
  date TEXT NOT NULL,
  reviewer_id INTEGER REFERENCES users (id),
  progress_summary TEXT NOT NULL DEFAULT '{}',
  decision TEXT NOT NULL CHECK (decision IN ('continue', 'modify', 'intensify', 'fade', 'exit', 'refer_for_evaluation')),
  notes TEXT NOT NULL DEFAULT '',
  tier_before INTEGER NOT NULL,
  tier_after INTEGER NOT NULL,
  archived INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX plan_reviews_plan ON plan_reviews (plan_id, date, id);

CREATE TABLE intervention_group_members (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES intervention_groups (id),
  student_id INTEGER NOT NULL REFERENCES students (id),
  plan_id INTEGER REFERENCES plans (id),
  added_at INTEGER NOT NULL,
  added_by INTEGER REFERENCES users (id),
  removed_at INTEGER
);
CREATE UNIQUE INDEX intervention_group_members_current ON intervention_group_members (group_id, student_id) WHERE removed_at IS NULL;
CREATE INDEX intervention_group_members_student ON intervention_group_members (student_id);
