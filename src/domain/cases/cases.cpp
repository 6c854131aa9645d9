#include "domain/cases/cases.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "domain/access/access.hpp"
#include "domain/audit/audit.hpp"
#include "domain/cases/case_engine.hpp"
#include "domain/cases/case_views.hpp"
#include "domain/cases/dictionary.hpp"
#include "domain/notifications/notifications.hpp"
#include "store/students_repo.hpp"
#include "store/users_repo.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace trellis::domain::cases {

access::Subject subject_of(const Principal& principal, Id school_id, const store::CaseRow& c) {
  access::Relationships held;
  if (c.manager_id == principal.user_id) held.add(access::Relationship::case_manager);
  return {.school_id = school_id, .relationships = held};
}

boost::json::array allowed_actions(const Principal& principal, Id school_id,
                                   const store::CaseRow& c) {
  return access::allowed_actions(principal, subject_of(principal, school_id, c),
                                 {access::Action::work_case, access::Action::close_case});
}

namespace {

struct Workable {
  store::CaseRow c;
  store::Student student;
};

// The case when the caller may see its student (else not found) and the policy allows
// `action` on it (else forbidden).
Outcome<Workable> load_workable(store::Connection& conn, const Principal& principal, Id case_id,
                                access::Action action) {
  auto c = store::cases::find(conn, case_id);
  if (!c) return Error::not_found("The case");
  auto student = access::visible_student(conn, principal, c->student_id);
  if (!student) return Error::not_found("The case");
  if (auto refused =
          access::refusal(principal, action, subject_of(principal, student->school_id, *c))) {
    return *refused;
  }
  return Workable{*c, *student};
}

// A dictionary value of `kind` that is in use, else the message for its field.
std::optional<std::string> usable_value_problem(store::Connection& conn, dictionary::ValueKind kind,
                                                Id id, std::optional<bool> closed) {
  auto value = store::dictionary::find_value(conn, id);
  if (!value || value->kind != dictionary::name_of(kind)) return "No such value.";
  if (value->retired) return "\"" + value->name + "\" is retired.";
  if (closed && value->closed != *closed) {
    return *closed ? "Choose a closed status."
                   : "Choose an open status; close the case to close it.";
  }
  return std::nullopt;
}

std::string value_name(store::Connection& conn, std::optional<Id> id) {
  if (!id) return "none";
  auto value = store::dictionary::find_value(conn, *id);
  return value ? value->name : "none";
}

void audit_case(store::Connection& conn, const Actor& actor, const std::string& action,
                const std::optional<store::CaseRow>& before, const store::CaseRow& after) {
  audit::Change change{.action = action,
                       .entity = "case",
                       .entity_id = after.id,
                       .student_id = after.student_id,
                       .after = views::case_record(after)};
  if (before) change.before = views::case_record(*before);
  audit::record(conn, actor, change);
}

void note_on_timeline(CaseEngine& engine, const store::CaseRow& c, std::string_view kind,
                      std::string summary) {
  engine.record_on_case(c.id, {.student_id = c.student_id,
                               .kind = std::string(kind),
                               .summary = std::move(summary),
                               .entity = "case",
                               .entity_id = c.id});
}

// A case manager sees the student: the caller may hand that only to a colleague in their own
// staff directory.
std::optional<std::string> manager_problem(store::Connection& conn, const Principal& principal,
                                           std::optional<Id> manager_id) {
  if (!manager_id) return std::nullopt;
  auto user = store::users::find(conn, *manager_id);
  if (!user || !access::in_staff_directory(principal, *user)) {
    return "Choose an active colleague from your staff directory.";
  }
  return std::nullopt;
}

std::map<std::string, std::string> check_changes(store::Connection& conn,
                                                 const Principal& principal,
                                                 const CaseChanges& changes) {
  std::map<std::string, std::string> fields;
  if (changes.status_id) {
    if (auto problem = usable_value_problem(conn, dictionary::ValueKind::case_status,
                                            *changes.status_id, false)) {
      fields["status_id"] = *problem;
    }
  }
  if (changes.manager_id) {
    if (auto problem = manager_problem(conn, principal, *changes.manager_id)) {
      fields["manager_id"] = *problem;
    }
  }
  if (changes.focus_area_id && *changes.focus_area_id) {
    if (auto problem = usable_value_problem(conn, dictionary::ValueKind::focus_area,
                                            **changes.focus_area_id, std::nullopt)) {
      fields["focus_area_id"] = *problem;
    }
  }
  return fields;
}

// Applies the changes, one timeline entry each.
void apply_changes(store::Connection& conn, CaseEngine& engine, store::CaseRow& c,
                   const CaseChanges& changes) {
  if (changes.status_id && *changes.status_id != c.status_id) {
    note_on_timeline(engine, c, kinds::case_status_changed,
                     fmt::format("Case status changed from {} to {}", value_name(conn, c.status_id),
                                 value_name(conn, *changes.status_id)));
    c.status_id = *changes.status_id;
  }
  if (changes.manager_id && *changes.manager_id != c.manager_id) {
    // The access the old manager had through this case ends with the role.
    if (c.manager_id) {
      access::revoke(conn, *c.manager_id, c.student_id, access::Relationship::case_manager, c.id);
    }
    c.manager_id = *changes.manager_id;
    std::string name = "nobody";
    if (c.manager_id) {
      access::grant(conn, *c.manager_id, c.student_id, access::Relationship::case_manager, c.id);
      const auto user = store::users::find(conn, *c.manager_id);
      name = user->given_name + " " + user->family_name;
      notifications::notify(conn, engine.actor(), {*c.manager_id},
                            {notifications::Kind::case_assigned, "Case " + std::to_string(c.id),
                             "/cases/" + std::to_string(c.id), "case", c.id, c.student_id});
    }
    note_on_timeline(engine, c, kinds::case_manager_changed, "Case manager set to " + name);
  }
  if (changes.focus_area_id && *changes.focus_area_id != c.focus_area_id) {
    c.focus_area_id = *changes.focus_area_id;
    note_on_timeline(engine, c, kinds::case_focus_area_changed,
                     "Focus area set to " + value_name(conn, c.focus_area_id));
  }
}

std::map<std::string, std::string> check_closing(store::Connection& conn, const Closing& closing) {
  std::map<std::string, std::string> fields;
  if (!closing.status_id) {
    fields["status_id"] = "Choose a closed status.";
  } else if (auto problem = usable_value_problem(conn, dictionary::ValueKind::case_status,
                                                 *closing.status_id, true)) {
    fields["status_id"] = *problem;
  }
  if (!closing.reason_id) {
    fields["reason_id"] = "Choose a reason for close.";
  } else if (auto problem = usable_value_problem(conn, dictionary::ValueKind::close_reason,
                                                 *closing.reason_id, std::nullopt)) {
    fields["reason_id"] = *problem;
  }
  if (closing.note) util::check_text(fields, "note", *closing.note, kMaxCloseNote);
  return fields;
}

void close_one(store::Connection& conn, CaseEngine& engine, const Actor& actor,
               const store::CaseRow& before, const Closing& closing) {
  auto after = before;
  after.status_id = *closing.status_id;
  after.close_reason_id = *closing.reason_id;
  after.close_note = closing.note;
  after.closed_at = engine.now();
  after.closed_by = actor.user_id;
  after.updated_at = engine.now();
  note_on_timeline(engine, after, kinds::case_closed,
                   fmt::format("Case closed ({}): {}", value_name(conn, after.status_id),
                               value_name(conn, after.close_reason_id)));
  after.last_activity_at = engine.now();
  store::cases::update(conn, after);
  audit_case(conn, actor, "case.close", before, after);
}

}  // namespace

