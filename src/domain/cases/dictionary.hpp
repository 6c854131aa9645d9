// The Case Management Dictionary (rule 2): the switch, the triggers, and the values cases use
// (statuses, reasons for close, focus areas). Administered by district administrators; every
// change is audited and makes a new dictionary version stamped with when it took effect.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/auth/principal.hpp"
#include "domain/outcome.hpp"
#include "store/cases_repo.hpp"

namespace trellis::domain::dictionary {

inline constexpr std::size_t kMaxValueName = 100;  // characters

enum class ValueKind { case_status, close_reason, focus_area };
std::string_view name_of(ValueKind kind);  // "case_status", ...
// From the API's path segment: "case-statuses", "close-reasons", "focus-areas".
std::optional<ValueKind> parse_path_kind(std::string_view segment);

struct SettingsChange {
  bool enabled = false;
  std::vector<std::string> open_case_on;
};

// Invalid trigger names answer 422. Turning a trigger on never reaches back (rule 6).
Outcome<store::DictionarySettings> change_settings(store::Connection& conn,
                                                   const Principal& principal, const Actor& actor,
                                                   const SettingsChange& change);

struct ValueChanges {
  std::optional<std::string> name;
  std::optional<bool> closed;
  std::optional<bool> is_default;
  std::optional<bool> retired;
};

Outcome<store::DictionaryValue> create_value(store::Connection& conn, const Principal& principal,
                                             const Actor& actor, ValueKind kind,
                                             const ValueChanges& changes);
// Renames, retires (never deletes) and moves the default. Exactly one status stays the
// default, it is open and not retired; the built-in "Open" is never closed or retired.
Outcome<store::DictionaryValue> update_value(store::Connection& conn, const Principal& principal,
                                             const Actor& actor, ValueKind kind, Id id,
                                             const ValueChanges& changes);

}  // namespace trellis::domain::dictionary
