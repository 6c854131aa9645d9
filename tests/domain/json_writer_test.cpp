// util::JsonWriter, which writes the dashboard's answers without a tree: its text must be the
// JSON a tree would have given.
#include "util/json_writer.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <limits>
#include <random>

namespace trellis::util {
namespace {

namespace json = boost::json;

std::string written(const std::function<void(JsonWriter&)>& write) {
  std::string text;
  JsonWriter out(text);
  write(out);
  return text;
}

TEST(JsonWriter, PlacesCommasBetweenMembersAndElementsAtEveryDepth) {
  const auto text = written([](JsonWriter& out) {
    out.begin_object()
        .field("id", 7)
        .key("tags")
        .begin_array()
        .value("a")
        .begin_object()
        .end_object()
        .begin_array()
        .end_array()
        .value(false)
        .end_array()
        .key("empty")
        .begin_object()
        .end_object()
        .field("none", std::optional<std::string>{})
        .field("some", std::optional<std::int64_t>{-3})
        .end_object();
  });
  EXPECT_EQ(text, R"({"id":7,"tags":["a",{},[],false],"empty":{},"none":null,"some":-3})");
  EXPECT_NO_THROW((void)json::parse(text));
}

TEST(JsonWriter, WritesTheExtremeIntegersExactly) {
  const auto text = written([](JsonWriter& out) {
    out.begin_array()
        .value(std::numeric_limits<std::int64_t>::min())
        .value(std::numeric_limits<std::int64_t>::max())
        .value(0)
        .end_array();
  });
  EXPECT_EQ(text, "[-9223372036854775808,9223372036854775807,0]");
}

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharactersAndKeepsUtf8) {
  const std::string nasty = "q\" b\\ nl\n tab\t cr\r bs\b ff\f nul" + std::string(1, '\0') +
                            " us\x1f del\x7f \xc3\xa9t\xc3\xa9 \xf0\x9f\x93\x9a";
  const auto text =
      written([&](JsonWriter& out) { out.begin_object().field(nasty, nasty).end_object(); });
  EXPECT_EQ(text.find('\n'), std::string::npos);
  EXPECT_NE(text.find("\\u0000"), std::string::npos);
  EXPECT_NE(text.find("\\u001f"), std::string::npos);
  const auto back = json::parse(text).as_object();
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(std::string(back.begin()->key()), nasty);
  EXPECT_EQ(std::string(back.begin()->value().as_string()), nasty);
}

TEST(JsonWriter, AnyStringReadsBackAsItWas) {
  std::mt19937 random(20261208);
  std::uniform_int_distribution<int> byte(0, 127);  // ASCII: every control character among them
  for (int i = 0; i < 2'000; ++i) {
    std::string text(static_cast<std::size_t>(i % 40), ' ');
    for (auto& c : text) c = static_cast<char>(byte(random));
    const auto json_text = written([&](JsonWriter& out) { out.value(text); });
    ASSERT_EQ(std::string(json::parse(json_text).as_string()), text) << json_text;
  }
}

TEST(JsonWriter, EmbedsTreesBuiltElsewhere) {
  const json::array actions{"close", "assign"};
  const json::value tree = json::object{{"a", json::array{1, nullptr, "x"}}};
  const auto text = written([&](JsonWriter& out) {
    out.begin_object().field("allowed_actions", actions).field("tree", tree).end_object();
  });
  EXPECT_EQ(json::parse(text), (json::object{{"allowed_actions", actions}, {"tree", tree}}));
}

}  // namespace
}  // namespace trellis::util
