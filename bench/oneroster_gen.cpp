// Writes the deterministic OneRoster export of N students that bench/import_bench.sh imports:
//   trellis_oneroster_gen --students N --out DIR
#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>

#include "domain/roster/oneroster_generator.hpp"

int main(int argc, char** argv) {
  CLI::App app("Write a OneRoster 1.1 bulk export of a generated district");
  std::size_t students = 1000;
  std::string out;
  app.add_option("--students", students, "How many students")->required();
  app.add_option("--out", out, "The folder to write the CSV files into")->required();
  CLI11_PARSE(app, argc, argv);
  const auto started = std::chrono::steady_clock::now();
  const auto n = trellis::domain::roster::write_oneroster_district(out, students);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "schools " << n.schools << ", students " << n.students << ", staff " << n.staff
            << ", classes " << n.classes << ", enrollments " << n.enrollments << ", rows " << n.rows
            << " in " << seconds << " s\n";
  return 0;
}
