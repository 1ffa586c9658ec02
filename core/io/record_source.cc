#include "core/io/record_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/io/recording.h"

namespace tideline::io {

int64_t LineTimes::Next(std::string_view line) {
  size_t start = 0;
  for (int c = 1; c < column_ && start != std::string_view::npos; ++c) {
    start = line.find(',', start);
    if (start != std::string_view::npos) ++start;
  }
  if (start == std::string_view::npos) return t_ms_;
  size_t end = line.find(',', start);
  std::string_view text = line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  if (text != last_text_) {
    last_text_.assign(text);
    auto ts = ParseTimestamp(text);
    last_ok_ = ts.ok();
    if (last_ok_) last_ms_ = ts->millis();
  }
  if (last_ok_) {
    if (first_ms_ == INT64_MIN) first_ms_ = last_ms_;
    t_ms_ = std::max(t_ms_, last_ms_ - first_ms_);
  }
  return t_ms_;
}

namespace {

constexpr size_t kBlock = size_t{1} << 20;
constexpr size_t kRunCap = 64;  // a run of one time is cut at kRunCap * max_records

// Collects records into runs of one input and time.
class RunBuilder {
 public:
  // Adds a record; a record of another time or input completes the run before it.
  // Returns how many records completed runs moved to `out`.
  size_t Add(std::vector<RecordRun>* out, const std::string& input, Timestamp t, Value v, size_t cap) {
    size_t moved = 0;
    if (!current_.records.empty() && (current_.t != t || current_.input != input || current_.records.size() >= cap))
      moved = Flush(out);
    if (current_.records.empty()) {
      current_.input = input;
      current_.t = t;
    }
    current_.records.push_back(std::move(v));
    return moved;
  }
  size_t Flush(std::vector<RecordRun>* out) {
    size_t n = current_.records.size();
    if (n == 0) return 0;
    out->push_back(std::move(current_));
    current_ = RecordRun();
    return n;
  }

 private:
  RecordRun current_;
};

class TextFileSource final : public RecordSource {
 public:
  TextFileSource(std::FILE* f, int64_t size, TextFileOptions opts)
      : f_(f), opts_(std::move(opts)), times_(opts_.time_column) {
    bytes_total_ = size;
  }
  ~TextFileSource() override { std::fclose(f_); }
  bool live() const override { return opts_.time_column <= 0; }

  Status Read(std::vector<RecordRun>* out, size_t max_records, int) override {
    if (ended_) return Status::Ok();
    max_records = std::max<size_t>(1, max_records);
    const bool at_clock = opts_.time_column <= 0;
    const Timestamp now = at_clock ? opts_.clock->Now() : Timestamp();
    size_t n = 0, lines = 0;  // records of completed runs; lines read
    std::string_view line;
    while (at_clock ? lines < max_records : n < max_records) {
      if (!NextLine(&line)) {
        if (std::ferror(f_)) return Status::Io(fmt::format("read error: {}", std::strerror(errno)));
        ended_ = true;
        break;
      }
      ++records_read_;
      ++lines;
      Timestamp t = at_clock ? now : opts_.start + Duration::Millis(times_.Next(line));
      n += runs_.Add(out, opts_.input, t, Value::String(line), at_clock ? max_records : kRunCap * max_records);
    }
    // Lines read at the clock arrive now; a file's run waits for the line after it (or the end).
    if (at_clock || ended_) runs_.Flush(out);
    return Status::Ok();
  }

 private:
  // The next line, without its '\n' or '\r\n'; false at the end of the file.
  bool NextLine(std::string_view* line) {
    size_t nl;
    while ((nl = buf_.find('\n', pos_)) == std::string::npos) {
      if (eof_) {
        if (pos_ >= buf_.size()) return false;
        nl = buf_.size();
        break;
      }
      buf_.erase(0, pos_);
      pos_ = 0;
      size_t old = buf_.size();
      buf_.resize(old + kBlock);
      size_t got = std::fread(buf_.data() + old, 1, kBlock, f_);
      buf_.resize(old + got);
      if (got < kBlock) eof_ = true;
    }
    size_t end = nl;
    bytes_read_ += static_cast<int64_t>(std::min(nl + 1, buf_.size()) - pos_);
    if (end > pos_ && buf_[end - 1] == '\r') --end;
    *line = std::string_view(buf_).substr(pos_, end - pos_);
    pos_ = std::min(nl + 1, buf_.size());
    return true;
  }