std::string utc_date(std::int64_t at) {
  return util::format_rfc3339(at).substr(0, 10);
}

Outcome<store::CaseRow> change(store::Connection& conn, const Principal& principal,
                               const Actor& actor, Id case_id, const CaseChanges& changes) {
  auto loaded = load_workable(conn, principal, case_id, access::Action::work_case);
  if (!loaded) return loaded.error();
  auto fields = check_changes(conn, principal, changes);
  if (!fields.empty()) return Error::invalid(std::move(fields));
  const auto before = loaded->c;
  if (!before.is_open() && changes.status_id) {
    return Error::conflict("case_closed", "The case is closed; reopen it to change its status.");
  }
  CaseEngine engine(conn, actor);
  auto after = before;
  apply_changes(conn, engine, after, changes);
  after.updated_at = engine.now();
  after.last_activity_at = engine.now();
  store::cases::update(conn, after);
  audit_case(conn, actor, "case.update", before, after);
  return after;
}

Outcome<store::CaseRow> close(store::Connection& conn, const Principal& principal,
                              const Actor& actor, Id case_id, const Closing& closing) {
  auto loaded = load_workable(conn, principal, case_id, access::Action::close_case);
  if (!loaded) return loaded.error();
  auto fields = check_closing(conn, closing);
  if (!fields.empty()) return Error::invalid(std::move(fields));
  if (!loaded->c.is_open()) return Error::conflict("case_closed", "The case is already closed.");
  CaseEngine engine(conn, actor);
  close_one(conn, engine, actor, loaded->c, closing);
  return *store::cases::find(conn, case_id);
}

