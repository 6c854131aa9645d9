// Content-Disposition for downloads (RFC 6266): an ASCII filename for old clients and the
// exact UTF-8 name in filename* (RFC 5987) for the rest.
#pragma once

#include <string>
#include <string_view>

namespace trellis::http {

// `attachment; filename="..."; filename*=UTF-8''...` for a name that is already valid UTF-8
// without control characters (domain::files::display_name makes such names).
std::string attachment_disposition(std::string_view utf8_name);

}  // namespace trellis::http
