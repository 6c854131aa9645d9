// Sending one e-mail over SMTP with libcurl: STARTTLS required for smtp:// (except to the
// loopback, where tests run a plain server), implicit TLS for smtps://, authentication when a
// user is set. Nothing of the protocol is written here.
#pragma once

#include <chrono>
#include <string>

namespace trellis::http {

struct SmtpSettings {
  std::string url;           // smtp://host:587 or smtps://host:465
  std::string user;          // empty: no authentication
  std::string password;      // from a file or the environment, never the command line
  std::string from_address;  // the envelope sender
  std::chrono::seconds timeout{30};
};

// Throws OutboundError (http/outbound.hpp) with the server's or libcurl's reason.
void send_mail(const SmtpSettings& settings, const std::string& recipient,
               const std::string& message);

}  // namespace trellis::http
