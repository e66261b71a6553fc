// Parenchymal lesions: solid (homogeneously enhancing) or rim-enhancing (an enhancing shell of
// thickness t around a non-enhancing core), rings possibly open (a cone-shaped sector of the
// shell missing), mildly irregular, each in a non-enhancing oedema slightly darker than white
// matter. Placed periventricular, subcortical or cortical, never across the midline and never
// overlapping one another.
#include <algorithm>
#include <cmath>

#include "phantom/model.h"
#include "phantom/rng.h"

namespace rimscan::phantom::detail {

namespace {

double shape_at(const Lesion& l, const Vec3& dir, double phase) {
  double s = 0;
  for (int i = 0; i < 4; ++i) s += l.shape_amp[i] * std::sin(l.shape_f[i] * M_PI * dot(l.shape_u[i], dir) + l.shape_phase[i] + phase);
  return s;
}

// Half-angle of the gap cone that gives an open ring the completeness rc. The core's surface
// is: the shell's inner sphere (radius r) outside the cone and the cone's wall between r and R
// (both touch the enhancing shell), and the lesion's outer sphere (radius R) inside the cone
// (touching nothing). RC = touching / total area, which decreases with the angle.
double gap_half_angle(double rc, double r, double R) {
  auto completeness = [&](double alpha) {
    const double f = 0.5 * (1.0 - std::cos(alpha));  // solid-angle fraction of the cone
    const double touching = (1.0 - f) * 4.0 * r * r + (R * R - r * r) * std::sin(alpha);
    return touching / (touching + f * 4.0 * R * R);
  };
  double lo = 0, hi = M_PI;
  for (int it = 0; it < 60; ++it) {
    const double mid = 0.5 * (lo + hi);
    if (completeness(mid) > rc) lo = mid; else hi = mid;
  }
  return 0.5 * (lo + hi);
}

bool place(Rng& r, const Anatomy& a, const std::vector<Lesion>& placed, Lesion& l, const std::string& location,
           bool any_location) {
  const double reach = l.radius * (1.0 + l.irregularity);
  for (int attempt = 0; attempt < 2500; ++attempt) {
    const Vec3 c{r.uniform(-55, 55), r.uniform(-62, 72), r.uniform(-18, 58)};
    if (std::fabs(c[0]) < reach + a.fissure_w + 1.0) continue;
    bool clash = false;
    for (const Lesion& o : placed)
      if (norm(sub(c, o.c)) < reach + o.radius * (1.0 + o.irregularity) + 6.0) clash = true;
    if (clash) continue;
    const AnatomyGeom g = anatomy_geometry(a, c);
    if (g.comp != 0) continue;
    const double depth_h = -g.d_hull;
    if (depth_h < reach + 2.0) continue;
    if (g.d_vent < 0.5 * l.radius) continue;
    if (any_location) return l.c = c, true;
    if (location == "periventricular") {
      if (g.d_vent <= reach + 4.0) return l.c = c, true;
    } else if (location == "subcortical") {
      if (depth_h <= reach + 12.0 && g.d_vent > reach + 3.0) return l.c = c, true;
    } else {  // cortical: reaching into the cortical ribbon
      if (depth_h <= reach + 4.0 && g.d_vent > reach + 3.0) return l.c = c, true;
    }
  }
  return false;
}

}  // namespace

std::vector<Lesion> plan_lesions(const PhantomParams& p, const Anatomy& a, uint64_t seed, int index, CaseKind kind,
                                 std::vector<LesionPlan>* plans) {
  Rng r(stream_key(seed, index, kStreamLesions));
  Rng shape_rng(stream_key(seed, index, kStreamShape));
  int n = 0;
  switch (kind) {
    case CaseKind::kRandom: n = r.in(p.lesion_count); break;
    case CaseKind::kNormal:
    case CaseKind::kLmd: n = 0; break;
    default: n = 1; break;
  }
  const double inv = 1.0 / a.scale;
  std::vector<Lesion> out;
  for (int li = 0; li < n; ++li) {
    Lesion l;
    LesionPlan plan;
    bool rim = false, open = false;
    Range radius = p.lesion_radius_mm, cf_range = p.core_fraction;
    switch (kind) {
      case CaseKind::kRandom:
        rim = r.chance(p.rim_probability);
        open = rim && r.chance(p.open_ring_probability);
        break;
      case CaseKind::kSolid: break;
      case CaseKind::kOpenRim: rim = open = true; break;
      default:  // kRim, kRimLmd: a ring meant to pass the rule
        rim = true;
        radius = {std::max(radius.lo, 7.0), std::max(radius.hi, 8.0)};
        cf_range = {std::max(cf_range.lo, 0.25), std::max(cf_range.hi, 0.3)};
        break;
    }
    l.kind = rim ? LesionKind::kRim : LesionKind::kSolid;
    const double R = r.in(radius);
    l.radius = R * inv;
    double cf = 0, t = 0;
    if (rim) {
      bool ok = false;
      for (int tries = 0; tries < 64 && !ok; ++tries) {
        cf = r.in(cf_range);
        t = R * (1.0 - std::cbrt(cf));
        ok = t >= p.shell_thickness_mm.lo && t <= p.shell_thickness_mm.hi;
      }
      if (!ok) {
        t = std::clamp(t, p.shell_thickness_mm.lo, std::min(p.shell_thickness_mm.hi, 0.8 * R));
        cf = std::pow((R - t) / R, 3.0);
      }
      l.shell = t * inv;
    }
    double rc = 1.0;
    if (open) {
      rc = r.in(p.ring_completeness);
      l.open = true;
      l.gap_cos = std::cos(gap_half_angle(rc, R - t, R));
      double u[3];
      r.unit_vector(u);
      l.gap_axis = {u[0], u[1], u[2]};
    } else if (kind == CaseKind::kRim || kind == CaseKind::kRimLmd) {
      rc = 1.0;
    }
    l.irregularity = r.in(p.lesion_irregularity);
    double amp_sum = 0;
    for (int i = 0; i < 4; ++i) {
      double u[3];
      shape_rng.unit_vector(u);
      l.shape_u[i] = {u[0], u[1], u[2]};
      l.shape_f[i] = shape_rng.uniform(1.0, 3.0);
      l.shape_phase[i] = shape_rng.uniform(0, 2 * M_PI);
      l.shape_amp[i] = shape_rng.uniform(0.3, 1.0);
      amp_sum += l.shape_amp[i];
    }
    for (double& amp : l.shape_amp) amp /= amp_sum;
    l.enhancement = r.in(p.lesion_intensity);
    l.core_value = r.in(p.core_intensity);
    l.oedema = r.in(p.oedema_mm) * inv;
    l.oedema_factor = r.in(p.oedema_factor);
    l.texture = make_noise_field(shape_rng, 3.0);

    const double u_loc = r.uniform();
    std::string location = u_loc < p.periventricular_probability ? "periventricular"
                           : (u_loc < p.periventricular_probability + 0.5 * (1 - p.periventricular_probability))
                               ? "subcortical"
                               : "cortical";
    bool placed = false;
    for (int shrink = 0; shrink < 6 && !placed; ++shrink) {
      placed = place(r, a, out, l, location, false) || place(r, a, out, l, location, true);
      if (!placed) {
        l.radius *= 0.85;
        l.shell *= 0.85;
      }
    }
    if (!placed) continue;  // no room left: fewer lesions (the truth is measured anyway)
    l.reach = l.radius * (1.0 + l.irregularity) + 1.6 * l.oedema + 4.0;
    plan.kind = l.kind;
    plan.location = location;
    plan.centre_mm = to_physical(a, l.c);
    plan.radius_mm = l.radius * a.scale;
    plan.shell_mm = l.shell * a.scale;
    plan.intended_core_fraction = rim ? std::pow(std::max(0.0, l.radius - l.shell) / l.radius, 3.0) : 0.0;
    if (l.open) {
      const double f = (1.0 - l.gap_cos) / 2.0;
      // The cone's share of the lesion volume also becomes core.
      plan.intended_core_fraction = (1 - f) * plan.intended_core_fraction + f;
    }
    plan.intended_ring_completeness = rim ? rc : 1.0;
    plan.enhancement = l.enhancement;
    plan.core_intensity = rim ? l.core_value : 0.0;
    plan.oedema_mm = l.oedema * a.scale;
    plans->push_back(plan);
    out.push_back(l);
  }
  return out;
}

LesionHit lesion_at(const std::vector<Lesion>& lesions, const Vec3& h, double edge) {
  LesionHit hit;
  for (const Lesion& l : lesions) {
    const Vec3 q = sub(h, l.c);
    const double dist = norm(q);
    if (dist > l.reach) continue;
    const Vec3 dir = dist > 1e-9 ? scale(q, 1.0 / dist) : Vec3{0, 0, 1};
    const double s = shape_at(l, dir, 0.0);
    const double r_out = l.radius * (1.0 + l.irregularity * s);
    // Oedema fades over ~5 mm around its irregular margin.
    const double r_oed = r_out + l.oedema * (1.0 + 0.5 * shape_at(l, dir, 1.9));
    const double w = smoothstep(2.5, -2.5, dist - r_oed);
    if (w > hit.oedema) {
      hit.oedema = w;
      hit.oedema_factor = l.oedema_factor;
    }
    const double d_out = dist - r_out;
    if (d_out > edge) continue;
    const double cov = cover(d_out, edge);
    if (cov < hit.cover) continue;
    const double tex = sample(l.texture, h);
    double value = l.enhancement * (1.0 + 0.06 * tex);
    uint8_t label = d_out < 0 ? kLabelEnhancing : kLabelBackground;
    if (l.kind == LesionKind::kRim) {
      const bool in_gap = l.open && dot(dir, l.gap_axis) > l.gap_cos;
      const double r_core = in_gap ? r_out : r_out - l.shell * (1.0 + 0.3 * shape_at(l, dir, 4.1));
      const double d_core = dist - r_core;
      value = mix(l.enhancement * (1.0 + 0.08 * tex), l.core_value * (1.0 + 0.12 * tex), cover(d_core, edge));
      if (d_out < 0 && d_core < 0) label = kLabelCore;
    }
    hit.cover = cov;
    hit.value = value;
    hit.label = label;
  }
  return hit;
}

}  // namespace rimscan::phantom::detail
