-- Forms have an owner scope: NULL is a district form (the Referral form), built and changed by
-- district administrators; otherwise the school whose own form it is, built and changed by
-- that school's administrators, counselors and interventionists, and offered to its staff.
ALTER TABLE forms ADD COLUMN school_id BIGINT REFERENCES schools (id);
CREATE INDEX forms_school ON forms (school_id);
