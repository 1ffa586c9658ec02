// Fuzzes the recording reader: the bytes are written to a file and read whole and an
// arrival at a time.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include "core/io/recording.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/tideline-fuzz-recording-" + std::to_string(getpid()) + ".jsonl";
  {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  auto rec = tideline::io::ReadRecording(path);
  auto reader = tideline::io::RecordingReader::Open(path);
  if (reader.ok()) {
    tideline::io::Arrival a;
    while ((*reader)->Next(&a)) {
    }
  }
  return 0;
}
