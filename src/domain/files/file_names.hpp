// The name a client gives an uploaded file is display metadata only: it is shown in lists and
// offered back as the download name, and never becomes a path on the server.
#pragma once

#include <string>
#include <string_view>

namespace trellis::domain::files {

inline constexpr std::size_t kMaxNameBytes = 255;

// The client's name made safe to store and show: its last path segment (after '/' or '\'),
// valid UTF-8 without control characters or bidirectional overrides (which can disguise
// "exe.pdf" as "fdp.exe"), trimmed, at most kMaxNameBytes bytes keeping the extension; "file"
// when nothing is left.
std::string display_name(std::string_view client_name);

}  // namespace trellis::domain::files
