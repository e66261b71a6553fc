#include "size_matrix.h"

#include <cmath>
#include <map>

namespace rimscan::radiomics::detail {

SizeStats size_stats(const std::vector<SizeEntry>& e) {
  constexpr double kEps = 2.220446049250313e-16;
  SizeStats s;
  std::map<double, double> by_i, by_j;
  for (const auto& x : e) {
    s.nz += x.count;
    by_i[x.i] += x.count;
    by_j[x.j] += x.count;
  }
  if (s.nz <= 0) return s;
  double mu_i = 0, mu_j = 0;
  for (const auto& x : e) {
    const double p = x.count / s.nz;
    const double i2 = x.i * x.i, j2 = x.j * x.j;
    s.small_emphasis += p / j2;
    s.large_emphasis += p * j2;
    s.low_gl += p / i2;
    s.high_gl += p * i2;
    s.small_low += p / (i2 * j2);
    s.small_high += p * i2 / j2;
    s.large_low += p * j2 / i2;
    s.large_high += p * i2 * j2;
    s.entropy -= p * std::log2(p + kEps);
    s.energy += p * p;
    s.weighted_size += x.j * x.count;
    mu_i += p * x.i;
    mu_j += p * x.j;
  }
  for (const auto& x : e) {
    const double p = x.count / s.nz;
    s.gl_variance += p * (x.i - mu_i) * (x.i - mu_i);
    s.size_variance += p * (x.j - mu_j) * (x.j - mu_j);
  }
  for (const auto& [i, c] : by_i) s.gl_nonuniformity += c * c;
  for (const auto& [j, c] : by_j) s.size_nonuniformity += c * c;
  s.gl_nonuniformity_norm = s.gl_nonuniformity / (s.nz * s.nz);
  s.size_nonuniformity_norm = s.size_nonuniformity / (s.nz * s.nz);
  s.gl_nonuniformity /= s.nz;
  s.size_nonuniformity /= s.nz;
  return s;
}

}  // namespace rimscan::radiomics::detail
