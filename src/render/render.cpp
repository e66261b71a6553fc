// Slice rendering with OpenCV (the only OpenCV user besides src/render/): exact axis
// permutation/flip into radiological display orientation, resize to the physical aspect ratio,
// percentile window, label contours or fill, annotations.
#include "rimscan/render/render.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "rimscan/error.h"

namespace rimscan::render {

namespace {

// How one display plane maps onto the image axes.
struct PlaneMap {
  int slice_axis = 2, h_axis = 0, v_axis = 1;
  bool h_flip = false, v_flip = false, slice_flip = false;
  const char* left = "R";
  const char* right = "L";
  const char* top = "A";
  const char* bottom = "P";
};

// Patient axis (0 x/L, 1 y/P, 2 z/S) of each image axis: the permutation that best matches the
// direction cosines, so oblique images map onto their nearest planes consistently.
std::array<int, 3> patient_axes(const Geometry& g) {
  static const int kPerms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  int best = 0;
  double best_score = -1;
  for (int p = 0; p < 6; ++p) {
    double s = 0;
    for (int c = 0; c < 3; ++c) s += std::fabs(g.direction[kPerms[p][c] * 3 + c]);
    if (s > best_score + 1e-12) best_score = s, best = p;
  }
  return {kPerms[best][0], kPerms[best][1], kPerms[best][2]};
}

PlaneMap plane_map(const Geometry& g, Plane plane) {
  // Patient axis of the normal, the screen horizontal (increasing to the right) and the screen
  // vertical (increasing downward), with the sign of the patient coordinate along each.
  int normal = 2, horiz = 0, vert = 1;
  double h_sign = 1, v_sign = 1;
  PlaneMap m;
  switch (plane) {
    case Plane::kAxial: normal = 2, horiz = 0, vert = 1, h_sign = 1, v_sign = 1; break;
    case Plane::kCoronal:
      normal = 1, horiz = 0, vert = 2, h_sign = 1, v_sign = -1;
      m.top = "S", m.bottom = "I";
      break;
    case Plane::kSagittal:
      normal = 0, horiz = 1, vert = 2, h_sign = 1, v_sign = -1;
      m.left = "A", m.right = "P", m.top = "S", m.bottom = "I";
      break;
  }
  const auto pa = patient_axes(g);
  for (int c = 0; c < 3; ++c) {
    const double sign = g.direction[pa[c] * 3 + c] >= 0 ? 1.0 : -1.0;
    if (pa[c] == normal) m.slice_axis = c, m.slice_flip = sign < 0;
    if (pa[c] == horiz) m.h_axis = c, m.h_flip = sign * h_sign < 0;
    if (pa[c] == vert) m.v_axis = c, m.v_flip = sign * v_sign < 0;
  }
  return m;
}

int slice_index(const Geometry& g, const PlaneMap& m, double fraction) {
  const int64_t n = g.size[m.slice_axis];
  double f = std::clamp(fraction, 0.0, 1.0);
  if (m.slice_flip) f = 1.0 - f;
  return static_cast<int>(std::llround(f * static_cast<double>(n - 1)));
}

// The slice as a W x H array in display order (nearest voxel, no interpolation).
template <class T>
cv::Mat extract(const Image<T>& img, const PlaneMap& m, int k, int cv_type) {
  const int W = static_cast<int>(img.geom.size[m.h_axis]), H = static_cast<int>(img.geom.size[m.v_axis]);
  cv::Mat out(H, W, cv_type);
  int64_t idx[3];
  idx[m.slice_axis] = k;
  for (int y = 0; y < H; ++y) {
    idx[m.v_axis] = m.v_flip ? H - 1 - y : y;
    for (int x = 0; x < W; ++x) {
      idx[m.h_axis] = m.h_flip ? W - 1 - x : x;
      out.at<T>(y, x) = img.at(idx[0], idx[1], idx[2]);
    }
  }
  return out;
}

void text(cv::Mat& im, const std::string& s, cv::Point org, double scale, cv::Scalar colour) {
  cv::putText(im, s, org, cv::FONT_HERSHEY_SIMPLEX, scale, cv::Scalar(0, 0, 0), 3, cv::LINE_AA);
  cv::putText(im, s, org, cv::FONT_HERSHEY_SIMPLEX, scale, colour, 1, cv::LINE_AA);
}

const LabelStyle* style_of(const std::vector<LabelStyle>& styles, uint8_t label) {
  for (const auto& s : styles)
    if (s.label == label) return &s;
  return nullptr;
}

// A BGR tile of one slice; `present` collects the labels drawn.
cv::Mat render_tile(const ImageF& img, const ImageU8* labels, const SliceSpec& spec, const RenderOptions& opt,
                    const Window& win, std::vector<bool>& present) {
  const Geometry& g = img.geom;
  const PlaneMap m = plane_map(g, spec.plane);
  const int k = slice_index(g, m, spec.fraction);
  cv::Mat raw = extract(img, m, k, CV_32F);
  const double sh = g.spacing[m.h_axis], sv = g.spacing[m.v_axis];
  double px = opt.pixel_mm > 0 ? opt.pixel_mm : std::min(sh, sv) / std::max(opt.zoom, 1e-3);
  const double max_side = 1600.0;
  px = std::max({px, raw.cols * sh / max_side, raw.rows * sv / max_side});
  const int W = std::max(1, static_cast<int>(std::lround(raw.cols * sh / px)));
  const int H = std::max(1, static_cast<int>(std::lround(raw.rows * sv / px)));
  cv::Mat scaled;
  cv::resize(raw, scaled, cv::Size(W, H), 0, 0, cv::INTER_LINEAR);
  cv::Mat grey;
  const double a = 255.0 / (win.hi - win.lo);
  scaled.convertTo(grey, CV_8U, a, -win.lo * a);  // saturating
  cv::Mat bgr;
  cv::cvtColor(grey, bgr, cv::COLOR_GRAY2BGR);

  if (labels && !labels->empty() && spec.overlay) {
    cv::Mat lab = extract(*labels, m, k, CV_8U), lab_s;
    cv::resize(lab, lab_s, cv::Size(W, H), 0, 0, cv::INTER_NEAREST);
    for (int y = 0; y < H; ++y) {
      for (int x = 0; x < W; ++x) {
        const uint8_t l = lab_s.at<uint8_t>(y, x);
        if (l == 0) continue;
        const LabelStyle* st = style_of(opt.labels, l);
        if (!st) continue;
        if (l < present.size()) present[l] = true;
        cv::Vec3b& p = bgr.at<cv::Vec3b>(y, x);
        if (opt.fill) {
          const double al = opt.fill_alpha;
          p = cv::Vec3b(cv::saturate_cast<uint8_t>((1 - al) * p[0] + al * st->b),
                        cv::saturate_cast<uint8_t>((1 - al) * p[1] + al * st->g),
                        cv::saturate_cast<uint8_t>((1 - al) * p[2] + al * st->r));
        } else {
          const bool edge = x == 0 || y == 0 || x == W - 1 || y == H - 1 || lab_s.at<uint8_t>(y, x - 1) != l ||
                            lab_s.at<uint8_t>(y, x + 1) != l || lab_s.at<uint8_t>(y - 1, x) != l ||
                            lab_s.at<uint8_t>(y + 1, x) != l;
          if (edge) p = cv::Vec3b(st->b, st->g, st->r);
        }
      }
    }
  }
  if (opt.annotate) {
    const cv::Scalar c(200, 220, 255);
    text(bgr, m.left, cv::Point(3, H / 2), 0.45, c);
    text(bgr, m.right, cv::Point(W - 14, H / 2), 0.45, c);
    text(bgr, m.top, cv::Point(W / 2 - 5, 14), 0.45, c);
    text(bgr, m.bottom, cv::Point(W / 2 - 5, H - 5), 0.45, c);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s %d/%lld", plane_name(spec.plane), k + 1,
                  static_cast<long long>(g.size[m.slice_axis]));
    text(bgr, buf, cv::Point(4, H - 5), 0.4, cv::Scalar(255, 255, 255));
  }
  return bgr;
}

RgbImage to_rgb(const cv::Mat& bgr) {
  RgbImage out;
  out.width = bgr.cols;
  out.height = bgr.rows;
  out.rgb.resize(static_cast<size_t>(bgr.cols) * bgr.rows * 3);
  cv::Mat rgb(bgr.rows, bgr.cols, CV_8UC3, out.rgb.data());
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  return out;
}

Window effective_window(const ImageF& img, const RenderOptions& opt) {
  if (opt.window.valid()) return opt.window;
  Window w = robust_window(img, opt.window_mask, opt.lo_pct, opt.hi_pct);
  if (!w.valid()) w.hi = w.lo + 1;
  return w;
}

cv::Mat compose(const std::vector<cv::Mat>& tiles, int columns, const RenderOptions& opt,
                const std::vector<bool>& present) {
  columns = std::max(1, std::min(columns, static_cast<int>(tiles.size())));
  const int rows = (static_cast<int>(tiles.size()) + columns - 1) / columns;
  int cw = 1, ch = 1;
  for (const auto& t : tiles) cw = std::max(cw, t.cols), ch = std::max(ch, t.rows);
  const int gap = 4, title_h = opt.title.empty() ? 0 : 26;
  bool any = false;
  for (size_t l = 1; l < present.size(); ++l) any = any || present[l];
  const int legend_h = (opt.legend && any) ? 24 : 0;
  cv::Mat out(title_h + rows * ch + (rows - 1) * gap + legend_h, columns * cw + (columns - 1) * gap, CV_8UC3,
              cv::Scalar(0, 0, 0));
  for (size_t n = 0; n < tiles.size(); ++n) {
    const int r = static_cast<int>(n) / columns, c = static_cast<int>(n) % columns;
    const int x0 = c * (cw + gap) + (cw - tiles[n].cols) / 2, y0 = title_h + r * (ch + gap) + (ch - tiles[n].rows) / 2;
    tiles[n].copyTo(out(cv::Rect(x0, y0, tiles[n].cols, tiles[n].rows)));
  }
  if (title_h) text(out, opt.title, cv::Point(6, 18), 0.5, cv::Scalar(255, 255, 255));
  if (legend_h) {
    int x = 6;
    const int y = out.rows - 7;
    for (const auto& st : opt.labels) {
      if (st.label >= present.size() || !present[st.label]) continue;
      cv::rectangle(out, cv::Rect(x, y - 11, 12, 12), cv::Scalar(st.b, st.g, st.r), cv::FILLED);
      const std::string name = std::to_string(st.label) + " " + st.name;
      text(out, name, cv::Point(x + 16, y), 0.45, cv::Scalar(255, 255, 255));
      x += 26 + static_cast<int>(name.size()) * 9;
    }
  }
  return out;
}

}  // namespace

