#pragma once
// Slice rendering for QC images: the drawing adapter (src/render/, the only code that includes
// OpenCV). Images are shown as a radiologist reads them, whatever the storage orientation:
//   axial    viewed from the feet: patient right on the left of the screen, anterior at the top
//   coronal  viewed from the front: patient right on the left, superior at the top
//   sagittal viewed from the patient's left: anterior on the left, superior at the top
// with the physical aspect ratio of the voxels (a 5 mm slice axis is drawn 5x longer than a
// 1 mm axis). The in-plane axes are the image axes closest to the patient axes (no reslicing of
// oblique acquisitions; the plane is the one most aligned with the requested one).
#include <cstdint>
#include <string>
#include <vector>

#include "rimscan/image.h"

namespace rimscan::render {

enum class Plane { kAxial, kCoronal, kSagittal };
const char* plane_name(Plane p);

// An 8-bit RGB raster, row-major, 3 bytes per pixel.
struct RgbImage {
  int width = 0, height = 0;
  std::vector<uint8_t> rgb;
  uint8_t* pixel(int x, int y) { return &rgb[(static_cast<size_t>(y) * width + x) * 3]; }
  const uint8_t* pixel(int x, int y) const { return &rgb[(static_cast<size_t>(y) * width + x) * 3]; }
};

// Grey-level window: values <= lo are black, >= hi white.
struct Window {
  double lo = 0, hi = 0;
  bool valid() const { return hi > lo; }
};
// Percentile window (lo_pct, hi_pct in [0, 100]) over the voxels where mask != 0 (all voxels
// when mask is null or empty). Deterministic; large images are sub-sampled with a fixed stride.
Window robust_window(const ImageF& img, const ImageU8* mask = nullptr, double lo_pct = 0.5, double hi_pct = 99.5);

struct LabelStyle {
  uint8_t label = 1;
  uint8_t r = 255, g = 0, b = 0;
  std::string name;
};
// Label 1 enhancing (red), 2 non-enhancing core (yellow), 3 leptomeningeal (green).
std::vector<LabelStyle> default_label_styles();

struct RenderOptions {
  Window window;                     // invalid = robust_window(img, mask, lo_pct, hi_pct)
  double lo_pct = 0.5, hi_pct = 99.5;
  const ImageU8* window_mask = nullptr;  // voxels the automatic window is computed on
  std::vector<LabelStyle> labels = default_label_styles();
  bool fill = false;                 // translucent fill instead of contours
  double fill_alpha = 0.4;
  double pixel_mm = 0;               // display pixel size; 0 = finest in-plane spacing / zoom
  double zoom = 2.0;
  std::string title;                 // drawn above the image(s)
  bool legend = true;                // colour key of the labels present
  bool annotate = true;              // plane and slice under each tile, orientation letters
};

struct SliceSpec {
  Plane plane = Plane::kAxial;
  // Position along the slice axis in patient order: 0 = the inferior (axial), anterior
  // (coronal) or right (sagittal) end of the image, 1 = the superior, posterior or left end.
  double fraction = 0.5;
  bool overlay = true;  // draw the label overlay on this tile (false: the plain image beside it)
};
// The slice of `plane` through a physical point (LPS mm), clamped to the image.
SliceSpec slice_through(const Geometry& g, Plane plane, const Vec3& point_mm, bool overlay = true);

// One slice with an optional label overlay (labels must share img's grid).
RgbImage render_slice(const ImageF& img, const ImageU8* labels, const SliceSpec& slice, const RenderOptions& opt = {});
// Several slices in a grid of `columns` tiles with one title and legend.
RgbImage render_montage(const ImageF& img, const ImageU8* labels, const std::vector<SliceSpec>& slices, int columns,
                        const RenderOptions& opt = {});
// The standard QC montage: axial slices at evenly spaced levels through the middle 60 % of the
// image, plus the middle coronal and sagittal slices.
std::vector<SliceSpec> qc_slices(int axial_count = 4);

// Writes a PNG atomically (temporary file, then rename). Throws Error(kOutput) on failure.
void write_png(const RgbImage& img, const std::string& path);

}  // namespace rimscan::render
