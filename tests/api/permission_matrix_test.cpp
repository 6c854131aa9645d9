// The permission matrix: every route of the route table (api/route_policy.cpp), asked by each
// of the four roles, for a student in each situation a caller can be in (another school, the
// caller's school, and each relationship kind), against the real server on both databases.
//
// What a cell expects comes from the policy (domain/access), never from this file: 404 when
// the caller may not see the student, 403 when they see the student but the route's row
// refuses, success when it allows. A refused write must change nothing. A route of the server
// without a probe here fails the coverage test, so a new route cannot slip past the matrix.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "api/route_policy.hpp"
#include "api/routes.hpp"
#include "domain/access/access.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "store/users_repo.hpp"
#include "support/api_fixture.hpp"
#include "support/sample_files.hpp"
#include "support/sample_records.hpp"

namespace trellis::testing {
namespace {

namespace json = boost::json;
namespace access = domain::access;
using access::Action;
using access::Relationship;
using store::Id;

// The kinds of record a route reads or writes; a relationship belongs to one of them.
// `fresh`: a record the request makes, with which nobody has a relationship yet.
enum class Kind { student, case_, task, meeting, plan, group, response, file, fresh };

std::optional<Kind> kind_of(Relationship r) {
  switch (r) {
    case Relationship::case_manager:
      return Kind::case_;
    case Relationship::task_assignee:
    case Relationship::task_creator:
      return Kind::task;
    case Relationship::meeting_attendee:
      return Kind::meeting;
    case Relationship::plan_owner:
      return Kind::plan;
    case Relationship::group_facilitator:
      return Kind::group;
    case Relationship::class_teacher:
      return std::nullopt;
  }
  return std::nullopt;
}

// Where the caller stands with the student of a cell.
struct Situation {
  std::string name;
  bool same_school = false;
  std::optional<Relationship> relationship;  // held with a student of another school
};

std::vector<Situation> situations() {
  std::vector<Situation> all{{"another school", false, std::nullopt},
                             {"same school", true, std::nullopt}};
  for (std::size_t i = 0; i < access::kRelationshipCount; ++i) {
    const auto r = static_cast<Relationship>(i);
    all.push_back({std::string(access::name_of(r)), false, r});
  }
  return all;
}

// One student and the records a cell needs, made by the district administrator.
struct Records {
  Id school = 0;
  Id student = 0;
  Id case_id = 0, task_id = 0, meeting_id = 0, plan_id = 0, group_id = 0, response_id = 0,
     file_id = 0;
  std::string family_name;
};

struct Cell;
using Call = std::function<HttpResult(Cell&)>;

struct Probe {
  std::string method;
  std::string pattern;
  Action action;
  Kind kind;  // the record whose relationships the action counts
  bool write = false;
  std::set<Kind> needs;  // records to make beside the student
  Call call;
  // For lists: whether the student's record must be in the answer (default: the caller sees it).
  std::function<bool(const Cell&, const HttpResult&)> listed;
  // Run before the call by the district administrator (close the case before a reopen).
  std::function<void(Cell&)> prepare;
  // A route asking two rows (group member adds: group.manage on the group, then plan.create
  // on the student): the second row, asked on the student.
  std::optional<Action> then_on_student;
};

class PermissionMatrix;

struct Cell {
  PermissionMatrix* fx;
  const Probe* probe;
  std::string caller_email;
  Id caller_id;
  const domain::Principal* principal;
  HttpClient* client;
  const Situation* situation;
  Records r;
  Id group_facilitator = 0;  // of r.group
};

std::string ids(Id id) {
  return std::to_string(id);
}

class PermissionMatrix : public ApiTest {
 public:
  struct Caller {
    std::string email;
    Id id = 0;
    domain::Principal principal;
    std::unique_ptr<HttpClient> client;
  };

 protected:
  void SetUp() override {
    db_ = store::open_database(server().db_url());
    admin_ = std::make_unique<HttpClient>(signed_in(kDistrictAdmin));
    admin_id_ = user_id(kDistrictAdmin);
    set_case_management(*admin_, true, {});
    for (const auto& [name, id] : school_ids()) schools_[name] = id;
  }

  std::map<std::string, Id> school_ids() {
    std::map<std::string, Id> out;
    const auto schools = admin_->get("/api/v1/schools").json();
    for (const auto& school : schools.at("items").as_array()) {
      out[std::string(school.at("name").as_string())] = school.at("id").as_int64();
    }
    return out;
  }

  Id user_id(const std::string& email) {
    return count("SELECT id FROM users WHERE email = '" + email + "'");
  }

  Caller caller(const std::string& email) {
    Caller c;
    c.email = email;
    c.id = user_id(email);
    c.client = std::make_unique<HttpClient>(signed_in(email));
    db_->read([&](store::Connection& conn) {
      auto user = store::users::find(conn, c.id);
      c.principal.user_id = c.id;
      c.principal.roles = user->roles;
    });
    return c;
  }

  // A school at which the caller holds no role (for district administrators: any).
  Id school_without_role(const domain::Principal& p) {
    for (const auto& [name, id] : schools_) {
      bool holds = false;
      for (const auto& g : p.roles) holds = holds || g.school_id == id;
      if (!holds) return id;
    }
    return schools_.begin()->second;
  }
  Id school_with_role(const domain::Principal& p) {
    for (const auto& g : p.roles) {
      if (g.school_id) return *g.school_id;
    }
    return schools_.begin()->second;
  }

 public:
  void sql(const std::string& text) {
    db_->write([&](store::Connection& conn) { conn.run(text); });
  }
  Id scalar(const std::string& text) {
    Id n = 0;
    db_->read([&](store::Connection& conn) { n = conn.one(text)[0].as_int(); });
    return n;
  }
  HttpClient& admin() { return *admin_; }
  Id admin_id() const { return admin_id_; }

