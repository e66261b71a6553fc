// The drawing adapter: radiological orientation whatever the storage orientation, physical
// aspect ratio, windowing, label overlays, PNG output.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <functional>

#include "rimscan/error.h"
#include "rimscan/render/render.h"

using namespace rimscan;
using namespace rimscan::render;

namespace {

// A 12 x 14 x 10 LPS volume (1 mm) with a dark background, a grey block and one bright marker
// voxel on the patient's left (+x), anterior (-y) side at mid height.
ImageF lps_volume(Vec3 spacing = {1, 1, 1}) {
  ImageF im(Geometry::make({12, 14, 10}, spacing));
  for (int64_t k = 2; k < 8; ++k)
    for (int64_t j = 2; j < 12; ++j)
      for (int64_t i = 2; i < 10; ++i) im.at(i, j, k) = 100;
  im.at(9, 3, 5) = 400;  // left, anterior
  return im;
}

// The same physical content stored with another axis order/flip: new axis c runs along patient
// axis perm[c] with sign flip[c].
ImageF restore(const ImageF& src, const int perm[3], const bool flip[3]) {
  Geometry g;
  for (int c = 0; c < 3; ++c) {
    g.size[c] = src.geom.size[perm[c]];
    g.spacing[c] = src.geom.spacing[perm[c]];
  }
  g.direction = {0, 0, 0, 0, 0, 0, 0, 0, 0};
  for (int c = 0; c < 3; ++c) g.direction[perm[c] * 3 + c] = flip[c] ? -1 : 1;
  Vec3 origin_idx{0, 0, 0};
  // Origin: the physical point of the source voxel that becomes (0,0,0).
  for (int c = 0; c < 3; ++c) origin_idx[perm[c]] = flip[c] ? double(src.geom.size[perm[c]] - 1) : 0.0;
  g.origin = src.geom.index_to_physical(origin_idx);
  ImageF out(g);
  for (int64_t k = 0; k < g.size[2]; ++k)
    for (int64_t j = 0; j < g.size[1]; ++j)
      for (int64_t i = 0; i < g.size[0]; ++i) {
        const int64_t n[3] = {i, j, k};
        int64_t s[3];
        for (int c = 0; c < 3; ++c) s[perm[c]] = flip[c] ? src.geom.size[perm[c]] - 1 - n[c] : n[c];
        out.at(i, j, k) = src.at(s[0], s[1], s[2]);
      }
  return out;
}

RenderOptions plain() {
  RenderOptions o;
  o.annotate = false;
  o.legend = false;
  o.pixel_mm = 1.0;
  o.window = {0, 400};
  return o;
}

ErrorCode code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return ErrorCode::kInternal;
}

}  // namespace

TEST(Render, AxialSliceIsRadiologicalForAnyStorageOrientation) {
  const ImageF lps = lps_volume();
  const int perm_ras[3] = {0, 1, 2};
  const bool flip_ras[3] = {true, true, false};
  const int perm_pil[3] = {1, 2, 0};
  const bool flip_pil[3] = {false, true, false};
  const ImageF ras = restore(lps, perm_ras, flip_ras), pil = restore(lps, perm_pil, flip_pil);
  ASSERT_EQ(ras.geom.orientation_code(), "RAS");
  ASSERT_EQ(pil.geom.orientation_code(), "PIL");
  for (Plane plane : {Plane::kAxial, Plane::kCoronal, Plane::kSagittal}) {
    const SliceSpec s = slice_through(lps.geom, plane, lps.geom.index_to_physical({9, 3, 5}));
    const RgbImage a = render_slice(lps, nullptr, s, plain());
    const RgbImage b = render_slice(ras, nullptr, slice_through(ras.geom, plane, lps.geom.index_to_physical({9, 3, 5})), plain());
    const RgbImage c = render_slice(pil, nullptr, slice_through(pil.geom, plane, lps.geom.index_to_physical({9, 3, 5})), plain());
    EXPECT_EQ(a.width, b.width);
    EXPECT_EQ(a.height, b.height);
    EXPECT_EQ(a.rgb, b.rgb) << plane_name(plane);
    EXPECT_EQ(a.rgb, c.rgb) << plane_name(plane);
  }
  // Axial: patient left (+x) on the screen's right, anterior (-y) at the top. The marker is at
  // i = 9 of 12 (right half) and j = 3 of 14 (top part).
  const RgbImage ax = render_slice(lps, nullptr, slice_through(lps.geom, Plane::kAxial, lps.geom.index_to_physical({9, 3, 5})), plain());
  ASSERT_EQ(ax.width, 12);
  ASSERT_EQ(ax.height, 14);
  int bx = -1, by = -1;
  for (int y = 0; y < ax.height; ++y)
    for (int x = 0; x < ax.width; ++x)
      if (ax.pixel(x, y)[0] == 255) bx = x, by = y;
  EXPECT_EQ(bx, 9);
  EXPECT_EQ(by, 3);
  // Coronal: superior at the top; marker at k = 5 of 10 -> row 10 - 1 - 5 = 4.
  const RgbImage co = render_slice(lps, nullptr, slice_through(lps.geom, Plane::kCoronal, lps.geom.index_to_physical({9, 3, 5})), plain());
  bool found = false;
  for (int x = 0; x < co.width; ++x) found = found || co.pixel(x, 4)[0] == 255;
  EXPECT_TRUE(found);
}

