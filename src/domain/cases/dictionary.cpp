#include "domain/cases/dictionary.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "domain/access/access.hpp"
#include "domain/audit/audit.hpp"
#include "domain/cases/case_engine.hpp"
#include "domain/cases/case_views.hpp"
#include "store/cases_queries.hpp"
#include "store/query_builder.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace trellis::domain::dictionary {

namespace {

std::string describe(const store::DictionaryValue& value, std::string_view what) {
  return std::string(what) + " " + std::string(value.kind) + " \"" + value.name + "\"";
}

// A new dictionary version carrying the settings in force; values changed in it record their
// state against it.
Id new_version(store::Connection& conn, const Actor& actor, const std::string& change,
               const store::DictionarySettings& settings, std::int64_t at) {
  return store::dictionary::add_version(
      conn, {0, at, actor.user_id, change, settings.enabled, settings.open_case_on});
}

std::optional<Error> check_name(store::Connection& conn, ValueKind kind, Id id,
                                const std::string& name) {
  std::map<std::string, std::string> problems;
  util::check_text(problems, "name", name, kMaxValueName, true);
  if (!problems.empty()) return Error::invalid(std::move(problems));
  for (const auto& other : store::dictionary::values(conn, std::string(name_of(kind)))) {
    if (other.id != id && store::ascii_lower(other.name) == store::ascii_lower(name)) {
      return Error::invalid({{"name", "This name is already in use."}});
    }
  }
  return std::nullopt;
}

// The status rules that keep exactly one usable default for new cases.
std::optional<Error> check_status(store::Connection& conn, const store::DictionaryValue& before,
                                  const store::DictionaryValue& after) {
  std::map<std::string, std::string> fields;
  if (after.is_default && after.retired) {
    fields["retired"] =
        "The default status cannot be retired; make another status the default first.";
  } else if (after.is_default && after.closed) {
    fields["is_default"] = "The default status for new cases must be an open status.";
  }
  if (before.is_default && !after.is_default) {
    fields["is_default"] = "Make another status the default instead.";
  }
  if (before.built_in && (after.closed || after.retired)) {
    fields[after.retired ? "retired" : "closed"] =
        "The built-in Open status stays open and in use.";
  }
  if (before.closed != after.closed && before.id != 0 &&
      store::case_queries::count_with_status(conn, before.id, !before.closed) > 0) {
    fields["closed"] = before.closed ? "Closed cases have this status; add a new open status."
                                     : "Open cases have this status; add a new closed status.";
  }
  if (fields.empty()) return std::nullopt;
  return Error::invalid(std::move(fields));
}

void apply(store::DictionaryValue& value, const ValueChanges& changes) {
  if (changes.name) value.name = *changes.name;
  if (value.kind == name_of(ValueKind::case_status)) {
    if (changes.closed) value.closed = *changes.closed;
    if (changes.is_default) value.is_default = *changes.is_default;
  }
  if (changes.retired) value.retired = *changes.retired;
}

std::optional<Error> check_value(store::Connection& conn, ValueKind kind,
                                 const store::DictionaryValue& before,
                                 const store::DictionaryValue& after) {
  if (auto problem = check_name(conn, kind, after.id, after.name)) return problem;
  if (kind == ValueKind::case_status) return check_status(conn, before, after);
  return std::nullopt;
}

// Saves the value in a new version, moving the default when this value takes it.
store::DictionaryValue save(store::Connection& conn, const Actor& actor,
                            store::DictionaryValue value, const std::string& change) {
  const auto at = util::now_micros();
  const auto version = new_version(conn, actor, change, store::dictionary::current(conn), at);
  if (value.is_default) store::dictionary::clear_default(conn, value.kind);
  value.updated_at = at;
  if (value.id == 0) {
    value.created_at = at;
    value.id = store::dictionary::insert_value(conn, value);
  } else {
    store::dictionary::update_value(conn, value);
  }
  store::dictionary::record_history(conn, version, value);
  return value;
}

}  // namespace

std::string_view name_of(ValueKind kind) {
  switch (kind) {
    case ValueKind::case_status:
      return "case_status";
    case ValueKind::close_reason:
      return "close_reason";
    case ValueKind::focus_area:
      return "focus_area";
  }
  return "case_status";
}

std::optional<ValueKind> parse_path_kind(std::string_view segment) {
  if (segment == "case-statuses") return ValueKind::case_status;
  if (segment == "close-reasons") return ValueKind::close_reason;
  if (segment == "focus-areas") return ValueKind::focus_area;
  return std::nullopt;
}

Outcome<store::DictionarySettings> change_settings(store::Connection& conn,
                                                   const Principal& principal, const Actor& actor,
                                                   const SettingsChange& change) {
  if (auto refused = access::refusal(principal, access::Action::manage_dictionary, {})) {
    return *refused;
  }
  std::set<std::string> triggers;
  for (const auto& name : change.open_case_on) {
    if (!cases::parse_trigger(name)) {
      return Error::invalid({{"open_case_on", "Unknown trigger \"" + name + "\"."}});
    }
    triggers.insert(name);
  }
  const auto before = store::dictionary::current(conn);
  store::DictionarySettings after{0, util::now_micros(), change.enabled, {}};
  // Kept in the dictionary's own order so versions compare and read alike.
  for (auto trigger : cases::all_triggers()) {
    if (triggers.contains(std::string(cases::name_of(trigger)))) {
      after.open_case_on.emplace_back(cases::name_of(trigger));
    }
  }
  after.version_id =
      new_version(conn, actor, "Case management settings", after, after.effective_at);
  audit::record(conn, actor,
                {.action = "case_management.update",
                 .entity = "dictionary_version",
                 .entity_id = after.version_id,
                 .before = views::case_settings(before),
                 .after = views::case_settings(after)});
  return after;
}

Outcome<store::DictionaryValue> create_value(store::Connection& conn, const Principal& principal,
                                             const Actor& actor, ValueKind kind,
                                             const ValueChanges& changes) {
  if (auto refused = access::refusal(principal, access::Action::manage_dictionary, {})) {
    return *refused;
  }
  if (!changes.name) return Error::invalid({{"name", "Enter a name."}});
  store::DictionaryValue value;
  value.kind = std::string(name_of(kind));
  apply(value, changes);
  store::DictionaryValue nothing_yet;
  nothing_yet.kind = value.kind;
  if (auto problem = check_value(conn, kind, nothing_yet, value)) {
    return *problem;
  }
  value = save(conn, actor, value, describe(value, "Added"));
  audit::record(conn, actor,
                {.action = "dictionary.create",
                 .entity = value.kind,
                 .entity_id = value.id,
                 .after = views::dictionary_value(value)});
  return value;
}

Outcome<store::DictionaryValue> update_value(store::Connection& conn, const Principal& principal,
                                             const Actor& actor, ValueKind kind, Id id,
                                             const ValueChanges& changes) {
  if (auto refused = access::refusal(principal, access::Action::manage_dictionary, {})) {
    return *refused;
  }
  auto before = store::dictionary::find_value(conn, id);
  if (!before || before->kind != name_of(kind)) return Error::not_found("The dictionary value");
  auto after = *before;
  apply(after, changes);
  if (auto problem = check_value(conn, kind, *before, after)) return *problem;
  after = save(conn, actor, after, describe(after, after.retired ? "Retired" : "Changed"));
  audit::record(conn, actor,
                {.action = "dictionary.update",
                 .entity = after.kind,
                 .entity_id = after.id,
                 .before = views::dictionary_value(*before),
                 .after = views::dictionary_value(after)});
  return after;
}

}  // namespace trellis::domain::dictionary
