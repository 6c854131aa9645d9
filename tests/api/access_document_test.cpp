// docs/access.md and the README's policy table are what `trellis policy` prints: a change to
// the policy or the route table that is not written down fails here.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "api/route_policy.hpp"
#include "domain/access/policy.hpp"
#include "support/server_process.hpp"

namespace trellis::testing {
namespace {

std::string read_source_file(const std::string& relative) {
  std::ifstream in(std::string(TRELLIS_SOURCE_DIR) + "/" + relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(AccessDocument, DocsAccessMdIsWhatTrellisPolicyPrints) {
  EXPECT_EQ(read_source_file("docs/access.md"), api::access_document())
      << "run: build/debug/trellis policy > docs/access.md";
  const auto printed = run_trellis({"policy"});
  EXPECT_EQ(printed.status, 0);
  EXPECT_EQ(printed.output, api::access_document());
}

TEST(AccessDocument, TheReadmeShowsThePolicyTable) {
  EXPECT_NE(read_source_file("README.md").find(domain::access::policy_markdown()),
            std::string::npos)
      << "copy the policy table of docs/access.md into the README's access section";
}

}  // namespace
}  // namespace trellis::testing
