// The pure rules of forms: what a valid field definition is, what valid answers to each field
// type are, and tags.
#include "domain/forms/fields.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "domain/forms/forms.hpp"

namespace trellis::domain::forms {
namespace {

namespace json = boost::json;

json::value definitions(const char* text) {
  return json::parse(text);
}

FieldErrors problems_of(const char* text) {
  FieldErrors errors;
  parse_fields(definitions(text), errors);
  return errors;
}

Field field(std::string key, FieldType type, bool required = false,
            std::vector<std::string> options = {}) {
  Field f;
  f.key = std::move(key);
  f.label = "Label";
  f.type = type;
  f.required = required;
  f.options = std::move(options);
  return f;
}

// Students 7 and 8 are visible; any other id is not.
bool sees(store::Id id) {
  return id == 7 || id == 8;
}

FieldErrors answer(const Field& f, const json::value& value) {
  return check_answers({f}, json::object{{f.key, value}}, sees);
}

TEST(FormFields, AReferralLikeDefinitionIsValid) {
  FieldErrors errors;
  auto fields = parse_fields(definitions(R"([
      {"key": "concern_area", "label": "Concern area", "type": "single_choice",
       "required": true, "help": "Pick one.", "options": ["Academic", "Other"]},
      {"key": "description", "label": "Description", "type": "long_text", "required": true},
      {"key": "parent_contacted", "label": "Parent contacted", "type": "checkbox"},
      {"key": "seen_on", "label": "Seen on", "type": "date"},
      {"key": "score", "label": "Score", "type": "number"},
      {"key": "days", "label": "Days", "type": "multiple_choice", "options": ["Mon", "Tue"]},
      {"key": "sibling", "label": "Sibling", "type": "student"},
      {"key": "room", "label": "Room", "type": "text", "options": []}])"),
                             errors);
  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(fields.size(), 8u);
  EXPECT_EQ(fields[0].type, FieldType::single_choice);
  EXPECT_TRUE(fields[0].required);
  EXPECT_EQ(fields[0].help, "Pick one.");
  EXPECT_EQ(fields[0].options, (std::vector<std::string>{"Academic", "Other"}));
  EXPECT_FALSE(fields[2].required);
  EXPECT_EQ(fields[6].type, FieldType::student);
}

TEST(FormFields, KeysAreSnakeCaseAndUniqueInTheForm) {
  auto errors = problems_of(R"([
      {"key": "Concern Area", "label": "A", "type": "text"},
      {"key": "urgency", "label": "B", "type": "text"},
      {"key": "urgency", "label": "C", "type": "text"},
      {"key": "1st", "label": "D", "type": "text"},
      {"label": "E", "type": "text"}])");
  EXPECT_EQ(errors.at("fields[0].key"),
            "Use lower-case letters, digits and underscores, starting with a letter.");
  EXPECT_FALSE(errors.contains("fields[1].key"));
  EXPECT_EQ(errors.at("fields[2].key"), "Used by another field.");
  EXPECT_TRUE(errors.contains("fields[3].key"));
  EXPECT_EQ(errors.at("fields[4].key"), "Required.");
}

TEST(FormFields, ChoicesNeedAtLeastOneDistinctOption) {
  auto errors = problems_of(R"([
      {"key": "a", "label": "A", "type": "single_choice"},
      {"key": "b", "label": "B", "type": "multiple_choice", "options": []},
      {"key": "c", "label": "C", "type": "single_choice", "options": ["Yes", "Yes"]},
      {"key": "d", "label": "D", "type": "single_choice", "options": ["Yes", " ", 3]}])");
  EXPECT_EQ(errors.at("fields[0].options"), "Give at least one option.");
  EXPECT_EQ(errors.at("fields[1].options"), "Give at least one option.");
  EXPECT_EQ(errors.at("fields[2].options[1]"), "Used by another option.");
  EXPECT_TRUE(errors.contains("fields[3].options[1]"));
  EXPECT_TRUE(errors.contains("fields[3].options[2]"));
}

TEST(FormFields, OnlyChoiceFieldsHaveOptions) {
  auto errors = problems_of(R"([{"key": "a", "label": "A", "type": "text", "options": ["x"]}])");
  EXPECT_EQ(errors.at("fields[0].options"), "Only choice fields have options.");
}