const char* plane_name(Plane p) {
  switch (p) {
    case Plane::kAxial: return "axial";
    case Plane::kCoronal: return "coronal";
    case Plane::kSagittal: return "sagittal";
  }
  return "axial";
}

std::vector<LabelStyle> default_label_styles() {
  return {{1, 255, 40, 40, "enhancing"}, {2, 255, 220, 0, "core"}, {3, 40, 230, 60, "leptomeningeal"}};
}

Window robust_window(const ImageF& img, const ImageU8* mask, double lo_pct, double hi_pct) {
  const bool use_mask = mask && !mask->empty() && mask->voxels.size() == img.voxels.size();
  const size_t n = img.voxels.size();
  const size_t stride = std::max<size_t>(1, n / 2000000);
  std::vector<float> v;
  v.reserve(n / stride + 1);
  for (size_t i = 0; i < n; i += stride)
    if ((!use_mask || mask->voxels[i]) && std::isfinite(img.voxels[i])) v.push_back(img.voxels[i]);
  Window w;
  if (v.empty()) return w;
  auto pct = [&](double p) {
    const size_t k = std::min(v.size() - 1, static_cast<size_t>(std::clamp(p, 0.0, 100.0) / 100.0 * (v.size() - 1) + 0.5));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return static_cast<double>(v[k]);
  };
  w.lo = pct(lo_pct);
  w.hi = pct(hi_pct);
  return w;
}

