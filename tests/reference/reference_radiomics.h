#pragma once
// Naive, obviously-correct radiomics matrices for small volumes: nested loops and a BFS flood
// fill, sharing no code with src/. Grey levels are given (0 = outside the ROI).
#include <array>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <queue>
#include <vector>

namespace rimscan::reference {

struct Vol {
  int nx, ny, nz;
  std::vector<int32_t> lv;  // 0 outside the ROI
  int32_t at(int i, int j, int k) const {
    if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return 0;
    return lv[static_cast<size_t>(i + nx * (j + ny * k))];
  }
};

// counts[d][a-1][b-1] of pairs (v, v + off[d]) in the ROI.
inline std::vector<int32_t> glcm(const Vol& v, const std::vector<std::array<int32_t, 3>>& off, int ng) {
  std::vector<int32_t> c(off.size() * ng * ng, 0);
  for (size_t d = 0; d < off.size(); ++d)
    for (int k = 0; k < v.nz; ++k)
      for (int j = 0; j < v.ny; ++j)
        for (int i = 0; i < v.nx; ++i) {
          const int a = v.at(i, j, k), b = v.at(i + off[d][0], j + off[d][1], k + off[d][2]);
          if (a > 0 && b > 0) ++c[(d * ng + (a - 1)) * ng + (b - 1)];
        }
  return c;
}

// runs[d][a-1][len-1]: maximal runs of equal level along each direction.
inline std::vector<int32_t> glrlm(const Vol& v, const std::vector<std::array<int32_t, 3>>& off, int ng, int max_run) {
  std::vector<int32_t> r(off.size() * ng * max_run, 0);
  for (size_t d = 0; d < off.size(); ++d)
    for (int k = 0; k < v.nz; ++k)
      for (int j = 0; j < v.ny; ++j)
        for (int i = 0; i < v.nx; ++i) {
          const int a = v.at(i, j, k);
          if (a == 0 || v.at(i - off[d][0], j - off[d][1], k - off[d][2]) == a) continue;
          int len = 0;
          while (v.at(i + len * off[d][0], j + len * off[d][1], k + len * off[d][2]) == a) ++len;
          ++r[(d * ng + (a - 1)) * max_run + (len - 1)];
        }
  return r;
}

// (level, size, count) of the zones: BFS over equal levels, 26-connected (or 8-connected in the
// plane normal to slice_axis when two_d).
inline std::vector<std::array<int64_t, 3>> glszm(const Vol& v, bool two_d, int slice_axis) {
  std::vector<char> seen(v.lv.size(), 0);
  std::map<std::pair<int64_t, int64_t>, int64_t> agg;
  for (int k = 0; k < v.nz; ++k)
    for (int j = 0; j < v.ny; ++j)
      for (int i = 0; i < v.nx; ++i) {
        const size_t s = static_cast<size_t>(i + v.nx * (j + v.ny * k));
        const int a = v.lv[s];
        if (a == 0 || seen[s]) continue;
        std::queue<std::array<int, 3>> q;
        q.push({i, j, k});
        seen[s] = 1;
        int64_t size = 0;
        while (!q.empty()) {
          auto p = q.front();
          q.pop();
          ++size;
          for (int dz = -1; dz <= 1; ++dz)
            for (int dy = -1; dy <= 1; ++dy)
              for (int dx = -1; dx <= 1; ++dx) {
                const int d[3] = {dx, dy, dz};
                if (two_d && d[slice_axis] != 0) continue;
                const int x = p[0] + dx, y = p[1] + dy, z = p[2] + dz;
                if (v.at(x, y, z) != a) continue;
                const size_t t = static_cast<size_t>(x + v.nx * (y + v.ny * z));
                if (seen[t]) continue;
                seen[t] = 1;
                q.push({x, y, z});
              }
        }
        ++agg[{a, size}];
      }
  std::vector<std::array<int64_t, 3>> out;
  for (const auto& [k, c] : agg) out.push_back({k.first, k.second, c});
  return out;
}

// gldm[a-1][dep] (dep = neighbours within alpha) and the NGTDM sums over the neighbourhood
// formed by the offsets and their negatives.
inline void neighbourhoods(const Vol& v, const std::vector<std::array<int32_t, 3>>& off, int ng, int alpha,
                           std::vector<int32_t>& gldm, std::vector<unsigned long long>& num, std::vector<int32_t>& n) {
  const int maxdep = 2 * static_cast<int>(off.size()) + 1;
  gldm.assign(static_cast<size_t>(ng * maxdep), 0);
  num.assign(static_cast<size_t>(ng * maxdep), 0);
  n.assign(static_cast<size_t>(ng), 0);
  for (int k = 0; k < v.nz; ++k)
    for (int j = 0; j < v.ny; ++j)
      for (int i = 0; i < v.nx; ++i) {
        const int a = v.at(i, j, k);
        if (a == 0) continue;
        int dep = 0, cnt = 0;
        long long sum = 0;
        for (int sgn = -1; sgn <= 1; sgn += 2)
          for (const auto& o : off) {
            const int b = v.at(i + sgn * o[0], j + sgn * o[1], k + sgn * o[2]);
            if (b == 0) continue;
            ++cnt;
            sum += b;
            if (std::abs(a - b) <= alpha) ++dep;
          }
        ++gldm[static_cast<size_t>((a - 1) * maxdep + dep)];
        if (cnt > 0) {
          num[static_cast<size_t>((a - 1) * maxdep + cnt)] += static_cast<unsigned long long>(std::llabs(static_cast<long long>(a) * cnt - sum));
          ++n[static_cast<size_t>(a - 1)];
        }
      }
}

}  // namespace rimscan::reference
