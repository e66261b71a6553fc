#pragma once
// The whole per-case analysis, written once for every backend: one upload of the inputs, all
// stages in backend memory, one download of the maps; per-lesion tables come back as small
// vectors. Stage timings are taken after the backend has finished each stage.
#include <string>
#include <utility>
#include <vector>

#include "pipeline/intracranial_mask.h"
#include "pipeline/lesion_metrics.h"
#include "pipeline/lmd_metrics.h"
#include "pipeline/normalise.h"
#include "pipeline/segment_lesions.h"
#include "rimscan/pipeline/case_input.h"
#include "rimscan/pipeline/case_result.h"
#include "rimscan/pipeline/params.h"

namespace rimscan::pipeline {

class StageClock {
 public:
  template <class B>
  explicit StageClock(const B& be) : t0_(be.now()) {}
  template <class B>
  void mark(const B& be, const std::string& name, CaseResult& r) {
    const double t = be.now();
    r.stage_seconds.emplace_back(name, t - t0_);
    t0_ = t;
  }

 private:
  double t0_;
};

// Membership of a label value in a small list, usable on the device.
struct LabelSet {
  int32_t v[8];
  int32_t count = 0;
  RIMSCAN_HD bool contains(int32_t x) const {
    for (int32_t q = 0; q < count; ++q)
      if (v[q] == x) return true;
    return false;
  }
};
LabelSet make_label_set(const std::vector<int>& labels);

template <class B>
CaseResult analyse_case(const B& be, const CaseInput& in, const AnalysisParams& p) {
  CaseResult r;
  r.device = be.name();
  const Geometry& g = in.t1c.geom;
  const Size3 size = g.size;
  const Vec3 sp = g.spacing;
  const int64_t n = g.num_voxels();
  StageClock clock(be);

  // --- upload -----------------------------------------------------------------------------
  F32<B> img(be, n), norm(be, n), scratch(be, n);
  U8<B> mask(be, n), e(be, n), c(be, n), wm(be, n), vent(be, n), vent_zone(be, n);
  be.upload(in.t1c.data(), img.data(), n);
  U8<B> lesion_e, lesion_region;  // from a user lesion mask
  const bool have_lesion_mask = in.lesion_mask.has_value();
  if (in.brain_mask) be.upload(in.brain_mask->data(), mask.data(), n);
  I32<B> user_lesions;
  if (have_lesion_mask) {
    user_lesions = I32<B>(be, n);
    be.upload(in.lesion_mask->data(), user_lesions.data(), n);
  }
  F32<B> pre, pre_norm, flair;
  if (in.t1pre) {
    pre = F32<B>(be, n);
    pre_norm = F32<B>(be, n);
    be.upload(in.t1pre->data(), pre.data(), n);
  }
  if (in.flair) {
    flair = F32<B>(be, n);
    be.upload(in.flair->data(), flair.data(), n);
  }
  clock.mark(be, "upload", r);

  // --- intracranial mask --------------------------------------------------------------------
  if (in.brain_mask) {
    uint8_t* pm = mask.data();
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pm[v] = pm[v] ? 1 : 0; });
    r.qc.skull_stripped_source = "mask given";
  } else {
    intracranial_mask_auto(be, img.data(), mask.data(), size, sp, p, r.qc);
  }
  const int64_t n_mask = count_nonzero(be, mask.data(), n);
  r.qc.intracranial_volume_ml = static_cast<double>(n_mask) * g.voxel_volume_mm3() / 1000.0;
  if (r.qc.intracranial_volume_ml < 300.0)
    r.qc.warnings.push_back("intracranial mask is only " + std::to_string(static_cast<int>(r.qc.intracranial_volume_ml)) +
                            " mL: check the input or give --brain-mask");
  clock.mark(be, "intracranial_mask", r);

  // --- lesion mask given: E and the region C may occupy --------------------------------------
  if (have_lesion_mask) {
    lesion_e = U8<B>(be, n);
    lesion_region = U8<B>(be, n);
    const LabelSet enh = make_label_set(in.lesion_labels.enhancing);
    const LabelSet core = make_label_set(in.lesion_labels.core);
    const LabelSet ign = make_label_set(in.lesion_labels.ignore);
    const bool binary = in.lesion_labels.kind == LesionLabelScheme::Kind::kBinary;
    const int32_t* pu = user_lesions.data();
    uint8_t* pr = lesion_region.data();
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
      const int32_t x = pu[v];
      if (binary)
        pr[v] = x != 0 ? 1 : 0;
      else
        pr[v] = (x != 0 && !ign.contains(x) && (enh.contains(x) || core.contains(x))) ? 1 : 0;
    });
  }

  // --- normalisation ------------------------------------------------------------------------
  NormalisationResult nr = normalise_to_wm(be, img.data(), mask.data(), have_lesion_mask ? lesion_region.data() : nullptr,
                                           norm.data(), wm.data(), size, sp, p);
  if (!nr.ok) throw Error(ErrorCode::kInputInvalid, in.t1c_name + ": cannot find white matter inside the intracranial mask (" +
                                                         std::to_string(n_mask) + " voxels)");
  r.qc.nawm_median_raw = nr.nawm_median_raw;
  r.qc.nawm_voxels = nr.nawm_voxels;
  r.qc.bias_field_p5 = nr.field_p5;
  r.qc.bias_field_p95 = nr.field_p95;
  r.qc.wm_class_fraction = nr.wm_class_fraction;
  if (in.t1pre) {
    // The pre-contrast T1 is normalised to its own white matter over the same reference voxels.
    const float* pp = pre.data();
    std::vector<double> med = masked_quantiles(be, pp, wm.data(), n, {0.5});
    const float inv = (!med.empty() && med[0] > 0) ? static_cast<float>(1.0 / med[0]) : 0.0f;
    float* ppn = pre_norm.data();
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { ppn[v] = pp[v] * inv; });
  }
  clock.mark(be, "normalisation", r);

  // --- segmentation -------------------------------------------------------------------------
  // Shared by segmentation and the leptomeningeal stage: I_n smoothed, the distance to the
  // outside of the mask, the ventricles, and tubularity.
  F32<B> smooth(be, n), dist_in(be, n), tub(be, n);
  kernels::gaussian_filter(be, norm.data(), smooth.data(), scratch.data(), size, sp, p.smoothing_sigma_mm);
  kernels::distance_to_outside(be, mask.data(), dist_in.data(), size, sp);
  ventricle_zone(be, smooth.data(), mask.data(), dist_in.data(), vent.data(), vent_zone.data(), size, sp,
                 static_cast<float>(p.enhancement_threshold));
  {
    F32<B> scratch_b(be, n);
    compute_tubularity(be, norm.data(), smooth.data(), mask.data(), tub.data(), scratch.data(), scratch_b.data(), size, sp, p);
  }
  if (have_lesion_mask) {
    const LabelSet enh = make_label_set(in.lesion_labels.enhancing);
    const bool binary = in.lesion_labels.kind == LesionLabelScheme::Kind::kBinary;
    const float tau = static_cast<float>(p.enhancement_threshold);
    const int32_t* pu = user_lesions.data();
    const uint8_t* pr = lesion_region.data();
    const float* pn = norm.data();
    uint8_t* pe = e.data();
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
      pe[v] = binary ? ((pr[v] && pn[v] > tau) ? 1 : 0) : (enh.contains(pu[v]) ? 1 : 0);
    });
    r.segmentation_source = "lesion mask (" + in.lesion_labels.text + ")";
  } else {
    segment_enhancing(be, smooth.data(), tub.data(), mask.data(), e.data(), vent_zone.data(), dist_in.data(), size, sp, p,
                      r.qc);
    r.segmentation_source = "automatic";
  }
  enclosed_core(be, e.data(), c.data(), size);
  if (have_lesion_mask) {
    uint8_t* pc = c.data();
    const uint8_t* pr = lesion_region.data();
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) { pc[v] = (pc[v] && pr[v]) ? 1 : 0; });
  }
  clock.mark(be, "segmentation", r);

  // --- per-lesion metrics -------------------------------------------------------------------
  I32<B> ids(be, n);
  measure_lesions(be, norm.data(), in.t1pre ? pre_norm.data() : nullptr, e.data(), c.data(), ids.data(), size, sp, g, p,
                  r.lesions);
  clock.mark(be, "lesion_metrics", r);

  // --- leptomeningeal metrics ---------------------------------------------------------------
  U8<B> lme(be, n);
  measure_leptomeningeal(be, norm.data(), smooth.data(), tub.data(), in.flair ? flair.data() : nullptr, mask.data(),
                         dist_in.data(), vent.data(),
                         vent_zone.data(), e.data(), c.data(), lme.data(), size, sp, g, p, r.lmd);
  clock.mark(be, "leptomeningeal_metrics", r);

  // --- download -----------------------------------------------------------------------------
  {
    uint8_t* pe = e.data();
    const uint8_t* pc = c.data();
    const uint8_t* pl = lme.data();
    be.for_each(n, RIMSCAN_LAMBDA(int64_t v) {
      pe[v] = pe[v] ? kLabelEnhancing : (pc[v] ? kLabelCore : (pl[v] ? kLabelLeptomeningeal : kLabelBackground));
    });
  }
  r.label_map = ImageU8(g);
  r.lesion_ids = ImageI32(g);
  r.intracranial = ImageU8(g);
  r.normalised = ImageF(g);
  be.download(e.data(), r.label_map.data(), n);
  be.download(ids.data(), r.lesion_ids.data(), n);
  be.download(mask.data(), r.intracranial.data(), n);
  be.download(norm.data(), r.normalised.data(), n);
  clock.mark(be, "download", r);

  mesh_and_gate(r.lesion_ids, r.label_map, p, r.lesions);
  finish_summary(r, g, p);
  clock.mark(be, "mesh_and_summary", r);
  return r;
}

}  // namespace rimscan::pipeline
