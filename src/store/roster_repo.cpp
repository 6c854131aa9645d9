#include "store/roster_repo.hpp"

#include "store/dialect.hpp"
#include "store/users_repo.hpp"

#include <algorithm>
#include <cctype>
#include <type_traits>
#include <utility>

namespace trellis::store::roster {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::size_t index(Entity entity) {
  return static_cast<std::size_t>(entity);
}

// Per entity: its table and the statement that loads its sourcedId map.
constexpr const char* kTables[kEntityCount] = {
    "schools", "academic_sessions", "courses", "classes", "students", "users", "enrollments"};

// Each table's INSERT columns (the values come in this order, sourced_id first); UPDATEs touch a
// row only when some value differs (IS DISTINCT FROM is NULL-safe on both databases), so an
// unchanged row keeps its updated_at.
constexpr const char* kSchoolColumns =
    "schools (sourced_id, name, identifier, active, created_at, updated_at)";
constexpr const char* kUpdateSchool =
    "UPDATE schools SET name = $2, identifier = $3, active = $4, updated_at = $5 WHERE id = $1 "
    "AND (name IS DISTINCT FROM $2 OR identifier IS DISTINCT FROM $3 OR active IS DISTINCT FROM "
    "$4)";

constexpr const char* kSessionColumns =
    "academic_sessions (sourced_id, title, kind, start_date, end_date, school_year, "
    "parent_id, active)";
constexpr const char* kUpdateSession =
    "UPDATE academic_sessions SET title = $2, kind = $3, start_date = $4, end_date = $5, "
    "school_year = $6, parent_id = $7, active = $8 WHERE id = $1 AND (title IS DISTINCT FROM $2 "
    "OR kind IS DISTINCT FROM $3 OR start_date IS DISTINCT FROM $4 OR end_date IS DISTINCT FROM "
    "$5 OR school_year IS DISTINCT FROM $6 OR parent_id IS DISTINCT FROM $7 OR active IS "
    "DISTINCT FROM $8)";

constexpr const char* kCourseColumns =
    "courses (sourced_id, title, course_code, grades, subjects, school_id, active, "
    "created_at, updated_at)";
constexpr const char* kUpdateCourse =
    "UPDATE courses SET title = $2, course_code = $3, grades = $4, subjects = $5, school_id = $6, "
    "active = $7, updated_at = $8 WHERE id = $1 AND (title IS DISTINCT FROM $2 OR course_code IS "
    "DISTINCT FROM $3 OR grades IS DISTINCT FROM $4 OR subjects IS DISTINCT FROM $5 OR school_id "
    "IS DISTINCT FROM $6 OR active IS DISTINCT FROM $7)";

constexpr const char* kClassColumns =
    "classes (sourced_id, school_id, title, class_code, class_type, grades, subjects, "
    "period, term_id, course_id, active, created_at, updated_at)";
constexpr const char* kUpdateClass =
    "UPDATE classes SET school_id = $2, title = $3, class_code = $4, class_type = $5, grades = $6, "
    "subjects = $7, period = $8, term_id = $9, course_id = $10, active = $11, updated_at = $12 "
    "WHERE id = $1 AND (school_id IS DISTINCT FROM $2 OR title IS DISTINCT FROM $3 OR class_code "
    "IS DISTINCT FROM $4 OR class_type IS DISTINCT FROM $5 OR grades IS DISTINCT FROM $6 OR "
    "subjects IS DISTINCT FROM $7 OR period IS DISTINCT FROM $8 OR term_id IS DISTINCT FROM $9 "
    "OR course_id IS DISTINCT FROM $10 OR active IS DISTINCT FROM $11)";

// Demographic values arrive only with demographics.csv: an UPDATE keeps what is stored when
// they are NULL.
constexpr const char* kStudentColumns =
    "students (sourced_id, school_id, local_id, given_name, family_name, middle_name, "
    "preferred_name, email, grade, birth_date, sex, demographics, active, created_at, "
    "updated_at)";
constexpr const char* kUpdateStudent =
    "UPDATE students SET school_id = $2, local_id = $3, given_name = $4, family_name = $5, "
    "middle_name = $6, preferred_name = $7, email = $8, grade = $9, birth_date = "
    "coalesce($10, birth_date), sex = coalesce($11, sex), demographics = coalesce($12, "
    "demographics), active = $13, updated_at = $14 WHERE id = $1 AND (school_id IS DISTINCT FROM "
    "$2 OR local_id IS DISTINCT FROM $3 OR given_name IS DISTINCT FROM $4 OR family_name IS "
    "DISTINCT FROM $5 OR middle_name IS DISTINCT FROM $6 OR preferred_name IS DISTINCT FROM $7 "
    "OR email IS DISTINCT FROM $8 OR grade IS DISTINCT FROM $9 OR birth_date IS DISTINCT FROM "
    "coalesce($10, birth_date) OR sex IS DISTINCT FROM coalesce($11, sex) OR demographics IS "
    "DISTINCT FROM coalesce($12, demographics) OR active IS DISTINCT FROM $13)";

// Staff come without a password: an administrator invites them later.
constexpr const char* kStaffColumns =
    "users (sourced_id, email, given_name, family_name, active, created_at, updated_at)";
constexpr const char* kUpdateStaff =
    "UPDATE users SET sourced_id = $2, email = $3, given_name = $4, family_name = $5, active = "
    "$6, updated_at = $7 WHERE id = $1 AND (sourced_id IS DISTINCT FROM $2 OR email IS DISTINCT "
    "FROM $3 OR given_name IS DISTINCT FROM $4 OR family_name IS DISTINCT FROM $5 OR active IS "
    "DISTINCT FROM $6)";
constexpr const char* kInsertRole =
    "INSERT INTO user_roles (user_id, role, school_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
// Whether the user holds the role already, by the key of user_roles' unique index.
constexpr const char* kRoleHeld =
    "SELECT 1 FROM user_roles WHERE user_id = $1 AND role = $2 AND coalesce(school_id, 0) = "
    "coalesce($3, 0)";

constexpr const char* kEnrollmentColumns =
    "enrollments (sourced_id, class_id, student_id, user_id, role, is_primary, "
    "begin_date, end_date, active)";
constexpr const char* kUpdateEnrollment =
    "UPDATE enrollments SET class_id = $2, student_id = $3, user_id = $4, role = $5, is_primary "
    "= $6, begin_date = $7, end_date = $8, active = $9 WHERE id = $1 AND (class_id IS DISTINCT "
    "FROM $2 OR student_id IS DISTINCT FROM $3 OR user_id IS DISTINCT FROM $4 OR role IS "
    "DISTINCT FROM $5 OR is_primary IS DISTINCT FROM $6 OR begin_date IS DISTINCT FROM $7 OR "
    "end_date IS DISTINCT FROM $8 OR active IS DISTINCT FROM $9)";

// INSERT columns per entity, in Entity order.
constexpr const char* kInsertColumns[kEntityCount] = {
    kSchoolColumns,  kSessionColumns, kCourseColumns,    kClassColumns,
    kStudentColumns, kStaffColumns,   kEnrollmentColumns};

// The id a sourcedId maps to while its row waits in inserts_ (real ids start at 1).
constexpr Id kPendingId = 0;

// Deactivation per table; the tables with updated_at stamp it ($2).
struct DeactivateSql {
  const char* sql;
  bool stamped;
};
constexpr DeactivateSql kDeactivate[kEntityCount] = {
    {"UPDATE schools SET active = 0, updated_at = $2 WHERE id = $1 AND active <> 0", true},
    {"UPDATE academic_sessions SET active = 0 WHERE id = $1 AND active <> 0", false},
    {"UPDATE courses SET active = 0, updated_at = $2 WHERE id = $1 AND active <> 0", true},
    {"UPDATE classes SET active = 0, updated_at = $2 WHERE id = $1 AND active <> 0", true},
    {"UPDATE students SET active = 0, updated_at = $2 WHERE id = $1 AND active <> 0", true},
    {"UPDATE users SET active = 0, updated_at = $2 WHERE id = $1 AND active <> 0", true},
    {"UPDATE enrollments SET active = 0 WHERE id = $1 AND active <> 0", false},
};

}  // namespace

