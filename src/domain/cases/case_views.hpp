// Case management records as JSON: what the API answers and the audit log stores.
#pragma once

#include <boost/json/object.hpp>

#include "store/cases_queries.hpp"
#include "store/cases_repo.hpp"

namespace trellis::domain::views {

boost::json::object case_settings(const store::DictionarySettings& settings);
boost::json::object dictionary_version(const store::DictionaryVersion& version);
boost::json::object dictionary_value(const store::DictionaryValue& value);
// The stored row, for the audit log.
boost::json::object case_record(const store::CaseRow& c);
// A dashboard row as API.md lists it; `now` gives days open.
boost::json::object dashboard_case(const store::case_queries::DashboardRow& row, std::int64_t now);
boost::json::object timeline_event(const store::EventRow& event);

}  // namespace trellis::domain::views
