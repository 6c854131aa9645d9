// Which files a student profile accepts, decided from the content (libmagic), never from the
// name or the type the client declared: a renamed executable stays an executable.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/outcome.hpp"

namespace trellis::domain::files {

// The media type of an accepted file, as stored and served back: PDF, PNG, JPEG, GIF, WebP,
// Word and Excel (binary and OOXML), OpenDocument text, spreadsheet and presentation, plain
// text (and CSV, which is plain text). 415 unsupported_media_type naming the detected type
// otherwise. Text must be text all through, not only where libmagic looks: valid UTF-8, no NUL
// or other control characters but tab, CR, LF and form feed, and no markup ('<' opening a tag,
// comment or processing instruction); 415 naming the reason otherwise.
Outcome<std::string> classify(std::string_view content);

// What libmagic reports for `content`, e.g. "application/pdf".
std::string detect_media_type(std::string_view content);

bool is_allowed(std::string_view media_type);

// The file name extensions (lower case, no dot) that name an accepted type, the usual one
// first; empty for any other type.
std::vector<std::string_view> extensions_of(std::string_view media_type);

// The entry names in a zip archive's central directory; nullopt when `content` is not a
// (non-zip64) archive whose directory reads cleanly.
std::optional<std::vector<std::string>> zip_entry_names(std::string_view content);

}  // namespace trellis::domain::files