const char* entity_name(Entity entity) {
  constexpr const char* kNames[kEntityCount] = {
      "schools", "academic_sessions", "courses", "classes", "students", "staff", "enrollments"};
  return kNames[index(entity)];
}

void RosterIndex::load(Connection& conn) {
  for (int e = 0; e < kEntityCount; ++e) {
    const auto sql =
        std::string("SELECT sourced_id, id FROM ") + kTables[e] + " WHERE sourced_id IS NOT NULL";
    auto& map = ids[e];
    for (const auto& row : conn.run(sql).rows) map.set(row[0].as_string(), row[1].as_int());
  }
  for (const auto& row : conn.run("SELECT lower(email), id, sourced_id FROM users").rows) {
    emails.emplace(row[0].as_string(),
                   std::pair{row[1].as_int(), row[2].opt_string().value_or("")});
  }
}

DatabaseWriter::DatabaseWriter(Connection& conn, std::int64_t now, const RosterIndex& index,
                               Mode mode, std::size_t max_steps)
    : conn_(conn), now_(now), index_(index), mode_(mode), max_steps_(max_steps) {
  const char* returning = conn_.dialect() == Dialect::postgres ? "sourced_id, id" : "";
  for (const char* columns : kInsertColumns) inserts_.emplace_back(columns, returning);
}

