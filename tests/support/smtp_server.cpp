#include "support/smtp_server.hpp"

#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace trellis::testing {

namespace fs = std::filesystem;

namespace {

const fs::path kServerScript = fs::path(TRELLIS_SOURCE_DIR) / "tests/smtp/smtp_server.py";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string lowercase(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string base64_decoded(const std::string& text) {
  std::string clean;
  for (const char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) clean += c;
  }
  std::string out(clean.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), clean.data(),
                        clean.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    throw std::runtime_error("a MIME part is not base64");
  }
  out.resize(length);
  return out;
}

}  // namespace

std::string ReceivedMail::header(const std::string& name) const {
  const auto head = raw.substr(0, raw.find("\r\n\r\n"));
  std::istringstream lines(head);
  std::string line, value;
  bool in_header = false;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      if (in_header) value += line.substr(1);
      continue;
    }
    if (in_header) return value;
    const auto colon = line.find(':');
    if (colon != std::string::npos && lowercase(line.substr(0, colon)) == lowercase(name)) {
      in_header = true;
      value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
    }
  }
  return in_header ? value : "";
}

std::string ReceivedMail::part(const std::string& content_type) const {
  // Each part Trellis writes is "Content-Type: TYPE...\r\nContent-Transfer-Encoding:
  // base64\r\n\r\nBASE64" up to the next boundary line.
  const auto at = raw.find("Content-Type: " + content_type);
  if (at == std::string::npos) return "";
  const auto body = raw.find("\r\n\r\n", at) + 4;
  const auto end = raw.find("\r\n--", body);
  return base64_decoded(raw.substr(body, end - body));
}

SmtpServer::SmtpServer() {
  folder_ = fs::temp_directory_path() /
            ("trellis-smtp-" + std::to_string(getpid()) + "-" +
             std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  fs::create_directories(folder_);
  start();
}

SmtpServer::~SmtpServer() {
  stop();
  std::error_code ignored;
  fs::remove_all(folder_, ignored);
}

void SmtpServer::start() {
  std::vector<std::string> args = {"/usr/bin/python3", kServerScript.string(), folder_.string()};
  if (port_) {
    args.push_back("--port");
    args.push_back(std::to_string(port_));
  }
  process_ = std::make_unique<ListeningChild>(
      args, "the SMTP test server (needs python3-aiosmtpd: scripts/install-deps.sh --test)");
  std::smatch m;
  const std::string& line = process_->first_line();
  if (!std::regex_match(line, m, std::regex(R"(listening (\d+))"))) {
    throw std::runtime_error("the SMTP test server said `" + line + "`");
  }
  port_ = static_cast<unsigned short>(std::stoi(m[1]));
}

void SmtpServer::stop() {
  process_.reset();
}

std::vector<ReceivedMail> SmtpServer::messages() const {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder_)) {
    if (entry.path().extension() == ".eml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<ReceivedMail> out;
  for (const auto& file : files) {
    ReceivedMail mail;
    mail.raw = read_file(file);
    std::istringstream rcpt(read_file(fs::path(file).replace_extension(".rcpt")));
    for (std::string line; std::getline(rcpt, line);) {
      if (!line.empty()) mail.recipients.push_back(line);
    }
    out.push_back(std::move(mail));
  }
  return out;
}

std::vector<ReceivedMail> SmtpServer::wait_for(std::size_t count,
                                               std::chrono::seconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto got = messages();
  while (got.size() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    got = messages();
  }
  return got;
}

}  // namespace trellis::testing
