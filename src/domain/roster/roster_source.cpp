// Exports as zips (libzip) or folders, read as streams so that a large users.csv never sits
// in memory whole.
#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>

#include "domain/roster/oneroster.hpp"

namespace trellis::domain::roster {

namespace {

namespace fs = std::filesystem;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

Error unreadable(std::string message) {
  return {ErrorKind::invalid, "unreadable_export", std::move(message)};
}

// Names by their lower-case base name: exports differ in case (userprofiles.csv) and some
// zips put the files in one folder.
class NameIndex {
 public:
  void add(const std::string& name) {
    const auto slash = name.find_last_of('/');
    names_.emplace(lower(slash == std::string::npos ? name : name.substr(slash + 1)), name);
  }
  std::optional<std::string> find(const std::string& file) const {
    const auto found = names_.find(lower(file));
    if (found == names_.end()) return std::nullopt;
    return found->second;
  }

 private:
  std::map<std::string, std::string> names_;
};

Error over_limit(std::string message) {
  return {ErrorKind::invalid, "export_limit_exceeded", std::move(message)};
}

// Counts what the files of one export inflate to against its limits, as they are read. The
// directory check at open runs the same counts on the sizes the zip declares, so the two can
// never disagree about a limit.
class Meter {
 public:
  explicit Meter(const Limits& limits) : limits_(limits) {}

  // `produced`: what one stream of file `name` has given so far; `compressed`: the file's
  // size in the zip (0 when it is not compressed).
  void count(const std::string& name, std::uint64_t produced, std::uint64_t compressed) {
    if (produced > limits_.max_file_bytes) {
      throw LimitExceeded(fmt::format("{} is larger than {} uncompressed, the limit for one file",
                                      name, bytes_text(limits_.max_file_bytes)));
    }
    if (compressed > 0 &&
        produced > std::max(Limits::kRatioFloor, limits_.max_ratio * compressed)) {
      throw LimitExceeded(fmt::format(
          "{} inflates more than {}:1 ({} compressed), over the limit on the compression ratio "
          "of a file: the zip looks like a zip bomb",
          name, limits_.max_ratio, bytes_text(compressed)));
    }
    // A file read twice (its header checked, then read) counts once.
    auto& most = most_[name];
    if (produced <= most) return;
    total_ += produced - most;
    most = produced;
    if (total_ > limits_.max_total_bytes) {
      throw LimitExceeded(
          fmt::format("the export is larger than {} uncompressed, the limit for "
                      "all its files together",
                      bytes_text(limits_.max_total_bytes)));
    }
  }

 private:
  const Limits limits_;
  std::map<std::string, std::uint64_t> most_;
  std::uint64_t total_ = 0;
};

std::optional<Error> too_many_entries(std::uint64_t count, const Limits& limits, const char* what) {
  if (count <= limits.max_entries) return std::nullopt;
  return over_limit(
      fmt::format("The {} has {} entries; the limit is {}.", what, count, limits.max_entries));
}

// A file removed when its owner goes: the temporary file an uploaded zip was received into.
class OwnedFile {
 public:
  explicit OwnedFile(fs::path path = {}) : path_(std::move(path)) {}
  OwnedFile(const OwnedFile&) = delete;
  OwnedFile& operator=(const OwnedFile&) = delete;
  ~OwnedFile() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove(path_, ignored);
  }

 private:
  fs::path path_;
};

class ZipSource final : public Source {
 public:
  ZipSource(zip_t* archive, const Limits& limits, std::string bytes = {},
            std::unique_ptr<OwnedFile> file = {})
      : Source(limits),
        file_(std::move(file)),
        bytes_(std::move(bytes)),
        archive_(archive, &zip_discard),
        meter_(std::make_shared<Meter>(limits)) {
    const auto count = zip_get_num_entries(archive, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
      zip_stat_t stat;
      if (zip_stat_index(archive, i, 0, &stat) != 0 || !(stat.valid & ZIP_STAT_NAME)) continue;
      const std::string name = stat.name;
      if (name.empty() || name.back() == '/' || name.starts_with("__MACOSX/")) continue;
      index_.add(name);
      const auto size = (stat.valid & ZIP_STAT_SIZE) ? stat.size : 0;
      const auto compressed = (stat.valid & ZIP_STAT_COMP_SIZE) ? stat.comp_size : 0;
      entries_[name] = {size, compressed};
    }
  }

  // The first limit the zip's directory breaks: too many entries, or files that say they are
  // too large or too compressed.
  std::optional<Error> check_directory() const {
    if (auto error = too_many_entries(
            static_cast<std::uint64_t>(zip_get_num_entries(archive_.get(), 0)), limits(), "zip")) {
      return error;
    }
    Meter declared(limits());
    try {
      for (const auto& [name, entry] : entries_) declared.count(name, entry.size, entry.compressed);
    } catch (const LimitExceeded& e) {
      return over_limit(std::string("The zip's directory says so: ") + e.what() + ".");
    }
    return std::nullopt;
  }

  std::optional<std::string> find(const std::string& file) const override {
    return index_.find(file);
  }
  std::size_t size(const std::string& name) const override {
    return static_cast<std::size_t>(entries_.at(name).size);
  }

