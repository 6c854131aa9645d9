// The words and numbers the district generator's MTSS history and referrals are made of: one
// plan template per area (measure, typical baseline and weekly growth, the intervention a
// counselor or an interventionist group would run) and the answers teachers give on the
// built-in Referral form.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace trellis::domain::demo {

struct PlanTemplate {
  std::string_view area;  // plans.area
  std::string_view skill;
  std::string_view measure;
  double baseline_low;     // a struggling student's first score
  double baseline_high;    // exclusive
  double growth_per_week;  // what the intervention aims for (the aim line's slope)
  double noise;            // weekly scores scatter this far either side of the trend
  double ceiling;          // scores never exceed it (percentages, rating scales)
  std::string_view intervention;
  std::string_view group_intervention;
  std::string_view frequency;
  std::int64_t minutes;
};

inline constexpr std::array<PlanTemplate, 5> kPlanTemplates = {{
    {"reading", "Oral reading fluency", "Words correct per minute", 35, 75, 1.5, 6, 200,
     "Repeated reading with feedback", "Phonics small group", "4x weekly", 30},
    {"math", "Computation fluency", "Digits correct in two minutes", 8, 25, 0.8, 3, 100,
     "Math facts practice", "Math fluency small group", "3x weekly", 20},
    {"behaviour", "On-task behaviour", "Daily behaviour report card (% of points)", 40, 65, 2.0, 8,
     100, "Check-in/check-out", "Social skills group", "daily", 10},
    {"attendance", "Daily attendance", "Attendance rate for the week (%)", 70, 88, 1.0, 5, 100,
     "Attendance mentoring", "Attendance success group", "weekly", 15},
    {"social_emotional", "Self-regulation", "Self-regulation rating (0-20)", 5, 10, 0.4, 2, 20,
     "Counseling check-ins", "Coping skills group", "weekly", 30},
}};

// How a student answers the intervention: a share of the aim line's growth, from barely
// moving (the four-point rule will say intensify) to outpacing it (fade or exit).
inline constexpr std::array<double, 5> kResponsiveness = {0.2, 0.6, 0.9, 1.1, 1.5};

inline constexpr std::array<std::string_view, 4> kPointNotes = {
    "Student was tired today.", "Assessed after a long weekend.", "Good focus during the probe.",
    "Make-up session after an absence."};
inline constexpr std::array<std::string_view, 3> kReviewNotes = {
    "Reviewed the graph with the team.", "Family agrees with the decision.",
    "Teacher reports the same in class."};

// The Referral form's urgency options, as 0003_forms ships them.
inline constexpr std::array<std::string_view, 3> kUrgencies = {"Low", "Medium", "High"};
// What a teacher writes in the description, under the concern area it belongs to.
struct Concern {
  std::string_view area;  // an option of the form's concern_area field
  std::string_view description;
};
inline constexpr std::array<Concern, 6> kConcerns = {{
    {"Academic", "Falls further behind in reading each week; cannot finish grade-level texts."},
    {"Behaviour",
     "Frequent outbursts in class, three this week, when asked to start written "
     "work."},
    {"Attendance", "Absent or late most Mondays and Fridays since the autumn break."},
    {"Social-emotional", "Withdrawn, eats lunch alone and has stopped joining group work."},
    {"Academic", "Missing most math homework; scored below 50% on the last two unit tests."},
    {"Social-emotional",
     "Talks about not wanting to come to school; seems anxious before "
     "tests."},
}};
inline constexpr std::array<std::string_view, 4> kTried = {
    "Moved the student's seat and checked in daily for two weeks.",
    "Extra practice during lunch twice a week; little change.",
    "Called home twice; the family is worried too.",
    "Daily planner signed by the family for a month."};

}  // namespace trellis::domain::demo
