// Phantom parameters: option parsing, presets, validation.
#include <gtest/gtest.h>

#include "rimscan/error.h"
#include "rimscan/phantom/phantom.h"

using namespace rimscan;
using namespace rimscan::phantom;

namespace {

ErrorCode code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return ErrorCode::kInternal;
}

bool contains(const Range& outer, const Range& inner) { return outer.lo <= inner.lo && outer.hi >= inner.hi; }

}  // namespace

TEST(PhantomParams, ParsesRangesSpacingsOrientationsAndKinds) {
  const Range r = parse_range("4:20", "x");
  EXPECT_EQ(r.lo, 4);
  EXPECT_EQ(r.hi, 20);
  const Range f = parse_range("0.5", "x");
  EXPECT_EQ(f.lo, 0.5);
  EXPECT_EQ(f.hi, 0.5);
  const IntRange n = parse_int_range("0:3", "x");
  EXPECT_EQ(n.lo, 0);
  EXPECT_EQ(n.hi, 3);
  const auto sp = parse_spacings("1,1,1|0.9,0.9,5|2", "spacing");
  ASSERT_EQ(sp.size(), 3u);
  EXPECT_EQ(sp[1][2], 5);
  EXPECT_EQ(sp[2][0], 2);
  EXPECT_EQ(sp[2][2], 2);
  const auto o = parse_orientations("LPS|RAS|PIL", "orientation");
  ASSERT_EQ(o.size(), 3u);
  const auto k = parse_kinds("normal,rim,open_rim,rim_lmd", "kinds");
  ASSERT_EQ(k.size(), 4u);
  EXPECT_EQ(k[3], CaseKind::kRimLmd);
}

TEST(PhantomParams, BadOptionStringsAreUsageErrors) {
  EXPECT_EQ(code_of([] { parse_range("20:4", "radius"); }), ErrorCode::kUsage);
  EXPECT_EQ(code_of([] { parse_range("a:4", "radius"); }), ErrorCode::kUsage);
  EXPECT_EQ(code_of([] { parse_range("1:2:3", "radius"); }), ErrorCode::kUsage);
  EXPECT_EQ(code_of([] { parse_int_range("0.5:2", "count"); }), ErrorCode::kUsage);
  EXPECT_EQ(code_of([] { parse_spacings("1,1", "spacing"); }), ErrorCode::kUsage);
  EXPECT_EQ(code_of([] { parse_orientations("LLS", "orientation"); }), ErrorCode::kUsage);
  EXPECT_EQ(code_of([] { parse_orientations("LPX", "orientation"); }), ErrorCode::kUsage);
  EXPECT_EQ(code_of([] { parse_kinds("rim,cyst", "kinds"); }), ErrorCode::kUsage);
  EXPECT_EQ(code_of([] { preset("huge"); }), ErrorCode::kUsage);
}

TEST(PhantomParams, DirectionFromCodeMatchesGeometryOrientationCode) {
  for (const char* code : {"LPS", "RAS", "LAS", "RPI", "PIL", "LIP", "ASR"}) {
    Geometry g = Geometry::make({4, 4, 4});
    g.direction = direction_from_code(code);
    EXPECT_EQ(g.orientation_code(), code);
    EXPECT_NO_THROW(validate_geometry(g, code));
  }
}

TEST(PhantomParams, PresetsValidateAndTestIsWiderThanTrain) {
  for (const auto& name : preset_names()) EXPECT_NO_THROW(validate(preset(name))) << name;
  const PhantomParams tr = preset("train"), te = preset("test");
  EXPECT_TRUE(contains(te.snr, tr.snr));
  EXPECT_TRUE(contains(te.bias_strength, tr.bias_strength));
  EXPECT_TRUE(contains(te.lesion_radius_mm, tr.lesion_radius_mm));
  EXPECT_TRUE(contains(te.core_fraction, tr.core_fraction));
  EXPECT_TRUE(contains(te.ring_completeness, tr.ring_completeness));
  EXPECT_TRUE(contains(te.lme_intensity, tr.lme_intensity));
  EXPECT_TRUE(contains(te.intensity_scale, tr.intensity_scale));
  EXPECT_GT(te.spacings.size(), tr.spacings.size());
  EXPECT_GT(te.orientations.size(), tr.orientations.size());
  // ci and tiny are coarse enough to be quick.
  for (const char* name : {"ci", "tiny"})
    for (const Vec3& s : preset(name).spacings) EXPECT_GE(s[0] * s[1] * s[2], 8.0) << name;
}

TEST(PhantomParams, ValidateRejectsReversedRangesBadProbabilitiesAndHugeGrids) {
  PhantomParams p = preset("tiny");
  p.snr = {40, 20};
  EXPECT_EQ(code_of([&] { validate(p); }), ErrorCode::kUsage);
  p = preset("tiny");
  p.rim_probability = 1.5;
  EXPECT_EQ(code_of([&] { validate(p); }), ErrorCode::kUsage);
  p = preset("tiny");
  p.spacings = {{0.25, 0.25, 0.25}};
  EXPECT_EQ(code_of([&] { validate(p); }), ErrorCode::kUsage);
  p = preset("tiny");
  p.lmd_linear_weight = p.lmd_nodular_weight = p.lmd_ependymal_weight = 0;
  EXPECT_EQ(code_of([&] { validate(p); }), ErrorCode::kUsage);
  p = preset("tiny");
  p.lesion_count = {0, 9};
  EXPECT_EQ(code_of([&] { validate(p); }), ErrorCode::kUsage);
}

TEST(PhantomParams, JsonNamesThePresetAndTheRanges) {
  PhantomParams p = preset("test");
  const std::string j = params_json(p);
  EXPECT_NE(j.find("\"preset\": \"test\""), std::string::npos);
  EXPECT_NE(j.find("\"lesion_radius_mm\""), std::string::npos);
  EXPECT_NE(j.find("\"orientations\""), std::string::npos);
}
