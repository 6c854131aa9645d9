#include "http/errors.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace trellis::http {
namespace {

using domain::Error;
using domain::ErrorKind;

boost::json::value body_of(const Response& response) {
  boost::system::error_code ec;
  auto json = boost::json::parse(response.body(), ec);
  EXPECT_FALSE(ec) << "not JSON: " << response.body();
  return json;
}

TEST(ErrorResponse, IsJsonWhateverBytesTheMessageQuotes) {
  Error error{ErrorKind::invalid, "validation_failed", "bad \xc1 byte\x01"};
  error.fields["na\xffme"] = "holds \xe2\x82";
  const auto json = body_of(error_response(11, true, error));
  const auto& body = json.at("error");
  EXPECT_EQ(body.at("message").as_string(), "bad \\xc1 byte\\x01");
  EXPECT_EQ(body.at("fields").at("na\\xffme").as_string(), "holds \\xe2\\x82");
}

TEST(ErrorResponse, ValidTextIsSentAsWritten) {
  Error error{ErrorKind::invalid, "validation_failed", "Use at most 200 characters.\nÉlève \\ ok"};
  const auto json = body_of(error_response(11, true, error));
  EXPECT_EQ(json.at("error").at("message").as_string(), "Use at most 200 characters.\nÉlève \\ ok");
}

}  // namespace
}  // namespace trellis::http
