-- Grows a demo district (seeded by `trellis demo`) into the case-management benchmark's data
-- set on SQLite: 100,000 more students, 30,000 open and 10,000 closed cases, 1,000,000
-- timeline events, 80,000 tasks and 2,000 meetings with 20,000 students on them. Everything
-- is consistent with what the case engine would have written (events linked to their cases,
-- cases naming the event that opened them). Deterministic. Run with the sqlite3 shell:
--   sqlite3 DB < bench/data/case_district.sql
-- A district-scale generator in C++ for both databases is the roster/scale issue's work.
PRAGMA foreign_keys = ON;
BEGIN;

CREATE TEMP TABLE bench_now AS SELECT CAST(unixepoch('now') AS INTEGER) * 1000000 AS now;
CREATE TEMP TABLE given_names (i INTEGER PRIMARY KEY, name TEXT);
INSERT INTO given_names (i, name) VALUES (0,'Ava'),(1,'Liam'),(2,'Noah'),(3,'Emma'),(4,'Mia'),
  (5,'Lucas'),(6,'Sofia'),(7,'Mateo'),(8,'Amara'),(9,'Ethan'),(10,'Zoe'),(11,'Omar'),
  (12,'Priya'),(13,'Diego'),(14,'Hana'),(15,'Kai'),(16,'Leah'),(17,'Yusuf'),(18,'Nora'),(19,'Ivan');
CREATE TEMP TABLE family_names (i INTEGER PRIMARY KEY, name TEXT);
INSERT INTO family_names (i, name) VALUES (0,'Garcia'),(1,'Smith'),(2,'Nguyen'),(3,'Johnson'),
  (4,'Patel'),(5,'Brown'),(6,'Kim'),(7,'Lopez'),(8,'Okafor'),(9,'Miller'),(10,'Chen'),
  (11,'Davis'),(12,'Haddad'),(13,'Wilson'),(14,'Singh'),(15,'Moore'),(16,'Rossi'),(17,'Taylor'),
  (18,'Kowalski'),(19,'Anderson'),(20,'Silva'),(21,'Thomas'),(22,'Ali'),(23,'Martin'),
  (24,'Novak'),(25,'Clark'),(26,'Ibrahim'),(27,'Lewis'),(28,'Sato'),(29,'Walker');

-- Students: school 1 (K-5), 2 (6-8), 3 (9-12) in turn.
WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < 99999)
INSERT INTO students (local_id, given_name, family_name, grade, school_id, created_at, updated_at)
SELECT 'B' || printf('%06d', x),
       (SELECT name FROM given_names WHERE i = x % 20),
       (SELECT name FROM family_names WHERE i = (x / 20) % 30) || CASE WHEN x % 7 = 0 THEN '-' || (x % 97) ELSE '' END,
       CASE x % 3
         WHEN 0 THEN CASE (x / 3) % 6 WHEN 0 THEN 'KG' ELSE printf('%02d', (x / 3) % 6) END
         WHEN 1 THEN printf('%02d', 6 + (x / 3) % 3)
         ELSE printf('%02d', 9 + (x / 3) % 4) END,
       1 + x % 3, (SELECT now FROM bench_now), (SELECT now FROM bench_now)
FROM n;

CREATE TEMP TABLE bench_students AS
SELECT id, CAST(substr(local_id, 2) AS INTEGER) AS x FROM students WHERE local_id LIKE 'B%';

-- Case management on, with two triggers, as a district would run it.
INSERT INTO dictionary_versions (effective_at, changed_by, change, enabled, open_case_on)
SELECT now - 200 * 86400000000, 1, 'Case management settings', 1,
       '["task_assigned","meeting_student_added"]' FROM bench_now;

-- 30% of the students have an open case, 10% a closed one; opened over the last 180 days.
INSERT INTO cases (student_id, school_id, grade, status_id, opened_at, opened_by_kind, opened_by_user_id,
                   opened_rule, dictionary_version_id, manager_id, focus_area_id, closed_at,
                   closed_by, close_reason_id, last_activity_at, updated_at)
