#include "domain/notifications/preferences.hpp"

#include <boost/json.hpp>

#include "domain/access/access.hpp"
#include "domain/audit/audit.hpp"
#include "store/settings_repo.hpp"

namespace trellis::domain::notifications {

namespace json = boost::json;

namespace {

constexpr std::string_view kDefaultPrefix = "notification_default:";

std::string default_key(Kind kind) {
  return std::string(kDefaultPrefix) + std::string(name_of(kind));
}

// What a person reads in their settings for each kind.
std::string_view label_of(Kind kind) {
  switch (kind) {
    case Kind::task_assigned:
      return "A task is assigned to you";
    case Kind::case_assigned:
      return "You are made a case's manager";
    case Kind::meeting_invited:
      return "You are invited to a meeting";
    case Kind::meeting_rescheduled:
      return "A meeting you attend is moved";
    case Kind::meeting_cancelled:
      return "A meeting you attend is cancelled, or you are taken off it";
    case Kind::import_finished:
      return "A roster import you started finishes";
    case Kind::import_failed:
      return "A roster import you started fails";
    case Kind::tasks_due:
      return "Each morning: your tasks due tomorrow and overdue";
    case Kind::review_due:
      return "A plan you own is to be reviewed within a week";
  }
  return "";
}

Delivery district_default(store::Connection& conn, Kind kind) {
  const auto value = store::settings::get(conn, default_key(kind));
  return value ? delivery_named(*value).value_or(Delivery::immediately) : Delivery::immediately;
}

std::optional<Delivery> own_choice(store::Connection& conn, Id user_id, Kind kind) {
  auto row = conn.maybe_one(
      "SELECT delivery FROM notification_preferences WHERE user_id = $1 AND kind = $2", user_id,
      std::string(name_of(kind)));
  if (!row) return std::nullopt;
  return delivery_named((*row)[0].as_string());
}

json::object choices_json(const Choices& choices) {
  json::object out;
  for (const auto& [kind, delivery] : choices) {
    out[name_of(kind)] = delivery ? json::value(name_of(*delivery)) : json::value(nullptr);
  }
  return out;
}

}  // namespace

std::string_view name_of(Delivery delivery) {
  switch (delivery) {
    case Delivery::immediately:
      return "immediately";
    case Delivery::digest:
      return "digest";
    case Delivery::app:
      return "app";
    case Delivery::off:
      return "off";
  }
  return "immediately";
}

std::optional<Delivery> delivery_named(std::string_view name) {
  for (const auto d : {Delivery::immediately, Delivery::digest, Delivery::app, Delivery::off}) {
    if (name_of(d) == name) return d;
  }
  return std::nullopt;
}

const std::vector<Kind>& every_kind() {
  static const std::vector<Kind> kinds = {
      Kind::task_assigned,       Kind::case_assigned,     Kind::meeting_invited,
      Kind::meeting_rescheduled, Kind::meeting_cancelled, Kind::import_finished,
      Kind::import_failed,       Kind::tasks_due,         Kind::review_due};
  return kinds;
}

std::optional<Kind> kind_named(std::string_view name) {
  for (const auto kind : every_kind()) {
    if (name_of(kind) == name) return kind;
  }
  return std::nullopt;
}

Delivery delivery_for(store::Connection& conn, Id user_id, Kind kind) {
  return own_choice(conn, user_id, kind).value_or(district_default(conn, kind));
}

void choose(store::Connection& conn, const Actor& actor, Id user_id, const Choices& choices) {
  for (const auto& [kind, delivery] : choices) {
    conn.run("DELETE FROM notification_preferences WHERE user_id = $1 AND kind = $2", user_id,
             std::string(name_of(kind)));
    if (delivery) {
      conn.run("INSERT INTO notification_preferences (user_id, kind, delivery) VALUES ($1, $2, $3)",
               user_id, std::string(name_of(kind)), std::string(name_of(*delivery)));
    }
  }
  audit::record(conn, actor,
                {"notification_preferences.change", "user", user_id, std::nullopt, std::nullopt,
                 choices_json(choices)});
}

void set_district_defaults(store::Connection& conn, const Actor& actor, const Choices& defaults,
                           std::optional<StudentNames> student_names) {
  const auto before = district_defaults_view(conn);
  if (student_names) set_student_names_in_mail(conn, *student_names);
  for (const auto& [kind, delivery] : defaults) {
    if (delivery) {
      store::settings::set(conn, default_key(kind), std::string(name_of(*delivery)));
    } else {
      store::settings::remove(conn, default_key(kind));
    }
  }
  audit::record(conn, actor,
                {"notification_defaults.change", "settings", std::nullopt, std::nullopt, before,
                 district_defaults_view(conn)});
}

json::object preferences_view(store::Connection& conn, const Principal& person) {
  const auto user_id = person.user_id;
  const bool imports = access::allows_somewhere(person, access::Action::run_roster_import);
  json::array items;
  for (const auto kind : every_kind()) {
    const bool about_imports = kind == Kind::import_finished || kind == Kind::import_failed;
    if (about_imports && !imports) continue;
    const auto own = own_choice(conn, user_id, kind);
    const auto fallback = district_default(conn, kind);
    items.push_back({{"kind", name_of(kind)},
                     {"label", label_of(kind)},
                     {"delivery", name_of(own.value_or(fallback))},
                     {"district_default", name_of(fallback)},
                     {"chosen", own.has_value()}});
  }
  return {{"items", std::move(items)},
          {"email", mail_configured()},
          {"student_names_in_email", name_of(student_names_in_mail(conn))}};
}

json::object district_defaults_view(store::Connection& conn) {
  json::object defaults;
  for (const auto kind : every_kind())
    defaults[name_of(kind)] = name_of(district_default(conn, kind));
  return {{"defaults", std::move(defaults)},
          {"student_names_in_email", name_of(student_names_in_mail(conn))}};
}

}  // namespace trellis::domain::notifications
