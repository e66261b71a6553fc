// Grey level co-occurrence matrix features (pyradiomics glcm, IBSI 3.6). Each direction's
// counts become a (symmetrised) probability matrix; features are averaged over the directions
// with co-occurrences (IBSI "averaged"), or computed once on the weighted sum ("merged").
#include <algorithm>
#include <cmath>

#include "rimscan/features/radiomics/features.h"

namespace rimscan::radiomics {
namespace {

constexpr double kEps = 2.220446049250313e-16;

// Maximal correlation coefficient: the second largest singular value of
// M = Dx^-1/2 p Dy^-1/2 over the grey levels present (Q = M M^T has eigenvalues sigma^2).
double mcc(const std::vector<double>& p, const std::vector<double>& px, const std::vector<double>& py, int ng) {
  std::vector<int> rows, cols;
  for (int i = 0; i < ng; ++i) {
    if (px[static_cast<size_t>(i)] > 0) rows.push_back(i);
    if (py[static_cast<size_t>(i)] > 0) cols.push_back(i);
  }
  const int nr = static_cast<int>(rows.size()), nc = static_cast<int>(cols.size());
  if (nr <= 1) return 1.0;
  std::vector<double> m(static_cast<size_t>(nr * nc));
  for (int a = 0; a < nr; ++a)
    for (int b = 0; b < nc; ++b) {
      const int i = rows[static_cast<size_t>(a)], j = cols[static_cast<size_t>(b)];
      m[static_cast<size_t>(a * nc + b)] =
          p[static_cast<size_t>(i * ng + j)] / std::sqrt(px[static_cast<size_t>(i)] * py[static_cast<size_t>(j)]);
    }
  std::vector<double> q(static_cast<size_t>(nr * nr));
  for (int a = 0; a < nr; ++a)
    for (int b = a; b < nr; ++b) {
      double s = 0;
      for (int k = 0; k < nc; ++k) s += m[static_cast<size_t>(a * nc + k)] * m[static_cast<size_t>(b * nc + k)];
      q[static_cast<size_t>(a * nr + b)] = q[static_cast<size_t>(b * nr + a)] = s;
    }
  std::vector<double> ev = symmetric_eigenvalues(q, nr);
  const double second = ev[ev.size() - 2];
  return std::sqrt(std::max(second, 0.0));
}

// All features of one normalised matrix p (ng x ng, grey level of row r is r + 1).
std::vector<std::pair<std::string, double>> features_of(const std::vector<double>& p, int ng) {
  std::vector<double> px(static_cast<size_t>(ng), 0.0), py(static_cast<size_t>(ng), 0.0);
  std::vector<double> psum(static_cast<size_t>(2 * ng + 1), 0.0), pdiff(static_cast<size_t>(ng), 0.0);
  double ux = 0, uy = 0, autoc = 0, energy = 0, hxy = 0, pmax = 0, idm = 0, contrast = 0;
  for (int i = 0; i < ng; ++i)
    for (int j = 0; j < ng; ++j) {
      const double v = p[static_cast<size_t>(i * ng + j)];
      if (v == 0) continue;
      const double gi = i + 1, gj = j + 1;
      px[static_cast<size_t>(i)] += v;
      py[static_cast<size_t>(j)] += v;
      ux += v * gi;
      uy += v * gj;
      autoc += v * gi * gj;
      energy += v * v;
      hxy -= v * std::log2(v + kEps);
      pmax = std::max(pmax, v);
      psum[static_cast<size_t>(i + j + 2)] += v;
      pdiff[static_cast<size_t>(std::abs(i - j))] += v;
      idm += v / (1.0 + (gi - gj) * (gi - gj));
      contrast += v * (gi - gj) * (gi - gj);
    }
  double sx = 0, sy = 0, cs = 0, cp = 0, ct = 0, hx = 0, hy = 0, hxy1 = 0, hxy2 = 0;
  for (int i = 0; i < ng; ++i) {
    const double a = px[static_cast<size_t>(i)], b = py[static_cast<size_t>(i)];
    sx += a * (i + 1 - ux) * (i + 1 - ux);
    sy += b * (i + 1 - uy) * (i + 1 - uy);
    if (a > 0) hx -= a * std::log2(a + kEps);
    if (b > 0) hy -= b * std::log2(b + kEps);
  }
  for (int i = 0; i < ng; ++i)
    for (int j = 0; j < ng; ++j) {
      const double v = p[static_cast<size_t>(i * ng + j)];
      const double pxy = px[static_cast<size_t>(i)] * py[static_cast<size_t>(j)];
      if (pxy > 0) hxy2 -= pxy * std::log2(pxy + kEps);
      if (v == 0) continue;
      const double t = (i + 1) + (j + 1) - ux - uy;
      ct += v * t * t;
      cs += v * t * t * t;
      cp += v * t * t * t * t;
      hxy1 -= v * std::log2(pxy + kEps);
    }
  double da = 0, de = 0, id = 0, idn = 0, idmn = 0, iv = 0;
  for (int k = 0; k < ng; ++k) {
    const double v = pdiff[static_cast<size_t>(k)];
    if (v == 0) continue;
    da += k * v;
    de -= v * std::log2(v + kEps);
    id += v / (1.0 + k);
    idn += v / (1.0 + static_cast<double>(k) / ng);
    idmn += v / (1.0 + static_cast<double>(k) * k / (static_cast<double>(ng) * ng));
    if (k > 0) iv += v / (static_cast<double>(k) * k);
  }
  double dv = 0;
  for (int k = 0; k < ng; ++k) dv += pdiff[static_cast<size_t>(k)] * (k - da) * (k - da);
  double sa = 0, se = 0, sv = 0;
  for (int k = 2; k <= 2 * ng; ++k) {
    const double v = psum[static_cast<size_t>(k)];
    if (v == 0) continue;
    sa += k * v;
    se -= v * std::log2(v + kEps);
  }
  for (int k = 2; k <= 2 * ng; ++k) sv += psum[static_cast<size_t>(k)] * (k - sa) * (k - sa);
  const double sdx = std::sqrt(sx), sdy = std::sqrt(sy);
  const double corr = (sdx * sdy) > 0 ? (autoc - ux * uy) / (sdx * sdy) : 1.0;
  const double hmax = std::max(hx, hy);
  const double imc1 = hmax > 0 ? (hxy - hxy1) / hmax : 0.0;
  const double imc2 = hxy2 > hxy ? std::sqrt(1.0 - std::exp(-2.0 * (hxy2 - hxy))) : 0.0;
  return {{"Autocorrelation", autoc},
          {"ClusterProminence", cp},
          {"ClusterShade", cs},
          {"ClusterTendency", ct},
          {"Contrast", contrast},
          {"Correlation", corr},
          {"DifferenceAverage", da},
          {"DifferenceEntropy", de},
          {"DifferenceVariance", dv},
          {"Id", id},
          {"Idm", idm},
          {"Idmn", idmn},
          {"Idn", idn},
          {"Imc1", imc1},
          {"Imc2", imc2},
          {"InverseVariance", iv},
          {"JointAverage", ux},
          {"JointEnergy", energy},
          {"JointEntropy", hxy},
          {"MCC", mcc(p, px, py, ng)},
          {"MaximumProbability", pmax},
          {"SumAverage", sa},
          {"SumEntropy", se},
          {"SumSquares", sx},
          {"SumVariance", sv},
          {"Dissimilarity", da}};
}

}  // namespace

std::vector<double> direction_weights(const std::vector<Offset>& offsets, Vec3 sp, const std::string& norm) {
  std::vector<double> w;
  for (const auto& o : offsets) {
    const double d[3] = {std::fabs(o[0] * sp[0]), std::fabs(o[1] * sp[1]), std::fabs(o[2] * sp[2])};
    if (norm == "infinity") {
      const double m = std::max({d[0], d[1], d[2]});
      w.push_back(std::exp(-m * m));
    } else if (norm == "euclidean") {
      w.push_back(std::exp(-(d[0] * d[0] + d[1] * d[1] + d[2] * d[2])));
    } else if (norm == "manhattan") {
      const double s = d[0] + d[1] + d[2];
      w.push_back(std::exp(-s * s));
    } else {
      w.push_back(1.0);
    }
  }
  return w;
}

ClassValues glcm_features(const TextureMatrices& m, const std::vector<double>& weights, const RadiomicsParams& prm) {
  const int ng = m.ng;
  const size_t nn = static_cast<size_t>(ng) * static_cast<size_t>(ng);
  auto matrix_of = [&](int d, std::vector<double>& out) {
    const int32_t* c = m.glcm.data() + static_cast<size_t>(d) * nn;
    for (int i = 0; i < ng; ++i)
      for (int j = 0; j < ng; ++j) {
        double v = c[static_cast<size_t>(i * ng + j)];
        if (prm.symmetrical_glcm) v += c[static_cast<size_t>(j * ng + i)];
        out[static_cast<size_t>(i * ng + j)] += v * weights[static_cast<size_t>(d)];
      }
  };
  auto normalise = [](std::vector<double>& p) {
    double s = 0;
    for (double v : p) s += v;
    if (s > 0)
      for (double& v : p) v /= s;
    return s;
  };
  std::vector<std::vector<std::pair<std::string, double>>> per;
  if (prm.aggregation() == Aggregation::kMerged) {
    std::vector<double> p(nn, 0.0);
    for (int d = 0; d < m.ndirs; ++d) matrix_of(d, p);
    if (normalise(p) > 0) per.push_back(features_of(p, ng));
  } else {
    for (int d = 0; d < m.ndirs; ++d) {
      std::vector<double> p(nn, 0.0);
      matrix_of(d, p);
      if (normalise(p) > 0) per.push_back(features_of(p, ng));
    }
  }
  ClassValues out;
  if (per.empty()) return out;
  for (size_t f = 0; f < per[0].size(); ++f) {
    double s = 0;
    for (const auto& v : per) s += v[f].second;
    out.emplace_back(per[0][f].first, s / static_cast<double>(per.size()));
  }
  return out;
}

}  // namespace rimscan::radiomics
