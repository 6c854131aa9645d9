#include "http/json_fields.hpp"

#include <cmath>

#include "domain/outcome.hpp"
#include "http/errors.hpp"
#include "util/text.hpp"

namespace trellis::http {

namespace {

// Every string, object key and number in `value`, at `path`, into `problems`.
void check_values(const boost::json::value& value, const std::string& path,
                  std::map<std::string, std::string>& problems) {
  const auto at = [&](std::string_view key) {
    const auto name = util::escaped(key);
    return path.empty() ? name : path + "." + name;
  };
  switch (value.kind()) {
    case boost::json::kind::string:
      if (auto problem = util::text_problem(value.get_string())) {
        problems.emplace(path, std::move(*problem));
      }
      break;
    case boost::json::kind::double_:
      if (!std::isfinite(value.get_double())) problems.emplace(path, util::kNotFinite);
      break;
    case boost::json::kind::array:
      for (std::size_t i = 0; i < value.get_array().size(); ++i) {
        check_values(value.get_array()[i], path + "[" + std::to_string(i) + "]", problems);
      }
      break;
    case boost::json::kind::object:
      for (const auto& member : value.get_object()) {
        if (auto problem = util::text_problem(member.key())) {
          problems.emplace(at(member.key()), "This name: " + *problem);
        } else {
          check_values(member.value(), at(member.key()), problems);
        }
      }
      break;
    default:
      break;
  }
}

}  // namespace

void check_json_values(const boost::json::value& body) {
  std::map<std::string, std::string> problems;
  check_values(body, "", problems);
  if (!problems.empty()) throw RequestError(domain::Error::invalid(std::move(problems)));
}

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
  if (auto problem = util::text_problem(text, max_length)) {
    fail(key, std::move(*problem));
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
  if (v->is_number() && std::isfinite(v->to_number<double>())) return v->to_number<double>();
  fail(key, v->is_number() ? std::string(util::kNotFinite) : "Expected a number.");
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
