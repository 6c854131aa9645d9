// How each person hears of each kind of notification: immediately (in the app and by e-mail),
// in the app at once and by e-mail in the next morning's digest, in the app only, or not at
// all. A person's own choice, else the district's default (set by
// district administrators), else immediately.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/auth/principal.hpp"
#include "domain/notifications/notifications.hpp"
#include "domain/outcome.hpp"
#include "store/database.hpp"

namespace trellis::domain::notifications {

enum class Delivery { immediately, digest, app, off };
std::string_view name_of(Delivery delivery);
std::optional<Delivery> delivery_named(std::string_view name);
std::optional<Kind> kind_named(std::string_view name);
const std::vector<Kind>& every_kind();

// How `user_id` hears of `kind` now.
Delivery delivery_for(store::Connection& conn, Id user_id, Kind kind);

// Changes: a kind to a delivery, or to nullopt (back to the district's default).
using Choices = std::map<Kind, std::optional<Delivery>>;
void choose(store::Connection& conn, const Actor& actor, Id user_id, const Choices& choices);
// The district's defaults: a kind to a delivery, or nullopt (back to immediately); and, when
// given, whether e-mails may name the student. One audit entry for both.
void set_district_defaults(store::Connection& conn, const Actor& actor, const Choices& defaults,
                           std::optional<StudentNames> student_names = std::nullopt);

// {"items": [{kind, label, delivery, district_default, chosen}], "email": bool,
// "student_names_in_email"} for one person: the kinds they can receive (roster imports only for
// those who may run one), whether this server sends e-mail at all, and what e-mails may say of
// a student.
boost::json::object preferences_view(store::Connection& conn, const Principal& person);
// {"defaults": {kind: delivery}, "student_names_in_email": "none" | "first_name_last_initial"}.
boost::json::object district_defaults_view(store::Connection& conn);

}  // namespace trellis::domain::notifications
