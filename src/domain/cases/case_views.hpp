// Case management records as JSON: what the API answers and the audit log stores.
#pragma once

#include <boost/json/object.hpp>

#include "store/cases_queries.hpp"
#include "store/cases_repo.hpp"
#include "util/json_writer.hpp"

namespace trellis::domain::views {

boost::json::object case_settings(const store::DictionarySettings& settings);
boost::json::object dictionary_version(const store::DictionaryVersion& version);
boost::json::object dictionary_value(const store::DictionaryValue& value);
// The stored row, for the audit log.
boost::json::object case_record(const store::CaseRow& c);
// How much of a case an answer shows.
//  summary: a dashboard row as API.md lists it; `now` gives days open. Summary fields only (the
//    student's directory entry, the case's status, dates and counts, who manages it and why it
//    is open): lists show these without an access-log entry, so never a note.
//  record: the case as the student's record shows it (the case page, the student's cases): the
//    summary and the close note. Whoever is answered this is in the student's access log.
enum class CaseView { summary, record };

// Writes the case as one JSON object, with `allowed_actions` (what the caller may do with it).
// Written straight to the answer's text: a page of 50 is the dashboard's whole answer.
void write_case(util::JsonWriter& out, const store::case_queries::DashboardRow& row,
                std::int64_t now, CaseView view, const boost::json::array& allowed_actions);
boost::json::object timeline_event(const store::EventRow& event);

}  // namespace trellis::domain::views
