#include "support/sample_records.hpp"

namespace trellis::testing::samples {

namespace json = boost::json;

json::object referral_answers() {
  return {{"concern_area", "Behaviour"},
          {"description", "Leaves class without permission twice a week."},
          {"interventions_tried", "Seat change, daily check-in."},
          {"parent_contacted", true},
          {"urgency", "Medium"}};
}

json::object plan_body(std::int64_t student) {
  return {{"student_id", student},
          {"area", "reading"},
          {"tier", 2},
          {"skill", "Oral reading fluency"},
          {"goal", json::object{{"measure", "words correct per minute"},
                                {"baseline", 35},
                                {"target", 90},
                                {"baseline_date", "2026-01-05"},
                                {"target_date", "2026-05-25"}}}};
}

}  // namespace trellis::testing::samples
