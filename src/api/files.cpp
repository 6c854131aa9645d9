// Student files: upload (multipart field `file`), list, metadata and download.
#include <fmt/format.h>

#include <boost/json.hpp>
#include <stdexcept>

#include "api/access_log.hpp"
#include "api/routes.hpp"
#include "domain/files/files.hpp"
#include "http/content_disposition.hpp"
#include "http/context.hpp"
#include "http/multipart.hpp"

namespace trellis::api {

using namespace http;
namespace json = boost::json;
using domain::Error;

namespace {

store::FileBlobs blobs_of(const RequestContext& ctx) {
  return store::FileBlobs(ctx.app.config.data_dir / "files");
}

// The one `file` part of the body: 400 when the body is not multipart, 422 (field "file")
// when no part is a file named `file`, or more than one is.
domain::files::Upload read_upload(RequestContext& ctx, store::Id student_id) {
  const auto boundary = take(multipart::boundary_of(ctx.request[bhttp::field::content_type]));
  // The body was received into a file (BodyKind::multipart); the parts are views into its
  // mapping, so the upload is never copied into memory.
  const auto parts = take(multipart::parse(ctx.spooled_body->view(), boundary));
  const multipart::Part* file = nullptr;
  for (const auto& part : parts) {
    if (part.name != "file") continue;
    if (file) throw RequestError(Error::invalid({{"file", "Send one file per upload."}}));
    file = &part;
  }
  if (!file || !file->filename) {
    throw RequestError(
        Error::invalid({{"file", "Attach the file as the multipart field \"file\"."}}));
  }
  return {student_id, *file->filename, file->body};
}

asio::awaitable<Response> upload_file(RequestContext& ctx) {
  const auto upload = read_upload(ctx, ctx.path_id("id"));
  const auto max_bytes = ctx.app.config.max_upload_bytes;
  const auto accepted = take(ctx.read([&](store::Connection& conn) {
    return domain::files::accept_upload(conn, ctx.caller(), upload, max_bytes);
  }));
  const auto sha256 = domain::files::store_content(blobs_of(ctx), accepted.content);
  auto file = take(co_await ctx.write([&](store::Connection& conn) {
    return domain::files::record_upload(conn, ctx.caller(), ctx.actor(), accepted, sha256);
  }));
  co_return ctx.created(domain::files::view(file));
}

asio::awaitable<Response> list_files(RequestContext& ctx) {
  const auto student_id = ctx.path_id("id");
  const auto limit = ctx.page_limit();
  auto page = take(ctx.read([&](store::Connection& conn) {
    return domain::files::list_for_student(conn, ctx.caller(), student_id, ctx.cursor(), limit);
  }));
  // Which files a student has (names, types, who uploaded them) is their record.
  co_await log_read(ctx, student_id, "files");
  json::array items;
  for (const auto& file : page.items) items.push_back(domain::files::view(file));
  co_return ctx.page(std::move(items), page.next_cursor);
}

store::StudentFileRow visible_file(RequestContext& ctx) {
  const auto id = ctx.path_id("id");
  return take(ctx.read([&](store::Connection& conn) {
    return domain::files::find_visible(conn, ctx.caller(), id);
  }));
}

asio::awaitable<Response> file_metadata(RequestContext& ctx) {
  const auto file = visible_file(ctx);
  co_await log_read(ctx, file.student_id, fmt::format("file {} metadata", file.id));
  co_return ctx.ok(domain::files::view(file));
}

asio::awaitable<Response> download_file(RequestContext& ctx) {
  const auto file = visible_file(ctx);
  auto content = blobs_of(ctx).path_of(file.sha256);
  if (std::error_code ec; !std::filesystem::is_regular_file(content, ec)) {
    throw std::runtime_error("the content of file " + std::to_string(file.id) + " (" + file.sha256 +
                             ") is missing from the data directory");
  }
  // Logged and durable before the bytes leave the server (FERPA access record).
  co_await ctx.write([&](store::Connection& conn) {
    domain::files::record_download(conn, ctx.caller(), file, ctx.peer.client_address);
  });
  // Served as stored, never sniffed (text() sets nosniff), always as a download; opened in a
  // tab anyway, a sandboxed document runs no script and loads nothing. The transport streams
  // the content from disk.
  auto response = ctx.text(bhttp::status::ok, file.content_type, "");
  response.file = std::move(content);
  response.set(bhttp::field::content_disposition, attachment_disposition(file.name));
  response.set("Content-Security-Policy", "default-src 'none'; sandbox");
  co_return response;
}

}  // namespace

void register_files(Router& router) {
  // Multipart routes take their body limit from AppConfig::max_upload_bytes (the dispatcher).
  router.add(bhttp::verb::post, "/api/v1/students/{id}/files", upload_file).body =
      BodyKind::multipart;
  router.add(bhttp::verb::get, "/api/v1/students/{id}/files", list_files);
  router.add(bhttp::verb::get, "/api/v1/files/{id}", download_file);
  router.add(bhttp::verb::get, "/api/v1/files/{id}/meta", file_metadata);
}

}  // namespace trellis::api