TEST(FormFields, TypesLabelsAndPropertiesAreCheckedByPath) {
  auto errors = problems_of(R"([
      {"key": "a", "label": "A", "type": "rating"},
      {"key": "b", "label": " ", "type": "text", "colour": "red"},
      {"key": "c", "label": "C", "type": "text", "required": "yes"},
      "not a field"])");
  EXPECT_TRUE(errors.contains("fields[0].type"));
  EXPECT_EQ(errors.at("fields[1].label"), "Required.");
  EXPECT_EQ(errors.at("fields[1].colour"), "Not a property of a field.");
  EXPECT_EQ(errors.at("fields[2].required"), "Expected true or false.");
  EXPECT_TRUE(errors.contains("fields[3]"));
}

TEST(FormFields, LengthsAreLimited) {
  const std::string long_label(kMaxLabel + 1, 'x');
  const std::string long_help(kMaxHelp + 1, 'x');
  json::array list{
      json::object{{"key", "a"}, {"label", long_label}, {"type", "text"}},
      json::object{{"key", "b"}, {"label", "B"}, {"type", "text"}, {"help", long_help}},
      json::object{{"key", std::string(kMaxKey + 1, 'k')}, {"label", "C"}, {"type", "text"}}};
  FieldErrors errors;
  parse_fields(list, errors);
  EXPECT_EQ(errors.at("fields[0].label"), "Use at most 200 characters.");
  EXPECT_EQ(errors.at("fields[1].help"), "Use at most 1000 characters.");
  EXPECT_TRUE(errors.contains("fields[2].key"));
}

TEST(FormFields, AFormNeedsAListWithAtLeastOneField) {
  EXPECT_EQ(problems_of("[]").at("fields"), "Add at least one field.");
  EXPECT_EQ(problems_of(R"({"key": "a"})").at("fields"), "Expected a list of fields.");
  json::array many;
  for (std::size_t i = 0; i <= kMaxFields; ++i) {
    many.push_back(
        json::object{{"key", "f" + std::to_string(i)}, {"label", "F"}, {"type", "text"}});
  }
  FieldErrors errors;
  parse_fields(many, errors);
  EXPECT_EQ(errors.at("fields"), "Use at most 100 fields.");
}

TEST(FormFields, StoredJsonReadsBackTheSameFields) {
  const std::vector<Field> fields{field("urgency", FieldType::single_choice, true, {"Low", "High"}),
                                  field("notes", FieldType::long_text)};
  EXPECT_EQ(stored_fields(json::serialize(fields_json(fields))), fields);
}

TEST(FormAnswers, MissingRequiredAnswersAreNamedOnePerField) {
  const std::vector<Field> fields{field("urgency", FieldType::single_choice, true, {"Low"}),
                                  field("description", FieldType::long_text, true),
                                  field("notes", FieldType::text)};
  auto errors = check_answers(fields, json::object{{"description", nullptr}}, sees);
  EXPECT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors.at("answers.urgency"), "Required.");
  EXPECT_EQ(errors.at("answers.description"), "Required.");
}

TEST(FormAnswers, TextIsTextWithinItsLimitAndNotBlankWhenRequired) {
  EXPECT_TRUE(answer(field("t", FieldType::text), "Room 12").empty());
  EXPECT_EQ(answer(field("t", FieldType::text), 12).at("answers.t"), "Expected text.");
  EXPECT_EQ(answer(field("t", FieldType::text, true), "  ").at("answers.t"), "Required.");
  EXPECT_TRUE(answer(field("t", FieldType::text), json::string(kMaxTextAnswer + 1, 'x'))
                  .contains("answers.t"));
  EXPECT_TRUE(
      answer(field("t", FieldType::long_text), json::string(kMaxTextAnswer + 1, 'x')).empty());
  EXPECT_TRUE(answer(field("t", FieldType::long_text), json::string(kMaxLongTextAnswer + 1, 'x'))
                  .contains("answers.t"));
}

TEST(FormAnswers, NumberIsAJsonNumberNotText) {
  EXPECT_TRUE(answer(field("n", FieldType::number), 42).empty());
  EXPECT_TRUE(answer(field("n", FieldType::number), -3.5).empty());
  EXPECT_EQ(answer(field("n", FieldType::number), "42").at("answers.n"), "Expected a number.");
  EXPECT_EQ(answer(field("n", FieldType::number), true).at("answers.n"), "Expected a number.");
}

