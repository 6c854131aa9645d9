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

// The display name as stored and served: it ends in an extension of `media_type` (the type
// found in the content), so that a download opens as what it is. An extension that names the
// type (in any case) is kept; another one is replaced ("x.pdf" holding text is "x.txt"); a
// name without one gets the type's usual extension.
std::string stored_name(std::string_view client_name, std::string_view media_type);

}  // namespace trellis::domain::files
