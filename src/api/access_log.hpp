// The access log of reads (34 CFR 99.32), as handlers write it: an answer that shows students'
// records beyond summary fields writes one entry per student, durable before it is sent. This
// is the one way a handler logs a read; nothing in api/ writes the access log by hand.
#pragma once

#include <string>
#include <vector>

#include "domain/audit/audit.hpp"
#include "http/context.hpp"

namespace trellis::api {

// One write transaction for every distinct student in `students` (none: nothing is written);
// `detail` names what was read: the path kind and the record id ("plan 12 progress").
http::asio::awaitable<void> log_reads(
    http::RequestContext& ctx, std::vector<store::Id> students, std::string detail,
    domain::audit::StudentAccess kind = domain::audit::StudentAccess::view);
// One student's record.
http::asio::awaitable<void> log_read(
    http::RequestContext& ctx, store::Id student, std::string detail,
    domain::audit::StudentAccess kind = domain::audit::StudentAccess::view);

// A read whose detail differs from student to student (an export names each student's own
// records).
struct StudentRead {
  store::Id student;
  std::string detail;
};
// One write transaction for all of `reads`, one entry each (none: nothing is written).
http::asio::awaitable<void> log_reads(
    http::RequestContext& ctx, std::vector<StudentRead> reads,
    domain::audit::StudentAccess kind = domain::audit::StudentAccess::view);

}  // namespace trellis::api
