// Exports as zips (libzip) or folders, read as streams so that a large users.csv never sits
// in memory whole.
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

class ZipSource final : public Source {
 public:
  explicit ZipSource(zip_t* archive, std::string bytes = {})
      : bytes_(std::move(bytes)), archive_(archive, &zip_discard) {
    const auto count = zip_get_num_entries(archive, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
      zip_stat_t stat;
      if (zip_stat_index(archive, i, 0, &stat) != 0 || !(stat.valid & ZIP_STAT_NAME)) continue;
      const std::string name = stat.name;
      if (name.empty() || name.back() == '/' || name.starts_with("__MACOSX/")) continue;
      index_.add(name);
      sizes_[name] = (stat.valid & ZIP_STAT_SIZE) ? stat.size : 0;
    }
  }

  std::optional<std::string> find(const std::string& file) const override {
    return index_.find(file);
  }
  std::size_t size(const std::string& name) const override { return sizes_.at(name); }

  util::CsvReader::Pull open(const std::string& name) override {
    std::shared_ptr<zip_file_t> file(zip_fopen(archive_.get(), name.c_str(), 0), [](zip_file_t* f) {
      if (f) zip_fclose(f);
    });
    if (!file) throw std::runtime_error("cannot open " + name + " in the zip");
    return [file, name](char* buffer, std::size_t size) -> std::size_t {
      const auto n = zip_fread(file.get(), buffer, size);
      if (n < 0) throw std::runtime_error("the zip is damaged: cannot read " + name);
      return static_cast<std::size_t>(n);
    };
  }

 private:
  std::string bytes_;  // the zip itself when it came from memory (libzip reads it in place)
  std::unique_ptr<zip_t, void (*)(zip_t*)> archive_;
  NameIndex index_;
  std::map<std::string, std::size_t> sizes_;
};

class FolderSource final : public Source {
 public:
  explicit FolderSource(fs::path dir) : dir_(std::move(dir)) {
    for (const auto& entry : fs::directory_iterator(dir_)) {
      if (entry.is_regular_file()) index_.add(entry.path().filename().string());
    }
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
    return [in](char* buffer, std::size_t size) -> std::size_t {
      in->read(buffer, static_cast<std::streamsize>(size));
      return static_cast<std::size_t>(in->gcount());
    };
  }

 private:
  fs::path dir_;
  NameIndex index_;
};

std::string zip_error_text(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

}  // namespace

Outcome<std::unique_ptr<Source>> open_source(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return std::unique_ptr<Source>(new FolderSource(path));
  if (!fs::is_regular_file(path, ec)) return unreadable(path + " is neither a zip nor a folder.");
  int code = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (!archive) return unreadable(path + " is not a readable zip: " + zip_error_text(code) + ".");
  return std::unique_ptr<Source>(new ZipSource(archive));
}

Outcome<std::unique_ptr<Source>> open_zip_bytes(std::string bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
  if (!archive) {
    const std::string text = zip_error_strerror(&error);
    if (source) zip_source_free(source);
    zip_error_fini(&error);
    return unreadable("The upload is not a readable zip: " + text + ".");
  }
  zip_error_fini(&error);
  // The string's heap buffer does not move when the string is moved into the source.
  return std::unique_ptr<Source>(new ZipSource(archive, std::move(bytes)));
}

}  // namespace trellis::domain::roster
