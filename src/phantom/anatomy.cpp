// The normal head: envelope of cerebrum, cerebellum and brainstem; folded cortex (sulci are the
// zero sheets of smooth random fields evaluated near the cerebral surface, so they run roughly
// perpendicular to it and reach it); interhemispheric and Sylvian fissures; cerebellar folia;
// ventricles, deep grey nuclei, choroid plexus; dura with falx and tentorium; skull (tables and
// diploe, thick petrous/occipital bone where the brain envelope is concave), temporal muscle,
// scalp, and soft tissue of the face and neck below the skull base.
#include <algorithm>
#include <cmath>

#include "phantom/model.h"
#include "phantom/rng.h"

namespace rimscan::phantom::detail {

namespace {

Mat3 rotation_xyz(double ax, double ay, double az) {
  const double cx = std::cos(ax), sx = std::sin(ax), cy = std::cos(ay), sy = std::sin(ay), cz = std::cos(az),
               sz = std::sin(az);
  // R = Rz * Ry * Rx
  return {cz * cy, cz * sy * sx - sz * cx, cz * sy * cx + sz * sx,
          sz * cy, sz * sy * sx + cz * cx, sz * sy * cx - cz * sx,
          -sy,     cy * sx,                cy * cx};
}

// Height of the tentorium (head frame) above a point (x, y).
inline double tentorium_z(double x, double y) { return -4.0 - 0.4 * (y - 20.0) - 0.2 * std::fabs(x); }

// Bottom of the interhemispheric fissure: the top of the corpus callosum within its span,
// the skull base elsewhere.
inline double fissure_bottom(const Anatomy& a, double y) {
  const double u = (y - 8.0) / 34.0;
  if (std::fabs(u) < 1.0) return a.cc_top - 14.0 * u * u * u * u;
  return -100.0;
}

// Distance to one family of sulcal sheets: the zero set of F1 + 0.4 F2 evaluated at a point
// pulled 75 % of the way onto the cerebral ellipsoid, so sheets run roughly perpendicular to the
// surface (reaching it) yet bend with depth; limited to depth `max_depth` below the envelope.
// The distance is |F| / |grad F| (first order, exact near the sheet where it matters).
double sulcal_sheet(const Anatomy& a, const NoiseField& f1, const NoiseField& f2, const Vec3& h, double depth_h,
                    double max_depth) {
  constexpr double kAlpha = 0.25;
  const Ellipsoid& e = a.cerebrum;
  const Vec3 q = sub(h, e.c);
  const Vec3 qn{q[0] / e.r[0], q[1] / e.r[1], q[2] / e.r[2]};
  const double k0 = std::max(norm(qn), 1e-6);
  const double m = kAlpha + (1.0 - kAlpha) / k0;
  const Vec3 u = add(e.c, scale(q, m));
  double g1[3], g2[3];
  const double v = sample(f1, u, g1) + 0.4 * sample(f2, u, g2);
  const Vec3 gn{g1[0] + 0.4 * g2[0], g1[1] + 0.4 * g2[1], g1[2] + 0.4 * g2[2]};
  // Chain rule through u = c + q (alpha + (1 - alpha) / k0):
  // grad = m gn - (1 - alpha) grad(k0) (q . gn) / k0^2, with grad(k0) = (q / r^2) / k0.
  const Vec3 gk{qn[0] / e.r[0] / k0, qn[1] / e.r[1] / k0, qn[2] / e.r[2] / k0};
  const double qg = dot(q, gn);
  Vec3 grad;
  for (int c = 0; c < 3; ++c) grad[c] = m * gn[c] - (1.0 - kAlpha) * gk[c] * qg / (k0 * k0);
  const double s = v / std::max(norm(grad), 1e-4);
  // Sulci widen toward their mouth.
  const double w = a.sulcal_w * (1.0 + 0.6 * clamp01(1.0 - depth_h / max_depth));
  if (depth_h <= max_depth) return std::fabs(s) - 0.5 * w;
  return std::sqrt((depth_h - max_depth) * (depth_h - max_depth) + s * s) - 0.5 * w;
}

// Sulci of the medial surface: the zero set of the same fields on a sagittal plane (one plane
// per hemisphere), extended across x, so the sheets are perpendicular to the medial surface and
// draw random curves on it; limited to `max_depth` from the fissure.
double medial_sheet(const Anatomy& a, const NoiseField& f1, const NoiseField& f2, const Vec3& h, double depth,
                    double max_depth) {
  // The plane coordinate drifts with |x| (kappa) so the sheets bend away from the midline.
  constexpr double kappa = 0.5;
  const Vec3 u{(h[0] >= 0 ? 40.0 : -40.0) + kappa * h[0], h[1], h[2]};
  double g1[3], g2[3];
  const double v = sample(f1, u, g1) + 0.4 * sample(f2, u, g2);
  const double gx = kappa * (g1[0] + 0.4 * g2[0]), gy = g1[1] + 0.4 * g2[1], gz = g1[2] + 0.4 * g2[2];
  const double s = v / std::max(std::sqrt(gx * gx + gy * gy + gz * gz), 1e-4);
  const double w = a.sulcal_w * (1.0 + 0.6 * clamp01(1.0 - depth / max_depth));
  if (depth <= max_depth) return std::fabs(s) - 0.5 * w;
  return std::sqrt((depth - max_depth) * (depth - max_depth) + s * s) - 0.5 * w;
}

// Cerebellar folia: fissures are planes through a left-right axis at the fastigium, so they
// radiate in sagittal sections and cross axial sections as transverse curved stripes.
double folia_sheet(const Anatomy& a, const Vec3& h, double depth_h) {
  const double dy = h[1] - 38.0, dz = h[2] + 28.0;
  const double rho = std::sqrt(dy * dy + dz * dz);
  if (rho < 1e-6) return 1e9;
  const double theta = std::atan2(dz, dy) + 0.12 * sample(a.folia_field, h);
  const double step = a.folia_period / 26.0;  // folia_period mm apart at 26 mm from the axis
  const double k = std::floor(theta / step + 0.5);
  const double s = rho * std::sin(theta - k * step);
  const double max_depth = (static_cast<int64_t>(k) % 4 == 0) ? 12.0 : 5.5;  // every 4th is deep
  const double w = 0.8 * a.sulcal_w;
  if (depth_h <= max_depth) return std::fabs(s) - 0.5 * w;
  return std::sqrt((depth_h - max_depth) * (depth_h - max_depth) + s * s) - 0.5 * w;
}

// Lateral ventricle of one side: capsules in a frame flattened along z (the bodies are wider
// than tall).
double ventricle_lateral(const Anatomy& a, const Vec3& h, int side) {
  constexpr double kFlat = 0.85, kZc = 16.0;
  const Vec3 hf{h[0], h[1], kZc + (h[2] - kZc) / kFlat};
  double d = 1e9;
  for (const Capsule& c : a.vent_lat[side]) d = smin(d, sd_capsule(hf, c), 2.5);
  return d * kFlat;
}

// Soft layered profile: value v[0] below b[0], v[i] between b[i-1] and b[i], ...
double layered(double e, const double* b, const double* v, int n, double h) {
  double val = v[0];
  for (int i = 0; i < n; ++i) val += (v[i + 1] - v[i]) * clamp01(0.5 + (e - b[i]) / (2 * h));
  return val;
}

inline bool in_box(const Vec3& h, double x0, double x1, double y0, double y1, double z0, double z1) {
  return h[0] >= x0 && h[0] <= x1 && h[1] >= y0 && h[1] <= y1 && h[2] >= z0 && h[2] <= z1;
}

}  // namespace

Vec3 to_head(const Anatomy& a, const Vec3& p) {
  Vec3 q = mat_t_vec(a.rot, sub(p, a.shift));
  return add(kHeadCentre, scale(q, 1.0 / a.scale));
}

Vec3 to_physical(const Anatomy& a, const Vec3& h) {
  return add(mat_vec(a.rot, scale(sub(h, kHeadCentre), a.scale)), a.shift);
}

Anatomy plan_anatomy(const PhantomParams& p, uint64_t seed, int index) {
  Rng r(stream_key(seed, index, kStreamAnatomy));
  Anatomy a;
  a.scale = r.in(p.head_scale);
  const double deg = M_PI / 180.0;
  a.rot = rotation_xyz(r.in(p.head_rotation_deg) * deg, r.in(p.head_rotation_deg) * deg,
                       r.in(p.head_rotation_deg) * deg);
  for (double& s : a.shift) s = r.in(p.head_shift_mm);
  const double inv = 1.0 / a.scale;  // physical mm -> head-frame mm
  a.edge = 0.5 * inv;

  a.cerebrum = {{0, 8, 14}, {66 + r.uniform(-2, 2), 82 + r.uniform(-3, 3), 58 + r.uniform(-2, 2)}};
  a.temporal[0] = {{44, -2, -20}, {22, 36, 18}};
  a.temporal[1] = {{-44, -2, -20}, {22, 36, 18}};
  a.occipital = {{0, 58, -4}, {58, 38, 24}};
  a.cb_left = {{24, 55, -34}, {30, 26, 20}};
  a.cb_right = {{-24, 55, -34}, {30, 26, 20}};
  a.vermis = {{0, 52, -30}, {10, 22, 18}};
  a.pons = {{0, 20, -28}, {14, 13, 13}};
  a.brainstem = {{0, 20, -2}, {0, 30, -72}, 10, 9};
  a.lower_head = {{0, -2, -58}, {64, 86, 42}};
  // Scalp reaches ~30 mm beyond the brain envelope (CSF, dura, thick skull, temporal muscle,
  // fat, skin); the bounds add a margin for the approximate distances.
  a.bound_upper = {a.cerebrum.c, {a.cerebrum.r[0] + 40, a.cerebrum.r[1] + 40, a.cerebrum.r[2] + 40}};
  a.bound_lower = {a.lower_head.c, {a.lower_head.r[0] + 6, a.lower_head.r[1] + 6, a.lower_head.r[2] + 6}};

  a.csf_th = r.in(p.csf_thickness_mm) * inv;
  a.dura_th = r.uniform(0.8, 1.2) * inv;
  a.skull_th = r.uniform(5.5, 7.5) * inv;
  a.fat_th = r.uniform(3.0, 5.5) * inv;
  a.gm_th = r.in(p.cortex_thickness_mm) * inv;
  a.sulcal_w = r.in(p.sulcal_width_mm) * inv;
  a.fissure_w = 1.2 * a.sulcal_w + 0.8;
  a.depth_a = r.uniform(12, 17);
  a.depth_b = r.uniform(5, 8);
  a.folia_period = r.uniform(2.8, 3.6);
  a.cc_top = r.uniform(28, 31);
  const double wl = r.in(p.gyral_wavelength_mm);
  a.fold_a = make_noise_field(r, wl);
  a.fold_a2 = make_noise_field(r, wl * 0.5);
  a.fold_b = make_noise_field(r, wl * 0.62);
  a.fold_b2 = make_noise_field(r, wl * 0.31);
  a.depth_field = make_noise_field(r, 40);
  a.texture = make_noise_field(r, 5);
  a.texture_fine = make_noise_field(r, 2.2);
  a.skull_field = make_noise_field(r, 45);
  a.folia_field = make_noise_field(r, 14);
  a.midline_field = make_noise_field(r, 45);

  const double vs = r.in(p.ventricle_scale);
  for (int side = 0; side < 2; ++side) {
    const double s = side == 0 ? 1.0 : -1.0;
    const double k = vs * r.uniform(0.9, 1.1);
    const double x0 = 3.2 + 5.8 * k;  // medial walls ~3 mm from the midline (septum pellucidum)
    auto& v = a.vent_lat[side];
    v.push_back({{s * x0, -28, 7}, {s * x0, -8, 17}, 5.0 * k, 5.8 * k});                  // frontal horn
    v.push_back({{s * x0, -8, 17}, {s * (x0 + 1.5), 18, 19}, 5.8 * k, 5.8 * k});          // body
    v.push_back({{s * (x0 + 1.5), 18, 19}, {s * (x0 + 10), 36, 13}, 5.8 * k, 6.5 * k});   // atrium
    v.push_back({{s * (x0 + 10), 36, 13}, {s * (x0 + 7), 60, 8}, 5.5 * k, 1.5});          // occipital horn
    v.push_back({{s * (x0 + 11), 36, 11}, {s * 31, 22, -8}, 3.0 * k, 2.4 * k});             // temporal horn
    v.push_back({{s * 31, 22, -8}, {s * 30, 4, -16}, 2.4 * k, 1.8 * k});
  }
  a.vent_mid.push_back({{0, -6, 0}, {0, 12, 4}, 1.6 * vs, 1.6 * vs});  // third ventricle (a slit)
  a.vent_mid.push_back({{0, -4, -8}, {0, 10, 10}, 1.4 * vs, 1.4 * vs});
  a.vent_mid.push_back({{0, 14, -2}, {0, 33, -24}, 0.9, 0.9});          // aqueduct
  a.fourth = {{0, 37, -30}, {6 * vs, 3.5 * vs, 8}};

  for (int side = 0; side < 2; ++side) {
    const double s = side == 0 ? 1.0 : -1.0;
    a.deep_grey.push_back({{s * 10, 12, 6}, {8, 14, 9}});       // thalamus
    a.deep_grey.push_back({{s * 15.5, -15, 12}, {5.5, 9, 9}});  // caudate head
    a.deep_grey.push_back({{s * 25, -2, 4}, {5, 14, 9}});       // putamen
    a.pallidum.push_back({{s * 19.5, 0, 2}, {3.2, 9, 6}});
    // Choroid plexus: glomus in the atrium and a strand along the floor of the body.
    const double xc = 3.2 + 5.8 * vs;
    a.choroid.push_back({{s * (xc + 7), 31, 11.5}, {2.6 * vs, 4.5 * vs, 2.2 * vs}});
    a.choroid.push_back({{s * (xc + 1), 8, 14}, {1.3, 9, 1.2}});
  }

  TissueValues& t = a.tv;
  t.gm = r.in(p.gm_intensity);
  t.deep_grey = mix(t.gm, 1.0, r.uniform(0.5, 0.65));
  t.pallidum = mix(t.deep_grey, 1.0, 0.5);
  t.cerebellar_gm = t.gm * r.uniform(0.95, 1.02);
  t.csf = r.in(p.csf_intensity);
  t.dura = r.in(p.dura_intensity);
  t.choroid = r.in(p.choroid_intensity);
  t.diploe = r.uniform(0.35, 0.6);
  t.fat = r.uniform(1.35, 1.7);
  t.muscle = r.uniform(0.5, 0.62);
  return a;
}

double envelope(const Anatomy& a, const Vec3& h, int* comp, double* d_head, double* cut) {
  // Cerebrum (main ellipsoid with temporal lobes and occipital pole, cut by the tentorium behind
  // the petrous ridges), cerebellum, brainstem.
  double d_cer = smin(smin(sd_ellipsoid(h, a.cerebrum), sd_ellipsoid(h, a.occipital), 10.0),
                      smin(sd_ellipsoid(h, a.temporal[0]), sd_ellipsoid(h, a.temporal[1]), 4.0), 10.0);
  const double d_cer_lobes = d_cer;
  d_cer = smax(d_cer, -(h[2] + 40.0), 6.0);
  const double tz = tentorium_z(h[0], h[1]);
  // Behind the petrous ridges, which run forward and inward (a V open to the back).
  const double y_ridge = 12.0 + 0.45 * std::fabs(h[0]);
  const double w_t = smoothstep(y_ridge - 6.0, y_ridge + 6.0, h[1]);
  const double gap = 0.6 + 0.5 * a.dura_th;
  d_cer = smax(d_cer, (tz + gap - h[2]) - (1 - w_t) * 200.0, 3.0);
  if (cut) *cut = d_cer - d_cer_lobes;  // > 0 where the base or the tentorium shapes the surface
  double d_cb = smin(smin(sd_ellipsoid(h, a.cb_left), sd_ellipsoid(h, a.cb_right), 6.0), sd_ellipsoid(h, a.vermis), 4.0);
  d_cb = smax(d_cb, h[2] - (tz - gap), 3.0);
  const double d_bs = smin(sd_capsule(h, a.brainstem), sd_ellipsoid(h, a.pons), 5.0);
  if (comp) {
    *comp = 0;
    double best = d_cer;
    if (d_cb < best) best = d_cb, *comp = 1;
    if (d_bs < best) best = d_bs, *comp = 2;
  }
  // The skull's outer surface follows a much smoother union (no dip between the lobes).
  if (d_head) *d_head = smin(smin(d_cer, d_cb, 24.0), d_bs, 24.0);
  return smin(smin(d_cer, d_cb, 2.0), d_bs, 4.0);
}

AnatomyGeom anatomy_geometry(const Anatomy& a, const Vec3& h) {
  AnatomyGeom g;
  double cut = 0;
  g.d_hull = envelope(a, h, &g.comp, &g.d_head, &cut);
  if (g.d_hull > a.csf_th + a.dura_th + 0.5) return g;  // outside the skull's inner table
  const double tz = tentorium_z(h[0], h[1]);

  // Ventricles and choroid plexus (only near the centre of the brain).
  if (in_box(h, -48, 48, -45, 72, -42, 36)) {
    g.d_vent_lat[0] = ventricle_lateral(a, h, 0);
    g.d_vent_lat[1] = ventricle_lateral(a, h, 1);
    double dv = std::min(g.d_vent_lat[0], g.d_vent_lat[1]);
    for (const Capsule& c : a.vent_mid) dv = smin(dv, sd_capsule(h, c), 1.5);
    dv = smin(dv, sd_ellipsoid(h, a.fourth), 1.5);
    g.d_vent = dv;
    if (dv < 3.0) {
      double dc = 1e9;
      for (const Ellipsoid& e : a.choroid) dc = std::min(dc, sd_ellipsoid(h, e));
      g.d_choroid = std::max(dc, dv + 0.3);
    }
  }

  // The midline wanders a little, so a sagittal slice is not all fissure.
  const double x_mid = std::fabs(h[0]) < 12.0 ? h[0] - 1.2 * sample(a.midline_field, h) : h[0];

  // CSF clefts inside the envelope.
  const double depth_h = -g.d_hull;
  double d_in = 1e9;
  if (depth_h > -3.0) {
    if (g.comp == 0) {
      const double lim = 2.0 + a.sulcal_w;
      const double u = clamp01(0.5 + 0.8 * sample(a.depth_field, h));
      // Sheets are perpendicular to the lobes' surface; where a cut (skull base, tentorium)
      // forms the surface they would run along it, so they stay shallow there.
      const double shallow = 1.0 - 0.8 * smoothstep(0.5, 4.0, cut);
      const double da = a.depth_a * (0.6 + 0.8 * u) * shallow, db = a.depth_b * (0.6 + 0.8 * u) * shallow;
      // Interhemispheric fissure down to the corpus callosum.
      const double d_fiss = std::max(std::fabs(x_mid) - 0.5 * a.fissure_w, fissure_bottom(a, h[1]) - h[2]);
      d_in = std::min(d_in, d_fiss);
      // Sulci of the convexity, and of the medial surface (the fissure's walls) where that is
      // the nearer surface.
      const double depth_m = std::max(d_fiss, 0.0) + 0.5 * a.fissure_w;
      if (depth_m < depth_h && fissure_bottom(a, h[1]) < h[2] - 2.0) {
        if (depth_m < 0.6 * da + lim) d_in = std::min(d_in, medial_sheet(a, a.fold_a, a.fold_a2, h, depth_m, 0.6 * da));
      } else {
        if (depth_h < da + lim) d_in = std::min(d_in, sulcal_sheet(a, a.fold_a, a.fold_a2, h, depth_h, da));
        if (depth_h < db + lim) d_in = std::min(d_in, sulcal_sheet(a, a.fold_b, a.fold_b2, h, depth_h, db));
      }
      // Sylvian fissures: a cleft rising backward from the lateral surface in to the insula.
      if (std::fabs(h[0]) > 33.0 && std::fabs(h[1] - 2.0) < 32.0) {
        const double zs = 2.0 + 0.45 * (h[1] - 2.0) + 6.0 * (u - 0.5);
        const double d_syl = std::max(std::max(std::fabs(h[2] - zs) - 0.6 * a.sulcal_w, 35.0 - std::fabs(h[0])),
                                      std::fabs(h[1] - 2.0) - 26.0);
        d_in = std::min(d_in, d_syl);
      }
    } else if (g.comp == 1) {
      if (depth_h < 15.0) d_in = std::min(d_in, folia_sheet(a, h, depth_h));
      d_in = std::min(d_in, std::max(std::fabs(h[0]) - 0.4 * a.fissure_w, -(h[2] + 44.0)));  // vallecula
    }
  }
  g.d_csf_in = d_in;
  g.d_par = std::max(g.d_hull, -d_in);
  g.depth = -g.d_par;

  // Falx (free edge above the corpus callosum, joining the tentorium behind) and tentorium
  // (open at the incisura around the midbrain).
  const double z_falx = h[1] > 42.0 ? tz : a.cc_top + 4.0 - std::max(0.0, -26.0 - h[1]) * 0.5;
  const double d_falx = std::max(std::fabs(x_mid) - 0.5 * a.dura_th, z_falx - h[2]);
  const double d_tent = std::max(std::max(std::fabs(h[2] - tz) - 0.5 * a.dura_th, 20.0 - h[1]),
                                 std::min(14.0 - std::fabs(h[0]), 45.0 - h[1]));
  g.d_dura_sheet = std::min(d_falx, d_tent);
  return g;
}

AnatomyValue anatomy_value(const Anatomy& a, const AnatomyGeom& g, const Vec3& h, double oedema,
                           double oedema_factor) {
  AnatomyValue v;
  const TissueValues& t = a.tv;
  const double inner_table = a.csf_th + a.dura_th;
  const double e = g.d_hull - inner_table;
  const double hs = a.edge;
  if (e > 0) {
    // Bone from the inner table (which follows the brain) to the outer table (which follows the
    // smooth head outline), then muscle and scalp layers over the outer table; face and neck
    // soft tissue below the skull base.
    const double ts = a.skull_th * (1.0 + 0.3 * sample(a.skull_field, h));
    const double eo = g.d_head - inner_table - ts;  // > 0 outside the outer table
    if (eo < 0) {
      const double f_dip = clamp01(0.5 + (e - 2.0) / (2 * hs)) * clamp01(0.5 + (-2.0 - eo) / (2 * hs));
      v.other = mix(t.bone, t.diploe * (1.0 + 0.15 * sample(a.texture, h)), f_dip);
      v.tissue = f_dip >= 0.5 ? Tissue::kDiploe : Tissue::kBone;
      return v;
    }
    // Temporal muscle between skull and scalp over the side of the head.
    const double lat = std::fabs(h[0]) / a.cerebrum.r[0];
    const double m = 8.0 * smoothstep(0.55, 0.85, lat) * (1 - smoothstep(20.0, 45.0, h[2])) *
                     smoothstep(-42.0, -20.0, h[2]) * (1 - smoothstep(25.0, 50.0, h[1]));
    const double b[5] = {0.0, m, m + 0.8, m + 0.8 + a.fat_th, m + 2.3 + a.fat_th};
    const double val[6] = {t.bone, t.muscle, t.galea, t.fat, t.skin, 0.0};
    v.other = layered(eo, b, val, 5, hs);
    const Tissue layer[6] = {Tissue::kBone, Tissue::kMuscle, Tissue::kMuscle, Tissue::kFat, Tissue::kSkin, Tissue::kAir};
    int i = 0;
    while (i < 5 && eo > b[i]) ++i;
    v.tissue = layer[i];
    // Below the skull base: the face and neck (muscle with fat planes) instead of air.
    const double d_low = std::max(sd_ellipsoid(h, a.lower_head), h[2] + 28.0);
    if (v.tissue == Tissue::kAir || v.tissue == Tissue::kSkin) {
      const double f = cover(d_low, 2.0);
      if (f > 0) {
        const double soft = t.muscle * (1.0 + 0.12 * sample(a.texture, h));
        v.other = mix(v.other, soft, f);
        if (f >= 0.5) v.tissue = Tissue::kMuscle;
      }
    }
    return v;
  }
  v.intracranial = true;
  // Outside the parenchyma: CSF with dura along the inner table, falx, tentorium, choroid plexus.
  const double f_dura = std::max(cover(a.csf_th - g.d_hull, hs), cover(g.d_dura_sheet, hs));
  v.other = mix(t.csf, t.dura, f_dura);
  const double f_chor = cover(g.d_choroid, hs);
  if (f_chor > 0) v.other = mix(v.other, t.choroid * (1.0 + 0.1 * sample(a.texture_fine, h)), f_chor);

  v.par_fraction = cover(g.d_par, hs) * cover(-g.d_vent, hs);
  if (v.par_fraction > 0) {
    const double tex = sample(a.texture, h);
    const double wm_oed = mix(1.0, oedema_factor, oedema),
                 gm_oed = mix(1.0, 1.0 - 0.4 * (1.0 - oedema_factor), oedema);
    bool grey = false;
    if (g.comp == 0) {
      const double f_gm = cover(g.depth - a.gm_th, 0.6);
      double val = mix(t.wm * wm_oed, t.gm * gm_oed, f_gm);
      grey = f_gm >= 0.5;
      if (in_box(h, -36, 36, -30, 32, -12, 28)) {
        double d_dg = 1e9, d_gp = 1e9;
        for (const Ellipsoid& el : a.deep_grey) d_dg = std::min(d_dg, sd_ellipsoid(h, el));
        for (const Ellipsoid& el : a.pallidum) d_gp = std::min(d_gp, sd_ellipsoid(h, el));
        const double f_dg = cover(d_dg, 1.5), f_gp = cover(d_gp, 1.2);
        val = mix(val, t.deep_grey * gm_oed, f_dg);
        val = mix(val, t.pallidum * gm_oed, f_gp);
        if (!grey && (f_dg >= 0.5 || f_gp >= 0.5)) v.tissue = Tissue::kDeepGrey;
      }
      v.parenchyma = val;
    } else if (g.comp == 1) {
      const double f_gm = cover(g.depth - 1.3, 0.5);
      v.parenchyma = mix(t.cerebellar_wm * wm_oed, t.cerebellar_gm * gm_oed, f_gm);
      grey = f_gm >= 0.5;
    } else {
      v.parenchyma = t.brainstem * wm_oed;
    }
    v.parenchyma *= 1.0 + 0.03 * tex;
    if (v.par_fraction >= 0.5) {
      if (v.tissue != Tissue::kDeepGrey) v.tissue = grey ? Tissue::kGreyMatter : Tissue::kWhiteMatter;
      if (oedema >= 0.5) v.tissue = Tissue::kOedema;
      return v;
    }
  }
  if (g.d_vent < 0) {
    v.tissue = g.d_choroid < 0 ? Tissue::kChoroidPlexus : Tissue::kVentricle;
  } else if (g.d_hull > a.csf_th || g.d_dura_sheet < 0) {
    v.tissue = Tissue::kDura;
  } else {
    v.tissue = Tissue::kCsf;
  }
  return v;
}

double envelope_distance_along(const Anatomy& a, const Vec3& from, const Vec3& dir) {
  double t = 0, d = envelope(a, from, nullptr, nullptr, nullptr);
  RIMSCAN_ASSERT(d < 0, "phantom: a ray origin lies outside the brain envelope");
  // March (the envelope distance is close to Euclidean) until outside, then bisect.
  double t_in = 0;
  for (int it = 0; it < 400 && d < 0; ++it) {
    t_in = t;
    t += std::max(-d, 0.25);
    d = envelope(a, add(from, scale(dir, t)), nullptr, nullptr, nullptr);
  }
  double lo = t_in, hi = t;
  for (int it = 0; it < 40; ++it) {
    const double mid = 0.5 * (lo + hi);
    if (envelope(a, add(from, scale(dir, mid)), nullptr, nullptr, nullptr) < 0)
      lo = mid;
    else
      hi = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace rimscan::phantom::detail
