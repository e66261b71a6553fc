// The bounded read -> compute -> write pipeline of rimscan batch: every item ends exactly once
// (written or failed with its stage), failures do not stop the others, memory stays bounded,
// and reading overlaps compute.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "rimscan/batch/bounded_queue.h"
#include "rimscan/batch/pipeline.h"

using namespace rimscan::batch;

TEST(BatchQueue, FifoCapacityAndClose) {
  BoundedQueue<int> q(2);
  EXPECT_TRUE(q.push(1));
  EXPECT_TRUE(q.push(2));
  std::atomic<bool> third_pushed{false};
  std::thread t([&] {
    q.push(3);  // blocks until a pop makes room
    third_pushed = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(third_pushed.load());
  EXPECT_EQ(*q.pop(), 1);
  t.join();
  EXPECT_TRUE(third_pushed.load());
  q.close();
  EXPECT_FALSE(q.push(4));
  EXPECT_EQ(*q.pop(), 2);  // drains after close
  EXPECT_EQ(*q.pop(), 3);
  EXPECT_FALSE(q.pop().has_value());
}

struct Outcome {
  std::mutex m;
  std::map<size_t, std::string> end;  // item -> "written" or the failing stage
  std::atomic<int> live_loaded{0}, max_live_loaded{0};
};

static void run(Outcome& o, const std::vector<size_t>& items, PipelineOptions opt, std::set<size_t> bad_read,
                std::set<size_t> bad_compute, std::set<size_t> bad_write) {
  run_pipeline<std::unique_ptr<int>, size_t>(
      items, opt,
      [&](size_t i) {
        if (bad_read.count(i)) throw std::runtime_error("read");
        int now = ++o.live_loaded;
        for (int m = o.max_live_loaded; now > m && !o.max_live_loaded.compare_exchange_weak(m, now);) {
        }
        return std::make_unique<int>(static_cast<int>(i));
      },
      [&](int, size_t i, std::unique_ptr<int>&& p) {
        --o.live_loaded;
        if (bad_compute.count(i)) throw std::runtime_error("compute");
        return static_cast<size_t>(*p) * 10;
      },
      [&](size_t i, size_t&& v) {
        if (bad_write.count(i)) throw std::runtime_error("write");
        ASSERT_EQ(v, i * 10);
        std::lock_guard<std::mutex> l(o.m);
        EXPECT_TRUE(o.end.emplace(i, "written").second) << i;
      },
      [&](size_t i, Stage s, std::exception_ptr e) {
        std::string what;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& x) {
          what = x.what();
        }
        const char* name = s == Stage::kRead ? "read" : s == Stage::kCompute ? "compute" : "write";
        EXPECT_EQ(what, name);
        std::lock_guard<std::mutex> l(o.m);
        EXPECT_TRUE(o.end.emplace(i, name).second) << i;
      });
}

TEST(BatchPipeline, EveryItemEndsExactlyOnceWithItsStage) {
  std::vector<size_t> items;
  for (size_t i = 0; i < 200; ++i) items.push_back(i);
  for (int workers : {1, 3}) {
    Outcome o;
    PipelineOptions opt;
    opt.readers = 4;
    opt.workers = workers;
    opt.writers = 2;
    opt.loaded_capacity = 3;
    run(o, items, opt, {3, 50}, {7, 199}, {0, 100});
    ASSERT_EQ(o.end.size(), items.size());
    EXPECT_EQ(o.end[3], "read");
    EXPECT_EQ(o.end[50], "read");
    EXPECT_EQ(o.end[7], "compute");
    EXPECT_EQ(o.end[199], "compute");
    EXPECT_EQ(o.end[0], "write");
    EXPECT_EQ(o.end[100], "write");
    EXPECT_EQ(o.end[1], "written");
    // Loaded items alive at once: the queue plus one per reader and one per worker.
    EXPECT_LE(o.max_live_loaded.load(), static_cast<int>(opt.loaded_capacity) + opt.readers + workers);
  }
}

TEST(BatchPipeline, EmptyInputAndAllFailing) {
  Outcome o;
  run(o, {}, PipelineOptions{}, {}, {}, {});
  EXPECT_TRUE(o.end.empty());
  Outcome f;
  run(f, {0, 1, 2}, PipelineOptions{}, {0, 1, 2}, {}, {});
  EXPECT_EQ(f.end.size(), 3u);
}

TEST(BatchPipeline, ReadingOverlapsCompute) {
  // Reads that finish while the (single) worker is computing show that I/O runs ahead of
  // compute instead of in turn with it. Counted, not timed.
  std::vector<size_t> items = {0, 1, 2, 3, 4, 5, 6, 7};
  PipelineOptions opt;
  opt.readers = 4;
  opt.workers = 1;
  opt.loaded_capacity = 4;
  std::atomic<int> computing{0}, reads_during_compute{0};
  run_pipeline<size_t, size_t>(
      items, opt,
      [&](size_t i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        if (computing.load() > 0) ++reads_during_compute;
        return i;
      },
      [&](int, size_t, size_t&& v) {
        ++computing;
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        --computing;
        return v;
      },
      [](size_t, size_t&&) {}, [](size_t, Stage, std::exception_ptr) { FAIL(); });
  EXPECT_GE(reads_during_compute.load(), 2);
}

TEST(BatchPipeline, WorkerInitRunsOnTheWorkerThreadAndFailuresNeverHang) {
  std::vector<size_t> items;
  for (size_t i = 0; i < 30; ++i) items.push_back(i);
  for (int failing : {0, 1, 2}) {  // how many of two workers fail their init
    std::mutex m;
    std::map<size_t, std::string> end;
    std::vector<std::thread::id> init_thread(2), compute_thread(2);
    PipelineOptions opt;
    opt.readers = 2;
    opt.workers = 2;
    opt.worker_init = [&](int w) {
      init_thread[static_cast<size_t>(w)] = std::this_thread::get_id();
      if (w < failing) throw std::runtime_error("no engine");
    };
    run_pipeline<size_t, size_t>(
        items, opt, [](size_t i) { return i; },
        [&](int w, size_t, size_t&& v) {
          std::lock_guard<std::mutex> l(m);
          compute_thread[static_cast<size_t>(w)] = std::this_thread::get_id();
          return v;
        },
        [&](size_t i, size_t&&) {
          std::lock_guard<std::mutex> l(m);
          end.emplace(i, "written");
        },
        [&](size_t i, Stage s, std::exception_ptr) {
          EXPECT_EQ(s, Stage::kCompute);
          std::lock_guard<std::mutex> l(m);
          end.emplace(i, "failed");
        });
    ASSERT_EQ(end.size(), items.size()) << failing;
    size_t written = 0;
    for (auto& [i, what] : end) written += what == "written";
    EXPECT_EQ(written, failing < 2 ? items.size() : 0u) << failing;
    for (int w = failing; w < 2; ++w) {  // a worker computed on the thread its init ran on
      if (compute_thread[static_cast<size_t>(w)] != std::thread::id()) {
        EXPECT_EQ(compute_thread[static_cast<size_t>(w)], init_thread[static_cast<size_t>(w)]);
      }
    }
  }
}
