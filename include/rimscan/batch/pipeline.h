#pragma once
// The three-stage pipeline of `rimscan batch`:
//
//   items ──► readers (I/O pool) ──► [loaded queue, bounded] ──► workers (one engine each)
//         ──► [computed queue, bounded] ──► writers (commit outputs)
//
// Readers take items in order, so reading runs ahead of compute by at most the queue capacity
// plus one item per reader; a worker never waits on I/O while a loaded item is queued. An
// exception in any stage is handed to on_error with the stage and the item leaves the
// pipeline; the others go on. run_pipeline returns when every item has been written or has
// failed. The callbacks run concurrently (read on readers, compute on workers with the worker
// index, write and on_error on any thread) and must synchronise what they share.
//
// worker_init, when set, runs first on each worker's own thread (where per-thread state such
// as the current CUDA device must be set up: make that worker's engine there). A worker whose
// init throws leaves the work to the others; when every worker's init failed, the last one
// fails each remaining item (Stage::kCompute) with its error, so the pipeline always ends.
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

#include "rimscan/batch/bounded_queue.h"

namespace rimscan::batch {

enum class Stage { kRead, kCompute, kWrite };

struct PipelineOptions {
  int readers = 1;
  int workers = 1;
  int writers = 1;
  size_t loaded_capacity = 2;    // loaded items waiting for a worker
  size_t computed_capacity = 2;  // computed items waiting for a writer
  std::function<void(int worker)> worker_init;
};

template <class Loaded, class Computed>
void run_pipeline(const std::vector<size_t>& items, const PipelineOptions& opt,
                  const std::function<Loaded(size_t item)>& read,
                  const std::function<Computed(int worker, size_t item, Loaded&& loaded)>& compute,
                  const std::function<void(size_t item, Computed&& computed)>& write,
                  const std::function<void(size_t item, Stage stage, std::exception_ptr error)>& on_error) {
  BoundedQueue<std::pair<size_t, Loaded>> loaded(opt.loaded_capacity);
  BoundedQueue<std::pair<size_t, Computed>> computed(opt.computed_capacity);
  const int n_readers = opt.readers < 1 ? 1 : opt.readers;
  const int n_workers = opt.workers < 1 ? 1 : opt.workers;
  const int n_writers = opt.writers < 1 ? 1 : opt.writers;
  std::atomic<size_t> next{0};
  std::atomic<int> readers_left{n_readers};
  std::atomic<int> workers_left{n_workers};
  std::atomic<int> workers_ready{n_workers};  // workers whose init has not failed

  // Reports a failure; an exception thrown by on_error itself must not escape a thread.
  auto fail = [&](size_t item, Stage stage, std::exception_ptr e) {
    try {
      on_error(item, stage, e);
    } catch (...) {
    }
  };

  std::vector<std::thread> threads;
  for (int r = 0; r < n_readers; ++r) {
    threads.emplace_back([&] {
      for (size_t k; (k = next.fetch_add(1)) < items.size();) {
        const size_t item = items[k];
        try {
          if (!loaded.push({item, read(item)})) break;
        } catch (...) {
          fail(item, Stage::kRead, std::current_exception());
        }
      }
      if (readers_left.fetch_sub(1) == 1) loaded.close();
    });
  }
  for (int w = 0; w < n_workers; ++w) {
    threads.emplace_back([&, w] {
      std::exception_ptr init_error;
      if (opt.worker_init) {
        try {
          opt.worker_init(w);
        } catch (...) {
          init_error = std::current_exception();
        }
      }
      if (init_error && workers_ready.fetch_sub(1) != 1) {
        // Others can compute: leave the items to them.
      } else {
        while (auto job = loaded.pop()) {
          const size_t item = job->first;
          if (init_error) {
            fail(item, Stage::kCompute, init_error);
            continue;
          }
          try {
            Computed c = compute(w, item, std::move(job->second));
            job.reset();  // release the loaded inputs before waiting on the writers
            computed.push({item, std::move(c)});
          } catch (...) {
            fail(item, Stage::kCompute, std::current_exception());
          }
        }
      }
      if (workers_left.fetch_sub(1) == 1) computed.close();
    });
  }
  for (int w = 0; w < n_writers; ++w) {
    threads.emplace_back([&] {
      while (auto job = computed.pop()) {
        try {
          write(job->first, std::move(job->second));
        } catch (...) {
          fail(job->first, Stage::kWrite, std::current_exception());
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
}

}  // namespace rimscan::batch
