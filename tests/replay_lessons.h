#pragma once
// Lessons for the tests of long and durable replays, shared by the command line's and the
// Studio's tests: a scenario (s.yaml) and a seeded recording (r.jsonl) written into a folder.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <vector>

namespace tideline::test_lessons {

// An event-time count per word in 10-second windows with a 5-second watermark, in append
// mode to a JSON file sink, triggered every second, over `seconds` seconds of a seeded
// recording (of `seed`) whose event times trail the arrival times by up to 3 seconds.
inline void WriteWindowedCountLesson(const std::filesystem::path& dir, int seconds, unsigned seed) {
  std::ofstream(dir / "s.yaml") << "tideline: 1\ntitle: durable windowed count\napi: structured\n"
                                   "inputs:\n  events: {type: memory, schema: \"word STRING, n BIGINT\"}\n"
                                   "query:\n  from: events\n  ops:\n"
                                   "    - select: [word, \"timestamp_seconds(n) AS ts\"]\n"
                                   "    - withWatermark: {column: ts, delay: 5 seconds}\n"
                                   "    - groupBy: [\"window(ts, '10 seconds') AS w\", word]\n"
                                   "    - agg: [\"count(*) AS c\"]\n"
                                   "    - select: [\"w.start AS start\", word, c]\n"
                                   "sink: {format: json, outputMode: append, options: {path: out/counts},"
                                   " trigger: {processingTime: 1 second}}\n"
                                   "steps: []\n";
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> word(0, 9), per_second(1, 6), ms(0, 999), lag(0, 3);
  std::ofstream rec(dir / "r.jsonl");
  rec << "{\"tideline-recording\": 1, \"inputs\": {\"events\": {\"type\": \"memory\"}}}\n";
  for (int s = 0; s < seconds; ++s) {
    std::vector<int> times;
    for (int k = per_second(rng); k > 0; --k) times.push_back(s * 1000 + ms(rng));
    std::sort(times.begin(), times.end());
    for (int t : times)
      rec << "{\"t\": " << t << ", \"input\": \"events\", \"data\": [\"w" << word(rng) << "\", "
          << std::max(0, t / 1000 - lag(rng)) << "]}\n";
  }
}

}  // namespace tideline::test_lessons
