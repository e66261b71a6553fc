// The phantom generator: determinism, truth consistency with an independent oracle, forced
// lesion kinds, normal structures never labelled. Small grids (the "tiny" and "ci" presets).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "reference/reference_truth.h"
#include "rimscan/error.h"
#include "rimscan/phantom/phantom.h"

using namespace rimscan;
using namespace rimscan::phantom;

namespace {

PhantomCase make(const PhantomParams& p, uint64_t seed, int index, int threads = 2, bool tissue = false) {
  GenerateOptions o;
  o.threads = threads;
  o.tissue_map = tissue;
  return generate_case(p, seed, index, o);
}

PhantomParams forced(const char* kind, const char* preset_name = "ci") {
  PhantomParams p = preset(preset_name);
  p.kinds = parse_kinds(kind, "kinds");
  return p;
}

}  // namespace

TEST(PhantomGenerate, SameSeedGivesIdenticalBytesForAnyThreadCount) {
  PhantomParams p = preset("tiny");
  p.lesion_count = {2, 2};
  p.lmd_probability = 1;
  const PhantomCase a = make(p, 7, 3, 1), b = make(p, 7, 3, 2), c = make(p, 7, 3, 3);
  EXPECT_EQ(a.t1c.voxels, b.t1c.voxels);
  EXPECT_EQ(a.t1c.voxels, c.t1c.voxels);
  EXPECT_EQ(a.truth.voxels, b.truth.voxels);
  EXPECT_EQ(a.intracranial.voxels, c.intracranial.voxels);
  EXPECT_EQ(case_json(a), case_json(c));
  EXPECT_EQ(a.plan.case_id, "phantom_0003");
  // Another seed, or another case of the same seed, is another head.
  const PhantomCase d = make(p, 8, 3), e = make(p, 7, 4);
  EXPECT_NE(a.t1c.voxels, d.t1c.voxels);
  EXPECT_NE(a.t1c.voxels, e.t1c.voxels);
}

TEST(PhantomGenerate, MeasuredFlagsAgreeWithTheIndependentOracle) {
  PhantomParams p = preset("ci");
  p.lesion_count = {1, 3};
  p.rim_probability = 0.7;
  p.lmd_probability = 0.5;
  int pce = 0, lmd = 0;
  for (int i = 0; i < 6; ++i) {
    const PhantomCase c = make(p, 11, i);
    SCOPED_TRACE(c.plan.case_id);
    EXPECT_EQ(c.measured.pce, reference::truth_pce(c.truth));
    EXPECT_EQ(c.measured.lmd, reference::truth_lmd(c.truth));
    const auto ref = reference::truth_lesions(c.truth);
    ASSERT_EQ(ref.size(), c.measured.lesions.size());
    for (size_t n = 0; n < ref.size(); ++n) {
      EXPECT_NEAR(c.measured.lesions[n].core_fraction, ref[n].core_fraction, 1e-12);
      EXPECT_NEAR(c.measured.lesions[n].diameter_mm, ref[n].diameter_mm, 1e-9);
    }
    pce += c.measured.pce;
    lmd += c.measured.lmd;
  }
  // The set is not degenerate: both flags occur and do not always occur.
  EXPECT_GT(pce + lmd, 0);
  EXPECT_LT(pce + lmd, 12);
}

TEST(PhantomGenerate, ForcedClosedRimHasTheRequestedCoreFractionAndCompleteness) {
  PhantomParams p = forced("rim");
  p.spacings = {{1.5, 1.5, 1.5}};
  p.pv_step_mm = 1.5;
  p.lesion_radius_mm = {11, 12};
  p.core_fraction = {0.35, 0.4};
  p.shell_thickness_mm = {1, 10};
  p.lesion_irregularity = {0, 0.05};
  const PhantomCase c = make(p, 5, 0);
  ASSERT_EQ(c.plan.lesions.size(), 1u);
  ASSERT_EQ(c.measured.lesions.size(), 1u);
  const auto& L = c.measured.lesions[0];
  EXPECT_NEAR(L.core_fraction, c.plan.lesions[0].intended_core_fraction, 0.08);
  EXPECT_GE(L.core_fraction, 0.27);
  EXPECT_LE(L.core_fraction, 0.48);
  EXPECT_GE(L.ring_completeness, 0.9);
  EXPECT_GE(L.diameter_mm, 19.0);
  EXPECT_TRUE(c.measured.pce);
  EXPECT_FALSE(c.measured.lmd);
}

