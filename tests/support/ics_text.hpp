// Reading calendar files in tests.
#pragma once

#include <string>

namespace trellis::testing {

// Undoes folding (RFC 5545 3.1): CRLF followed by one space joins the lines.
inline std::string unfold_ics(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    out += text[i];
  }
  return out;
}

}  // namespace trellis::testing