Outcome<store::CaseRow> reopen(store::Connection& conn, const Principal& principal,
                               const Actor& actor, Id case_id) {
  auto loaded = load_workable(conn, principal, case_id, access::Action::work_case);
  if (!loaded) return loaded.error();
  const auto before = loaded->c;
  if (before.is_open()) return Error::conflict("case_open", "The case is already open.");
  if (store::cases::find_open_for_student(conn, before.student_id)) {
    return Error::conflict("case_already_open",
                           "The student has another open case; a student has one at a time.");
  }
  CaseEngine engine(conn, actor);
  auto after = before;
  after.status_id = engine.default_status_id();
  after.closed_at.reset();
  after.closed_by.reset();
  after.close_reason_id.reset();
  after.close_note.reset();
  after.updated_at = engine.now();
  after.last_activity_at = engine.now();
  store::cases::update(conn, after);
  note_on_timeline(engine, after, kinds::case_reopened, "Case reopened by hand");
  audit_case(conn, actor, "case.reopen", before, after);
  return after;
}

Outcome<store::CaseRow> open(store::Connection& conn, const Principal& principal,
                             const Actor& actor, Id student_id) {
  auto student = access::visible_student(conn, principal, student_id);
  if (!student) return Error::not_found("The student");
  if (auto refused = access::refusal(principal, access::Action::open_case,
                                     access::record_subject(*student, {}))) {
    return *refused;
  }
  CaseEngine engine(conn, actor);
  auto case_id = engine.open_by_hand(student_id, principal.display_name());
  if (!case_id) return case_id.error();
  auto opened = *store::cases::find(conn, *case_id);
  audit_case(conn, actor, "case.open", std::nullopt, opened);
  return opened;
}

Outcome<std::int64_t> bulk_close(store::Connection& conn, const Principal& principal,
                                 const Actor& actor, store::case_queries::DashboardFilter filter,
                                 const Closing& closing) {
  auto fields = check_closing(conn, closing);
  if (!fields.empty()) return Error::invalid(std::move(fields));
  filter.status = "open";
  CaseEngine engine(conn, actor);
  const auto rows = store::case_queries::all(conn, access::student_scope(principal), filter,
                                             util::district_date(engine.now()), engine.now());
  // Cases named one by one are all closed or none: one that is closed already, unknown or not
  // the caller's to see means the list was not what the person meant. Answered as closing
  // that case alone would be: 404 for unknown or unseen, 409 for closed already.
  const std::set<Id> named(filter.case_ids.begin(), filter.case_ids.end());
  if (!named.empty() && rows.size() != named.size()) {
    auto any_status = filter;
    any_status.status = "all";
    const auto seen = store::case_queries::all(conn, access::student_scope(principal), any_status,
                                               util::district_date(engine.now()), engine.now());
    if (seen.size() != named.size()) {
      const auto message = fmt::format("{} of these {} cases were not found.",
                                       named.size() - seen.size(), named.size());
      return Error{ErrorKind::not_found, "not_found", message, {{"case_ids", message}}};
    }
    const auto message = fmt::format("{} of these {} cases are closed already.",
                                     named.size() - rows.size(), named.size());
    return Error{ErrorKind::conflict, "case_closed", message, {{"case_ids", message}}};
  }
  // Each case is asked as if it were closed alone; one refusal refuses them all.
  for (const auto& row : rows) {
    if (auto refused = access::refusal(principal, access::Action::close_case,
                                       subject_of(principal, row.school_id, row.c))) {
      return *refused;
    }
  }
  for (const auto& row : rows) close_one(conn, engine, actor, row.c, closing);
  return static_cast<std::int64_t>(rows.size());
}

