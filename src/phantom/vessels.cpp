// Normal enhancing vessels (label 0, they must never trigger anything): superior sagittal,
// straight and transverse/sigmoid sinuses inside the dura, deep veins (internal cerebral,
// thalamostriate, vein of Galen) and cortical veins running over the convexity in the
// subarachnoid space to the sagittal sinus. All are tapered tubes (capsule chains).
#include <algorithm>
#include <cmath>

#include "phantom/model.h"
#include "phantom/rng.h"

namespace rimscan::phantom::detail {

namespace {

void add_chain(Vessels& v, const std::vector<Vec3>& pts, const std::vector<double>& radii, bool sinus) {
  for (size_t i = 0; i + 1 < pts.size(); ++i) v.segments.push_back({{pts[i], pts[i + 1], radii[i], radii[i + 1]}, sinus});
}

// Point at `offset` mm outside the brain envelope along the ray from `centre` in direction d.
Vec3 on_envelope(const Anatomy& a, const Vec3& centre, const Vec3& d, double offset) {
  const Vec3 dir = normalized(d);
  return add(centre, scale(dir, envelope_distance_along(a, centre, dir) + offset));
}

}  // namespace

void Vessels::build_bins() {
  if (segments.empty()) {
    dims[0] = dims[1] = dims[2] = 0;
    return;
  }
  const double margin = 2.5;
  Vec3 hi{-1e30, -1e30, -1e30};
  lo = {1e30, 1e30, 1e30};
  for (const auto& s : segments) {
    const double r = std::max(s.cap.ra, s.cap.rb) + margin;
    for (int c = 0; c < 3; ++c) {
      lo[c] = std::min(lo[c], std::min(s.cap.a[c], s.cap.b[c]) - r);
      hi[c] = std::max(hi[c], std::max(s.cap.a[c], s.cap.b[c]) + r);
    }
  }
  for (int c = 0; c < 3; ++c) dims[c] = std::max(1, static_cast<int>(std::ceil((hi[c] - lo[c]) / cell)));
  const size_t ncell = static_cast<size_t>(dims[0]) * dims[1] * dims[2];
  std::vector<std::vector<uint32_t>> lists(ncell);
  for (uint32_t n = 0; n < segments.size(); ++n) {
    const auto& s = segments[n];
    const double r = std::max(s.cap.ra, s.cap.rb) + margin;
    int c0[3], c1[3];
    for (int c = 0; c < 3; ++c) {
      c0[c] = std::clamp(static_cast<int>(std::floor((std::min(s.cap.a[c], s.cap.b[c]) - r - lo[c]) / cell)), 0, dims[c] - 1);
      c1[c] = std::clamp(static_cast<int>(std::floor((std::max(s.cap.a[c], s.cap.b[c]) + r - lo[c]) / cell)), 0, dims[c] - 1);
    }
    for (int k = c0[2]; k <= c1[2]; ++k)
      for (int j = c0[1]; j <= c1[1]; ++j)
        for (int i = c0[0]; i <= c1[0]; ++i) lists[(static_cast<size_t>(k) * dims[1] + j) * dims[0] + i].push_back(n);
  }
  bin_start.assign(ncell + 1, 0);
  bin_items.clear();
  for (size_t c = 0; c < ncell; ++c) {
    bin_start[c] = static_cast<uint32_t>(bin_items.size());
    bin_items.insert(bin_items.end(), lists[c].begin(), lists[c].end());
  }
  bin_start[ncell] = static_cast<uint32_t>(bin_items.size());
}

double Vessels::query(const Vec3& p, bool* sinus) const {
  if (dims[0] == 0) return 1e9;
  int c[3];
  for (int a = 0; a < 3; ++a) {
    c[a] = static_cast<int>(std::floor((p[a] - lo[a]) / cell));
    if (c[a] < 0 || c[a] >= dims[a]) return 1e9;
  }
  const size_t cell_index = (static_cast<size_t>(c[2]) * dims[1] + c[1]) * dims[0] + c[0];
  double best = 1e9;
  for (uint32_t n = bin_start[cell_index]; n < bin_start[cell_index + 1]; ++n) {
    const VesselSegment& s = segments[bin_items[n]];
    const double d = sd_capsule(p, s.cap);
    if (d < best) {
      best = d;
      if (sinus) *sinus = s.sinus;
    }
  }
  return best;
}

Vessels plan_vessels(const PhantomParams& p, const Anatomy& a, uint64_t seed, int index, double* vein_value,
                     double* sinus_value) {
  Rng r(stream_key(seed, index, kStreamVessels));
  Vessels v;
  *vein_value = r.in(p.vessel_intensity);
  *sinus_value = r.in(p.vessel_intensity);
  const Vec3 centre = a.cerebrum.c;
  const double it = a.csf_th + a.dura_th;

  // Superior sagittal sinus along the midline inner table, front to torcula.
  std::vector<Vec3> sss;
  std::vector<double> sss_r;
  const int n_sss = 24;
  for (int i = 0; i <= n_sss; ++i) {
    const double phi = (25.0 + (200.0 - 25.0) * i / n_sss) * M_PI / 180.0;
    const double rad = 1.8 + 2.2 * i / n_sss;
    sss.push_back(on_envelope(a, centre, {0, -std::cos(phi), std::sin(phi)}, it - 0.9 * rad));
    sss_r.push_back(rad);
  }
  add_chain(v, sss, sss_r, true);
  const Vec3 torcula = sss.back();

  // Transverse and sigmoid sinuses from the torcula around the back of the posterior fossa
  // (rays from inside the cerebellum) and down toward the jugular foramen.
  const Vec3 cb_origin{0, 50, -30};
  for (int side = 0; side < 2; ++side) {
    const double s = side == 0 ? 1.0 : -1.0;
    std::vector<Vec3> pts{torcula};
    std::vector<double> rr{3.8};
    for (int i = 1; i <= 8; ++i) {
      const double psi = (85.0 - 70.0 * i / 8.0) * M_PI / 180.0;  // from posterior toward lateral
      pts.push_back(on_envelope(a, cb_origin, {s * std::cos(psi), std::sin(psi), 0.15 - 0.04 * i}, it - 3.0));
      rr.push_back(3.5 - 0.1 * i);
    }
    for (int i = 1; i <= 3; ++i) {  // sigmoid: turning down and forward
      pts.push_back(on_envelope(a, cb_origin, {s * 0.9, -0.1 * i, -0.35 * i}, it - 2.6));
      rr.push_back(2.6);
    }
    add_chain(v, pts, rr, true);
  }

  // Deep veins: internal cerebral veins to the vein of Galen, straight sinus to the torcula,
  // thalamostriate veins in the caudothalamic grooves.
  const Vec3 galen{0, 43, 11};
  for (int side = 0; side < 2; ++side) {
    const double s = side == 0 ? 1.0 : -1.0;
    add_chain(v, {{s * 2.2, -5, 13}, {s * 2.0, 15, 14}, {s * 1.5, 32, 13.5}, galen}, {0.9, 1.1, 1.3, 1.8}, false);
    add_chain(v, {{s * 15, 6, 18}, {s * 10, -2, 16.5}, {s * 2.2, -5, 13}}, {0.6, 0.7, 0.9}, false);
  }
  add_chain(v, {galen, {0, 47, 9}}, {1.8, 2.4}, false);
  add_chain(v, {{0, 47, 9}, {0, 66, -2}, torcula}, {2.0, 2.4, 3.0}, true);

  // Cortical veins over the convexity, draining to the sagittal sinus.
  const int n_cv = r.in(p.cortical_veins);
  for (int n = 0; n < n_cv; ++n) {
    const double s = r.chance(0.5) ? 1.0 : -1.0;
    const double y0 = r.uniform(-0.75, 0.85), el = r.uniform(-0.15, 0.6);
    const Vec3 d0 = normalized({s * 0.95, y0, el});
    const Vec3 d1 = normalized({s * 0.1, y0 * 0.75 + r.uniform(-0.15, 0.15), 1.0});
    const double w1 = r.uniform(-0.12, 0.12), w2 = r.uniform(-0.12, 0.12), f = r.uniform(2.0, 4.0);
    const double r0 = r.uniform(0.6, 0.9), r1 = r.uniform(1.1, 1.6);
    std::vector<Vec3> pts;
    std::vector<double> rr;
    const int steps = 18;
    for (int i = 0; i <= steps; ++i) {
      const double t = static_cast<double>(i) / steps;
      Vec3 d = add(scale(d0, 1 - t), scale(d1, t));
      d[1] += w1 * std::sin(f * M_PI * t);
      d[2] += w2 * std::sin(1.7 * f * M_PI * t);
      const double rad = mix(r0, r1, t);
      pts.push_back(on_envelope(a, centre, d, rad + 0.15));
      rr.push_back(rad);
    }
    // Bridging vein into the nearest point of the sagittal sinus.
    size_t best = 0;
    for (size_t i = 1; i < sss.size(); ++i)
      if (norm(sub(sss[i], pts.back())) < norm(sub(sss[best], pts.back()))) best = i;
    pts.push_back(sss[best]);
    rr.push_back(r1);
    add_chain(v, pts, rr, false);
  }
  v.build_bins();
  return v;
}

}  // namespace rimscan::phantom::detail