  // Entries in the cell's student's access log that name what was read.
  Id reads_logged(const Cell& cell) {
    return scalar("SELECT count(*) FROM student_access_log WHERE student_id = " +
                  std::to_string(cell.r.student) + " AND detail IS NOT NULL AND detail <> ''");
  }

  // What a refused write must leave alone.
  std::vector<Id> footprint() {
    return {scalar("SELECT count(*) FROM audit_log"),
            scalar("SELECT count(*) FROM student_events"),
            scalar("SELECT count(*) FROM student_access_grants"),
            scalar("SELECT count(*) FROM cases WHERE closed_at IS NULL"),
            scalar("SELECT count(*) FROM tasks"),
            scalar("SELECT count(*) FROM plans")};
  }

  Id created_id(const HttpResult& result, const std::string& what) {
    EXPECT_TRUE(result.status == 201 || result.status == 200)
        << "making the " << what << ": " << result.status << " " << result.body;
    if (result.status != 201 && result.status != 200) return 0;
    return result.json().at("id").as_int64();
  }

  // The student and records of a cell, with the caller's relationship set up.
  Records make(const Caller& c, const Situation& s, std::set<Kind> needs) {
    Records r;
    r.school = s.same_school ? school_with_role(c.principal) : school_without_role(c.principal);
    r.family_name = unique("Matrix");
    sql("INSERT INTO students (given_name, family_name, grade, school_id, created_at, updated_at) "
        "VALUES ('Cell', '" +
        r.family_name + "', '07', " + ids(r.school) + ", 1, 1)");
    r.student = scalar("SELECT max(id) FROM students");
    if (s.relationship) {
      if (auto kind = kind_of(*s.relationship)) needs.insert(*kind);
    }
    const auto rel = [&](Relationship x) { return s.relationship == x; };
    if (needs.count(Kind::case_)) {
      r.case_id = created_id(admin_->post("/api/v1/cases", json::object{{"student_id", r.student}}),
                             "case");
      if (rel(Relationship::case_manager)) {
        auto made =
            admin_->patch("/api/v1/cases/" + ids(r.case_id), json::object{{"manager_id", c.id}});
        EXPECT_EQ(made.status, 200) << made.body;
      }
    }
    if (needs.count(Kind::task)) {
      const Id assignee = rel(Relationship::task_assignee) ? c.id : admin_id_;
      r.task_id = created_id(admin_->post("/api/v1/tasks", json::object{{"student_id", r.student},
                                                                        {"assignee_id", assignee},
                                                                        {"title", "Matrix task"}}),
                             "task");
      if (rel(Relationship::task_creator)) {
        // What assigning it themselves would have written.
        sql("UPDATE tasks SET created_by = " + ids(c.id) + " WHERE id = " + ids(r.task_id));
        sql("DELETE FROM student_access_grants WHERE reason = 'task_creator' AND source_id = " +
            ids(r.task_id));
        sql("INSERT INTO student_access_grants (user_id, student_id, reason, source_id, "
            "created_at) VALUES (" +
            ids(c.id) + ", " + ids(r.student) + ", 'task_creator', " + ids(r.task_id) + ", 1)");
      }
    }
    if (needs.count(Kind::meeting)) {
      json::array attendees;
      if (rel(Relationship::meeting_attendee)) attendees.push_back(c.id);
      r.meeting_id = created_id(
          admin_->post("/api/v1/meetings", meeting_body(r.student, attendees)), "meeting");
    }
    if (needs.count(Kind::plan)) {
      json::object body = plan_body(r.student);
      if (rel(Relationship::plan_owner)) body["owner_id"] = c.id;
      r.plan_id = created_id(admin_->post("/api/v1/plans", body), "plan");
    }
    if (needs.count(Kind::group)) {
      const Id facilitator = rel(Relationship::group_facilitator) ? c.id : admin_id_;
      r.group_id = created_id(
          admin_->post("/api/v1/intervention-groups", group_body(r.school, facilitator)), "group");
      auto added = admin_->post("/api/v1/intervention-groups/" + ids(r.group_id) + "/members",
                                json::object{{"student_ids", json::array{r.student}}});
      EXPECT_EQ(added.status, 201) << added.body;
    }
    if (needs.count(Kind::response)) {
      r.response_id = created_id(
          admin_->post("/api/v1/forms/1/responses",
                       json::object{{"student_id", r.student}, {"answers", referral_answers()}}),
          "form response");
    }
    if (needs.count(Kind::file)) {
      r.file_id = created_id(admin_->upload("/api/v1/students/" + ids(r.student) + "/files",
                                            "plan.pdf", samples::pdf()),
                             "file");
    }
    if (rel(Relationship::class_teacher)) {
      sql("INSERT INTO classes (school_id, title, created_at, updated_at) VALUES (" +
          ids(r.school) + ", 'Matrix class', 1, 1)");
      const auto class_id = ids(scalar("SELECT max(id) FROM classes"));
      sql("INSERT INTO enrollments (class_id, user_id, role) VALUES (" + class_id + ", " +
          ids(c.id) + ", 'teacher')");
      sql("INSERT INTO enrollments (class_id, student_id, role) VALUES (" + class_id + ", " +
          ids(r.student) + ", 'student')");
    }
    return r;
  }

  static json::object meeting_body(Id student, json::array attendees) {
    return {{"title", "Matrix meeting"},
            {"starts_at", "2031-03-04T15:00:00Z"},
            {"ends_at", "2031-03-04T16:00:00Z"},
            {"location", "Room 12"},
            {"attendee_ids", std::move(attendees)},
            {"student_ids", json::array{student}}};
  }
  static json::object plan_body(Id student) { return samples::plan_body(student); }
  json::object group_body(Id school, Id facilitator) {
    return {{"name", unique("Matrix group ")},
            {"intervention", "Read Naturally"},
            {"school_id", school},
            {"tier", 2},
            {"facilitator_id", facilitator},
            {"area", "reading"},
            {"skill", "Oral reading fluency"},
            {"goal", json::object{{"measure", "wcpm"}, {"target", 90}}},
            {"frequency", "3x weekly"},
            {"minutes", 30}};
  }
  static json::object referral_answers() { return samples::referral_answers(); }

