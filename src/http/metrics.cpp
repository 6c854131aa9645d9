#include "http/metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <stdexcept>
#include <string_view>

namespace trellis::http {

namespace {

constexpr std::string_view kRequestsTotal = "trellis_http_requests_total";
constexpr std::string_view kRequestDuration = "trellis_http_request_duration_seconds";

// Label values may hold any text; the format reserves backslash, quote and newline.
std::string escape_label_value(std::string_view value) {
  std::string escaped;
  escaped.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\':
        escaped += "\\\\";
        break;
      case '"':
        escaped += "\\\"";
        break;
      case '\n':
        escaped += "\\n";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

// HELP text escapes backslash and newline only (quotes are literal there).
std::string escape_help(std::string_view help) {
  std::string escaped;
  escaped.reserve(help.size());
  for (char c : help) {
    switch (c) {
      case '\\':
        escaped += "\\\\";
        break;
      case '\n':
        escaped += "\\n";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

// Prometheus spells the special values its own way (fmt would write "nan" and "inf").
std::string format_sample(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

std::string route_labels(std::string_view method, std::string_view pattern) {
  return fmt::format(R"(method="{}",route="{}")", escape_label_value(method),
                     escape_label_value(pattern));
}

bool is_valid_metric_name(std::string_view name) {
  auto is_name_start = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  };
  auto is_name_char = [&](char c) { return is_name_start(c) || (c >= '0' && c <= '9'); };
  return !name.empty() && is_name_start(name.front()) &&
         std::all_of(name.begin() + 1, name.end(), is_name_char);
}

void append_family_header(std::string& out, std::string_view name, std::string_view help,
                          std::string_view type) {
  fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", name, escape_help(help),
                 name, type);
}

}  // namespace

void RouteMetrics::observe(unsigned status, double seconds) {
  requests_by_class_[status_class_index(status)].fetch_add(1, std::memory_order_relaxed);
  buckets_[bucket_index(seconds)].fetch_add(1, std::memory_order_relaxed);
  seconds_sum_.fetch_add(seconds, std::memory_order_relaxed);
}

std::array<std::uint64_t, RouteMetrics::kBucketBounds.size() + 1> RouteMetrics::bucket_counts()
    const {
  std::array<std::uint64_t, kBucketBounds.size() + 1> counts{};
  for (std::size_t i = 0; i < counts.size(); ++i) {
    counts[i] = buckets_[i].load(std::memory_order_relaxed);
  }
  return counts;
}

std::uint64_t RouteMetrics::requests_in_class(std::size_t class_index) const {
  return requests_by_class_.at(class_index).load(std::memory_order_relaxed);
}

double RouteMetrics::seconds_sum() const {
  return seconds_sum_.load(std::memory_order_relaxed);
}

std::size_t RouteMetrics::status_class_index(unsigned status) {
  // A final status outside 2xx-4xx (informational, or not a status at all) is a server bug,
  // so it is counted with the server errors.
  if (status >= 200 && status < 500) return status / 100 - 2;
  return kStatusClasses.size() - 1;
}

std::size_t RouteMetrics::bucket_index(double seconds) {
  // Buckets are "less than or equal", hence lower_bound.
  auto bound = std::lower_bound(kBucketBounds.begin(), kBucketBounds.end(), seconds);
  return static_cast<std::size_t>(bound - kBucketBounds.begin());
}

RouteMetrics& MetricsRegistry::route(std::string method, std::string pattern) {
  std::lock_guard lock(mutex_);
  for (Route& existing : routes_) {
    if (existing.method == method && existing.pattern == pattern) return existing.metrics;
  }
  Route& added = routes_.emplace_back();
  added.method = std::move(method);
  added.pattern = std::move(pattern);
  return added.metrics;
}

void MetricsRegistry::set_gauge(std::string name, std::string help, std::function<double()> read) {
  if (!is_valid_metric_name(name)) {
    throw std::invalid_argument(fmt::format("invalid Prometheus metric name '{}'", name));
  }
  std::lock_guard lock(mutex_);
  auto same_name = [&](const Gauge& gauge) { return gauge.name == name; };
  if (auto existing = std::find_if(gauges_.begin(), gauges_.end(), same_name);
      existing != gauges_.end()) {
    existing->help = std::move(help);
    existing->read = std::move(read);
    return;
  }
  gauges_.push_back(Gauge{std::move(name), std::move(help), std::move(read)});
}

std::string MetricsRegistry::render() const {
  std::string out;
  std::lock_guard lock(mutex_);
  render_request_counters(out);
  render_latency_histograms(out);
  render_gauges(out);
  return out;
}

void MetricsRegistry::render_request_counters(std::string& out) const {
  if (routes_.empty()) return;
  append_family_header(out, kRequestsTotal, "HTTP requests answered, by route and status class.",
                       "counter");
  for (const Route& route : routes_) {
    const std::string labels = route_labels(route.method, route.pattern);
    for (std::size_t i = 0; i < RouteMetrics::kStatusClasses.size(); ++i) {
      fmt::format_to(std::back_inserter(out), "{}{{{},code=\"{}\"}} {}\n", kRequestsTotal, labels,
                     RouteMetrics::kStatusClasses[i], route.metrics.requests_in_class(i));
    }
  }
}

void MetricsRegistry::render_latency_histograms(std::string& out) const {
  if (routes_.empty()) return;
  append_family_header(out, kRequestDuration, "Time to produce the response, by route.",
                       "histogram");
  for (const Route& route : routes_) {
    const std::string labels = route_labels(route.method, route.pattern);
    // _count is the +Inf bucket of the same snapshot, so one scrape is always consistent
    // even while requests are being observed.
    const auto counts = route.metrics.bucket_counts();
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      cumulative += counts[i];
      const std::string le = i < RouteMetrics::kBucketBounds.size()
                                 ? format_sample(RouteMetrics::kBucketBounds[i])
                                 : "+Inf";
      fmt::format_to(std::back_inserter(out), "{}_bucket{{{},le=\"{}\"}} {}\n", kRequestDuration,
                     labels, le, cumulative);
    }
    fmt::format_to(std::back_inserter(out), "{}_sum{{{}}} {}\n{}_count{{{}}} {}\n",
                   kRequestDuration, labels, format_sample(route.metrics.seconds_sum()),
                   kRequestDuration, labels, cumulative);
  }
}

void MetricsRegistry::render_gauges(std::string& out) const {
  for (const Gauge& gauge : gauges_) {
    append_family_header(out, gauge.name, gauge.help, "gauge");
    fmt::format_to(std::back_inserter(out), "{} {}\n", gauge.name, format_sample(gauge.read()));
  }
}

}  // namespace trellis::http
