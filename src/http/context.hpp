// One request as a handler sees it, with the helpers every handler needs: path and query
// parameters, the JSON body, the caller, the database, and the response builders.
#pragma once

#include <boost/asio/use_awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <boost/url/url_view.hpp>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "domain/auth/principal.hpp"
#include "domain/outcome.hpp"
#include "domain/transaction.hpp"
#include "http/app.hpp"
#include "http/errors.hpp"
#include "http/router.hpp"
#include "http/spooled_body.hpp"
#include "store/records.hpp"

namespace trellis::http {

class RequestContext {
 public:
  RequestContext(Request& request, const ConnectionInfo& peer, App& app, PathParams params,
                 boost::urls::url_view url)
      : request(request), peer(peer), app(app), params_(std::move(params)), url_(url) {}

  Request& request;
  const ConnectionInfo& peer;
  App& app;
  std::optional<domain::Principal> principal;
  // The body of a multipart or archive route, received into a file before the handler runs.
  std::optional<SpooledBody> spooled_body;

  // The signed-in caller (routes with Auth::signed_in always have one).
  const domain::Principal& caller() const { return *principal; }
  domain::Actor actor() const { return domain::Actor::of(*principal, peer.client_address); }

  // A positive integer path parameter; anything else answers 404 (no such record).
  store::Id path_id(std::string_view name) const;
  // A path parameter as text ("{kind}"); empty when the route has none of that name.
  std::string path_text(std::string_view name) const;
  std::optional<std::string> query(std::string_view name) const;
  // Integer query parameter; 422 naming the parameter when it is not one.
  std::optional<std::int64_t> query_int(std::string_view name) const;
  // A moment given as RFC 3339 or as a date (midnight UTC); 422 naming the parameter.
  std::optional<std::int64_t> query_time(std::string_view name) const;
  // ?limit= (default 50, 1..500) and ?cursor=.
  int page_limit() const;
  std::optional<std::string> cursor() const { return query("cursor"); }

  // The request body as a JSON object; 400 when it is not JSON, 422 when not an object.
  const boost::json::object& json_body();

  Response json(bhttp::status status, const boost::json::value& body) const;
  Response ok(const boost::json::value& body) const { return json(bhttp::status::ok, body); }
  Response created(const boost::json::value& body) const {
    return json(bhttp::status::created, body);
  }
  Response no_content() const;
  // A list page as API.md has it: {"items": [...], "next_cursor": "..." | null}.
  Response page(boost::json::array items, const std::optional<std::string>& next_cursor) const;
  Response text(bhttp::status status, std::string content_type, std::string body) const;

  // Runs `work` in a read transaction on this thread and returns what it returns.
  template <class F>
  auto read(F&& work) -> std::invoke_result_t<F, store::Connection&>;
  // Runs `work` in a write transaction (group-committed on SQLite) and resumes this
  // coroutine once it is durable, with what `work` returned.
  template <class F>
  auto write(F work) -> asio::awaitable<std::invoke_result_t<F, store::Connection&>>;

 private:
  PathParams params_;
  boost::urls::url_view url_;
  std::optional<boost::json::value> body_;
};

// Awaits Database::write_async from a coroutine: the completion is posted back to the
// coroutine's executor, so no handler ever runs on the database thread.
asio::awaitable<void> await_write(store::Database& db, const store::Work& work);

template <class F>
auto RequestContext::read(F&& work) -> std::invoke_result_t<F, store::Connection&> {
  using R = std::invoke_result_t<F, store::Connection&>;
  if constexpr (std::is_void_v<R>) {
    app.db.read([&](store::Connection& conn) { work(conn); });
  } else {
    std::optional<R> result;
    app.db.read([&](store::Connection& conn) { result.emplace(work(conn)); });
    return std::move(*result);
  }
}

template <class F>
auto RequestContext::write(F work) -> asio::awaitable<std::invoke_result_t<F, store::Connection&>> {
  using R = std::invoke_result_t<F, store::Connection&>;
  // Named locals only: GCC 12 mishandles non-trivial temporaries inside co_await expressions.
  // The job captures references to this frame, which outlives the write.
  if constexpr (std::is_void_v<R>) {
    store::Work job = [&work](store::Connection& conn) { work(conn); };
    co_await await_write(app.db, job);
  } else {
    // The work may run more than once (PostgreSQL retries); the last run's result counts.
    // A failed Outcome rolls the transaction back (domain/transaction.hpp).
    std::optional<R> result;
    store::Work job = [&work, &result](store::Connection& conn) {
      result.reset();
      result.emplace(work(conn));
      domain::roll_back_if_failed(*result);
    };
    try {
      co_await await_write(app.db, job);
    } catch (const domain::RolledBack&) {
      // `result` holds the failed outcome.
    }
    co_return std::move(*result);
  }
}

}  // namespace trellis::http