  std::unique_ptr<store::Database> db_;

 public:
  std::unique_ptr<HttpClient> admin_;
  Id admin_id_ = 0;
  std::map<std::string, Id> schools_;

  void run_matrix(const std::string& email);
};

// The answer holds the student (by family name, in JSON or CSV).
bool mentions(const Cell& cell, const HttpResult& result) {
  return result.body.find(cell.r.family_name) != std::string::npos;
}
bool holds_id(const HttpResult& result, Id id) {
  if (result.status != 200) return false;
  const auto body = result.json();
  for (const auto& item : body.at("items").as_array()) {
    if (item.at("id").as_int64() == id) return true;
  }
  return false;
}

// Routes about no student: district settings, staff accounts, imports, forms. The same four
// callers; a school-scoped row is asked at each school.
using StaffRouteCall = std::function<HttpResult(HttpClient&, Id school)>;
struct StaffProbe {
  std::string method;
  std::string pattern;
  std::optional<Action> action;  // nullopt: any signed-in staff member
  StaffRouteCall call;
  bool per_school = false;  // the row is asked at the school the request names
};

const std::set<std::pair<std::string, std::string>> kNotAboutAStudent = {
    {"GET", "/api/v1/users"},
    {"POST", "/api/v1/users"},
    {"GET", "/api/v1/users/{id}"},
    {"PATCH", "/api/v1/users/{id}"},
    {"GET", "/api/v1/admin/audit"},
    {"PUT", "/api/v1/admin/case-management"},
    {"POST", "/api/v1/admin/case-management/backfill"},
    {"POST", "/api/v1/admin/dictionaries/{kind}"},
    {"PATCH", "/api/v1/admin/dictionaries/{kind}/{id}"},
    {"POST", "/api/v1/admin/imports/oneroster"},
    {"GET", "/api/v1/admin/imports/{id}"},
    {"GET", "/api/v1/admin/identity-providers"},
    {"POST", "/api/v1/admin/identity-providers"},
    {"GET", "/api/v1/admin/identity-providers/{id}"},
    {"PATCH", "/api/v1/admin/identity-providers/{id}"},
    {"POST", "/api/v1/admin/identity-providers/{id}/check"},
    {"GET", "/api/v1/admin/sign-in-settings"},
    {"GET", "/api/v1/admin/notification-defaults"},
    {"PUT", "/api/v1/admin/notification-defaults"},
    {"PUT", "/api/v1/admin/sign-in-settings"},
    {"POST", "/api/v1/forms"},
    {"PATCH", "/api/v1/forms/{id}"},
    {"GET", "/api/v1/dashboard/summary"},
    {"GET", "/api/v1/tasks/mine"},
};

std::string S(const Cell& c) {
  return ids(c.r.student);
}

std::vector<Probe> probes() {
  using K = Kind;
  auto get = [](std::string pattern, Action action, Kind kind, std::set<Kind> needs,
                std::function<std::string(const Cell&)> target) {
    Probe p{"GET",   std::move(pattern), action, kind, false, std::move(needs), nullptr, nullptr,
            nullptr, std::nullopt};
    p.call = [target](Cell& c) { return c.client->get(target(c)); };
    return p;
  };
  auto write = [](std::string method, std::string pattern, Action action, Kind kind,
                  std::set<Kind> needs, Call call) {
    return Probe{std::move(method), std::move(pattern), action,  kind,    true,
                 std::move(needs),  std::move(call),    nullptr, nullptr, std::nullopt};
  };
  auto list =
      [](std::string pattern, std::set<Kind> needs, std::function<std::string(const Cell&)> target,
         std::function<bool(const Cell&, const HttpResult&)> listed, Kind kind = Kind::student) {
        Probe p{"GET",
                std::move(pattern),
                Action::see_directory_entry,
                kind,
                false,
                std::move(needs),
                nullptr,
                std::move(listed),
                nullptr,
                std::nullopt};
        p.call = [target](Cell& c) { return c.client->get(target(c)); };
        return p;
      };
  const auto closing = json::object{{"status_id", 3}, {"reason_id", 7}};
  std::vector<Probe> all{
      // A student's record.
      get("/api/v1/students/{id}", Action::see_record, K::student, {},
          [](const Cell& c) { return "/api/v1/students/" + S(c); }),
      get("/api/v1/students/{id}/access-log", Action::read_access_log, K::student, {},
          [](const Cell& c) { return "/api/v1/students/" + S(c) + "/access-log"; }),
      get("/api/v1/students/{id}/timeline", Action::see_record, K::student, {},
          [](const Cell& c) { return "/api/v1/students/" + S(c) + "/timeline"; }),
      get("/api/v1/students/{id}/cases", Action::see_record, K::student, {K::case_},
          [](const Cell& c) { return "/api/v1/students/" + S(c) + "/cases"; }),
      get("/api/v1/students/{id}/files", Action::see_record, K::student, {K::file},
          [](const Cell& c) { return "/api/v1/students/" + S(c) + "/files"; }),
      get("/api/v1/students/{id}/form-responses", Action::see_record, K::student, {K::response},
          [](const Cell& c) { return "/api/v1/students/" + S(c) + "/form-responses"; }),
      get("/api/v1/files/{id}", Action::see_record, K::file, {K::file},
          [](const Cell& c) { return "/api/v1/files/" + ids(c.r.file_id); }),
      get("/api/v1/files/{id}/meta", Action::see_record, K::file, {K::file},
          [](const Cell& c) { return "/api/v1/files/" + ids(c.r.file_id) + "/meta"; }),
      get("/api/v1/cases/{id}", Action::see_record, K::case_, {K::case_},
          [](const Cell& c) { return "/api/v1/cases/" + ids(c.r.case_id); }),
      get("/api/v1/tasks/{id}", Action::see_record, K::task, {K::task},
          [](const Cell& c) { return "/api/v1/tasks/" + ids(c.r.task_id); }),
      get("/api/v1/tasks/{id}/notes", Action::see_record, K::task, {K::task},
          [](const Cell& c) { return "/api/v1/tasks/" + ids(c.r.task_id) + "/notes"; }),
      get("/api/v1/meetings/{id}", Action::see_record, K::meeting, {K::meeting},
          [](const Cell& c) { return "/api/v1/meetings/" + ids(c.r.meeting_id); }),
      get("/api/v1/meetings/{id}.ics", Action::see_record, K::meeting, {K::meeting},
          [](const Cell& c) { return "/api/v1/meetings/" + ids(c.r.meeting_id) + ".ics"; }),
      get("/api/v1/meetings/{id}/notes", Action::see_record, K::meeting, {K::meeting},
          [](const Cell& c) { return "/api/v1/meetings/" + ids(c.r.meeting_id) + "/notes"; }),
      get("/api/v1/plans/{id}", Action::see_record, K::plan, {K::plan},
          [](const Cell& c) { return "/api/v1/plans/" + ids(c.r.plan_id); }),
      get("/api/v1/plans/{id}/progress", Action::see_record, K::plan, {K::plan},
          [](const Cell& c) { return "/api/v1/plans/" + ids(c.r.plan_id) + "/progress"; }),
      get("/api/v1/plans/{id}/reviews", Action::see_record, K::plan, {K::plan},
          [](const Cell& c) { return "/api/v1/plans/" + ids(c.r.plan_id) + "/reviews"; }),
      get("/api/v1/form-responses/{id}", Action::see_record, K::response, {K::response},
          [](const Cell& c) { return "/api/v1/form-responses/" + ids(c.r.response_id); }),

      // Lists: the student is in them exactly when the caller sees them.
      list(
          "/api/v1/students", {},
          [](const Cell& c) { return "/api/v1/students?q=" + c.r.family_name; }, mentions),
      list(
          "/api/v1/cases", {K::case_},
          [](const Cell& c) { return "/api/v1/cases?q=" + c.r.family_name + "&limit=100"; },
          mentions),
      list(
          "/api/v1/tasks", {K::task},
          [](const Cell& c) { return "/api/v1/tasks?student_id=" + S(c); },
          [](const Cell& c, const HttpResult& r) { return holds_id(r, c.r.task_id); }),
      list(
          "/api/v1/meetings", {K::meeting},
          [](const Cell& c) { return "/api/v1/meetings?student_id=" + S(c) + "&limit=100"; },
          [](const Cell& c, const HttpResult& r) { return holds_id(r, c.r.meeting_id); }),
      list(
          "/api/v1/plans", {K::plan},
          [](const Cell& c) { return "/api/v1/plans?student_id=" + S(c); },
          [](const Cell& c, const HttpResult& r) { return holds_id(r, c.r.plan_id); }),
      list(
          "/api/v1/forms/{id}/responses", {K::response},
          [](const Cell&) { return "/api/v1/forms/1/responses?limit=100"; },
          [](const Cell& c, const HttpResult& r) { return holds_id(r, c.r.response_id); }),
      list(
          "/api/v1/intervention-groups", {K::group},
          [](const Cell& c) {
            return "/api/v1/intervention-groups?school_id=" + ids(c.r.school) +
                   "&status=active&limit=100&facilitator_id=" + ids(c.group_facilitator);
          },
          [](const Cell& c, const HttpResult& r) { return holds_id(r, c.r.group_id); }, K::group),
      get("/api/v1/intervention-groups/{id}", Action::see_directory_entry, K::group, {K::group},
          [](const Cell& c) { return "/api/v1/intervention-groups/" + ids(c.r.group_id); }),
      get("/api/v1/intervention-groups/{id}/members", Action::see_directory_entry, K::group,
          {K::group},
          [](const Cell& c) {
            return "/api/v1/intervention-groups/" + ids(c.r.group_id) + "/members";
          }),
      write("POST", "/api/v1/intervention-groups", Action::manage_group, K::fresh, {},
            [](Cell& c) {
              return c.client->post("/api/v1/intervention-groups",
                                    c.fx->group_body(c.r.school, c.caller_id));
            }),
      list(
          "/api/v1/cases/export", {K::case_},
          [](const Cell& c) { return "/api/v1/cases/export?q=" + c.r.family_name; }, mentions),

      // Writes on a student.
      write("POST", "/api/v1/students/{id}/files", Action::upload_file, K::student, {},
            [](Cell& c) {
              return c.client->upload("/api/v1/students/" + S(c) + "/files", "note.pdf",
                                      samples::pdf());
            }),
      write("POST", "/api/v1/cases", Action::open_case, K::student, {},
            [](Cell& c) {
              return c.client->post("/api/v1/cases", json::object{{"student_id", c.r.student}});
            }),  // (a case manager's open case is closed first: see run_matrix)
      write("POST", "/api/v1/tasks", Action::assign_task, K::student, {},
            [](Cell& c) {
              return c.client->post("/api/v1/tasks", json::object{{"student_id", c.r.student},
                                                                  {"assignee_id", c.caller_id},
                                                                  {"title", "Follow up"}});
            }),
      write("POST", "/api/v1/meetings", Action::schedule_meeting, K::student, {},
            [](Cell& c) {
              return c.client->post("/api/v1/meetings",
                                    PermissionMatrix::meeting_body(c.r.student, {}));
            }),
      write("POST", "/api/v1/plans", Action::create_plan, K::student, {},
            [](Cell& c) {
              return c.client->post("/api/v1/plans", PermissionMatrix::plan_body(c.r.student));
            }),
      write("POST", "/api/v1/forms/{id}/responses", Action::submit_form_response, K::student, {},
            [](Cell& c) {
              return c.client->post(
                  "/api/v1/forms/1/responses",
                  json::object{{"student_id", c.r.student},
                               {"answers", PermissionMatrix::referral_answers()}});
            }),

      // Writes on a student's records.
      write("PATCH", "/api/v1/cases/{id}", Action::work_case, K::case_, {K::case_},
            [](Cell& c) {
              return c.client->patch("/api/v1/cases/" + ids(c.r.case_id),
                                     json::object{{"focus_area_id", 11}});
            }),
      write("POST", "/api/v1/cases/{id}/close", Action::close_case, K::case_, {K::case_},
            [closing](Cell& c) {
              return c.client->post("/api/v1/cases/" + ids(c.r.case_id) + "/close", closing);
            }),
      write("POST", "/api/v1/cases/bulk-close", Action::close_case, K::case_, {K::case_},
            [closing](Cell& c) {
              auto body = closing;
              body["case_ids"] = json::array{c.r.case_id};
              return c.client->post("/api/v1/cases/bulk-close", body);
            }),
      write("PATCH", "/api/v1/tasks/{id}", Action::edit_task, K::task, {K::task},
            [](Cell& c) {
              return c.client->patch("/api/v1/tasks/" + ids(c.r.task_id),
                                     json::object{{"title", "Renamed"}});
            }),
      write("PATCH", "/api/v1/tasks/{id}", Action::complete_task, K::task, {K::task},
            [](Cell& c) {
              return c.client->patch("/api/v1/tasks/" + ids(c.r.task_id),
                                     json::object{{"status", "completed"}});
            }),
      write("POST", "/api/v1/tasks/{id}/notes", Action::complete_task, K::task, {K::task},
            [](Cell& c) {
              return c.client->post("/api/v1/tasks/" + ids(c.r.task_id) + "/notes",
                                    json::object{{"body", "Called home."}});
            }),
      write("PATCH", "/api/v1/meetings/{id}", Action::run_meeting, K::meeting, {K::meeting},
            [](Cell& c) {
              return c.client->patch("/api/v1/meetings/" + ids(c.r.meeting_id),
                                     json::object{{"location", "Room 9"}});
            }),
      write("DELETE", "/api/v1/meetings/{id}/students/{student_id}", Action::run_meeting,
            K::meeting, {K::meeting},
            [](Cell& c) {
              return c.client->del("/api/v1/meetings/" + ids(c.r.meeting_id) + "/students/" + S(c));
            }),
      write("POST", "/api/v1/meetings/{id}/notes", Action::run_meeting, K::meeting, {K::meeting},
            [](Cell& c) {
              return c.client->post("/api/v1/meetings/" + ids(c.r.meeting_id) + "/notes",
                                    json::object{{"body", "Agreed a plan."}});
            }),
      write("PATCH", "/api/v1/plans/{id}", Action::edit_plan, K::plan, {K::plan},
            [](Cell& c) {
              return c.client->patch("/api/v1/plans/" + ids(c.r.plan_id),
                                     json::object{{"skill", "Decoding"}});
            }),
      write("POST", "/api/v1/plans/{id}/progress", Action::edit_plan, K::plan, {K::plan},
            [](Cell& c) {
              return c.client->post("/api/v1/plans/" + ids(c.r.plan_id) + "/progress",
                                    json::object{{"date", "2026-01-12"}, {"score", 40}});
            }),
      write("POST", "/api/v1/plans/{id}/reviews", Action::edit_plan, K::plan, {K::plan},
            [](Cell& c) {
              return c.client->post(
                  "/api/v1/plans/" + ids(c.r.plan_id) + "/reviews",
                  json::object{{"date", "2026-03-01"}, {"decision", "continue"}, {"notes", "ok"}});
            }),
      write("PATCH", "/api/v1/intervention-groups/{id}", Action::manage_group, K::group, {K::group},
            [](Cell& c) {
              return c.client->patch("/api/v1/intervention-groups/" + ids(c.r.group_id),
                                     json::object{{"schedule", "Tue 10:00"}});
            }),
      write("DELETE", "/api/v1/intervention-groups/{id}/members/{student_id}", Action::manage_group,
            K::group, {K::group},
            [](Cell& c) {
              return c.client->del("/api/v1/intervention-groups/" + ids(c.r.group_id) +
                                   "/members/" + S(c));
            }),
  };

  // Reopen: the case closed first by the district administrator.
  Probe reopen = write(
      "POST", "/api/v1/cases/{id}/reopen", Action::work_case, K::case_, {K::case_}, [](Cell& c) {
        return c.client->post("/api/v1/cases/" + ids(c.r.case_id) + "/reopen", json::object{});
      });
  reopen.prepare = [closing](Cell& c) {
    auto closed = c.fx->admin().post("/api/v1/cases/" + ids(c.r.case_id) + "/close", closing);
    EXPECT_EQ(closed.status, 200) << closed.body;
  };
  all.push_back(std::move(reopen));

  // Adding the student to a meeting the caller runs: meeting.run there, meeting.schedule on
  // the student.
  Probe add_to_meeting = write(
      "POST", "/api/v1/meetings/{id}/students", Action::run_meeting, K::meeting, {}, [](Cell& c) {
        return c.client->post("/api/v1/meetings/" + ids(c.r.meeting_id) + "/students",
                              json::object{{"student_ids", json::array{c.r.student}}});
      });
  add_to_meeting.then_on_student = Action::schedule_meeting;
  add_to_meeting.prepare = [](Cell& c) {
    // A meeting of its own, about another student the caller sees, that the caller attends.
    const Id other = c.fx->scalar(
        "SELECT max(id) FROM students WHERE school_id = " + ids(c.r.school) + " AND id <> " + S(c));
    auto made = c.fx->admin().post("/api/v1/meetings",
                                   PermissionMatrix::meeting_body(other, json::array{c.caller_id}));
    EXPECT_EQ(made.status, 201) << made.body;
    c.r.meeting_id = made.json().at("id").as_int64();
  };
  all.push_back(std::move(add_to_meeting));

  // Adding the student to a group the caller facilitates: group.manage there, plan.create on
  // the student.
  Probe add_to_group =
      write("POST", "/api/v1/intervention-groups/{id}/members", Action::manage_group, K::group, {},
            [](Cell& c) {
              return c.client->post("/api/v1/intervention-groups/" + ids(c.r.group_id) + "/members",
                                    json::object{{"student_ids", json::array{c.r.student}}});
            });
  add_to_group.then_on_student = Action::create_plan;
  add_to_group.prepare = [](Cell& c) {
    auto made = c.fx->admin().post("/api/v1/intervention-groups",
                                   c.fx->group_body(c.r.school, c.caller_id));
    EXPECT_EQ(made.status, 201) << made.body;
    c.r.group_id = made.json().at("id").as_int64();
  };
  all.push_back(std::move(add_to_group));
  return all;
}

struct Expected {
  bool sees = false;     // the student, so their records
  bool allowed = false;  // the route's row(s)
};

access::Relationships held(const Situation& s, std::optional<Kind> kind) {
  access::Relationships out;
  if (!s.relationship) return out;
  // Rows that count every relationship are about the student as a whole.
  if (!kind || *kind == Kind::student || kind_of(*s.relationship) == kind) {
    out.add(*s.relationship);
  }
  return out;
}

access::Subject subject(const Situation& s, Id school, Action action, Kind kind) {
  const bool student_wide =
      access::rule(action).relationships == access::rule(Action::see_record).relationships;
  return {.school_id = school,
          .relationships = held(s, student_wide ? std::nullopt : std::optional<Kind>(kind))};
}

// What the policy says of one cell.
Expected expect(const Probe& probe, const domain::Principal& p, const Situation& s, Id school) {
  Expected e;
  const access::Subject student{.school_id = school, .relationships = held(s, std::nullopt)};
  e.sees = access::allows(p, Action::see_record, student);
  if (probe.kind == Kind::group) {
    // A group is seen by the school's staff and its facilitator, and so are its members there.
    e.sees = access::allows(p, Action::see_record,
                            subject(s, school, Action::manage_group, Kind::group));
  }
  e.allowed = access::allows(p, probe.action, subject(s, school, probe.action, probe.kind));
  if (probe.kind == Kind::fresh) e.sees = true;  // nothing to see yet: the row alone decides
  if (probe.then_on_student) {
    // The caller runs the meeting or facilitates the group made for the cell; the student is
    // what is asked.
    e.allowed = access::allows(p, *probe.then_on_student,
                               subject(s, school, *probe.then_on_student, Kind::student));
    e.sees = access::allows(p, Action::see_record, student);
  }
  return e;
}

std::string describe(const Cell& c, const std::string& what) {
  return c.caller_email + " | " + c.situation->name + " | " + c.probe->method + " " +
         c.probe->pattern + " (" + std::string(access::rule(c.probe->action).name) + "): " + what;
}

void PermissionMatrix::run_matrix(const std::string& email) {
  Caller me = caller(email);
  const auto all = probes();
  std::vector<std::string> mismatches;
  int cells = 0;
  auto cell_for = [&](const Probe& probe, const Situation& s, Records r) {
    const Id facilitator = s.relationship == Relationship::group_facilitator ? me.id : admin_id_;
    return Cell{this, &probe,       me.email,   me.id, &me.principal, me.client.get(),
                &s,   std::move(r), facilitator};
  };
  for (const auto& s : situations()) {
    // One set of records for every read of this situation: reads change nothing.
    std::set<Kind> every{Kind::case_, Kind::task,     Kind::meeting, Kind::plan,
                         Kind::group, Kind::response, Kind::file};
    const Records shared = make(me, s, every);
    for (const auto& probe : all) {
      ++cells;
      Cell cell = cell_for(probe, s, probe.write ? make(me, s, probe.needs) : shared);
      const auto e = expect(probe, me.principal, s, cell.r.school);
      if (probe.prepare) probe.prepare(cell);
      if (probe.action == Action::open_case && cell.r.case_id) {
        admin_->post("/api/v1/cases/" + ids(cell.r.case_id) + "/close",
                     json::object{{"status_id", 3}, {"reason_id", 7}});
      }
      const auto before = probe.write ? footprint() : std::vector<Id>{};
      const auto route = api::policy_of(probe.method, probe.pattern);
      const bool shows_record = !probe.write && route && route->shows_record;
      const auto log_before = shows_record ? reads_logged(cell) : 0;
      const auto result = probe.call(cell);
      // A route that shows a student's record logs the read before it answers (34 CFR 99.32).
      const bool answered = probe.listed ? result.status == 200 && probe.listed(cell, result)
                                         : result.status >= 200 && result.status < 300;
      if (shows_record && answered && reads_logged(cell) <= log_before) {
        mismatches.push_back(describe(cell, "showed the record but wrote no access-log entry"));
      }
      if (probe.listed) {
        const bool listed = result.status == 200 && probe.listed(cell, result);
        const bool should =
            e.sees &&
            (probe.pattern != "/api/v1/cases/export" ||
             access::allows(me.principal, Action::export_cases,
                            subject(s, cell.r.school, Action::export_cases, Kind::case_)));
        if (listed != should) {
          mismatches.push_back(describe(
              cell, std::string(should ? "expected listed" : "expected not listed") + ", got " +
                        std::to_string(result.status) + (listed ? " listed" : " not listed")));
        }
        continue;
      }
      const int want = !e.sees ? 404 : e.allowed ? 200 : 403;
      const bool ok =
          want == 200 ? (result.status >= 200 && result.status < 300) : result.status == want;
      if (!ok) {
        mismatches.push_back(describe(
            cell, "expected " + std::string(want == 200 ? "2xx" : std::to_string(want)) + ", got " +
                      std::to_string(result.status) + " " + result.body.substr(0, 160)));
      } else if (probe.write && want != 200 && footprint() != before) {
        mismatches.push_back(describe(cell, "refused, but something changed"));
      }
    }
  }
  std::ostringstream report;
  for (const auto& m : mismatches) report << "\n  " << m;
  std::cout << email << ": " << cells << " cells (" << all.size() << " probes x "
            << situations().size() << " situations), " << mismatches.size()
            << " disagree with the policy\n";
  EXPECT_TRUE(mismatches.empty()) << mismatches.size()
                                  << " cells disagree with the policy:" << report.str();
}

TEST_P(PermissionMatrix, DistrictAdministrator) {
  run_matrix(kDistrictAdmin);
}
TEST_P(PermissionMatrix, SchoolAdministrator) {
  run_matrix(kElementaryPrincipal);
}
TEST_P(PermissionMatrix, Counselor) {
  run_matrix(kMiddleCounselor);
}
TEST_P(PermissionMatrix, Teacher) {
  run_matrix(kHighTeacher);
}

INSTANTIATE_TEST_SUITE_P(Databases, PermissionMatrix, ::testing::ValuesIn(test_database_kinds()),
                         DatabaseKindName());

class StaffRoutes : public PermissionMatrix {
 protected:
  Id teacher_at(Id school) {
    return scalar("SELECT min(user_id) FROM user_roles WHERE role = 'teacher' AND school_id = " +
                  ids(school));
  }
  json::object new_teacher(Id school) {
    return {{"email", unique("matrix") + "@demo.trellis.test"},
            {"given_name", "Matrix"},
            {"family_name", "Teacher"},
            {"roles", json::array{json::object{{"role", "teacher"}, {"school_id", school}}}}};
  }

