#include "http/metrics.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>

namespace trellis::http {
namespace {

bool contains_line(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(MetricsRegistry, RendersCountersAndCumulativeBuckets) {
  MetricsRegistry registry;
  RouteMetrics& route = registry.route("GET", "/api/v1/students/{id}");
  // Powers of two, so that the rendered sum is exact.
  route.observe(200, 0.000244140625);
  route.observe(204, 0.00390625);
  route.observe(404, 0.00390625);
  route.observe(503, 8.0);

  const std::string text = registry.render();
  const std::string labels = R"(method="GET",route="/api/v1/students/{id}")";
  EXPECT_TRUE(contains_line(text, "# TYPE trellis_http_requests_total counter"));
  EXPECT_TRUE(contains_line(text, "trellis_http_requests_total{" + labels + ",code=\"2xx\"} 2"));
  EXPECT_TRUE(contains_line(text, "trellis_http_requests_total{" + labels + ",code=\"3xx\"} 0"));
  EXPECT_TRUE(contains_line(text, "trellis_http_requests_total{" + labels + ",code=\"4xx\"} 1"));
  EXPECT_TRUE(contains_line(text, "trellis_http_requests_total{" + labels + ",code=\"5xx\"} 1"));

  const std::string bucket = "trellis_http_request_duration_seconds_bucket{" + labels;
  EXPECT_TRUE(contains_line(text, "# TYPE trellis_http_request_duration_seconds histogram"));
  EXPECT_TRUE(contains_line(text, bucket + ",le=\"0.0005\"} 1"));
  EXPECT_TRUE(contains_line(text, bucket + ",le=\"0.001\"} 1"));
  EXPECT_TRUE(contains_line(text, bucket + ",le=\"0.0025\"} 1"));
  EXPECT_TRUE(contains_line(text, bucket + ",le=\"0.005\"} 3"));
  EXPECT_TRUE(contains_line(text, bucket + ",le=\"5\"} 3"));
  EXPECT_TRUE(contains_line(text, bucket + ",le=\"+Inf\"} 4"));
  EXPECT_TRUE(contains_line(
      text, "trellis_http_request_duration_seconds_sum{" + labels + "} 8.008056640625"));
  EXPECT_TRUE(contains_line(text, "trellis_http_request_duration_seconds_count{" + labels + "} 4"));
}

TEST(MetricsRegistry, BucketBoundsAreInclusive) {
  MetricsRegistry registry;
  registry.route("GET", "/healthz").observe(200, 0.005);

  const std::string text = registry.render();
  const std::string bucket =
      R"(trellis_http_request_duration_seconds_bucket{method="GET",route="/healthz",le=)";
  EXPECT_TRUE(contains_line(text, bucket + "\"0.0025\"} 0"));
  EXPECT_TRUE(contains_line(text, bucket + "\"0.005\"} 1"));
}

TEST(MetricsRegistry, EscapesLabelValues) {
  MetricsRegistry registry;
  registry.route("GET", "/odd\\path\"with\nnewline").observe(200, 0.01);

  const std::string text = registry.render();
  EXPECT_TRUE(contains_line(
      text,
      R"(trellis_http_requests_total{method="GET",route="/odd\\path\"with\nnewline",code="2xx"} 1)"));
}

TEST(MetricsRegistry, SameRouteIsRegisteredOnce) {
  MetricsRegistry registry;
  RouteMetrics& first = registry.route("POST", "/api/v1/cases");
  RouteMetrics& second = registry.route("POST", "/api/v1/cases");
  EXPECT_EQ(&first, &second);
  EXPECT_NE(&first, &registry.route("GET", "/api/v1/cases"));
}

TEST(MetricsRegistry, RouteReferencesStayValidAsRoutesAreAdded) {
  MetricsRegistry registry;
  RouteMetrics& first = registry.route("GET", "/first");
  for (int i = 0; i < 1000; ++i) registry.route("GET", "/route/" + std::to_string(i));
  first.observe(200, 0.01);
  EXPECT_TRUE(
      contains_line(registry.render(),
                    R"(trellis_http_requests_total{method="GET",route="/first",code="2xx"} 1)"));
}

TEST(MetricsRegistry, RendersGaugesReadAtScrapeTime) {
  MetricsRegistry registry;
  double open = 3;
  registry.set_gauge("trellis_http_open_connections", "Open client connections.",
                     [&open] { return open; });
  open = 5;
  const std::string text = registry.render();
  EXPECT_TRUE(contains_line(text, "# HELP trellis_http_open_connections Open client connections."));
  EXPECT_TRUE(contains_line(text, "# TYPE trellis_http_open_connections gauge"));
  EXPECT_TRUE(contains_line(text, "trellis_http_open_connections 5"));
}

TEST(MetricsRegistry, SettingAGaugeAgainReplacesIt) {
  MetricsRegistry registry;
  registry.set_gauge("trellis_db_pool_idle", "Idle connections.", [] { return 1.0; });
  registry.set_gauge("trellis_db_pool_idle", "Idle database connections.", [] { return 2.0; });
  const std::string text = registry.render();
  EXPECT_TRUE(contains_line(text, "trellis_db_pool_idle 2"));
  EXPECT_EQ(text.find("# HELP trellis_db_pool_idle Idle connections."), std::string::npos);
}

TEST(MetricsRegistry, SpecialGaugeValuesUsePrometheusSpelling) {
  MetricsRegistry registry;
  registry.set_gauge("unknown_value", "Not known yet.",
                     [] { return std::numeric_limits<double>::quiet_NaN(); });
  registry.set_gauge("unbounded_value", "No limit.",
                     [] { return std::numeric_limits<double>::infinity(); });
  const std::string text = registry.render();
  EXPECT_TRUE(contains_line(text, "unknown_value NaN"));
  EXPECT_TRUE(contains_line(text, "unbounded_value +Inf"));
}

TEST(MetricsRegistry, RejectsInvalidGaugeNames) {
  MetricsRegistry registry;
  EXPECT_THROW(registry.set_gauge("open connections", "", [] { return 0.0; }),
               std::invalid_argument);
  EXPECT_THROW(registry.set_gauge("9lives", "", [] { return 0.0; }), std::invalid_argument);
  EXPECT_THROW(registry.set_gauge("", "", [] { return 0.0; }), std::invalid_argument);
}

}  // namespace
}  // namespace trellis::http
