// Nothing in core/ reads the wall clock, sleeps or draws unseeded random numbers,
// except the system clock itself (core/time/system_clock.cc).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace tideline {
namespace {

namespace fs = std::filesystem;

TEST(WallClockTest, CoreReadsTimeOnlyThroughTheSystemClock) {
  const std::regex forbidden(
      R"(system_clock|steady_clock|high_resolution_clock|\bgettimeofday\b|\bclock_gettime\b|\btime\(nullptr\)|\btime\(NULL\)|\bsleep_for\b|\bsleep_until\b|\busleep\b|\bsleep\(|\brand\(|random_device|\bsrand\()");
  int files = 0;
  for (const auto& e : fs::recursive_directory_iterator(TIDELINE_SOURCE_DIR "/core")) {
    if (!e.is_regular_file()) continue;
    auto ext = e.path().extension();
    if (ext != ".cc" && ext != ".h") continue;
    ++files;
    if (e.path().filename() == "system_clock.cc") continue;
    std::ifstream in(e.path());
    std::string line;
    int no = 0;
    while (std::getline(in, line)) {
      ++no;
      if (line.find("//") != std::string::npos) line = line.substr(0, line.find("//"));
      EXPECT_FALSE(std::regex_search(line, forbidden)) << e.path() << ":" << no << ": " << line;
    }
  }
  EXPECT_GT(files, 10);
}

}  // namespace
}  // namespace tideline