DatabaseWriter::~DatabaseWriter() = default;

std::optional<Id> DatabaseWriter::lookup(Entity entity, const std::string& sourced_id) const {
  if (const auto added = added_[index(entity)].find(sourced_id)) return added;
  return index_.ids[index(entity)].find(sourced_id);
}

bool DatabaseWriter::known(Entity entity, const std::string& sourced_id) const {
  return lookup(entity, sourced_id).has_value();
}

std::optional<std::string> DatabaseWriter::email_owner(const std::string& email) const {
  const auto key = lower(email);
  auto found = emails_.find(key);
  if (found == emails_.end()) {
    found = index_.emails.find(key);
    if (found == index_.emails.end()) return std::nullopt;
  }
  return found->second.second;
}

std::optional<Id> DatabaseWriter::id_of(Entity entity,
                                        const std::optional<std::string>& sourced_id) {
  if (!sourced_id) return std::nullopt;
  auto id = lookup(entity, *sourced_id);
  if (id == kPendingId) {
    if (mode_ == Mode::plan) {
      fresh_reference_ = true;
      return id;
    }
    write_pending(entity);
    id = lookup(entity, *sourced_id);
  }
  return id;
}

Id DatabaseWriter::require(Entity entity, const std::string& sourced_id) {
  auto id = id_of(entity, sourced_id);
  if (!id)
    throw DatabaseError(std::string("roster import: unresolved ") + entity_name(entity) + " " +
                        sourced_id);
  return *id;
}

void DatabaseWriter::write_pending(Entity entity) {
  auto& map = added_[index(entity)];
  for (const auto& row : inserts_[index(entity)].write(conn_)) {
    map.set(row[0].as_string(), row[1].as_int());
  }
}

void DatabaseWriter::finish() {
  if (mode_ == Mode::apply) {
    for (int e = 0; e < kEntityCount; ++e) write_pending(static_cast<Entity>(e));
  }
}

bool DatabaseWriter::would_change(const char* update_sql, bool stamped,
                                  std::span<const Param> params) {
  // "UPDATE t SET ... WHERE id = $1 AND (differs)" asks "SELECT 1 FROM t WHERE id = $1 AND
  // (differs)": one condition for both, so the plan cannot disagree with the write.
  auto& select = selects_[update_sql];
  if (select.empty()) {
    const std::string_view sql(update_sql);
    const auto table = sql.substr(7, sql.find(" SET ") - 7);
    select = "SELECT 1 FROM " + std::string(table) + std::string(sql.substr(sql.find(" WHERE ")));
  }
  return !conn_.execute(select, stamped ? params.first(params.size() - 1) : params).rows.empty();
}

