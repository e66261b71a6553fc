#pragma once
// --shard K/N: the rows of a manifest one task of a job array processes. Row i belongs to shard
// i mod N, so K runs from 0 to N-1 like Kubernetes' JOB_COMPLETION_INDEX and Slurm's
// --array=0-(N-1), the shards are disjoint, cover every row, and differ in size by at most one.
#include <cstddef>
#include <cstdint>
#include <string>

namespace rimscan::batch {

struct Shard {
  int64_t index = 0;  // K
  int64_t count = 1;  // N

  // Parses "K/N" (decimal, 0 <= K < N, N >= 1); throws Error(kUsage) saying what is wrong.
  static Shard parse(const std::string& text);
  bool selects(size_t row) const { return static_cast<int64_t>(row % static_cast<size_t>(count)) == index; }
  std::string text() const { return std::to_string(index) + "/" + std::to_string(count); }
};

}  // namespace rimscan::batch