Outcome<std::vector<BackfillStudent>> backfill(store::Connection& conn, const Principal& principal,
                                               const Actor& actor, const BackfillRequest& request) {
  if (auto refused = access::refusal(principal, access::Action::manage_dictionary, {})) {
    return *refused;
  }
  std::map<std::string, std::string> fields;
  if (!parse_trigger(request.trigger)) fields["trigger"] = "Choose one of the six triggers.";
  if (request.to <= request.from) fields["to"] = "The range must end after it starts.";
  if (!fields.empty()) return Error::invalid(std::move(fields));
  CaseEngine engine(conn, actor);
  if (!engine.settings().enabled) {
    return Error{ErrorKind::conflict, "case_management_disabled",
                 "Turn case management on before a backfill."};
  }
  std::vector<Id> student_ids;
  std::map<Id, std::vector<store::EventRow>> events_by_student;
  for (auto& event : store::events::unlinked(conn, request.trigger, request.from, request.to)) {
    auto& events = events_by_student[event.student_id];
    if (events.empty()) student_ids.push_back(event.student_id);
    events.push_back(std::move(event));
  }
  std::vector<BackfillStudent> students;
  for (auto& student : store::students::find_many(conn, student_ids)) {
    auto events = std::move(events_by_student[student.id]);
    students.push_back({std::move(student), std::move(events), {}});
  }
  if (!request.apply) return students;
  const auto rule =
      fmt::format("Backfill of {} events from {} to {} by {}", request.trigger,
                  utc_date(request.from), utc_date(request.to), principal.display_name());
  boost::json::array case_ids;
  for (auto& item : students) {
    auto opened = engine.open_by_backfill(item.student.id, item.events, rule);
    if (!opened) return opened.error();
    item.case_id = *opened;
    case_ids.push_back(*opened);
    audit_case(conn, actor, "case.open", std::nullopt, *store::cases::find(conn, *opened));
  }
  audit::record(conn, actor,
                {.action = "case_management.backfill",
                 .entity = "dictionary_version",
                 .entity_id = engine.settings().version_id,
                 .after = boost::json::object{{"trigger", request.trigger},
                                              {"from", util::format_rfc3339(request.from)},
                                              {"to", util::format_rfc3339(request.to)},
                                              {"case_ids", case_ids}}});
  return students;
}

}  // namespace trellis::domain::cases

namespace trellis::domain::cases {

store::Page<store::case_queries::DashboardRow> dashboard(
    store::Connection& conn, const Principal& principal,
    const store::case_queries::DashboardFilter& filter, std::int64_t now) {
  return store::case_queries::list(conn, access::student_scope(principal), filter,
                                   util::district_date(now), now);
}

std::vector<store::case_queries::DashboardRow> dashboard_export(
    store::Connection& conn, const Principal& principal,
    const store::case_queries::DashboardFilter& filter, std::int64_t now) {
  auto rows = store::case_queries::all(conn, access::student_scope(principal), filter,
                                       util::district_date(now), now);
  // Seeing a case is not exporting it: each row is asked, and the export is what may leave.
  std::erase_if(rows, [&](const auto& row) {
    return !access::allows(principal, access::Action::export_cases,
                           subject_of(principal, row.school_id, row.c));
  });
  return rows;
}

std::vector<store::case_queries::DashboardRow> student_cases(store::Connection& conn,
                                                             const Principal& principal,
                                                             Id student_id, std::int64_t now) {
  store::case_queries::DashboardFilter filter;
  filter.status = "all";
  filter.student_id = student_id;
  return store::case_queries::all(conn, access::student_scope(principal), filter,
                                  util::district_date(now), now);
}

store::case_queries::Summary summary(store::Connection& conn, const Principal& principal,
                                     std::int64_t now, int weeks) {
  constexpr std::int64_t kWeek = 7LL * 86'400'000'000LL;
  return store::case_queries::summary(conn, access::student_scope(principal), now - weeks * kWeek);
}

std::optional<CasePage> case_page(store::Connection& conn, const Principal& principal, Id case_id,
                                  std::int64_t now) {
  auto row = store::case_queries::one(conn, access::student_scope(principal), case_id,
                                      util::district_date(now), now);
  if (!row) return std::nullopt;
  CasePage page{*row, {}, {}, {}, {}, {}};
  if (row->c.opened_by_event_id) {
    page.opened_by = store::events::find(conn, *row->c.opened_by_event_id);
  }
  if (row->c.dictionary_version_id) {
    page.dictionary_version = store::dictionary::find_version(conn, *row->c.dictionary_version_id);
  }
  page.tasks = store::case_queries::tasks_of_case(conn, case_id);
  page.meetings = store::case_queries::meetings_of_case(conn, row->c);
  page.timeline = store::events::timeline(
      conn, {.student_id = row->student_id, .case_id = case_id, .limit = 20});
  return page;
}

}  // namespace trellis::domain::cases
