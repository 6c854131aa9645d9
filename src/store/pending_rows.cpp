#include "store/pending_rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <span>

namespace trellis::store {

PendingRows::PendingRows(std::string_view target, std::string_view returning)
    : target_(target),
      returning_(returning),
      width_(static_cast<std::size_t>(std::count(target.begin(), target.end(), ',')) + 1) {}

std::string PendingRows::wrong_width(std::size_t given) const {
  return fmt::format("{} values for {}", given, target_);
}

std::vector<Row> PendingRows::write(Connection& conn) {
  const std::size_t total = rows();
  std::vector<Row> answered;
  std::size_t done = 0;
  auto write_batch = [&](std::size_t batch) {
    auto result = conn.execute(
        statement(batch), std::span<const Param>(params_).subspan(done * width_, batch * width_));
    std::move(result.rows.begin(), result.rows.end(), std::back_inserter(answered));
    done += batch;
  };
  while (total - done >= kRowsPerStatement) write_batch(kRowsPerStatement);
  for (std::size_t batch = kRowsPerStatement / 2; batch > 0; batch /= 2) {
    if (total - done >= batch) write_batch(batch);
  }
  params_.clear();
  return answered;
}

const std::string& PendingRows::statement(std::size_t rows) {
  auto& text = statements_[rows];
  if (!text.empty()) return text;
  text = fmt::format("INSERT INTO {} VALUES ", target_);
  int param = 0;
  for (std::size_t row = 0; row < rows; ++row) {
    text += row == 0 ? "(" : ", (";
    for (std::size_t column = 0; column < width_; ++column) {
      text += fmt::format("{}${}", column == 0 ? "" : ", ", ++param);
    }
    text += ")";
  }
  if (!returning_.empty()) text += fmt::format(" RETURNING {}", returning_);
  return text;
}

}  // namespace trellis::store