TEST(PhantomGenerate, ForcedOpenRimHasCompletenessNearTheRequestAndIsNotAPce) {
  PhantomParams p = forced("open_rim");
  p.spacings = {{1.5, 1.5, 1.5}};
  p.pv_step_mm = 1.5;
  p.lesion_radius_mm = {11, 12};
  p.core_fraction = {0.3, 0.35};
  p.shell_thickness_mm = {1, 10};
  p.ring_completeness = {0.3, 0.3};
  p.lesion_irregularity = {0, 0.05};
  const PhantomCase c = make(p, 6, 0);
  ASSERT_EQ(c.measured.lesions.size(), 1u);
  const auto& L = c.measured.lesions[0];
  EXPECT_NEAR(L.ring_completeness, 0.3, 0.15);
  EXPECT_LT(L.ring_completeness, 0.5);
  EXPECT_FALSE(c.measured.pce);
}

TEST(PhantomGenerate, ForcedSolidLesionHasNoCoreAndNormalCaseNoLabel) {
  const PhantomCase s = make(forced("solid"), 9, 1);
  ASSERT_EQ(s.measured.lesions.size(), 1u);
  EXPECT_EQ(s.measured.lesions[0].core_voxels, 0);
  EXPECT_EQ(s.measured.lesions[0].core_fraction, 0.0);
  EXPECT_FALSE(s.measured.pce);
  EXPECT_FALSE(s.measured.lmd);
  const PhantomCase n = make(forced("normal"), 9, 1);
  EXPECT_TRUE(n.plan.lesions.empty());
  EXPECT_EQ(n.plan.lmd.types, 0);
  EXPECT_TRUE(std::all_of(n.truth.voxels.begin(), n.truth.voxels.end(), [](uint8_t v) { return v == 0; }));
  // The anatomy is the same head in both (lesions and LMD are separate random streams).
  int64_t differ = 0;
  for (size_t v = 0; v < n.intracranial.voxels.size(); ++v) differ += n.intracranial.voxels[v] != s.intracranial.voxels[v];
  EXPECT_EQ(differ, 0);
}

TEST(PhantomGenerate, NormalEnhancingStructuresAreNeverLabelled) {
  const std::set<Tissue> allowed_lme = {Tissue::kCsf, Tissue::kGreyMatter, Tissue::kWhiteMatter, Tissue::kDeepGrey};
  const std::set<Tissue> normal_enhancing = {Tissue::kDura, Tissue::kVein, Tissue::kSinus, Tissue::kChoroidPlexus};
  PhantomParams lmd = forced("rim_lmd");
  lmd.lmd_mixed_probability = 1.0;
  lmd.spacings = {{2, 2, 2}};
  lmd.pv_step_mm = 2;
  PhantomParams normal = lmd;
  normal.kinds = {CaseKind::kNormal};
  int64_t lme_checked = 0;
  for (int i = 0; i < 4; ++i) {
    const PhantomCase a = make(lmd, 21, i, 2, true), n = make(normal, 21, i, 2, true);
    SCOPED_TRACE(a.plan.case_id + " " + a.plan.lmd.types_text());
    EXPECT_TRUE(a.measured.lmd);
    for (size_t v = 0; v < a.truth.voxels.size(); ++v) {
      const uint8_t l = a.truth.voxels[v];
      const auto here = static_cast<Tissue>(a.tissue.voxels[v]);
      const auto normal_tissue = static_cast<Tissue>(n.tissue.voxels[v]);
      if (normal_enhancing.count(here)) ASSERT_EQ(l, 0) << "normal enhancing structure labelled at voxel " << v;
      if (l != 0) ASSERT_EQ(a.intracranial.voxels[v], 1) << "label outside the intracranial mask at voxel " << v;
      if (l == kLabelLeptomeningeal) {
        ASSERT_TRUE(allowed_lme.count(normal_tissue))
            << "leptomeningeal label on " << tissue_name(normal_tissue) << " at voxel " << v;
        ++lme_checked;
      }
    }
  }
  EXPECT_GT(lme_checked, 50);
}

TEST(PhantomGenerate, InvalidParametersAreUsageErrors) {
  PhantomParams p = preset("tiny");
  p.core_fraction = {0.6, 0.2};
  try {
    make(p, 1, 0);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUsage);
  }
}
