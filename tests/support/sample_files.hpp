// Small files of each kind the upload checks care about, built here so that every byte of a
// fixture is explained: a few-hundred-byte PDF, images, Office and OpenDocument packages (zips),
// legacy Office compound documents, and an ELF executable.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace trellis::testing::samples {

std::string pdf();
std::string png();
std::string jpeg();
std::string gif();
std::string webp();
std::string plain_text();
std::string csv();
std::string html();
std::string svg();
std::string shell_script();
// The first 64 KB of the trellis binary: a real ELF executable.
std::string elf_executable();

// A zip archive of stored (uncompressed) entries, in the order given.
std::string zip(const std::vector<std::pair<std::string, std::string>>& entries);
// Minimal OOXML packages: [Content_Types].xml first, as Word and Excel write them.
std::string docx();
std::string xlsx();
std::string pptx();
// A Word package whose document part comes after many others (libmagic does not look that
// far and reports it as application/octet-stream).
std::string docx_with_late_parts();
// An OpenDocument package: the uncompressed `mimetype` entry first, as the standard requires.
std::string open_document(const std::string& mimetype);
// A Compound File Binary (legacy Office) with one stream: "WordDocument" (.doc) or
// "Workbook" (.xls).
std::string compound_document(const std::string& stream_name);

}  // namespace trellis::testing::samples