template <class Row>
Change DatabaseWriter::record(const Row& row, Change change) {
  if (mode_ == Mode::plan && change != Change::unchanged) {
    if (steps_.size() == max_steps_) throw PlanTooLarge();
    steps_.emplace_back(row);
  }
  return change;
}

template <class AddRow, class... Args>
Change DatabaseWriter::upsert(Entity entity, const std::string& sourced_id, AddRow add_row,
                              const char* update_sql, const Args&... values) {
  const bool fresh_reference = std::exchange(fresh_reference_, false);
  if (const auto found = lookup(entity, sourced_id)) {
    if (mode_ == Mode::apply) {
      return conn_.run(update_sql, *found, values...).affected > 0 ? Change::updated
                                                                   : Change::unchanged;
    }
    if (fresh_reference || *found == kPendingId) return Change::updated;
    const Param params[] = {to_param(*found), to_param(values)...};
    return would_change(update_sql, kDeactivate[index(entity)].stamped, params) ? Change::updated
                                                                                : Change::unchanged;
  }
  auto& map = added_[index(entity)];
  if (mode_ == Mode::plan) {
    map.set(sourced_id, kPendingId);
    return Change::created;
  }
  auto& pending = inserts_[index(entity)];
  add_row(pending);
  if (conn_.dialect() == Dialect::sqlite) {
    map.set(sourced_id, insert_now(entity));
  } else {
    map.set(sourced_id, kPendingId);
    if (pending.rows() >= PendingRows::kRowsPerStatement) write_pending(entity);
  }
  return Change::created;
}

Id DatabaseWriter::insert_now(Entity entity) {
  const auto answered = inserts_[index(entity)].write(conn_);
  if (conn_.dialect() == Dialect::postgres) return answered.at(0)[1].as_int();
  // SQLite runs RETURNING as a trigger program, which makes every insert keep a statement
  // journal (a fifth of a roster import's time); last_insert_rowid() is free.
  return conn_.one("SELECT last_insert_rowid()")[0].as_int();
}

Change DatabaseWriter::put(const SchoolRow& row) {
  return record(row, upsert(
                         Entity::school, row.sourced_id,
                         [&](PendingRows& rows) {
                           rows.add(row.sourced_id, row.name, row.identifier, row.active, now_,
                                    now_);
                         },
                         kUpdateSchool, row.name, row.identifier, row.active, now_));
}

Change DatabaseWriter::put(const SessionRow& row) {
  const auto parent = id_of(Entity::session, row.parent);
  return record(row, upsert(
                         Entity::session, row.sourced_id,
                         [&](PendingRows& rows) {
                           rows.add(row.sourced_id, row.title, row.kind, row.start_date,
                                    row.end_date, row.school_year, parent, row.active);
                         },
                         kUpdateSession, row.title, row.kind, row.start_date, row.end_date,
                         row.school_year, parent, row.active));
}

Change DatabaseWriter::put(const CourseRow& row) {
  const auto school = id_of(Entity::school, row.school);
  return record(row, upsert(
                         Entity::course, row.sourced_id,
                         [&](PendingRows& rows) {
                           rows.add(row.sourced_id, row.title, row.course_code, row.grades,
                                    row.subjects, school, row.active, now_, now_);
                         },
                         kUpdateCourse, row.title, row.course_code, row.grades, row.subjects,
                         school, row.active, now_));
}

Change DatabaseWriter::put(const ClassRow& row) {
  const Id school = require(Entity::school, row.school);
  const auto term = id_of(Entity::session, row.term);
  const auto course = id_of(Entity::course, row.course);
  return record(row, upsert(
                         Entity::class_, row.sourced_id,
                         [&](PendingRows& rows) {
                           rows.add(row.sourced_id, school, row.title, row.class_code,
                                    row.class_type, row.grades, row.subjects, row.period, term,
                                    course, row.active, now_, now_);
                         },
                         kUpdateClass, school, row.title, row.class_code, row.class_type,
                         row.grades, row.subjects, row.period, term, course, row.active, now_));
}

