-- A name search by someone who sees a school rather than the district walks the school's
-- students in name order (family-name prefix), or the school's given-name prefix range,
-- instead of the district's whole name index (students_repo.cpp, name_search).
CREATE INDEX students_school_name ON students (school_id, lower(family_name), lower(given_name), id);
CREATE INDEX students_school_given_name ON students (school_id, lower(given_name));
