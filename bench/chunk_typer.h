#pragma once
// ChunkTyper: types a text file of records ahead of the driver, as Spark's receivers
// take in data while the batches run. The file is cut into chunks of whole lines;
// helper threads type the next chunks (InputFormat::ParseLines, pure) into columnar
// blocks, at most kAhead chunks ahead of the driver, and the driver takes the chunks
// in file order with Next(), typing chunks itself when no helper has started the next one
// or while a helper is at it.
// Between blocks of lines, and while they wait, the helpers run pieces of the driver's
// parallel work (runtime::Help). The chunks, their lines and their rows do not depend on
// the number of helpers. Next() is for one driver thread.

#include <condition_variable>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "core/dstream/streams.h"
#include "core/runtime/parallel.h"
#include "core/scenario/dstream_builder.h"

namespace tideline::bench {

// Blocks die on the helpers: the driver drops the last reference to a block when a batch
// is done with it, and its deleter hands it to a helper instead of freeing its values
// there and then.
struct Graveyard {
  std::mutex mu;
  std::vector<dstream::ArrivalBlock*> dead;
  bool open = true;  // false once no helper will come by: blocks die where they are dropped

  void Bury(dstream::ArrivalBlock* b) {
    {
      std::lock_guard<std::mutex> l(mu);
      if (open) {
        dead.push_back(b);
        return;
      }
    }
    delete b;
  }
  void Clear(bool close) {
    std::vector<dstream::ArrivalBlock*> batch;
    {
      std::lock_guard<std::mutex> l(mu);
      batch.swap(dead);
      if (close) open = false;
    }
    for (auto* b : batch) delete b;
  }
};

struct TypedChunk {
  std::shared_ptr<dstream::ArrivalBlock> block;  // the rows that are not malformed, each arriving at its field 0
  size_t lines = 0;                              // non-empty lines in the chunk
};

class ChunkTyper {
 public:
  static constexpr size_t kChunkBytes = 1 << 20;
  static constexpr size_t kAhead = 6;
  static constexpr size_t kLinesPerStep = 128;  // lines typed between two offers of help

  // `release(begin, end)` (may be empty) is called once the bytes [begin, end) of the
  // text have been typed and are not needed any more.
  ChunkTyper(std::string_view text, const scenario::InputFormat& format, int helpers,
             std::function<void(size_t, size_t)> release = nullptr)
      : text_(text), format_(format), helpers_(helpers), release_(std::move(release)) {
    for (int i = 0; i < helpers; ++i) threads_.emplace_back([this] { Work(); });
  }
  ~ChunkTyper() {
    {
      std::lock_guard<std::mutex> l(mu_);
      stop_ = true;
    }
    runtime::WakeHelpers();
    for (auto& t : threads_) t.join();
    graveyard_->Clear(true);
  }

  // The next chunk in file order; false at the end of the file.
  bool Next(TypedChunk* out) {
    std::unique_lock<std::mutex> l(mu_);
    const size_t index = next_out_;
    if (index == next_claim_) {  // nobody has it: type it here
      size_t begin, end;
      if (!Claim(&begin, &end)) return false;
      l.unlock();
      *out = Type(begin, end, false);
      l.lock();
    } else {
      // A helper is typing it: type a later chunk meanwhile rather than wait.
      while (done_.count(index) == 0) {
        size_t later, begin, end;
        if (next_claim_ < next_out_ + kAhead && pos_ < text_.size()) {
          later = next_claim_;
          Claim(&begin, &end);
          l.unlock();
          TypedChunk c = Type(begin, end, false);
          l.lock();
          done_[later] = std::move(c);
        } else {
          ready_.wait(l);
        }
      }
      *out = std::move(done_[index]);
      done_.erase(index);
    }
    ++next_out_;
    const bool wake = helpers_ > 0 && next_claim_ < next_out_ + kAhead && pos_ < text_.size();
    l.unlock();
    if (wake) runtime::WakeHelpers();  // a helper may be waiting for room ahead
    return true;
  }

