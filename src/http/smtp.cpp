#include "http/smtp.hpp"

#include <curl/curl.h>

#include <boost/url/parse.hpp>
#include <cstring>
#include <memory>

#include "http/outbound.hpp"

namespace trellis::http {

namespace {

struct Reading {
  const std::string* message;
  std::size_t offset = 0;
};

std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto& reading = *static_cast<Reading*>(user);
  const auto left = reading.message->size() - reading.offset;
  const auto n = std::min(left, size * count);
  std::memcpy(buffer, reading.message->data() + reading.offset, n);
  reading.offset += n;
  return n;
}

bool to_loopback(const std::string& url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return false;
  const auto host = parsed->encoded_host();
  return host == "127.0.0.1" || host == "[::1]" || host == "localhost";
}

}  // namespace

void send_mail(const SmtpSettings& settings, const std::string& recipient,
               const std::string& message) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) throw OutboundError("Trellis could not start an SMTP session.");
  CURL* c = curl.get();
  char error_text[CURL_ERROR_SIZE] = {0};
  Reading reading{&message};
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(
      curl_slist_append(nullptr, recipient.c_str()), curl_slist_free_all);
  curl_easy_setopt(c, CURLOPT_URL, settings.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(settings.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  // Mail holds people's names and work: never in clear over a network.
  curl_easy_setopt(c, CURLOPT_USE_SSL,
                   to_loopback(settings.url) ? static_cast<long>(CURLUSESSL_TRY)
                                             : static_cast<long>(CURLUSESSL_ALL));
  if (!settings.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, settings.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, settings.password.c_str());
  }
  const auto from = "<" + settings.from_address + ">";
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt(c, CURLOPT_READDATA, &reading);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_text);
  const auto code = curl_easy_perform(c);
  if (code != CURLE_OK) {
    throw OutboundError(std::string("SMTP: ") +
                        (error_text[0] ? error_text : curl_easy_strerror(code)));
  }
}

}  // namespace trellis::http
