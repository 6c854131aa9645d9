-- The access policy: a relationship that has ended its work (a finished task, a past meeting)
-- keeps the sight of the student it gave until ends_at, then lapses; NULL lasts until the
-- relationship itself ends and the row is deleted.
ALTER TABLE student_access_grants ADD COLUMN ends_at BIGINT;
CREATE INDEX student_access_grants_source ON student_access_grants (reason, source_id);