  util::CsvReader::Pull open(const std::string& name) override {
    std::shared_ptr<zip_file_t> file(zip_fopen(archive_.get(), name.c_str(), 0), [](zip_file_t* f) {
      if (f) zip_fclose(f);
    });
    if (!file) throw std::runtime_error("cannot open " + name + " in the zip");
    const auto compressed = entries_.at(name).compressed;
    return [file, name, compressed, meter = meter_, produced = std::uint64_t{0}](
               char* buffer, std::size_t size) mutable -> std::size_t {
      const auto n = zip_fread(file.get(), buffer, size);
      if (n < 0) throw std::runtime_error("the zip is damaged: cannot read " + name);
      produced += static_cast<std::uint64_t>(n);
      meter->count(name, produced, compressed);
      return static_cast<std::size_t>(n);
    };
  }

 private:
  struct Entry {
    std::uint64_t size = 0, compressed = 0;  // as the directory declares them
  };
  std::unique_ptr<OwnedFile> file_;  // removed after the archive is closed (declared first)
  std::string bytes_;  // the zip itself when it came from memory (libzip reads it in place)
  std::unique_ptr<zip_t, void (*)(zip_t*)> archive_;
  NameIndex index_;
  std::map<std::string, Entry> entries_;
  std::shared_ptr<Meter> meter_;
};

class FolderSource final : public Source {
 public:
  FolderSource(fs::path dir, const Limits& limits)
      : Source(limits), dir_(std::move(dir)), meter_(std::make_shared<Meter>(limits)) {
    for (const auto& entry : fs::directory_iterator(dir_)) {
      if (!entry.is_regular_file()) continue;
      index_.add(entry.path().filename().string());
      ++files_;
    }
  }
  std::optional<Error> check_directory() const {
    return too_many_entries(files_, limits(), "folder");
  }
  std::optional<std::string> find(const std::string& file) const override {
    return index_.find(file);
  }
  std::size_t size(const std::string& name) const override {
    return static_cast<std::size_t>(fs::file_size(dir_ / name));
  }
  util::CsvReader::Pull open(const std::string& name) override {
    auto in = std::make_shared<std::ifstream>(dir_ / name, std::ios::binary);
    if (!*in) throw std::runtime_error("cannot open " + (dir_ / name).string());
    return [in, name, meter = meter_, produced = std::uint64_t{0}](
               char* buffer, std::size_t size) mutable -> std::size_t {
      in->read(buffer, static_cast<std::streamsize>(size));
      const auto n = static_cast<std::size_t>(in->gcount());
      produced += n;
      meter->count(name, produced, 0);
      return n;
    };
  }

 private:
  fs::path dir_;
  NameIndex index_;
  std::uint64_t files_ = 0;
  std::shared_ptr<Meter> meter_;
};

// The source, or the first limit its directory breaks.
template <class S>
Outcome<std::unique_ptr<Source>> checked(std::unique_ptr<S> source) {
  if (auto error = source->check_directory()) return std::move(*error);
  return std::unique_ptr<Source>(std::move(source));
}

std::string zip_error_text(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

}  // namespace

std::string bytes_text(std::uint64_t n) {
  for (const auto& [shift, unit] : {std::pair{30, "GiB"}, {20, "MiB"}, {10, "KiB"}}) {
    if (n >= (std::uint64_t{1} << shift) && n % (std::uint64_t{1} << shift) == 0) {
      return fmt::format("{} {}", n >> shift, unit);
    }
  }
  return fmt::format("{} bytes", n);
}

Outcome<std::unique_ptr<Source>> open_source(const std::string& path, const Limits& limits) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return checked(std::make_unique<FolderSource>(path, limits));
  if (!fs::is_regular_file(path, ec)) return unreadable(path + " is neither a zip nor a folder.");
  int code = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (!archive) return unreadable(path + " is not a readable zip: " + zip_error_text(code) + ".");
  return checked(std::make_unique<ZipSource>(archive, limits));
}

namespace {

// The archive read through `source` (libzip takes it over when it opens), or why not.
Outcome<zip_t*> open_archive(zip_source_t* source, zip_error_t& error) {
  zip_t* archive = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
  if (archive) return archive;
  const std::string text = zip_error_strerror(&error);
  if (source) zip_source_free(source);
  return unreadable("The upload is not a readable zip: " + text + ".");
}

}  // namespace

Outcome<std::unique_ptr<Source>> open_zip_bytes(std::string bytes, const Limits& limits) {
  zip_error_t error;
  zip_error_init(&error);
  auto archive =
      open_archive(zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error), error);
  zip_error_fini(&error);
  if (!archive.ok()) return archive.error();
  // The string's heap buffer does not move when the string is moved into the source.
  return checked(std::make_unique<ZipSource>(archive.value(), limits, std::move(bytes)));
}

Outcome<std::unique_ptr<Source>> open_zip_in_file(const fs::path& path, std::uint64_t offset,
                                                  std::uint64_t length, const Limits& limits) {
  auto owned = std::make_unique<OwnedFile>(path);
  // libzip reads a length of 0 as "to the end of the file".
  if (length == 0) return unreadable("The upload is empty: it is not a zip.");
  zip_error_t error;
  zip_error_init(&error);
  auto archive = open_archive(
      zip_source_file_create(path.c_str(), offset, static_cast<zip_int64_t>(length), &error),
      error);
  zip_error_fini(&error);
  if (!archive.ok()) return archive.error();
  return checked(
      std::make_unique<ZipSource>(archive.value(), limits, std::string{}, std::move(owned)));
}

}  // namespace trellis::domain::roster
