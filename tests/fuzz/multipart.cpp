// multipart/form-data as uploads send it. The input is the Content-Type header value, a NUL,
// then the body. When the header names no boundary the parser still runs with a fixed one,
// so mutations of the body are not wasted on a header that fails first.
#include "http/multipart.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace trellis::http;
  trellis::fuzz::Input input(data, size);
  const auto content_type = input.text();
  const auto body = input.rest();
  auto boundary = multipart::boundary_of(content_type);
  if (boundary) {
    FUZZ_CHECK(!boundary.value().empty() && boundary.value().size() <= 70);
  }
  const auto parts = multipart::parse(body, boundary ? boundary.value() : std::string("b"));
  if (!parts) {
    FUZZ_CHECK(parts.error().code == "malformed_multipart");
    return 0;
  }
  for (const auto& part : parts.value()) {
    // Parts are views into the body, never past it.
    FUZZ_CHECK(part.body.data() >= body.data());
    FUZZ_CHECK(part.body.data() + part.body.size() <= body.data() + body.size());
    // content_type is what the client declared, even empty ("Content-Type:;x"): uploads are
    // typed from their content, so nothing is checked of it here.
  }
  return 0;
}