TEST(FormAnswers, DateIsARealCalendarDate) {
  EXPECT_TRUE(answer(field("d", FieldType::date), "2026-02-28").empty());
  for (const char* bad : {"2026-02-30", "28/02/2026", "yesterday", ""}) {
    EXPECT_EQ(answer(field("d", FieldType::date), bad).at("answers.d"),
              "Enter a date as YYYY-MM-DD.")
        << bad;
  }
}

TEST(FormAnswers, SingleChoiceIsOneOfTheOptions) {
  const auto f = field("c", FieldType::single_choice, true, {"Low", "High"});
  EXPECT_TRUE(answer(f, "High").empty());
  EXPECT_EQ(answer(f, "Urgent").at("answers.c"), "Choose one of the options.");
  EXPECT_EQ(answer(f, "high").at("answers.c"), "Choose one of the options.");
  EXPECT_EQ(answer(f, json::array{"High"}).at("answers.c"), "Choose one of the options.");
}

TEST(FormAnswers, MultipleChoiceTakesEachOptionOnce) {
  const auto f = field("m", FieldType::multiple_choice, true, {"Mon", "Tue", "Wed"});
  EXPECT_TRUE(answer(f, json::array{"Mon", "Wed"}).empty());
  EXPECT_EQ(answer(f, json::array{"Mon", "Sun"}).at("answers.m"), "Choose among the options.");
  EXPECT_EQ(answer(f, json::array{"Mon", "Mon"}).at("answers.m"), "Choose each option once.");
  EXPECT_EQ(answer(f, "Mon").at("answers.m"), "Expected a list of options.");
  EXPECT_EQ(answer(f, json::array{}).at("answers.m"), "Required.");
  EXPECT_TRUE(
      answer(field("m", FieldType::multiple_choice, false, {"Mon"}), json::array{}).empty());
}

TEST(FormAnswers, CheckboxIsTrueOrFalseAndRequiredMeansChecked) {
  EXPECT_TRUE(answer(field("b", FieldType::checkbox), false).empty());
  EXPECT_EQ(answer(field("b", FieldType::checkbox), "yes").at("answers.b"),
            "Expected true or false.");
  EXPECT_EQ(answer(field("b", FieldType::checkbox), 1).at("answers.b"), "Expected true or false.");
  EXPECT_EQ(answer(field("b", FieldType::checkbox, true), false).at("answers.b"),
            "Check this box.");
  EXPECT_TRUE(answer(field("b", FieldType::checkbox, true), true).empty());
}

TEST(FormAnswers, StudentPickerNamesAStudentTheSubmitterMaySee) {
  EXPECT_TRUE(answer(field("s", FieldType::student), 7).empty());
  EXPECT_EQ(answer(field("s", FieldType::student), 9).at("answers.s"), "No such student.");
  EXPECT_EQ(answer(field("s", FieldType::student), "7").at("answers.s"), "Expected a student id.");
}

TEST(FormAnswers, KeysTheFormDoesNotHaveAreRejected) {
  auto errors = check_answers({field("a", FieldType::text)},
                              json::object{{"a", "x"}, {"colour", "red"}}, sees);
  EXPECT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.at("answers.colour"), "Not a field of this form.");
}

TEST(FormAnswers, StoredAnswersKeepTheFormsKeysWithoutNulls) {
  const std::vector<Field> fields{field("a", FieldType::text), field("b", FieldType::text)};
  EXPECT_EQ(stored_answers(fields, json::object{{"a", "x"}, {"b", nullptr}}),
            (json::object{{"a", "x"}}));
}

TEST(FormTags, TagsAreDistinctWordsAndOpenCaseIsRecognised) {
  FieldErrors errors;
  EXPECT_EQ(parse_tags(json::array{"openCase", "sel-screening"}, errors),
            (std::vector<std::string>{"openCase", "sel-screening"}));
  EXPECT_TRUE(errors.empty());
  parse_tags(json::array{"ok", "two words", "ok", 5}, errors);
  EXPECT_TRUE(errors.contains("tags[1]"));
  EXPECT_EQ(errors.at("tags[2]"), "Given twice.");
  EXPECT_TRUE(errors.contains("tags[3]"));
  EXPECT_TRUE(has_open_case_tag(R"(["survey","openCase"])"));
  EXPECT_FALSE(has_open_case_tag(R"(["opencase"])"));
  EXPECT_FALSE(has_open_case_tag("[]"));
}

}  // namespace
}  // namespace trellis::domain::forms
