#include "core/runtime/parallel.h"

#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace tideline::runtime {

namespace {

thread_local bool t_in_parallel = false;  // nested calls run inline

// A fork-join pool. The pieces of the current job are claimed through one atomic word,
// (generation << 32) | (pieces << 16) | next piece, by the caller, by the pool's workers
// and by helper threads (Help); the caller drains what is left and waits only for the
// pieces someone has started, never for a worker that has not woken up yet.
class Pool {
 public:
  explicit Pool(int workers) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { Work(); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> l(mu_);
      quit_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  int workers() const { return static_cast<int>(threads_.size()); }

  void Run(size_t n, const std::function<void(size_t)>& fn, int wake) {
    // One ParallelFor at a time. A second driver thread (a run at full speed beside the
    // Studio's scenario) does not wait for the pool: it runs its pieces itself, in order,
    // which gives the same result.
    std::unique_lock<std::mutex> run_lock(run_mu_, std::try_to_lock);
    if (!run_lock.owns_lock()) {
      bool was = t_in_parallel;
      t_in_parallel = true;
      try {
        for (size_t i = 0; i < n; ++i) fn(i);
      } catch (...) {
        t_in_parallel = was;
        throw;
      }
      t_in_parallel = was;
      return;
    }
    const uint64_t gen = ++generation_ & 0xFFFFFFFFu;
    fn_ = &fn;
    error_ = nullptr;
    error_piece_ = SIZE_MAX;
    done_.store(0, std::memory_order_relaxed);
    claim_.store((gen << 32) | (static_cast<uint64_t>(n) << 16), std::memory_order_seq_cst);
    const bool idle_helpers = idle_helpers_.load(std::memory_order_seq_cst) > 0;
    if (wake > 0 || idle_helpers) {
      {
        std::lock_guard<std::mutex> l(mu_);
        wake_gen_ = gen;
        wake_ = wake;
      }
      if (wake == 1 && !idle_helpers) cv_.notify_one();
      else cv_.notify_all();
    }
    bool was = t_in_parallel;
    t_in_parallel = true;
    while (RunOne(gen)) {
    }
    t_in_parallel = was;
    // The pieces left are being run by others: wait for them, spinning a little first.
    const uint32_t total = static_cast<uint32_t>(n);
    for (int spin = 0; spin < 2048 && done_.load(std::memory_order_acquire) < total; ++spin) {
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    }
    for (uint32_t d; (d = done_.load(std::memory_order_acquire)) < total;) done_.wait(d, std::memory_order_acquire);
    if (error_) std::rethrow_exception(error_);
  }

  // Waits for a job with pieces left, or a Kick() after `epoch` was read, then helps.
  void HelpOrWait(uint64_t epoch) {
    {
      std::unique_lock<std::mutex> l(mu_);
      idle_helpers_.fetch_add(1, std::memory_order_seq_cst);
      cv_.wait(l, [&] { return kicks_ != epoch || quit_ || HasPieces(); });
      idle_helpers_.fetch_sub(1, std::memory_order_seq_cst);
    }
    Help();
  }

  uint64_t Epoch() {
    std::lock_guard<std::mutex> l(mu_);
    return kicks_;
  }

  void Kick() {
    {
      std::lock_guard<std::mutex> l(mu_);
      ++kicks_;
    }
    cv_.notify_all();
  }

  // Runs pieces of the current job until none is left to claim.
  void Help() {
    uint64_t w = claim_.load(std::memory_order_acquire);
    const uint64_t gen = w >> 32;
    bool was = t_in_parallel;
    t_in_parallel = true;
    while (RunOne(gen)) {
    }
    t_in_parallel = was;
  }

 private:
  bool HasPieces() const {
    uint64_t w = claim_.load(std::memory_order_seq_cst);
    return (w & 0xFFFF) < ((w >> 16) & 0xFFFF);
  }

  // Claims and runs one piece of job `gen`; false when it has none left to claim.
  bool RunOne(uint64_t gen) {
    uint64_t w = claim_.load(std::memory_order_acquire);
    while (true) {
      if ((w >> 32) != gen) return false;
      const uint64_t n = (w >> 16) & 0xFFFF, i = w & 0xFFFF;
      if (i >= n) return false;
      if (claim_.compare_exchange_weak(w, w + 1, std::memory_order_acq_rel, std::memory_order_acquire)) {
        // The job cannot end before this piece is done, so fn_ is still its function.
        try {
          (*fn_)(static_cast<size_t>(i));
        } catch (...) {
          std::lock_guard<std::mutex> l(error_mu_);
          if (i < error_piece_) {  // the lowest failing piece wins, whatever the timing
            error_ = std::current_exception();
            error_piece_ = static_cast<size_t>(i);
          }
        }
        if (done_.fetch_add(1, std::memory_order_acq_rel) + 1 == n) done_.notify_all();
        return true;
      }
    }
  }

  void Work() {
    uint64_t seen = 0;
    while (true) {
      uint64_t gen;
      {
        std::unique_lock<std::mutex> l(mu_);
        cv_.wait(l, [&] { return quit_ || (wake_gen_ != seen && wake_ > 0); });
        if (quit_) return;
        seen = gen = wake_gen_;
        --wake_;
      }
      t_in_parallel = true;
      while (RunOne(gen)) {
      }
      t_in_parallel = false;
    }
  }

  std::vector<std::thread> threads_;
  std::mutex run_mu_;
  // The current job. fn_ is written before claim_ is published and read only by whoever
  // holds a claimed piece.
  std::atomic<uint64_t> claim_{0};
  std::atomic<uint32_t> done_{0};
  const std::function<void(size_t)>* fn_ = nullptr;
  uint64_t generation_ = 0;
  std::mutex error_mu_;
  std::exception_ptr error_;
  size_t error_piece_ = SIZE_MAX;
  // Waking the workers.
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t wake_gen_ = 0;
  int wake_ = 0;
  bool quit_ = false;
  uint64_t kicks_ = 0;
  std::atomic<int> idle_helpers_{0};  // threads in HelpOrWait
};

std::atomic<int> g_parallelism{0};
std::atomic<int> g_helpers{0};

Pool& ThePool() {
  static Pool* pool = new Pool(std::max(1, static_cast<int>(std::thread::hardware_concurrency())) - 1);
  return *pool;
}

}  // namespace

void SetParallelism(int threads) { g_parallelism = std::max(1, threads); }

int Parallelism() {
  int p = g_parallelism.load();
  if (p <= 0) p = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  return p;
}

void ParallelFor(size_t n, const std::function<void(size_t)>& fn) {
  int threads = std::min<int>(Parallelism(), static_cast<int>(std::min<size_t>(n, 0xFFFF)));
  if (threads <= 1 || t_in_parallel || n > 0xFFFF) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  Pool& pool = ThePool();
  // Threads that call Help() take the place of workers.
  int wake = std::min(std::max(0, threads - 1 - g_helpers.load(std::memory_order_relaxed)), pool.workers());
  pool.Run(n, fn, wake);
}

void Help() {
  if (t_in_parallel) return;
  ThePool().Help();
}

uint64_t WakeEpoch() { return ThePool().Epoch(); }

void HelpOrWait(uint64_t epoch) {
  if (t_in_parallel) return;
  ThePool().HelpOrWait(epoch);
}

void WakeHelpers() { ThePool().Kick(); }

HelperScope::HelperScope() { g_helpers.fetch_add(1); }
HelperScope::~HelperScope() { g_helpers.fetch_sub(1); }

}  // namespace tideline::runtime
