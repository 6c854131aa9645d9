// Roster imports for the web UI (district administrators): a OneRoster zip is accepted, runs
// on the server's import worker, and is followed by its id (status, progress, summary, paged
// report).
#include <boost/json.hpp>

#include "api/route_policy.hpp"
#include "api/routes.hpp"
#include "domain/access/access.hpp"
#include "domain/roster/import_worker.hpp"
#include "domain/roster/oneroster.hpp"
#include "http/context.hpp"
#include "http/multipart.hpp"

namespace trellis::api {

using namespace http;
namespace json = boost::json;
using domain::Error;
namespace roster = domain::roster;

namespace {

constexpr std::size_t kMaxArchiveBytes = std::size_t{512} * 1024 * 1024;

// Where the zip lies in the received body: the body itself, or its multipart field `file`.
struct ArchiveUpload {
  std::string name;
  std::uint64_t offset = 0, length = 0;
};

// The body was received into a file (BodyKind::archive) only after the caller was found to be
// a district administrator; the zip is read from there, never copied into memory.
ArchiveUpload find_archive(RequestContext& ctx) {
  const auto type = ctx.request[bhttp::field::content_type];
  const auto body = ctx.spooled_body->view();
  if (!type.starts_with("multipart/")) return {"upload.zip", 0, body.size()};
  const auto boundary = take(multipart::boundary_of(type));
  for (const auto& part : take(multipart::parse(body, boundary))) {
    if (part.name == "file") {
      return {part.filename.value_or("upload.zip"),
              static_cast<std::uint64_t>(part.body.data() - body.data()), part.body.size()};
    }
  }
  throw RequestError(Error::invalid({{"file", "Attach the zip as the multipart field \"file\"."}}));
}

// The zip as a source that owns the received file from now on: the import outlives the request.
std::shared_ptr<roster::Source> take_archive(RequestContext& ctx, const ArchiveUpload& upload) {
  auto path = std::move(*ctx.spooled_body).release();
  ctx.spooled_body.reset();
  return take(roster::open_zip_in_file(path, upload.offset, upload.length));
}

asio::awaitable<Response> start_import(RequestContext& ctx) {
  require_allowed(ctx, domain::access::Action::run_roster_import);
  const auto mode = roster::parse_mode(ctx.query("mode").value_or("strict"));
  if (!mode) throw RequestError(Error::invalid({{"mode", "Use strict or lenient."}}));
  const auto upload = find_archive(ctx);
  auto source = take_archive(ctx, upload);
  auto& db = ctx.app.db;
  const auto actor = ctx.actor();
  const auto id = roster::create_run(db, upload.name, *mode, actor);
  // The import runs on the server's import worker, followed through GET
  // /api/v1/admin/imports/{id}; a shutdown cancels it (the run says so) and waits for it.
  roster::ImportOptions options;
  options.mode = *mode;
  options.actor = actor;
  // Refused only once the server is stopping: the run then says it was cancelled.
  ctx.app.imports.submit(id, source, std::move(options));
  co_return ctx.json(bhttp::status::accepted,
                     json::object{{"id", id},
                                  {"status", "queued"},
                                  {"url", "/api/v1/admin/imports/" + std::to_string(id)}});
}

asio::awaitable<Response> show_import(RequestContext& ctx) {
  require_allowed(ctx, domain::access::Action::run_roster_import);
  const auto id = ctx.path_id("id");
  const auto after = ctx.cursor() ? ctx.query_int("cursor").value_or(0) : 0;
  const auto limit = ctx.page_limit();
  auto view =
      ctx.read([&](store::Connection& conn) { return roster::run_view(conn, id, after, limit); });
  if (!view) throw RequestError(Error::not_found("The import"));
  co_return ctx.ok(*view);
}

}  // namespace

void register_imports(Router& router) {
  auto& start = router.add(bhttp::verb::post, "/api/v1/admin/imports/oneroster", start_import);
  start.body = BodyKind::archive;
  start.body_limit = kMaxArchiveBytes;
  router.add(bhttp::verb::get, "/api/v1/admin/imports/{id}", show_import);
}

}  // namespace trellis::api
