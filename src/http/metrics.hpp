// Prometheus metrics for the HTTP server: per-route request counters and latency histograms,
// plus gauges read at scrape time (open connections, database pool, ...).
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace trellis::http {

// Counters for one route. observe() runs on every request from many threads, so it only
// touches atomics; relaxed ordering is enough because a scrape needs no cross-counter
// consistency beyond what render() derives itself.
class RouteMetrics {
 public:
  // Upper bounds in seconds of the latency buckets; one more bucket (+Inf) follows.
  static constexpr std::array<double, 13> kBucketBounds{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
  static constexpr std::array<const char*, 4> kStatusClasses{"2xx", "3xx", "4xx", "5xx"};

  void observe(unsigned status, double seconds);

  // Per-bucket (not cumulative) counts; the last entry is the +Inf bucket.
  std::array<std::uint64_t, kBucketBounds.size() + 1> bucket_counts() const;
  std::uint64_t requests_in_class(std::size_t class_index) const;
  double seconds_sum() const;

 private:
  static std::size_t status_class_index(unsigned status);
  static std::size_t bucket_index(double seconds);

  std::array<std::atomic<std::uint64_t>, kStatusClasses.size()> requests_by_class_{};
  std::array<std::atomic<std::uint64_t>, kBucketBounds.size() + 1> buckets_{};
  std::atomic<double> seconds_sum_{0.0};
};

class MetricsRegistry {
 public:
  // Registers (or finds) the metrics of one route. Meant for start-up; the reference stays
  // valid for the registry's lifetime, so the hot path never looks anything up.
  RouteMetrics& route(std::string method, std::string pattern);

  // Adds or replaces a gauge whose value is read at each scrape. `read` must not call back
  // into this registry. Throws std::invalid_argument for a name Prometheus would reject.
  void set_gauge(std::string name, std::string help, std::function<double()> read);

  // Prometheus text exposition format 0.0.4.
  std::string render() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    RouteMetrics metrics;
  };
  struct Gauge {
    std::string name;
    std::string help;
    std::function<double()> read;
  };

  void render_request_counters(std::string& out) const;
  void render_latency_histograms(std::string& out) const;
  void render_gauges(std::string& out) const;

  mutable std::mutex mutex_;
  std::deque<Route> routes_;  // a deque: growing it never moves the RouteMetrics handed out
  std::vector<Gauge> gauges_;
};

}  // namespace trellis::http
