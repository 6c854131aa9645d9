#include "api/access_log.hpp"

namespace trellis::api {

http::asio::awaitable<void> log_reads(http::RequestContext& ctx, std::vector<store::Id> students,
                                      std::string detail, domain::audit::StudentAccess kind) {
  if (students.empty()) co_return;
  co_await ctx.write([&](store::Connection& conn) {
    domain::audit::record_students_access(conn, ctx.caller(), std::move(students), kind, detail,
                                          ctx.peer.client_address);
  });
}

http::asio::awaitable<void> log_read(http::RequestContext& ctx, store::Id student,
                                     std::string detail, domain::audit::StudentAccess kind) {
  co_await log_reads(ctx, std::vector<store::Id>(1, student), std::move(detail), kind);
}

http::asio::awaitable<void> log_reads(http::RequestContext& ctx, std::vector<StudentRead> reads,
                                      domain::audit::StudentAccess kind) {
  if (reads.empty()) co_return;
  co_await ctx.write([&](store::Connection& conn) {
    for (const auto& read : reads) {
      domain::audit::record_student_access(conn, ctx.caller(), read.student, kind, read.detail,
                                           ctx.peer.client_address);
    }
  });
}

}  // namespace trellis::api