SliceSpec slice_through(const Geometry& g, Plane plane, const Vec3& point_mm, bool overlay) {
  const PlaneMap m = plane_map(g, plane);
  const double idx = g.physical_to_index(point_mm)[m.slice_axis];
  const double n = static_cast<double>(g.size[m.slice_axis] - 1);
  double f = n > 0 ? std::clamp(idx / n, 0.0, 1.0) : 0.5;
  if (m.slice_flip) f = 1.0 - f;
  return {plane, f, overlay};
}

std::vector<SliceSpec> qc_slices(int axial_count) {
  std::vector<SliceSpec> s;
  for (int i = 0; i < axial_count; ++i)
    s.push_back({Plane::kAxial, axial_count == 1 ? 0.5 : 0.3 + 0.5 * i / (axial_count - 1)});
  s.push_back({Plane::kCoronal, 0.5});
  s.push_back({Plane::kSagittal, 0.5});
  return s;
}

RgbImage render_slice(const ImageF& img, const ImageU8* labels, const SliceSpec& slice, const RenderOptions& opt) {
  return render_montage(img, labels, {slice}, 1, opt);
}

RgbImage render_montage(const ImageF& img, const ImageU8* labels, const std::vector<SliceSpec>& slices, int columns,
                        const RenderOptions& opt) {
  if (img.empty()) throw Error(ErrorCode::kInputInvalid, "render: the image is empty");
  if (labels && !labels->empty() && labels->geom.size != img.geom.size)
    throw Error(ErrorCode::kGeometryMismatch, "render: label map " + labels->geom.describe() +
                                                  " does not match the image " + img.geom.describe());
  if (slices.empty()) throw Error(ErrorCode::kUsage, "render: no slice requested");
  const Window win = effective_window(img, opt);
  std::vector<bool> present(256, false);
  std::vector<cv::Mat> tiles;
  for (const SliceSpec& s : slices) tiles.push_back(render_tile(img, labels, s, opt, win, present));
  return to_rgb(compose(tiles, columns, opt, present));
}

void write_png(const RgbImage& img, const std::string& path) {
  if (img.width <= 0 || img.height <= 0) throw Error(ErrorCode::kOutput, path + ": cannot write an empty image");
  cv::Mat rgb(img.height, img.width, CV_8UC3, const_cast<uint8_t*>(img.rgb.data())), bgr;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
  std::vector<uint8_t> buf;
  // Maximum zlib effort: QC images are written once and kept (sample_images/ is committed).
  if (!cv::imencode(".png", bgr, buf, {cv::IMWRITE_PNG_COMPRESSION, 9})) throw Error(ErrorCode::kOutput, path + ": PNG encoding failed");
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary);
    f.write(reinterpret_cast<const char*>(buf.data()), static_cast<std::streamsize>(buf.size()));
    if (!f) {
      std::remove(tmp.c_str());
      throw Error(ErrorCode::kOutput, path + ": cannot write (temporary file " + tmp + ")");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw Error(ErrorCode::kOutput, path + ": cannot rename the temporary file into place");
  }
}

}  // namespace rimscan::render