SELECT s.id, st.school_id, st.grade,
       CASE WHEN s.x % 10 = 3 THEN 3 WHEN s.x % 5 = 0 THEN 2 ELSE 1 END,
       b.now - (s.x % 180) * 86400000000 - (s.x % 86400) * 1000000,
       CASE s.x % 2 WHEN 0 THEN 'task_assigned' ELSE 'meeting_student_added' END,
       1,
       'Open Case On Event: ' || CASE s.x % 2 WHEN 0 THEN 'task_assigned' ELSE 'meeting_student_added' END,
       (SELECT max(id) FROM dictionary_versions),
       CASE WHEN s.x % 4 = 0 THEN (SELECT min(id) FROM users WHERE email LIKE 'counselor.%') END,
       8 + s.x % 4,
       CASE WHEN s.x % 10 = 3 THEN b.now - (s.x % 30) * 86400000000 END,
       CASE WHEN s.x % 10 = 3 THEN 1 END,
       CASE WHEN s.x % 10 = 3 THEN 4 + s.x % 4 END,
       b.now - (s.x % 30) * 3600000000, b.now
FROM bench_students s JOIN students st ON st.id = s.id, bench_now b WHERE s.x % 10 < 4;

-- Ten events a student: 1,000,000. Those of students with a case belong to it.
WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 9)
INSERT INTO student_events (student_id, kind, at, actor_id, summary, entity, case_id, detail)
SELECT s.id,
       CASE k.j % 5 WHEN 0 THEN 'task_assigned' WHEN 1 THEN 'meeting_student_added'
         WHEN 2 THEN 'task_note_added' WHEN 3 THEN 'task_completed' ELSE 'meeting_note_added' END,
       b.now - (s.x % 180) * 86400000000 + k.j * 3600000000,
       1 + (s.x + k.j) % 30,
       CASE k.j % 5 WHEN 0 THEN 'Task assigned: check in weekly' WHEN 1 THEN 'Added to a student meeting'
         WHEN 2 THEN 'Note on a task' WHEN 3 THEN 'Task completed' ELSE 'Meeting note' END,
       CASE k.j % 5 WHEN 1 THEN 'meeting' WHEN 4 THEN 'meeting' ELSE 'task' END,
       c.id, '{}'
FROM bench_students s CROSS JOIN k CROSS JOIN bench_now b
LEFT JOIN cases c ON c.student_id = s.id
ORDER BY b.now - (s.x % 180) * 86400000000 + k.j * 3600000000;

UPDATE cases SET opened_by_event_id = (
  SELECT min(e.id) FROM student_events e WHERE e.case_id = cases.id AND e.kind = cases.opened_by_kind)
WHERE opened_by_event_id IS NULL;

-- Two tasks for each case: one completed, one open (overdue for a third of them).
WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT 1)
INSERT INTO tasks (student_id, assignee_id, created_by, case_id, title, due_date, status,
                   completed_at, completed_by, created_at, updated_at)
SELECT c.student_id, 1 + (c.id % 30), 1, c.id,
       CASE k.j WHEN 0 THEN 'Call home' ELSE 'Check in weekly' END,
       date(c.opened_at / 1000000, 'unixepoch', CASE WHEN c.id % 3 = 0 THEN '+7 days' ELSE '+400 days' END),
       CASE k.j WHEN 0 THEN 'completed' ELSE 'open' END,
       CASE k.j WHEN 0 THEN c.opened_at + 86400000000 END,
       CASE k.j WHEN 0 THEN 1 END,
       c.opened_at, c.opened_at
FROM cases c CROSS JOIN k WHERE c.student_id IN (SELECT id FROM bench_students);

-- 2,000 upcoming meetings with ten students each.
WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < 1999)
INSERT INTO meetings (title, starts_at, ends_at, location, created_by, created_at, updated_at)
SELECT 'Student support team ' || x, b.now + (1 + x % 60) * 86400000000,
       b.now + (1 + x % 60) * 86400000000 + 3600000000, 'Room ' || (x % 40), 1, b.now, b.now
FROM n, bench_now b;
INSERT INTO meeting_students (meeting_id, student_id, added_at, added_by, case_id)
SELECT m.id, s.id, b.now, 1, c.id
FROM bench_students s CROSS JOIN bench_now b
JOIN meetings m ON m.title = 'Student support team ' || (s.x / 10)
LEFT JOIN cases c ON c.student_id = s.id AND c.closed_at IS NULL
WHERE s.x < 20000;

COMMIT;
ANALYZE;
