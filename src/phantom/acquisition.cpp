// Acquisition: the target grid (spacing and axis orientation from the choice lists, centred on
// the head), partial-volume sampling of the model, a smooth multiplicative bias field, Rician
// noise and the intensity scale.
#include <algorithm>
#include <cmath>

#include "phantom/model.h"
#include "phantom/rng.h"
#include "rimscan/par/cpu_backend.h"

namespace rimscan::phantom::detail {

namespace {

template <class T>
const T& choose(const std::vector<T>& list, ChoiceMode mode, int index, Rng& r) {
  const int n = static_cast<int>(list.size());
  const int pick = r.pick(n);  // drawn in both modes so the stream does not depend on the mode
  return list[mode == ChoiceMode::kCycle ? index % n : pick];
}

}  // namespace

CaseKind choose_kind(const PhantomParams& p, uint64_t seed, int index) {
  Rng r(hash2(stream_key(seed, index, kStreamChoices), 1));
  return choose(p.kinds, p.choice_mode, index, r);
}

Geometry grid_for(const Vec3& fov, const Vec3& spacing, const std::string& orientation) {
  Geometry g;
  g.direction = direction_from_code(orientation);
  g.spacing = spacing;
  for (int c = 0; c < 3; ++c) {
    int axis = 0;
    for (int r = 1; r < 3; ++r)
      if (std::fabs(g.direction[r * 3 + c]) > std::fabs(g.direction[axis * 3 + c])) axis = r;
    g.size[c] = std::max<int64_t>(1, std::llround(fov[axis] / spacing[c]));
  }
  // Centre the grid on the physical origin (the head centre).
  const Vec3 half{0.5 * (g.size[0] - 1), 0.5 * (g.size[1] - 1), 0.5 * (g.size[2] - 1)};
  g.origin = {0, 0, 0};
  const Vec3 mid = g.index_to_physical(half);
  g.origin = {-mid[0], -mid[1], -mid[2]};
  return g;
}

Acquisition plan_acquisition(const PhantomParams& p, uint64_t seed, int index) {
  Rng choices(hash2(stream_key(seed, index, kStreamChoices), 2));
  const Vec3 spacing = choose(p.spacings, p.choice_mode, index, choices);
  const std::string orientation = choose(p.orientations, p.choice_mode, index, choices);
  Rng r(stream_key(seed, index, kStreamAcquisition));
  Acquisition acq;
  acq.geom = grid_for(p.fov_mm, spacing, orientation);
  acq.scale = r.in(p.intensity_scale);
  acq.snr = r.in(p.snr);
  acq.bias_strength = r.in(p.bias_strength);
  double amp_sum = 0;
  for (int k = 0; k < 4; ++k) {
    double u[3];
    r.unit_vector(u);
    const double w = 2.0 * M_PI / r.uniform(180.0, 340.0);
    acq.bias_w[k] = {u[0] * w, u[1] * w, u[2] * w};
    acq.bias_phase[k] = r.uniform(0, 2 * M_PI);
    acq.bias_amp[k] = r.uniform(0.3, 1.0);
    amp_sum += acq.bias_amp[k];
  }
  for (double& amp : acq.bias_amp) amp /= amp_sum;
  acq.noise_key = stream_key(seed, index, kStreamNoise);
  for (int c = 0; c < 3; ++c) acq.nsub[c] = 2 * static_cast<int>(std::floor(spacing[c] / (2.0 * p.pv_step_mm) + 1e-9)) + 1;
  acq.quantize = p.quantize;
  return acq;
}

Rendered render(const CaseModel& m, const Acquisition& acq, int threads, bool tissue_map) {
  const Geometry& g = acq.geom;
  Rendered out;
  out.t1c = ImageF(g);
  out.truth = ImageU8(g);
  out.intracranial = ImageU8(g);
  if (tissue_map) out.tissue = ImageU8(g);
  float* t1c = out.t1c.data();
  uint8_t* truth = out.truth.data();
  uint8_t* mask = out.intracranial.data();
  uint8_t* tissue = tissue_map ? out.tissue.data() : nullptr;
  const int64_t nx = g.size[0], ny = g.size[1], nz = g.size[2];
  const int ns0 = acq.nsub[0], ns1 = acq.nsub[1], ns2 = acq.nsub[2];
  const double inv_count = 1.0 / (ns0 * ns1 * ns2);
  par::CpuBackend be(threads);
  // Every pass computes each output value from inputs that do not depend on the schedule, so
  // the result is the same for any thread count.
  // 1. The model, averaged over sub-samples; labels at the voxel centre.
  be.for_each_dynamic(ny * nz, [&](int64_t row) {
    const int64_t j = row % ny, k = row / ny;
    for (int64_t i = 0; i < nx; ++i) {
      double sum = 0;
      PointSample centre;
      int votes[4] = {0, 0, 0, 0};
      for (int c = 0; c < ns2; ++c)
        for (int b = 0; b < ns1; ++b)
          for (int a = 0; a < ns0; ++a) {
            const Vec3 idx{i + (a - 0.5 * (ns0 - 1)) / ns0, j + (b - 0.5 * (ns1 - 1)) / ns1,
                           k + (c - 0.5 * (ns2 - 1)) / ns2};
            const PointSample s = evaluate(m, g.index_to_physical(idx));
            sum += s.intensity;
            ++votes[s.label & 3];
            if (2 * a + 1 == ns0 && 2 * b + 1 == ns1 && 2 * c + 1 == ns2) centre = s;
          }
      // The label is what fills most of the voxel (background included), so a structure much
      // thinner than the voxel, which the image barely shows, is not labelled; ties go to the
      // centre's label.
      uint8_t label = centre.label;
      for (uint8_t l = 0; l < 4; ++l)
        if (votes[l] > votes[label]) label = l;
      const int64_t v = i + nx * row;
      t1c[v] = static_cast<float>(sum * inv_count);
      truth[v] = label;
      mask[v] = centre.intracranial;
      if (tissue) tissue[v] = centre.tissue;
    }
  });
  // 2. Point-spread blur along the axes sampled once per voxel.
  for (int axis = 0; axis < 3; ++axis) {
    if (acq.nsub[axis] != 1 || acq.psf_weight <= 0 || g.size[axis] < 3) continue;
    const int64_t len = g.size[axis], stride = axis == 0 ? 1 : (axis == 1 ? nx : nx * ny);
    const int64_t lines = g.num_voxels() / len;
    const float w = static_cast<float>(acq.psf_weight), w0 = 1.0f - 2.0f * w;
    be.for_each(lines, [&](int64_t line) {
      // Start of the line: enumerate the voxels with coordinate 0 along `axis`.
      int64_t base;
      if (axis == 0) base = line * nx;
      else if (axis == 1) base = (line % nx) + (line / nx) * nx * ny;
      else base = line;
      float prev = t1c[base], cur = t1c[base];
      for (int64_t t = 0; t < len; ++t) {
        const float next = t + 1 < len ? t1c[base + (t + 1) * stride] : cur;
        t1c[base + t * stride] = w * prev + w0 * cur + w * next;
        prev = cur;
        cur = next;
      }
    });
  }
  // 3. Bias, Rician noise, scale. The bias terms cos(w . p + phase) advance along an image row
  // by a fixed rotation, so each row starts from exact values and rotates (per row, so the
  // result does not depend on the schedule).
  const double sigma = acq.scale / acq.snr;
  const Vec3 step{g.direction[0] * g.spacing[0], g.direction[3] * g.spacing[0], g.direction[6] * g.spacing[0]};
  be.for_each_dynamic(ny * nz, [&](int64_t row) {
    const int64_t j = row % ny, k = row / ny;
    const Vec3 p0 = g.index_to_physical({0.0, double(j), double(k)});
    double c[4], s[4], dc[4], ds[4];
    for (int q = 0; q < 4; ++q) {
      const double ph = dot(acq.bias_w[q], p0) + acq.bias_phase[q], dph = dot(acq.bias_w[q], step);
      c[q] = std::cos(ph), s[q] = std::sin(ph), dc[q] = std::cos(dph), ds[q] = std::sin(dph);
    }
    for (int64_t i = 0; i < nx; ++i) {
      double b = 0;
      for (int q = 0; q < 4; ++q) {
        b += acq.bias_amp[q] * c[q];
        const double cn = c[q] * dc[q] - s[q] * ds[q];
        s[q] = s[q] * dc[q] + c[q] * ds[q];
        c[q] = cn;
      }
      const int64_t v = i + nx * row;
      const double signal = acq.scale * t1c[v] * std::exp(acq.bias_strength * b);
      double n1, n2;
      normal_pair_at(acq.noise_key, static_cast<uint64_t>(v), n1, n2);
      double value = std::sqrt((signal + sigma * n1) * (signal + sigma * n1) + (sigma * n2) * (sigma * n2));
      if (acq.quantize) value = std::round(value);
      t1c[v] = static_cast<float>(value);
    }
  });
  return out;
}

}  // namespace rimscan::phantom::detail
