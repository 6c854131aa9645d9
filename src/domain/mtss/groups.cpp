#include "domain/mtss/groups.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "domain/access/access.hpp"
#include "domain/audit/audit.hpp"
#include "domain/cases/case_engine.hpp"
#include "domain/views.hpp"
#include "store/audit_repo.hpp"
#include "store/students_repo.hpp"
#include "store/users_repo.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace trellis::domain::mtss {

namespace json = boost::json;

namespace {

using views::or_null;

constexpr auto kFacilitatorGrant = access::Relationship::group_facilitator;

using util::check_text;

// The template is checked as the plan it makes would be.
void check_template(FieldErrors& errors, const GroupRow& g) {
  NewPlan plan;
  plan.area = g.area;
  plan.tier = g.tier;
  plan.skill = g.skill;
  plan.goal.measure = g.goal_measure;
  plan.goal.target = g.goal_target;
  plan.goal.target_date = g.goal_target_date;
  plan.interventions = {{g.intervention, g.frequency, g.minutes, g.facilitator_id}};
  for (auto& [field, message] : check(plan)) {
    if (field.starts_with("interventions[0].")) continue;  // checked below under its own name
    errors[field.starts_with("goal.") ? "goal_" + field.substr(5) : field] = message;
  }
  check_text(errors, "name", g.name, kMaxGroupName, true);
  check_text(errors, "intervention", g.intervention, kMaxInterventionName, true);
  check_text(errors, "schedule", g.schedule, kMaxSchedule, false);
  check_text(errors, "frequency", g.frequency, kMaxFrequency, false);
  if (g.minutes && (*g.minutes < 0 || *g.minutes > 24 * 60)) {
    errors["minutes"] = "Use 0 to 1440 minutes.";
  }
  if (g.status != kActive && g.status != kArchived) errors["status"] = "Use active or archived.";
}

// A facilitator sees every member: the caller may choose only a colleague in their directory.
bool is_facilitator(store::Connection& conn, const Principal& by, Id user_id) {
  auto user = store::users::find(conn, user_id);
  return user && access::in_staff_directory(by, *user);
}

json::object audited(const GroupRow& g) {
  return {{"id", g.id},
          {"name", g.name},
          {"intervention", g.intervention},
          {"school_id", g.school_id},
          {"tier", g.tier},
          {"facilitator_id", g.facilitator_id},
          {"schedule", g.schedule},
          {"area", g.area},
          {"skill", g.skill},
          {"goal_measure", g.goal_measure},
          {"goal_target", or_null(g.goal_target)},
          {"goal_target_date", or_null(g.goal_target_date)},
          {"frequency", g.frequency},
          {"minutes", or_null(g.minutes)},
          {"status", g.status}};
}

GroupListing listing_of(store::Connection& conn, Id group_id) {
  store::StudentScope everyone;
  everyone.everyone = true;
  return *store::groups::find_visible(conn, everyone, group_id);
}

access::Subject subject_of(const Principal& by, const GroupRow& group) {
  access::Relationships held;
  if (group.facilitator_id == by.user_id) held.add(access::Relationship::group_facilitator);
  return {.school_id = group.school_id, .relationships = held};
}

Outcome<GroupListing> changeable_group(store::Connection& conn, const Principal& by, Id group_id) {
  auto found = store::groups::find_visible(conn, access::student_scope(by), group_id);
  if (!found) return Error::not_found("The intervention group");
  if (auto refused =
          access::refusal(by, access::Action::manage_group, subject_of(by, found->group))) {
    return *refused;
  }
  return *found;
}

std::string id_list(const std::vector<Id>& ids) {
  return fmt::format("{}", fmt::join(ids, ", "));
}

Error naming(ErrorKind kind, std::string code, std::string message, const std::vector<Id>& ids) {
  return {kind,
          std::move(code),
          std::move(message) + " " + id_list(ids) + ".",
          {{"student_ids", id_list(ids)}}};
}

void apply(GroupRow& g, const GroupChanges& c) {
  if (c.name) g.name = *c.name;
  if (c.intervention) g.intervention = *c.intervention;
  if (c.tier) g.tier = *c.tier;
  if (c.facilitator_id) g.facilitator_id = *c.facilitator_id;
  if (c.schedule) g.schedule = *c.schedule;
  if (c.area) g.area = *c.area;
  if (c.skill) g.skill = *c.skill;
  if (c.goal_measure) g.goal_measure = *c.goal_measure;
  if (c.goal_target) g.goal_target = *c.goal_target;
  if (c.goal_target_date) g.goal_target_date = *c.goal_target_date;
  if (c.frequency) g.frequency = *c.frequency;
  if (c.minutes) g.minutes = *c.minutes;
  if (c.status) g.status = *c.status;
}

}  // namespace

