// A real SMTP server for the notification tests: tests/smtp/smtp_server.py (aiosmtpd, Debian's
// python3-aiosmtpd) on a loopback port, keeping each message it accepts in a folder. It can be
// stopped and started again on the same port and folder (a mail server down for a while).
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "support/listening_child.hpp"

namespace trellis::testing {

struct ReceivedMail {
  std::vector<std::string> recipients;  // the envelope's
  std::string raw;                      // the message as received
  // A header's value, unfolded ("" when absent).
  std::string header(const std::string& name) const;
  // The decoded text of the first MIME part of this type ("text/plain", "text/calendar").
  std::string part(const std::string& content_type) const;
};

class SmtpServer {
 public:
  SmtpServer();
  ~SmtpServer();

  unsigned short port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  void stop();
  void start();  // again, on the same port

  std::vector<ReceivedMail> messages() const;
  // Waits until at least `count` messages have arrived (or the timeout), and returns them all.
  std::vector<ReceivedMail> wait_for(std::size_t count,
                                     std::chrono::seconds timeout = std::chrono::seconds(30)) const;

 private:
  std::filesystem::path folder_;
  unsigned short port_ = 0;
  std::unique_ptr<ListeningChild> process_;
};

}  // namespace trellis::testing