Change DatabaseWriter::put(const StudentRow& row) {
  const Id school = require(Entity::school, row.school);
  return record(row, upsert(
                         Entity::student, row.sourced_id,
                         [&](PendingRows& rows) {
                           rows.add(row.sourced_id, school, row.local_id, row.given_name,
                                    row.family_name, row.middle_name, row.preferred_name, row.email,
                                    row.grade, row.birth_date, row.sex,
                                    row.demographics_json.value_or("{}"), row.active, now_, now_);
                         },
                         kUpdateStudent, school, row.local_id, row.given_name, row.family_name,
                         row.middle_name, row.preferred_name, row.email, row.grade, row.birth_date,
                         row.sex, row.demographics_json, row.active, now_));
}

Change DatabaseWriter::put(const StaffRow& row) {
  auto change = Change::unchanged;
  const auto key = lower(row.email);
  auto id = lookup(Entity::staff, row.sourced_id);
  if (!id) {
    // An account made by hand before the first import (same e-mail) becomes this person's.
    if (auto owner = emails_.find(key); owner != emails_.end()) {
      id = owner->second.first;
    } else if (auto stored = index_.emails.find(key); stored != index_.emails.end()) {
      id = stored->second.first;
    }
  }
  if (id && mode_ == Mode::apply) {
    if (conn_
            .run(kUpdateStaff, *id, row.sourced_id, row.email, row.given_name, row.family_name,
                 row.active, now_)
            .affected > 0) {
      change = Change::updated;
    }
  } else if (id) {
    const Param params[] = {to_param(*id),
                            to_param(row.sourced_id),
                            to_param(row.email),
                            to_param(row.given_name),
                            to_param(row.family_name),
                            to_param(row.active),
                            to_param(now_)};
    if (*id == kPendingId || would_change(kUpdateStaff, true, params)) change = Change::updated;
  } else if (mode_ == Mode::plan) {
    id = kPendingId;
    change = Change::created;
  } else {
    // Inserted at once on both databases: the roles below need the id, and staff are few.
    inserts_[index(Entity::staff)].add(row.sourced_id, row.email, row.given_name, row.family_name,
                                       row.active, now_, now_);
    id = insert_now(Entity::staff);
    change = Change::created;
  }
  added_[index(Entity::staff)].set(row.sourced_id, *id);
  emails_.insert_or_assign(key, std::pair{*id, row.sourced_id});
  for (const auto& role : row.roles) {
    const auto school = id_of(Entity::school, role.school);
    bool added = false;
    if (mode_ == Mode::apply) {
      added = conn_.run(kInsertRole, *id, role_name(role.role), school).affected > 0;
    } else {
      added = std::exchange(fresh_reference_, false) || *id == kPendingId ||
              conn_.run(kRoleHeld, *id, role_name(role.role), school).rows.empty();
    }
    if (added && change == Change::unchanged) change = Change::updated;
  }
  return record(row, change);
}

Change DatabaseWriter::put(const EnrollmentRow& row) {
  const Id person = require(row.student ? Entity::student : Entity::staff, row.person);
  const Param student = row.student ? Param{person} : Param{nullptr};
  const Param user = row.student ? Param{nullptr} : Param{person};
  const Id class_id = require(Entity::class_, row.class_);
  return record(row, upsert(
                         Entity::enrollment, row.sourced_id,
                         [&](PendingRows& rows) {
                           rows.add(row.sourced_id, class_id, student, user, row.role, row.primary,
                                    row.begin_date, row.end_date, row.active);
                         },
                         kUpdateEnrollment, class_id, student, user, row.role, row.primary,
                         row.begin_date, row.end_date, row.active));
}

Change DatabaseWriter::deactivate(Entity entity, const std::string& sourced_id) {
  const auto& d = kDeactivate[index(entity)];
  if (mode_ == Mode::plan) {
    const auto id = lookup(entity, sourced_id);
    if (!id) {
      throw DatabaseError(std::string("roster import: unresolved ") + entity_name(entity) + " " +
                          sourced_id);
    }
    const Param params[] = {to_param(*id)};
    if (*id != kPendingId && !would_change(d.sql, false, params)) return Change::unchanged;
    return record(Deactivation{entity, sourced_id}, Change::deactivated);
  }
  const Id id = require(entity, sourced_id);
  const auto result = d.stamped ? conn_.run(d.sql, id, now_) : conn_.run(d.sql, id);
  return result.affected > 0 ? Change::deactivated : Change::unchanged;
}

