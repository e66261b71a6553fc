#pragma once
// Per-label statistics of a float image over an int32 label image
// (docs/kernels.md#label-statistics), written once against the backend interface:
// compaction of the counted voxels, one stable sort by (label, value), then per-label
// segments give counts, order statistics and quantiles, and fixed blocks of each segment give
// the sums. Every result is identical on all backends and thread counts.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "rimscan/error.h"
#include "rimscan/geometry.h"
#include "rimscan/kernels/detail/label_stats_math.h"
#include "rimscan/kernels/types.h"
#include "rimscan/par/hd.h"

namespace rimscan::kernels {

// stats[l - 1] for labels l = 1..n_labels over the voxels v with labels[v] == l (and
// include[v] != 0 when `include` is given); labels outside 1..n_labels are ignored. values,
// labels, include: device pointers of size[0]*size[1]*size[2] entries. Values should be
// finite: NaN propagates into the sums and sorts after +inf.
template <class B>
std::vector<LabelStats> label_statistics(const B& be, const float* values, const int32_t* labels, int32_t n_labels,
                                         Size3 size, const uint8_t* include = nullptr) {
  namespace ls = detail::label_stats;
  if (n_labels < 0) throw Error(ErrorCode::kUsage, "label statistics: negative number of labels");
  for (int a = 0; a < 3; ++a)
    if (size[a] <= 0)
      throw Error(ErrorCode::kInputInvalid, "label statistics: volume size must be positive on every axis");
  const int64_t nx = size[0], ny = size[1];
  const int64_t n = size[0] * size[1] * size[2];
  if (n >= INT32_MAX) throw Error(ErrorCode::kTooLarge, "label statistics: volume exceeds 2^31-1 voxels");
  std::vector<LabelStats> out(static_cast<size_t>(n_labels));
  if (n_labels == 0) return out;
  const int32_t nl = n_labels;

  // 1. The counted voxels, in raster order.
  par::ArrayOf<B, int64_t> voxel(be, n);
  int64_t* vox = voxel.data();
  const int64_t m = be.copy_index_if(
      n, RIMSCAN_LAMBDA(int64_t v) { return labels[v] >= 1 && labels[v] <= nl && (!include || include[v] != 0); },
      vox);

  // 2. Stable sort by (label, value): ties keep raster order on every backend.
  par::ArrayOf<B, uint64_t> key_buf(be, m);
  uint64_t* keys = key_buf.data();
  be.for_each(m, RIMSCAN_LAMBDA(int64_t s) { keys[s] = ls::make_key(labels[vox[s]], values[vox[s]]); });
  be.sort_pairs(keys, vox, m);

  // 3. Segment bounds: first[l] and count[l] (0-based label index).
  par::ArrayOf<B, int64_t> first_buf(be, nl), count_buf(be, nl);
  int64_t* first = first_buf.data();
  int64_t* cnt = count_buf.data();
  be.fill(first, nl, int64_t{-1});
  be.fill(cnt, nl, int64_t{0});
  be.for_each(m, RIMSCAN_LAMBDA(int64_t s) {
    const int32_t l = ls::key_label(keys[s]);
    if (s == 0 || ls::key_label(keys[s - 1]) != l) first[l - 1] = s;
    if (s == m - 1 || ls::key_label(keys[s + 1]) != l) cnt[l - 1] = s + 1;  // end for now
  });
  be.for_each(nl, RIMSCAN_LAMBDA(int64_t l) {
    if (first[l] >= 0) cnt[l] -= first[l];
  });

  // 4. Sums: blocks of kSumBlock sorted positions per label, partials combined in order.
  par::ArrayOf<B, int64_t> bstart_buf(be, nl + 1);
  int64_t* bstart = bstart_buf.data();
  be.for_each(nl + 1, RIMSCAN_LAMBDA(int64_t l) {
    bstart[l] = l < nl ? (cnt[l] + ls::kSumBlock - 1) / ls::kSumBlock : 0;
  });
  const int64_t nblocks = be.exclusive_scan(bstart, bstart, nl + 1);
  par::ArrayOf<B, ls::Partial> part_buf(be, nblocks);
  ls::Partial* part = part_buf.data();
  be.for_each(nblocks, RIMSCAN_LAMBDA(int64_t b) {
    const int32_t l = ls::owner_of(bstart, nl, b);
    const int64_t begin = first[l] + (b - bstart[l]) * ls::kSumBlock;
    const int64_t lim = first[l] + cnt[l];
    const int64_t end = begin + ls::kSumBlock < lim ? begin + ls::kSumBlock : lim;
    part[b] = ls::block_partial(keys, vox, begin, end, nx, ny);
  });

  // 5. Per label: combine, and read order statistics off the segment.
  par::ArrayOf<B, LabelStats> stats_buf(be, nl);
  LabelStats* st = stats_buf.data();
  const float fnan = std::numeric_limits<float>::quiet_NaN();
  const double dnan = std::numeric_limits<double>::quiet_NaN();
  be.for_each(nl, RIMSCAN_LAMBDA(int64_t l) {
    LabelStats r;
    const int64_t c = cnt[l];
    r.count = c;
    r.sum = 0.0;
    r.sum_sq = 0.0;
    if (c == 0) {
      r.min = r.max = r.q25 = r.median = r.q75 = fnan;
      for (int a = 0; a < 3; ++a) {
        r.bbox_min[a] = r.bbox_max[a] = -1;
        r.centroid_index[a] = dnan;
      }
      st[l] = r;
      return;
    }
    int64_t sidx[3] = {0, 0, 0};
    for (int a = 0; a < 3; ++a) {
      r.bbox_min[a] = INT32_MAX;
      r.bbox_max[a] = -1;
    }
    for (int64_t b = bstart[l]; b < bstart[l + 1]; ++b) {
      r.sum += part[b].sum;
      r.sum_sq += part[b].sum_sq;
      for (int a = 0; a < 3; ++a) {
        sidx[a] += part[b].sum_idx[a];
        r.bbox_min[a] = part[b].lo[a] < r.bbox_min[a] ? part[b].lo[a] : r.bbox_min[a];
        r.bbox_max[a] = part[b].hi[a] > r.bbox_max[a] ? part[b].hi[a] : r.bbox_max[a];
      }
    }
    for (int a = 0; a < 3; ++a) r.centroid_index[a] = static_cast<double>(sidx[a]) / static_cast<double>(c);
    const int64_t f = first[l];
    r.min = ls::key_value(keys[f]);
    r.max = ls::key_value(keys[f + c - 1]);
    r.q25 = ls::segment_quantile(keys, f, c, 0.25);
    r.median = ls::segment_quantile(keys, f, c, 0.5);
    r.q75 = ls::segment_quantile(keys, f, c, 0.75);
    st[l] = r;
  });
  be.download(st, out.data(), nl);
  return out;
}

}  // namespace rimscan::kernels