 private:
  // Claims the next chunk's byte range. REQUIRES: mu_ held.
  bool Claim(size_t* begin, size_t* end) {
    if (pos_ >= text_.size()) return false;
    *begin = pos_;
    size_t e = std::min(text_.size(), pos_ + kChunkBytes);
    if (e < text_.size()) {
      const void* nl = std::memchr(text_.data() + e, '\n', text_.size() - e);
      e = nl ? static_cast<size_t>(static_cast<const char*>(nl) - text_.data()) + 1 : text_.size();
    }
    *end = pos_ = e;
    ++next_claim_;
    return true;
  }

  // Types a chunk; `helping` offers help to the driver between blocks of lines.
  TypedChunk Type(size_t begin, size_t end, bool helping) const {
    std::vector<std::string_view> lines;
    lines.reserve((end - begin) / 40 + 16);
    for (size_t pos = begin; pos < end;) {
      const void* nl = std::memchr(text_.data() + pos, '\n', end - pos);
      size_t e = nl ? static_cast<size_t>(static_cast<const char*>(nl) - text_.data()) : end;
      if (e > pos) lines.emplace_back(text_.data() + pos, e - pos);
      pos = e + 1;
    }
    TypedChunk c;
    c.lines = lines.size();
    if (helping) graveyard_->Clear(false);
    std::shared_ptr<Graveyard> g = helpers_ > 0 ? graveyard_ : nullptr;
    c.block = std::shared_ptr<dstream::ArrivalBlock>(new dstream::ArrivalBlock(), [g](dstream::ArrivalBlock* b) {
      if (g) g->Bury(b);
      else delete b;
    });
    c.block->rows = format_.EmptyBatch();
    for (auto& col : c.block->rows.columns) col.reserve(lines.size());
    if (!helping) {
      format_.ParseLines(lines, &c.block->rows);
    } else {
      for (size_t i = 0; i < lines.size(); i += kLinesPerStep) {
        runtime::Help();
        const size_t n = std::min(kLinesPerStep, lines.size() - i);
        format_.ParseLines(std::span<const std::string_view>(lines).subspan(i, n), &c.block->rows);
      }
    }
    if (release_) release_(begin, end);
    c.block->arrivals.reserve(c.block->rows.rows());
    if (!c.block->rows.columns.empty())
      for (const Value& t : c.block->rows.columns[0]) c.block->arrivals.push_back(t.as_ts());
    return c;
  }

  void Work() {
    runtime::HelperScope scope;
    while (true) {
      size_t index, begin, end;
      while (true) {
        const uint64_t epoch = runtime::WakeEpoch();
        std::unique_lock<std::mutex> l(mu_);
        if (stop_) return;
        if (pos_ < text_.size() && next_claim_ < next_out_ + kAhead) {
          index = next_claim_;
          Claim(&begin, &end);
          break;
        }
        l.unlock();
        runtime::HelpOrWait(epoch);  // nothing to type yet: help the driver until Next() or stop
      }
      TypedChunk c = Type(begin, end, true);
      {
        std::lock_guard<std::mutex> l(mu_);
        done_[index] = std::move(c);
      }
      ready_.notify_all();
    }
  }

  const std::string_view text_;
  const scenario::InputFormat& format_;
  const int helpers_;
  const std::function<void(size_t, size_t)> release_;
  std::mutex mu_;
  std::condition_variable ready_;
  size_t pos_ = 0;         // the first byte not claimed yet
  size_t next_claim_ = 0;  // the index of the next chunk to claim
  size_t next_out_ = 0;    // the index of the next chunk Next() returns
  std::map<size_t, TypedChunk> done_;
  std::shared_ptr<Graveyard> graveyard_ = std::make_shared<Graveyard>();
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace tideline::bench