PlanRow plan_from_template(const GroupRow& g, Id student_id, Id created_by) {
  PlanRow row;
  row.student_id = student_id;
  row.area = g.area;
  row.tier = g.tier;
  row.skill = g.skill;
  row.goal_measure = g.goal_measure;
  row.goal_target = g.goal_target;
  row.goal_target_date = g.goal_target_date;
  row.owner_id = g.facilitator_id;
  row.group_id = g.id;
  row.created_by = created_by;
  return row;
}

Outcome<GroupListing> create(store::Connection& conn, const Principal& by, const Actor& actor,
                             const GroupDraft& d) {
  GroupRow g{.name = d.name,
             .intervention = d.intervention,
             .school_id = d.school_id,
             .tier = d.tier,
             .facilitator_id = d.facilitator_id.value_or(by.user_id),
             .schedule = d.schedule,
             .area = d.area,
             .skill = d.skill,
             .goal_measure = d.goal_measure,
             .goal_target = d.goal_target,
             .goal_target_date = d.goal_target_date,
             .frequency = d.frequency,
             .minutes = d.minutes,
             .created_by = by.user_id};
  FieldErrors errors;
  if (!store::schools::find(conn, d.school_id)) {
    errors["school_id"] = "No such school.";
  } else if (auto refused = access::refusal(by, access::Action::manage_group,
                                            {.school_id = d.school_id, .relationships = {}})) {
    return *refused;
  }
  check_template(errors, g);
  if (!is_facilitator(conn, by, g.facilitator_id)) {
    errors["facilitator_id"] = "Choose an active colleague from your staff directory.";
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));
  g.created_at = g.updated_at = util::now_micros();
  g.id = store::groups::insert(conn, g);
  audit::record(conn, actor,
                {"intervention_group.create", "intervention_group", g.id, std::nullopt,
                 std::nullopt, audited(g)});
  return listing_of(conn, g.id);
}

Outcome<GroupListing> update(store::Connection& conn, const Principal& by, const Actor& actor,
                             Id group_id, const GroupChanges& changes) {
  auto found = changeable_group(conn, by, group_id);
  if (!found) return found.error();
  const GroupRow before = found->group;
  GroupRow after = before;
  apply(after, changes);
  FieldErrors errors;
  check_template(errors, after);
  if (after.facilitator_id != before.facilitator_id &&
      !is_facilitator(conn, by, after.facilitator_id)) {
    errors["facilitator_id"] = "Choose an active colleague from your staff directory.";
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));
  if (after == before) return *found;
  after.updated_at = util::now_micros();
  if (after.facilitator_id != before.facilitator_id) {
    for (const auto& member : store::groups::members(conn, group_id)) {
      access::revoke(conn, before.facilitator_id, member.student_id, kFacilitatorGrant, group_id);
      access::grant(conn, after.facilitator_id, member.student_id, kFacilitatorGrant, group_id);
    }
  }
  store::groups::update(conn, after);
  audit::record(conn, actor,
                {"intervention_group.update", "intervention_group", group_id, std::nullopt,
                 audited(before), audited(after)});
  return listing_of(conn, group_id);
}

Outcome<GroupListing> find_group(store::Connection& conn, const Principal& by, Id group_id) {
  auto found = store::groups::find_visible(conn, access::student_scope(by), group_id);
  if (!found) return Error::not_found("The intervention group");
  return *found;
}

store::Page<GroupListing> list(store::Connection& conn, const Principal& by,
                               const store::groups::ListFilter& filter) {
  return store::groups::list(conn, access::student_scope(by), filter);
}

Outcome<std::vector<store::groups::Member>> members(store::Connection& conn, const Principal& by,
                                                    Id group_id) {
  auto found = find_group(conn, by, group_id);
  if (!found) return found.error();
  return store::groups::members(conn, group_id);
}

