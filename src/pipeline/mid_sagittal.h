#pragma once
// Mid-sagittal plane of the intracranial mask, for the leptomeningeal stage: the falx cerebri
// runs in it and enhances in every normal scan (docs/metrics.md#leptomeningeal-metrics-leptomeningeal).
// The plane passes through the mask's centroid; its normal follows a head turned in the scanner
// (yaw, from the principal axes of the mask in the axial plane) and tilted (roll, from the
// slope of the left-right coordinate on the superior-inferior one).
// Only integer index moments are summed (exact in double whatever the order of the sum), so
// the plane is the same on every backend and thread count.
#include <algorithm>
#include <cmath>

#include "pipeline/device_ops.h"
#include "rimscan/geometry.h"

namespace rimscan::pipeline {

struct MidSagittalPlane {
  bool valid = false;
  // Signed distance (mm) of physical point p from the plane: a*x + b*y + c*z + d, (a,b,c) unit.
  double a = 1, b = 0, c = 0, d = 0;
};

template <class B>
MidSagittalPlane fit_mid_sagittal(const B& be, const uint8_t* mask, Size3 size, const Geometry& geom) {
  const int64_t n = size[0] * size[1] * size[2];
  const int64_t nx = size[0], ny = size[1];
  // Index moments: count, sum of i, j, k, and of the six products.
  double mom[10];
  for (int q = 0; q < 10; ++q) {
    mom[q] = be.transform_sum(n, RIMSCAN_LAMBDA(int64_t v)->double {
      if (!mask[v]) return 0.0;
      const double idx[3] = {static_cast<double>(v % nx), static_cast<double>((v / nx) % ny),
                             static_cast<double>(v / (nx * ny))};
      switch (q) {
        case 0: return 1.0;
        case 1: return idx[0];
        case 2: return idx[1];
        case 3: return idx[2];
        case 4: return idx[0] * idx[0];
        case 5: return idx[0] * idx[1];
        case 6: return idx[0] * idx[2];
        case 7: return idx[1] * idx[1];
        case 8: return idx[1] * idx[2];
        default: return idx[2] * idx[2];
      }
    });
  }
  MidSagittalPlane out;
  const double cnt = mom[0];
  if (cnt < 8) return out;
  // Index mean and covariance.
  const double mi[3] = {mom[1] / cnt, mom[2] / cnt, mom[3] / cnt};
  const double sec[3][3] = {{mom[4], mom[5], mom[6]}, {mom[5], mom[7], mom[8]}, {mom[6], mom[8], mom[9]}};
  double ci[3][3];
  for (int r = 0; r < 3; ++r)
    for (int s = 0; s < 3; ++s) ci[r][s] = sec[r][s] / cnt - mi[r] * mi[s];
  // Physical = origin + D * diag(spacing) * index: mean and covariance in LPS mm.
  double m[3][3];
  for (int r = 0; r < 3; ++r)
    for (int s = 0; s < 3; ++s) m[r][s] = geom.direction[static_cast<size_t>(r * 3 + s)] * geom.spacing[static_cast<size_t>(s)];
  double mp[3], cp[3][3];
  for (int r = 0; r < 3; ++r) {
    mp[r] = geom.origin[static_cast<size_t>(r)];
    for (int s = 0; s < 3; ++s) mp[r] += m[r][s] * mi[s];
  }
  for (int r = 0; r < 3; ++r)
    for (int s = 0; s < 3; ++s) {
      double acc = 0;
      for (int u = 0; u < 3; ++u)
        for (int w = 0; w < 3; ++w) acc += m[r][u] * ci[u][w] * m[s][w];
      cp[r][s] = acc;
    }
  // Yaw (a head turned about S): from the principal axes of the mask's (x, y) covariance — a
  // head is longer front to back than side to side, so they are well defined — the axis nearest
  // x. Roll (a head tilted about A): the least-squares slope of that left-right coordinate on z.
  // (The full 3D principal axis was tried: the skull base and the cerebellum make a mask's
  // superior-inferior distribution lopsided, and on the normal MR_Gd scan its roll missed the
  // falx by more than the slope did.)
  const double sxx = cp[0][0], sxy = cp[0][1], syy = cp[1][1];
  const double psi = 0.5 * std::atan2(2.0 * sxy, sxx - syy);  // major axis of [[sxx, sxy], [sxy, syy]]
  double ux = std::cos(psi), uy = std::sin(psi);
  // atan2 gives the axis of the larger variance; a head's larger in-plane variance is A-P, so
  // take the perpendicular when that axis is nearer y than x.
  if (std::fabs(ux) < std::fabs(uy)) {
    const double t = ux;
    ux = -uy;
    uy = t;
  }
  if (ux < 0) {
    ux = -ux;
    uy = -uy;
  }
  // u = ux x + uy y; slope of u on z.
  const double cov_uz = ux * cp[0][2] + uy * cp[1][2];
  const double slope = cp[2][2] > 0 ? cov_uz / cp[2][2] : 0.0;
  // Plane u - slope z = const.
  const double len = std::sqrt(1.0 + slope * slope);
  out.a = ux / len;
  out.b = uy / len;
  out.c = -slope / len;
  out.d = -(out.a * mp[0] + out.b * mp[1] + out.c * mp[2]);
  out.valid = true;
  return out;
}

}  // namespace rimscan::pipeline