  void run_staff_routes(const std::string& email) {
    Caller me = caller(email);
    std::vector<std::string> mismatches;
    int cells = 0;
    auto check = [&](const std::string& what, const HttpResult& got, bool allowed,
                     std::set<int> refused_statuses = {403}) {
      ++cells;
      const bool ok =
          allowed ? got.status >= 200 && got.status < 300 : refused_statuses.count(got.status) > 0;
      if (!ok) {
        mismatches.push_back(me.email + " | " + what + ": expected " +
                             (allowed ? "2xx" : "refusal") + ", got " + std::to_string(got.status) +
                             " " + got.body.substr(0, 160));
      }
    };
    auto& c = *me.client;
    const auto& p = me.principal;
    const auto district = [&](Action a) { return access::allows(p, a, {}); };
    const auto at = [&](Action a, Id school) {
      return access::allows(p, a, {.school_id = school, .relationships = {}});
    };
    // Any staff member.
    for (const char* path :
         {"/api/v1/auth/me", "/api/v1/auth/tokens", "/api/v1/schools", "/api/v1/staff",
          "/api/v1/admin/case-management", "/api/v1/admin/case-management/versions",
          "/api/v1/admin/dictionaries/case-statuses", "/api/v1/forms", "/api/v1/forms/1",
          "/api/v1/dashboard/summary", "/api/v1/tasks/mine"}) {
      check(std::string("GET ") + path, c.get(path), true);
    }
    check("GET /api/v1/admin/audit", c.get("/api/v1/admin/audit?limit=1"),
          district(Action::read_audit_log));
    check("PUT /api/v1/admin/case-management",
          c.put("/api/v1/admin/case-management",
                json::object{{"enabled", true}, {"open_case_on", json::array{}}}),
          district(Action::manage_dictionary));
    check("POST /api/v1/admin/case-management/backfill",
          c.post("/api/v1/admin/case-management/backfill",
                 json::object{{"trigger", "task_assigned"},
                              {"from", "2026-01-01T00:00:00Z"},
                              {"to", "2026-01-02T00:00:00Z"},
                              {"apply", false}}),
          district(Action::manage_dictionary));
    check("POST /api/v1/admin/dictionaries/{kind}",
          c.post("/api/v1/admin/dictionaries/focus-areas",
                 json::object{{"name", unique("Matrix area ")}}),
          district(Action::manage_dictionary));
    auto value = admin_->post("/api/v1/admin/dictionaries/focus-areas",
                              json::object{{"name", unique("Matrix area ")}});
    check("PATCH /api/v1/admin/dictionaries/{kind}/{id}",
          c.patch("/api/v1/admin/dictionaries/focus-areas/" + ids(value.json().at("id").as_int64()),
                  json::object{{"name", unique("Renamed area ")}}),
          district(Action::manage_dictionary));
    // An empty archive: refused by the policy first, or by the import as not a zip.
    const auto import = c.request("POST", "/api/v1/admin/imports/oneroster", "not a zip",
                                  {{"Content-Type", "application/zip"}});
    ++cells;
    if ((import.status == 403) == district(Action::run_roster_import)) {
      mismatches.push_back(me.email + " | POST /api/v1/admin/imports/oneroster: got " +
                           std::to_string(import.status));
    }
    const auto run = c.get("/api/v1/admin/imports/999999999");
    ++cells;
    if ((run.status == 403) == district(Action::run_roster_import)) {
      mismatches.push_back(me.email + " | GET /api/v1/admin/imports/{id}: got " +
                           std::to_string(run.status));
    }
    // Single sign-on's identity providers: district administrators only.
    const bool sso = district(Action::manage_identity_providers);
    check("GET /api/v1/admin/identity-providers", c.get("/api/v1/admin/identity-providers"), sso);
    const auto provider = c.post("/api/v1/admin/identity-providers",
                                 json::object{{"name", unique("Matrix IdP ")},
                                              {"button_label", "Sign in"},
                                              // Nothing listens there: checking it fails
                                              // at once, without the network.
                                              {"issuer", "https://127.0.0.1:1"},
                                              {"client_id", "trellis"},
                                              {"client_secret", "s3cret"}});
    check("POST /api/v1/admin/identity-providers", provider, sso);
    const auto provider_path =
        "/api/v1/admin/identity-providers/" +
        ids(sso ? provider.json().at("id").as_int64() : std::int64_t{999999999});
    check("GET /api/v1/admin/identity-providers/{id}", c.get(provider_path), sso);
    check("PATCH /api/v1/admin/identity-providers/{id}",
          c.patch(provider_path, json::object{{"enabled", false}}), sso);
    check("POST /api/v1/admin/identity-providers/{id}/check",
          c.request("POST", provider_path + "/check"), sso);
    check("GET /api/v1/admin/sign-in-settings", c.get("/api/v1/admin/sign-in-settings"), sso);
    const bool defaults = district(Action::manage_notification_defaults);
    check("GET /api/v1/admin/notification-defaults", c.get("/api/v1/admin/notification-defaults"),
          defaults);
    check("PUT /api/v1/admin/notification-defaults",
          c.put("/api/v1/admin/notification-defaults",
                json::object{{"defaults", json::object{{"task_assigned", nullptr}}}}),
          defaults);
    // Passwords stay on for everyone: the write changes nothing the other probes rely on.
    check("PUT /api/v1/admin/sign-in-settings",
          c.put("/api/v1/admin/sign-in-settings", json::object{{"password_sign_in", "everyone"}}),
          sso);
    check("GET /api/v1/users", c.get("/api/v1/users?limit=1"),
          access::allows_somewhere(p, Action::read_staff_accounts));
    for (const auto& [name, school] : schools_) {
      const Id teacher = teacher_at(school);
      check("GET /api/v1/users/{id} at " + name, c.get("/api/v1/users/" + ids(teacher)),
            at(Action::read_staff_accounts, school), {403, 404});
      check("PATCH /api/v1/users/{id} at " + name,
            c.patch("/api/v1/users/" + ids(teacher), json::object{{"family_name", "Renamed"}}),
            at(Action::manage_staff_accounts, school), {403, 404});
      check("POST /api/v1/users at " + name, c.post("/api/v1/users", new_teacher(school)),
            at(Action::manage_staff_accounts, school));
    }
    // Forms: a district form is the district's, a school's form that school's.
    const json::array fields{json::object{{"key", "note"}, {"label", "Note"}, {"type", "text"}}};
    check("PATCH /api/v1/forms/{id} (the district's Referral form)",
          c.patch("/api/v1/forms/1", json::object{{"description", unique("Referral ")}}),
          district(Action::build_district_form), {403, 404});
    for (const auto& [name, school] : schools_) {
      auto made = c.post("/api/v1/forms", json::object{{"name", unique("Matrix form ")},
                                                       {"school_id", school},
                                                       {"fields", fields}});
      check("POST /api/v1/forms at " + name, made, at(Action::build_school_form, school),
            {403, 404});
      auto theirs = admin_->post("/api/v1/forms", json::object{{"name", unique("Matrix form ")},
                                                               {"school_id", school},
                                                               {"fields", fields}});
      check("PATCH /api/v1/forms/{id} at " + name,
            c.patch("/api/v1/forms/" + ids(theirs.json().at("id").as_int64()),
                    json::object{{"description", "Changed"}}),
            at(Action::build_school_form, school), {403, 404});
    }
    std::ostringstream report;
    for (const auto& m : mismatches) report << "\n  " << m;
    std::cout << email << ": " << cells << " cells on routes about no student\n";
    EXPECT_TRUE(mismatches.empty()) << mismatches.size() << " cells disagree:" << report.str();
  }
};

TEST_P(StaffRoutes, FollowThePolicyForEveryRole) {
  for (const char* email : {kDistrictAdmin, kElementaryPrincipal, kMiddleCounselor, kHighTeacher}) {
    run_staff_routes(email);
  }
}

INSTANTIATE_TEST_SUITE_P(Databases, StaffRoutes, ::testing::ValuesIn(test_database_kinds()),
                         DatabaseKindName());

// Every route the server registers has an entry in the route table, every entry names a
// registered route, and every route about a student's records has a probe above.
TEST(PermissionMatrixCoverage, EveryRouteHasAPolicyEntryAndAProbe) {
  http::Router router;
  http::MetricsRegistry metrics;
  api::register_routes(router, metrics);
  std::set<std::pair<std::string, std::string>> registered;
  for (const auto& route : router.routes()) {
    const auto method = http::bhttp::to_string(route->method);
    registered.insert({std::string(method.data(), method.size()), route->pattern});
  }
  std::set<std::pair<std::string, std::string>> probed;
  for (const auto& probe : probes()) probed.insert({probe.method, probe.pattern});
  for (const auto& entry : api::route_policies()) {
    const std::pair<std::string, std::string> key{std::string(entry.method),
                                                  std::string(entry.pattern)};
    EXPECT_TRUE(registered.count(key))
        << entry.method << " " << entry.pattern << " is in the route table but not served";
    if (entry.guard != api::Guard::policy) continue;
    if (!probed.count(key) && !kNotAboutAStudent.count(key)) {
      ADD_FAILURE() << entry.method << " " << entry.pattern
                    << " has no probe in the permission matrix";
    }
  }
  for (const auto& key : registered) {
    EXPECT_TRUE(api::policy_of(key.first, key.second)) << key.first << " " << key.second;
  }
}

}  // namespace
}  // namespace trellis::testing
