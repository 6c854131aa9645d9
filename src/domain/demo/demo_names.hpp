// What every demo district shares, the fixed one (demo_district) and the generated ones
// (district_generator): the names people get and the e-mail domain of the staff sign-ins.
#pragma once

#include <array>
#include <string_view>

namespace trellis::domain::demo {

inline constexpr std::array kGivenNames = {
    "Aaliyah", "Aarav",     "Abigail",   "Adrian",   "Aiko",     "Alejandro", "Amara",  "Amir",
    "Ana",     "Andre",     "Anh",       "Ava",      "Benjamin", "Bianca",    "Camila", "Carlos",
    "Chen",    "Chloe",     "Daniel",    "Darius",   "Deja",     "Diego",     "Elena",  "Eli",
    "Emily",   "Esperanza", "Ethan",     "Fatima",   "Gabriel",  "Grace",     "Hana",   "Hassan",
    "Imani",   "Isaac",     "Isabella",  "Jada",     "Jamal",    "Javier",    "Jin",    "Jordan",
    "Kai",     "Keanu",     "Layla",     "Leah",     "Liam",     "Lucia",     "Malik",  "Maria",
    "Mateo",   "Maya",      "Mei",       "Mohammed", "Nadia",    "Naomi",     "Noah",   "Nia",
    "Olivia",  "Omar",      "Priya",     "Quinn",    "Rafael",   "Rosa",      "Samuel", "Sofia",
    "Tariq",   "Thanh",     "Valentina", "Wei",      "Xavier",   "Yara",      "Yusuf",  "Zoe"};
inline constexpr std::array kFamilyNames = {
    "Abdi",    "Acosta",   "Adeyemi", "Allen",      "Alvarez",  "Begay",     "Bennett",
    "Brooks",  "Castillo", "Chavez",  "Chen",       "Clark",    "Cruz",      "Daniels",
    "Diaz",    "Do",       "Edwards", "Flores",     "Garcia",   "Gonzalez",  "Green",
    "Gupta",   "Hall",     "Harris",  "Hernandez",  "Hill",     "Hoang",     "Ibrahim",
    "Jackson", "Johnson",  "Kim",     "King",       "Lee",      "Lewis",     "Lopez",
    "Martin",  "Martinez", "Mendoza", "Mitchell",   "Moore",    "Morales",   "Nakamura",
    "Nguyen",  "Okafor",   "O'Brien", "Ortiz",      "Patel",    "Perez",     "Phillips",
    "Ramirez", "Reyes",    "Rivera",  "Roberts",    "Robinson", "Rodriguez", "Sanchez",
    "Scott",   "Shah",     "Singh",   "Smith",      "Tanaka",   "Taylor",    "Thomas",
    "Torres",  "Tran",     "Walker",  "Washington", "White",    "Williams",  "Wilson",
    "Yazzie",  "Young"};

inline constexpr std::string_view kDomain = "demo.trellis.test";
// The marker in `settings` that a demo district, fixed or generated, was seeded.
inline constexpr std::string_view kSeededKey = "demo_district_seeded";

// The schools the featured sign-ins belong to (principal.mge@..., counselor.crm@...,
// teacher1.rhs@...): every demo district has them, the generated ones as their first school of
// each level.
struct FeaturedSchool {
  const char* name;
  const char* level;
  const char* identifier;
  const char* slug;
};
inline constexpr std::array<FeaturedSchool, 3> kFeaturedSchools = {{
    {"Maple Grove Elementary", "elementary", "MGE", "mge"},
    {"Cedar Ridge Middle", "middle", "CRM", "crm"},
    {"Riverside High", "high", "RHS", "rhs"},
}};

}  // namespace trellis::domain::demo
