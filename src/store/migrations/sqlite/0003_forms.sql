-- Forms: the builder's forms, their versions (a response keeps the version it answered) and
-- the responses, each about one student. Same conventions as 0001.

-- tags: a JSON array of text ("openCase" makes a response a case trigger, rule 3).
-- current_version: the number of the version new responses answer.
CREATE TABLE forms (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '[]',
  current_version INTEGER NOT NULL DEFAULT 1,
  built_in INTEGER NOT NULL DEFAULT 0,
  archived INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER REFERENCES users (id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX forms_name ON forms (lower(name), id);

-- fields: a JSON array of {"key","label","type","required","help","options"}. A version is
-- never changed; editing the fields retires it and adds the next one.
CREATE TABLE form_versions (
  id INTEGER PRIMARY KEY,
  form_id INTEGER NOT NULL REFERENCES forms (id),
  number INTEGER NOT NULL,
  fields TEXT NOT NULL,
  created_by INTEGER REFERENCES users (id),
  created_at INTEGER NOT NULL,
  retired_at INTEGER
);
CREATE UNIQUE INDEX form_versions_number ON form_versions (form_id, number);

-- answers: a JSON object {field key: value}. case_id: the case the response opened or joined.
CREATE TABLE form_responses (
  id INTEGER PRIMARY KEY,
  form_id INTEGER NOT NULL REFERENCES forms (id),
  form_version_id INTEGER NOT NULL REFERENCES form_versions (id),
  student_id INTEGER NOT NULL REFERENCES students (id),
  answers TEXT NOT NULL,
  submitted_by INTEGER REFERENCES users (id),
  submitted_at INTEGER NOT NULL,
  case_id INTEGER REFERENCES cases (id)
);
CREATE INDEX form_responses_form ON form_responses (form_id, id);
CREATE INDEX form_responses_student ON form_responses (student_id, id);

-- The Referral form ships ready, tagged openCase. (The fields stay on one line: migrations
-- split statements at lines ending in a semicolon.)
INSERT INTO forms (id, name, description, tags, current_version, built_in, archived, created_by, created_at, updated_at)
VALUES (1, 'Referral', 'Refer a student to the student support team: what worries you, what you have tried and how urgent it is.', '["openCase"]', 1, 1, 0, NULL, (unixepoch() * 1000000), (unixepoch() * 1000000));
INSERT INTO form_versions (id, form_id, number, fields, created_by, created_at, retired_at)
VALUES (1, 1, 1, '[{"key":"concern_area","label":"Concern area","type":"single_choice","required":true,"help":"The main area you are worried about. Pick the closest one and explain it in the description.","options":["Academic","Behaviour","Attendance","Social-emotional","Other"]},{"key":"description","label":"Description of the concern","type":"long_text","required":true,"help":"What have you seen, when and how often? Give concrete examples and dates rather than labels.","options":[]},{"key":"interventions_tried","label":"Interventions already tried","type":"long_text","required":false,"help":"What you have already done for this student (seating change, check-ins, extra practice), for how long, and what happened.","options":[]},{"key":"parent_contacted","label":"Parent or guardian contacted","type":"checkbox","required":false,"help":"Tick this if you have already spoken with a parent or guardian about this concern.","options":[]},{"key":"urgency","label":"Urgency","type":"single_choice","required":true,"help":"High: the student''s safety or wellbeing needs attention today. Medium: within the week. Low: at the next team meeting.","options":["Low","Medium","High"]}]', NULL, (unixepoch() * 1000000), NULL);
