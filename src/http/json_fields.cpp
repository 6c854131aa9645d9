#include "http/json_fields.hpp"

#include "domain/outcome.hpp"
#include "http/errors.hpp"

namespace trellis::http {

const boost::json::value* JsonFields::value(std::string_view key, Need need) {
  const auto* found = object_.if_contains(key);
  if (!found || found->is_null()) {
    if (need == Need::required) fail(key, "Required.");
    return nullptr;
  }
  return found;
}

std::optional<std::string> JsonFields::text(std::string_view key, Need need,
                                            std::size_t max_length) {
  const auto* v = value(key, need);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    fail(key, "Expected text.");
    return std::nullopt;
  }
  std::string text(v->get_string());
  if (text.size() > max_length) {
    fail(key, "Use at most " + std::to_string(max_length) + " characters.");
    return std::nullopt;
  }
  return text;
}

std::optional<std::int64_t> JsonFields::integer(std::string_view key, Need need) {
  const auto* v = value(key, need);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= INT64_MAX) {
    return static_cast<std::int64_t>(v->get_uint64());
  }
  fail(key, "Expected an integer.");
  return std::nullopt;
}

std::optional<std::vector<std::int64_t>> JsonFields::ids(std::string_view key, Need need) {
  const auto* v = value(key, need);
  if (!v) return std::nullopt;
  const auto* array = v->if_array();
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; array && i < array->size(); ++i) {
    const auto& item = (*array)[i];
    if (!item.is_int64() || item.get_int64() <= 0) break;
    ids.push_back(item.get_int64());
  }
  if (!array || ids.size() != array->size()) {
    fail(key, "Expected a list of ids.");
    return std::nullopt;
  }
  return ids;
}

std::optional<bool> JsonFields::boolean(std::string_view key, Need need) {
  const auto* v = value(key, need);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    fail(key, "Expected true or false.");
    return std::nullopt;
  }
  return v->get_bool();
}

std::optional<double> JsonFields::number(std::string_view key, Need need) {
  const auto* v = value(key, need);
  if (!v) return std::nullopt;
  if (v->is_number()) return v->to_number<double>();
  fail(key, "Expected a number.");
  return std::nullopt;
}

const boost::json::object* JsonFields::object(std::string_view key, Need need) {
  const auto* v = value(key, need);
  if (!v) return nullptr;
  if (!v->is_object()) {
    fail(key, "Expected an object.");
    return nullptr;
  }
  return &v->get_object();
}

void JsonFields::fail(std::string_view key, std::string message) {
  if (parent_) return parent_->fail(prefix_ + std::string(key), std::move(message));
  problems_.emplace(std::string(key), std::move(message));
}

void JsonFields::done() const {
  if (!problems_.empty()) throw RequestError(domain::Error::invalid(problems_));
}

}  // namespace trellis::http