void apply(Connection& conn, std::int64_t now, const RosterIndex& index,
           const std::vector<Step>& steps) {
  DatabaseWriter writer(conn, now, index, DatabaseWriter::Mode::apply);
  for (const auto& step : steps) {
    std::visit(
        [&](const auto& row) {
          if constexpr (std::is_same_v<std::decay_t<decltype(row)>, Deactivation>) {
            writer.deactivate(row.entity, row.sourced_id);
          } else {
            writer.put(row);
          }
        },
        step);
  }
  writer.finish();
}

namespace import_runs {

Id create(Connection& conn, const ImportRun& run) {
  return conn
      .one(
          "INSERT INTO import_runs (kind, source, mode, status, requested_by, created_at) VALUES "
          "($1, $2, $3, $4, $5, $6) RETURNING id",
          run.kind, run.source, run.mode, run.status, run.requested_by, run.created_at)[0]
      .as_int();
}

void mark_running(Connection& conn, Id id, std::int64_t at) {
  conn.run("UPDATE import_runs SET status = 'running', started_at = $2 WHERE id = $1", id, at);
}

void finish(Connection& conn, const ImportRun& run, const std::vector<ImportProblemRow>& problems) {
  conn.run(
      "UPDATE import_runs SET status = $2, started_at = coalesce(started_at, $3), finished_at = "
      "$4, summary = $5, error = $6, errors = $7, warnings = $8 WHERE id = $1",
      run.id, run.status, run.started_at, run.finished_at, run.summary_json, run.error, run.errors,
      run.warnings);
  for (const auto& p : problems) {
    conn.run(
        "INSERT INTO import_problems (run_id, severity, file, line, col, field, reason) VALUES "
        "($1, $2, $3, $4, $5, $6, $7)",
        run.id, p.severity, p.file, p.line, p.column, p.field, p.reason);
  }
}

std::optional<ImportRun> find(Connection& conn, Id id) {
  auto row = conn.maybe_one(
      "SELECT id, kind, source, mode, status, requested_by, created_at, started_at, finished_at, "
      "summary, error, errors, warnings FROM import_runs WHERE id = $1",
      id);
  if (!row) return std::nullopt;
  const auto& r = *row;
  return ImportRun{r[0].as_int(),    r[1].as_string(),  r[2].as_string(),   r[3].as_string(),
                   r[4].as_string(), r[5].opt_int(),    r[6].as_int(),      r[7].opt_int(),
                   r[8].opt_int(),   r[9].opt_string(), r[10].opt_string(), r[11].as_int(),
                   r[12].as_int()};
}

std::vector<Id> unfinished(Connection& conn, std::int64_t created_before) {
  std::vector<Id> ids;
  for (const auto& r : conn.run("SELECT id FROM import_runs WHERE status IN ('queued', 'running') "
                                "AND created_at < $1 ORDER BY id",
                                created_before)
                           .rows) {
    ids.push_back(r[0].as_int());
  }
  return ids;
}

std::vector<std::pair<Id, ImportProblemRow>> problems(Connection& conn, Id run_id, Id after_id,
                                                      int limit) {
  std::vector<std::pair<Id, ImportProblemRow>> out;
  for (const auto& r :
       conn.run("SELECT id, severity, file, line, col, field, reason FROM import_problems WHERE "
                "run_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                run_id, after_id, limit)
           .rows) {
    out.emplace_back(r[0].as_int(),
                     ImportProblemRow{r[1].as_string(), r[2].as_string(), r[3].as_int(),
                                      r[4].as_int(), r[5].as_string(), r[6].as_string()});
  }
  return out;
}

}  // namespace import_runs

}  // namespace trellis::store::roster
