// A small, strict reader of multipart/form-data bodies (RFC 7578 on RFC 2046), for uploads.
// It reads a body already in memory and hands out views into it: nothing is copied.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/outcome.hpp"

namespace trellis::http::multipart {

struct Part {
  std::string name;                     // the form field, from Content-Disposition
  std::optional<std::string> filename;  // UTF-8; from filename* when given, else filename
  std::string content_type;             // as the client declared it; text/plain when absent
  std::string_view body;                // a view into the request body
};

// The boundary parameter of a multipart/form-data Content-Type; 400 when it is missing or
// not a boundary RFC 2046 allows.
domain::Outcome<std::string> boundary_of(std::string_view content_type);

// Splits `body` into its parts; 400 (malformed_multipart) for anything that does not follow
// the grammar, including a missing closing boundary (a truncated upload).
domain::Outcome<std::vector<Part>> parse(std::string_view body, std::string_view boundary);

}  // namespace trellis::http::multipart
