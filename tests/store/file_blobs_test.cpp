#include "store/file_blobs.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <stdexcept>

namespace trellis::store {
namespace {

namespace fs = std::filesystem;

class FileBlobsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "trellis-blobs-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<fs::path> files_under(const fs::path& root) const {
    std::vector<fs::path> found;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (entry.is_regular_file()) found.push_back(entry.path());
    }
    return found;
  }

  fs::path dir_;
};

TEST_F(FileBlobsTest, ContentIsStoredUnderItsSha256AndReadBack) {
  FileBlobs blobs(dir_ / "files");
  const std::string content("binary\0content\xff", 15);
  const auto sha256 = blobs.put(content);
  EXPECT_EQ(sha256, FileBlobs::sha256_hex(content));
  EXPECT_EQ(sha256.size(), 64u);
  const auto path = dir_ / "files" / sha256.substr(0, 2) / sha256;
  EXPECT_EQ(blobs.path_of(sha256), path);
  EXPECT_TRUE(fs::is_regular_file(path));
  EXPECT_EQ(blobs.get(sha256), content);
  // Only the owner may read student files.
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::others_all, fs::perms::none);
}

TEST_F(FileBlobsTest, KnownDigestOfAKnownText) {
  EXPECT_EQ(FileBlobs::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(FileBlobsTest, IdenticalContentIsStoredOnceAndNoTemporaryFileRemains) {
  FileBlobs blobs(dir_ / "files");
  const auto first = blobs.put("same bytes");
  const auto second = blobs.put("same bytes");
  EXPECT_EQ(first, second);
  blobs.put("other bytes");
  EXPECT_EQ(files_under(dir_).size(), 2u);
}

TEST_F(FileBlobsTest, ADamagedBlobIsRewritten) {
  FileBlobs blobs(dir_ / "files");
  const auto sha256 = blobs.put("the real content");
  fs::resize_file(blobs.path_of(sha256), 3);
  blobs.put("the real content");
  EXPECT_EQ(blobs.get(sha256), "the real content");
}

TEST_F(FileBlobsTest, MissingContentIsNullopt) {
  FileBlobs blobs(dir_ / "files");
  EXPECT_FALSE(blobs.get(FileBlobs::sha256_hex("never stored")).has_value());
}

TEST_F(FileBlobsTest, OnlyHexDigestsArePaths) {
  FileBlobs blobs(dir_ / "files");
  EXPECT_THROW(blobs.path_of("../../etc/passwd"), std::invalid_argument);
  EXPECT_THROW(blobs.path_of(std::string(64, 'g')), std::invalid_argument);
  EXPECT_THROW(blobs.path_of(std::string(64, 'A')), std::invalid_argument);
  EXPECT_THROW(blobs.get(std::string(63, 'a')), std::invalid_argument);
}

}  // namespace
}  // namespace trellis::store
