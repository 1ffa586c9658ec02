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

  void Run(size_t n, const std::function<void(size_t)>& fn, int helpers) {
    std::unique_lock<std::mutex> run_lock(run_mu_);  // one ParallelFor at a time
    std::atomic<size_t> next{0};
    std::atomic<int> active{0};
    std::exception_ptr error;
    size_t error_piece = SIZE_MAX;  // the lowest failing piece wins, whatever the timing
    std::mutex error_mu;
    auto drain = [&] {
      t_in_parallel = true;
      for (size_t i; (i = next.fetch_add(1)) < n;) {
        try {
          fn(i);
        } catch (...) {
          std::lock_guard<std::mutex> l(error_mu);
          if (i < error_piece) {
            error = std::current_exception();
            error_piece = i;
          }
        }
      }
      t_in_parallel = false;
    };
    {
      std::lock_guard<std::mutex> l(mu_);
      job_ = [&] {
        drain();
        if (active.fetch_sub(1) == 1) {
          std::lock_guard<std::mutex> dl(done_mu_);
          done_cv_.notify_all();
        }
      };
      active = helpers;
      pending_ = helpers;
      ++generation_;
    }
    cv_.notify_all();
    drain();
    {
      std::unique_lock<std::mutex> dl(done_mu_);
      done_cv_.wait(dl, [&] { return active.load() == 0; });
    }
    {
      std::lock_guard<std::mutex> l(mu_);
      job_ = nullptr;
    }
    if (error) std::rethrow_exception(error);
  }

 private:
  void Work() {
    uint64_t seen = 0;
    while (true) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> l(mu_);
        cv_.wait(l, [&] { return quit_ || (generation_ != seen && pending_ > 0); });
        if (quit_) return;
        seen = generation_;
        --pending_;
        job = job_;
      }
      job();
    }
  }

  std::vector<std::thread> threads_;
  std::mutex mu_, run_mu_, done_mu_;
  std::condition_variable cv_, done_cv_;
  std::function<void()> job_;
  uint64_t generation_ = 0;
  int pending_ = 0;
  bool quit_ = false;
};

std::atomic<int> g_parallelism{0};

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
  int threads = std::min<int>(Parallelism(), static_cast<int>(n));
  if (threads <= 1 || t_in_parallel) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  Pool& pool = ThePool();
  int helpers = std::min(threads - 1, pool.workers());
  if (helpers <= 0) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  pool.Run(n, fn, helpers);
}

}  // namespace tideline::runtime