  std::FILE* f_;
  TextFileOptions opts_;
  LineTimes times_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  RunBuilder runs_;
};

class RecordingSource final : public RecordSource {
 public:
  RecordingSource(std::unique_ptr<RecordingReader> reader, Timestamp start) : reader_(std::move(reader)), start_(start) {
    bytes_total_ = reader_->bytes_total();
    bytes_read_ = reader_->bytes_read();
  }
  bool live() const override { return false; }
  int64_t malformed() const override { return reader_->malformed(); }

  Status Read(std::vector<RecordRun>* out, size_t max_records, int) override {
    if (ended_) return Status::Ok();
    max_records = std::max<size_t>(1, max_records);
    size_t n = 0;
    Arrival a;
    while (n < max_records) {
      if (!reader_->Next(&a)) {
        TL_RETURN_IF_ERROR(reader_->error());
        ended_ = true;
        runs_.Flush(out);
        break;
      }
      ++records_read_;
      n += runs_.Add(out, a.input, start_ + Duration::Millis(a.t_ms), std::move(a.data), kRunCap * max_records);
    }
    bytes_read_ = reader_->bytes_read();
    return Status::Ok();
  }

 private:
  std::unique_ptr<RecordingReader> reader_;
  Timestamp start_;
  RunBuilder runs_;
};

class LiveRecordSource final : public RecordSource {
 public:
  LiveRecordSource(std::unique_ptr<LiveSource> src, std::string input, const Clock& clock)
      : src_(std::move(src)), input_(std::move(input)), clock_(clock) {}
  bool live() const override { return true; }

  Status Read(std::vector<RecordRun>* out, size_t, int timeout_ms) override {
    if (ended_) return Status::Ok();
    lines_.clear();
    if (!src_->Poll(&lines_, timeout_ms)) ended_ = true;
    bytes_read_ = src_->bytes_read();
    if (lines_.empty()) return Status::Ok();
    RecordRun run;
    run.input = input_;
    run.t = clock_.Now();
    run.records.reserve(lines_.size());
    for (auto& l : lines_) run.records.push_back(Value::String(l));
    records_read_ += static_cast<int64_t>(lines_.size());
    out->push_back(std::move(run));
    return Status::Ok();
  }

 private:
  std::unique_ptr<LiveSource> src_;
  std::string input_;
  const Clock& clock_;
  std::vector<std::string> lines_;
};

}  // namespace

Result<std::unique_ptr<RecordSource>> RecordSource::TextFile(const std::string& path, TextFileOptions opts) {
  if (opts.time_column <= 0 && opts.clock == nullptr)
    return Status::InvalidArgument("lines that arrive at the clock need a clock");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::Io(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  int64_t size = 0;
  if (std::fseek(f, 0, SEEK_END) == 0) size = std::max<long>(0, std::ftell(f));
  std::rewind(f);
  return std::unique_ptr<RecordSource>(new TextFileSource(f, size, std::move(opts)));
}

Result<std::unique_ptr<RecordSource>> RecordSource::Recording(const std::string& path, Timestamp start) {
  auto r = RecordingReader::Open(path);
  if (!r.ok()) return r.status();
  return std::unique_ptr<RecordSource>(new RecordingSource(std::move(*r), start));
}

std::unique_ptr<RecordSource> RecordSource::Live(std::unique_ptr<LiveSource> source, std::string input,
                                                 const Clock& clock) {
  return std::make_unique<LiveRecordSource>(std::move(source), std::move(input), clock);
}

}  // namespace tideline::io
