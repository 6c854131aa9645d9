#include "support/sample_files.hpp"

#include <boost/crc.hpp>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace trellis::testing::samples {

namespace {

// Appends `value` as `width` little-endian bytes, as zip and compound files store integers.
void put(std::string& out, std::uint64_t value, int width) {
  for (int i = 0; i < width; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

std::string bytes(const char* data, std::size_t size) {
  return std::string(data, size);
}

const std::string kContentTypes =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
const std::string kRelationships =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"/>";

std::string office_package(const std::string& part_name) {
  return zip({{"[Content_Types].xml", kContentTypes},
              {"_rels/.rels", kRelationships},
              {part_name, "<document/>"}});
}

}  // namespace

std::string pdf() {
  return "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
         "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
         "trailer << /Root 1 0 R >>\n%%EOF\n";
}

std::string png() {
  static const char data[] =
      "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00"
      "\x00\x01\x08\x00\x00\x00\x00\x3a\x7e\x9b\x55\x00\x00\x00\x0a\x49\x44\x41\x54\x78\x9c\x63"
      "\x60\x00\x00\x00\x02\x00\x01\x48\xaf\xa4\x71\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60"
      "\x82";
  return bytes(data, sizeof data - 1);
}

std::string jpeg() {
  static const char data[] =
      "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9";
  return bytes(data, sizeof data - 1);
}

std::string gif() {
  static const char data[] =
      "\x47\x49\x46\x38\x39\x61\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff\x21\xf9\x04"
      "\x01\x00\x00\x00\x00\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b";
  return bytes(data, sizeof data - 1);
}

std::string webp() {
  static const char data[] = "RIFF\x1a\x00\x00\x00WEBPVP8 \x0e\x00\x00\x00";
  return bytes(data, sizeof data - 1) + std::string(14, '\0');
}

std::string plain_text() {
  return "Met with Ana's mother today. Ana is settling in well; follow up in two weeks.\n";
}

std::string csv() {
  return "date,minutes,notes\n2026-09-01,30,check-in\n2026-09-08,25,reading\n2026-09-15,30,ok\n";
}

std::string html() {
  return "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n";
}

std::string svg() {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>\n";
}

std::string shell_script() {
  return "#!/bin/sh\nrm -rf /\n";
}

std::string elf_executable() {
  std::ifstream binary(TRELLIS_BINARY, std::ios::binary);
  std::string head(64 * 1024, '\0');
  binary.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(binary.gcount()));
  if (!head.starts_with("\x7f"
                        "ELF"))
    throw std::runtime_error("the trellis binary is not ELF");
  return head;
}

std::string zip(const std::vector<std::pair<std::string, std::string>>& entries) {
  constexpr int kVersion = 20;
  std::string archive;
  std::string directory;
  for (const auto& [name, content] : entries) {
    boost::crc_32_type crc;
    crc.process_bytes(content.data(), content.size());
    const auto offset = archive.size();
    // Local file header, then the data, stored.
    put(archive, 0x04034b50, 4);
    put(archive, kVersion, 2);
    put(archive, 0, 2);  // flags
    put(archive, 0, 2);  // method: stored
    put(archive, 0, 4);  // time and date
    put(archive, crc.checksum(), 4);
    put(archive, content.size(), 4);
    put(archive, content.size(), 4);
    put(archive, name.size(), 2);
    put(archive, 0, 2);  // extra field
    archive += name + content;
    // Its central directory entry.
    put(directory, 0x02014b50, 4);
    put(directory, kVersion, 2);  // made by
    put(directory, kVersion, 2);  // needed
    put(directory, 0, 2);
    put(directory, 0, 2);
    put(directory, 0, 4);
    put(directory, crc.checksum(), 4);
    put(directory, content.size(), 4);
    put(directory, content.size(), 4);
    put(directory, name.size(), 2);
    put(directory, 0, 2);  // extra
    put(directory, 0, 2);  // comment
    put(directory, 0, 2);  // disk
    put(directory, 0, 2);  // internal attributes
    put(directory, 0, 4);  // external attributes
    put(directory, offset, 4);
    directory += name;
  }
  const auto directory_offset = archive.size();
  archive += directory;
  put(archive, 0x06054b50, 4);
  put(archive, 0, 2);
  put(archive, 0, 2);
  put(archive, entries.size(), 2);
  put(archive, entries.size(), 2);
  put(archive, directory.size(), 4);
  put(archive, directory_offset, 4);
  put(archive, 0, 2);  // comment
  return archive;
}

std::string docx() {
  return office_package("word/document.xml");
}

std::string xlsx() {
  return office_package("xl/workbook.xml");
}

std::string pptx() {
  return office_package("ppt/presentation.xml");
}

std::string docx_with_late_parts() {
  std::vector<std::pair<std::string, std::string>> entries = {
      {"[Content_Types].xml", kContentTypes}, {"_rels/.rels", kRelationships}};
  for (int i = 1; i <= 8; ++i) {
    entries.emplace_back("customXml/item" + std::to_string(i) + ".xml", std::string(200, ' '));
  }
  entries.emplace_back("word/document.xml", "<document/>");
  return zip(entries);
}

std::string open_document(const std::string& mimetype) {
  return zip({{"mimetype", mimetype}, {"content.xml", "<office:document-content/>"}});
}

// Version 3 (512-byte sectors): the header, one FAT sector, one directory sector, and the
// stream's eight sectors (4096 bytes: at the mini-stream cutoff, so it lives in normal sectors).
std::string compound_document(const std::string& stream_name) {
  constexpr std::uint32_t kFree = 0xffffffff;
  constexpr std::uint32_t kEndOfChain = 0xfffffffe;
  constexpr std::uint32_t kFatSector = 0xfffffffd;
  constexpr std::uint32_t kNoStream = 0xffffffff;
  constexpr std::uint32_t kStreamSectors = 8;
  constexpr std::uint32_t kSectorSize = 512;

  std::string file = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";
  file += std::string(16, '\0');  // class id
  put(file, 0x3e, 2);             // minor version
  put(file, 3, 2);                // major version
  put(file, 0xfffe, 2);           // byte order
  put(file, 9, 2);                // sector size 2^9
  put(file, 6, 2);                // mini sector size 2^6
  file += std::string(6, '\0');
  put(file, 0, 4);            // directory sectors (always 0 in version 3)
  put(file, 1, 4);            // FAT sectors
  put(file, 1, 4);            // first directory sector
  put(file, 0, 4);            // transaction signature
  put(file, 0x1000, 4);       // mini stream cutoff
  put(file, kEndOfChain, 4);  // first mini FAT sector
  put(file, 0, 4);
  put(file, kEndOfChain, 4);  // first DIFAT sector
  put(file, 0, 4);
  put(file, 0, 4);  // DIFAT[0]: the FAT is sector 0
  for (int i = 1; i < 109; ++i) put(file, kFree, 4);

  // Sector 0, the FAT: itself, the directory, then the stream's chain 2 -> 3 -> ... -> 9.
  std::string fat;
  put(fat, kFatSector, 4);
  put(fat, kEndOfChain, 4);
  for (std::uint32_t s = 2; s < 2 + kStreamSectors; ++s) {
    put(fat, s + 1 < 2 + kStreamSectors ? s + 1 : kEndOfChain, 4);
  }
  while (fat.size() < kSectorSize) put(fat, kFree, 4);
  file += fat;

  // Sector 1, the directory: the root storage, the stream, two unused entries.
  const auto entry = [&](const std::string& name, int type, std::uint32_t child,
                         std::uint32_t start, std::uint32_t size) {
    std::string utf16;
    for (const char c : name) utf16 += std::string{c, '\0'};
    if (!name.empty()) utf16 += std::string(2, '\0');
    std::string e = utf16 + std::string(64 - utf16.size(), '\0');
    put(e, utf16.size(), 2);
    put(e, type, 1);
    put(e, name.empty() ? 0 : 1, 1);  // black
    put(e, kNoStream, 4);             // left sibling
    put(e, kNoStream, 4);             // right sibling
    put(e, child, 4);
    e += std::string(16 + 4 + 16, '\0');  // class id, state bits, times
    put(e, start, 4);
    put(e, size, 8);
    return e;
  };
  file += entry("Root Entry", 5, 1, kEndOfChain, 0);
  file += entry(stream_name, 2, kNoStream, 2, kStreamSectors * kSectorSize);
  file += entry("", 0, kNoStream, 0, 0);
  file += entry("", 0, kNoStream, 0, 0);
  file += std::string(kStreamSectors * kSectorSize, '\0');
  return file;
}

}  // namespace trellis::testing::samples
