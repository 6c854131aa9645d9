// The built web UI, compiled into the binary from web/dist by cmake/embed_web.cmake (empty
// when the UI was not built before CMake ran, or with -DTRELLIS_EMBED_WEB=OFF).
#pragma once

#include <span>
#include <string_view>

namespace trellis::http {

struct EmbeddedFile {
  std::string_view path;  // relative to web/dist: "index.html", "assets/index-1a2b3c.js"
  std::string_view content;
};

std::span<const EmbeddedFile> embedded_web_files();

}  // namespace trellis::http