Outcome<std::vector<AddedMember>> add_members(store::Connection& conn, const Principal& by,
                                              const Actor& actor, Id group_id,
                                              std::vector<Id> student_ids) {
  auto found = changeable_group(conn, by, group_id);
  if (!found) return found.error();
  const GroupRow& group = found->group;
  if (group.status == kArchived) {
    return Error::conflict("group_archived", "The group is archived; restore it to add students.");
  }
  std::sort(student_ids.begin(), student_ids.end());
  student_ids.erase(std::unique(student_ids.begin(), student_ids.end()), student_ids.end());
  if (student_ids.empty()) return Error::invalid({{"student_ids", "Name at least one student."}});
  if (student_ids.size() > kMaxMembersPerRequest) {
    return Error::invalid(
        {{"student_ids", fmt::format("Add at most {} students at once.", kMaxMembersPerRequest)}});
  }
  // One query checks them all; both lists are sorted by id.
  const auto visible =
      store::students::find_many_visible(conn, access::student_scope(by), student_ids);
  if (visible.size() != student_ids.size()) {
    std::vector<Id> missing;
    auto seen = visible.begin();
    for (Id id : student_ids) {
      if (seen != visible.end() && seen->id == id) {
        ++seen;
      } else {
        missing.push_back(id);
      }
    }
    return naming(ErrorKind::not_found, "not_found", "These students were not found:", missing);
  }
  // Each member gets a plan: asked per student as POST /plans would be, all or nothing.
  for (const auto& student : visible) {
    if (auto refused =
            access::refusal(by, access::Action::create_plan, access::record_subject(student, {}))) {
      return *refused;
    }
  }
  const auto already = store::groups::current_members_among(conn, group_id, student_ids);
  if (!already.empty()) {
    return naming(ErrorKind::conflict, "already_members",
                  "These students are already in the group:", already);
  }

  // One engine for the batch: the dictionary is read once.
  cases::CaseEngine engine(conn, actor);
  std::vector<AddedMember> added;
  added.reserve(student_ids.size());
  const auto intervention = interventions_json(
      {{group.intervention, group.frequency, group.minutes, group.facilitator_id}});
  for (Id student_id : student_ids) {
    PlanRow plan = plan_from_template(group, student_id, by.user_id);
    plan.interventions_json = intervention;
    insert_plan(conn, engine, actor, plan);
    store::groups::add_member(conn, group_id, student_id, plan.id, by.user_id, engine.now());
    access::grant(conn, group.facilitator_id, student_id, kFacilitatorGrant, group_id);
    added.push_back({student_id, plan.id, plan.case_id});
  }
  store::groups::touch(conn, group_id, engine.now());
  audit::record(conn, actor,
                {"intervention_group.members_add", "intervention_group", group_id, std::nullopt,
                 std::nullopt, json::object{{"student_ids", json::value_from(student_ids)}}});
  return added;
}

Outcome<Done> remove_member(store::Connection& conn, const Principal& by, const Actor& actor,
                            Id group_id, Id student_id) {
  auto found = changeable_group(conn, by, group_id);
  if (!found) return found.error();
  const GroupRow& group = found->group;
  cases::CaseEngine engine(conn, actor);
  const auto plan_id = store::groups::remove_member(conn, group_id, student_id, engine.now());
  if (!plan_id) return Error::not_found("The member");
  if (*plan_id) {
    auto plan = store::plans::find(conn, **plan_id);
    if (plan && plan->status == kActive) {
      archive(conn, engine, actor, *plan, "left the group \"" + group.name + "\"");
    }
  }
  access::revoke(conn, group.facilitator_id, student_id, kFacilitatorGrant, group_id);
  store::groups::touch(conn, group_id, engine.now());
  audit::record(conn, actor,
                {"intervention_group.member_remove", "intervention_group", group_id, student_id,
                 json::object{{"plan_id", or_null(*plan_id)}}, std::nullopt});
  return Done{};
}

json::object view(const Principal& by, const GroupListing& listing) {
  const auto& g = listing.group;
  return {
      {"id", g.id},
      {"name", g.name},
      {"intervention", g.intervention},
      {"school_id", g.school_id},
      {"tier", g.tier},
      {"facilitator", json::object{{"id", g.facilitator_id}, {"name", listing.facilitator_name}}},
      {"schedule", g.schedule},
      {"area", g.area},
      {"skill", g.skill},
      {"goal", json::object{{"measure", g.goal_measure},
                            {"target", or_null(g.goal_target)},
                            {"target_date", or_null(g.goal_target_date)}}},
      {"frequency", g.frequency},
      {"minutes", or_null(g.minutes)},
      {"status", g.status},
      {"member_count", listing.member_count},
      {"created_by", or_null(g.created_by)},
      {"created_at", util::format_rfc3339(g.created_at)},
      {"updated_at", util::format_rfc3339(g.updated_at)},
      {"allowed_actions",
       access::allowed_actions(by, subject_of(by, g), {access::Action::manage_group})}};
}

json::object view(const store::groups::Member& m) {
  return {
      {"student",
       json::object{{"id", m.student_id}, {"name", m.student_name}, {"grade", m.student_grade}}},
      {"plan_id", or_null(m.plan_id)},
      {"added_at", util::format_rfc3339(m.added_at)}};
}

json::object view(const AddedMember& a) {
  return {{"student_id", a.student_id}, {"plan_id", a.plan_id}, {"case_id", or_null(a.case_id)}};
}

}  // namespace trellis::domain::mtss