TEST(Render, ThickSlicesAreDrawnWithTheirPhysicalAspectRatio) {
  const ImageF im = lps_volume({1, 1, 5});
  const RgbImage co = render_slice(im, nullptr, {Plane::kCoronal, 0.5}, plain());
  EXPECT_EQ(co.width, 12);
  EXPECT_EQ(co.height, 50);  // 10 slices of 5 mm at 1 mm per pixel
  RenderOptions o = plain();
  o.pixel_mm = 0;
  o.zoom = 2;  // finest in-plane spacing / 2 = 0.5 mm per pixel
  const RgbImage sg = render_slice(im, nullptr, {Plane::kSagittal, 0.5}, o);
  EXPECT_EQ(sg.width, 28);
  EXPECT_EQ(sg.height, 100);
}

TEST(Render, RobustWindowUsesPercentilesOfTheMask) {
  ImageF ramp(Geometry::make({101, 1, 1}));
  for (int i = 0; i <= 100; ++i) ramp.at(i, 0, 0) = static_cast<float>(i);
  Window w = robust_window(ramp, nullptr, 10, 90);
  EXPECT_EQ(w.lo, 10);
  EXPECT_EQ(w.hi, 90);
  ImageU8 mask(ramp.geom);
  for (int i = 50; i <= 100; ++i) mask.at(i, 0, 0) = 1;
  w = robust_window(ramp, &mask, 0, 100);
  EXPECT_EQ(w.lo, 50);
  EXPECT_EQ(w.hi, 100);
}

TEST(Render, LabelContoursAndFillUseTheLabelColours) {
  const ImageF im = lps_volume();
  ImageU8 lab(im.geom);
  for (int64_t j = 4; j < 10; ++j)
    for (int64_t i = 3; i < 8; ++i) lab.at(i, j, 5) = 1;
  lab.at(5, 6, 5) = 2;
  RenderOptions o = plain();
  const SliceSpec s = slice_through(im.geom, Plane::kAxial, im.geom.index_to_physical({0, 0, 5}));
  const RgbImage c = render_slice(im, &lab, s, o);
  // Contour: the corner of the label-1 square is red; its interior (not next to another label)
  // keeps the grey value.
  EXPECT_EQ(c.pixel(3, 4)[0], 255);
  EXPECT_EQ(c.pixel(3, 4)[1], 40);
  EXPECT_EQ(c.pixel(4, 8)[0], c.pixel(4, 8)[1]);
  // The one core voxel is drawn yellow.
  EXPECT_EQ(c.pixel(5, 6)[0], 255);
  EXPECT_EQ(c.pixel(5, 6)[1], 220);
  o.fill = true;
  o.fill_alpha = 0.5;
  const RgbImage f = render_slice(im, &lab, s, o);
  // Interior pixels are blended toward red.
  EXPECT_GT(f.pixel(4, 8)[0], f.pixel(4, 8)[1]);
  // A tile with overlay = false is the plain image.
  SliceSpec plain_tile = s;
  plain_tile.overlay = false;
  EXPECT_EQ(render_slice(im, &lab, plain_tile, plain()).rgb, render_slice(im, nullptr, s, plain()).rgb);
  // With a title and legend the picture grows.
  o.title = "case";
  o.legend = true;
  const RgbImage t = render_slice(im, &lab, s, o);
  EXPECT_GT(t.height, f.height);
}

TEST(Render, MontageTilesSlicesAndWritePngIsAtomic) {
  const ImageF im = lps_volume();
  const RgbImage m = render_montage(im, nullptr, qc_slices(4), 3, plain());
  EXPECT_GT(m.width, 3 * 12);
  EXPECT_GT(m.height, 2 * 10);
  const std::string dir = std::filesystem::temp_directory_path() / ("rimscan_render_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/m.png";
  write_png(m, path);
  EXPECT_GT(std::filesystem::file_size(path), 50u);
  int entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) entries += e.is_regular_file() ? 1 : 0;
  EXPECT_EQ(entries, 1);  // no temporary file left
  EXPECT_EQ(code_of([&] { write_png(m, dir + "/missing/sub/m.png"); }), ErrorCode::kOutput);
  std::filesystem::remove_all(dir);
}

TEST(Render, MismatchedLabelsAndEmptyInputsAreErrors) {
  const ImageF im = lps_volume();
  ImageU8 lab(Geometry::make({3, 3, 3}));
  EXPECT_EQ(code_of([&] { render_slice(im, &lab, {Plane::kAxial, 0.5}); }), ErrorCode::kGeometryMismatch);
  EXPECT_EQ(code_of([&] { render_montage(im, nullptr, {}, 3); }), ErrorCode::kUsage);
  EXPECT_EQ(code_of([&] { render_slice(ImageF{}, nullptr, {Plane::kAxial, 0.5}); }), ErrorCode::kInputInvalid);
}
