// ROC and calibration plots with OpenCV (include/rimscan/render/plots.h). All coordinates below
// are in "layout units" of a 600 x 600 canvas; Canvas scales them to the requested size times
// the supersampling factor and the result is reduced with INTER_AREA at the end.
#include "rimscan/render/plots.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "rimscan/error.h"

namespace rimscan::render {

namespace {

constexpr int kSuper = 2;  // supersampling factor
const cv::Scalar kWhite(255, 255, 255), kBlack(0, 0, 0), kGrid(228, 228, 228), kGrey(140, 140, 140),
    kDark(60, 60, 60), kBlue(180, 119, 31), kRed(40, 39, 214), kBar(205, 190, 170);

enum class Align { kLeft, kCentre, kRight };

class Canvas {
 public:
  explicit Canvas(int size) : size_(size), f_(kSuper * size / 600.0), im_(kSuper * size, kSuper * size, CV_8UC3, kWhite) {}

  cv::Point p(double x, double y) const { return {static_cast<int>(std::lround(x * f_)), static_cast<int>(std::lround(y * f_))}; }
  int px(double units) const { return std::max(1, static_cast<int>(std::lround(units * f_))); }

  void line(double x0, double y0, double x1, double y1, cv::Scalar c, double width) {
    cv::line(im_, p(x0, y0), p(x1, y1), c, px(width), cv::LINE_AA);
  }
  void dashed(double x0, double y0, double x1, double y1, cv::Scalar c, double width, double dash = 7, double gap = 5) {
    const double len = std::hypot(x1 - x0, y1 - y0);
    for (double s = 0; s < len; s += dash + gap) {
      const double e = std::min(len, s + dash);
      line(x0 + (x1 - x0) * s / len, y0 + (y1 - y0) * s / len, x0 + (x1 - x0) * e / len, y0 + (y1 - y0) * e / len, c, width);
    }
  }
  void rect(double x0, double y0, double x1, double y1, cv::Scalar c, double width) {
    cv::rectangle(im_, p(x0, y0), p(x1, y1), c, width < 0 ? cv::FILLED : px(width), cv::LINE_AA);
  }
  void circle(double x, double y, double r, cv::Scalar c, bool filled, double width = 1.5) {
    cv::circle(im_, p(x, y), px(r), c, filled ? cv::FILLED : px(width), cv::LINE_AA);
  }
  // Text with its baseline at y; `scale` is the Hershey font scale at 600 px.
  void text(const std::string& s, double x, double y, double scale, cv::Scalar c, Align a = Align::kLeft, double weight = 1.0) {
    const int th = px(weight);
    int base = 0;
    const cv::Size sz = cv::getTextSize(s, cv::FONT_HERSHEY_SIMPLEX, scale * f_, th, &base);
    cv::Point o = p(x, y);
    if (a == Align::kCentre) o.x -= sz.width / 2;
    if (a == Align::kRight) o.x -= sz.width;
    cv::putText(im_, s, o, cv::FONT_HERSHEY_SIMPLEX, scale * f_, c, th, cv::LINE_AA);
  }
  // Text rotated 90 degrees counter-clockwise (reading upwards), centred on (x, y).
  void vertical_text(const std::string& s, double x, double y, double scale, cv::Scalar c) {
    const int th = px(1.0);
    int base = 0;
    const cv::Size sz = cv::getTextSize(s, cv::FONT_HERSHEY_SIMPLEX, scale * f_, th, &base);
    cv::Mat t(sz.height + base + 4, sz.width + 4, CV_8UC3, kWhite);
    cv::putText(t, s, {2, sz.height + 2}, cv::FONT_HERSHEY_SIMPLEX, scale * f_, c, th, cv::LINE_AA);
    cv::Mat r;
    cv::rotate(t, r, cv::ROTATE_90_COUNTERCLOCKWISE);
    const cv::Point o = p(x, y) - cv::Point(r.cols / 2, r.rows / 2);
    const cv::Rect roi = cv::Rect(o, r.size()) & cv::Rect(0, 0, im_.cols, im_.rows);
    if (roi.area() == 0) return;
    cv::Mat dst = im_(roi);
    cv::min(dst, r(cv::Rect(roi.x - o.x, roi.y - o.y, roi.width, roi.height)), dst);  // dark text over white
  }
  double text_width(const std::string& s, double scale) const {
    int base = 0;
    return cv::getTextSize(s, cv::FONT_HERSHEY_SIMPLEX, scale * f_, px(1.0), &base).width / f_;
  }

  RgbImage finish() const {
    cv::Mat small, rgb;
    cv::resize(im_, small, cv::Size(size_, size_), 0, 0, cv::INTER_AREA);
    cv::cvtColor(small, rgb, cv::COLOR_BGR2RGB);
    RgbImage out;
    out.width = rgb.cols;
    out.height = rgb.rows;
    out.rgb.assign(rgb.data, rgb.data + rgb.total() * 3);
    return out;
  }

 private:
  int size_;
  double f_;
  cv::Mat im_;
};

// A unit square [0, 1]^2 of data mapped onto a box of the canvas.
struct Axes {
  double left, top, w, h;
  double x(double v) const { return left + v * w; }
  double y(double v) const { return top + (1.0 - v) * h; }
};

std::string fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

void check_size(int size) {
  if (size < 200 || size > 4000) throw Error(ErrorCode::kUsage, "plot size must be within 200..4000 px");
}

// Grid lines, ticks and tick labels every 0.2 (horizontal grid lines and y ticks only with
// y_labels). The frame is drawn by draw_box, after the data.
void draw_frame(Canvas& c, const Axes& a, bool x_labels, bool y_labels) {
  for (int i = 0; i <= 5; ++i) {
    const double v = i / 5.0;
    if (i > 0 && i < 5) {
      c.line(a.x(v), a.top, a.x(v), a.top + a.h, kGrid, 1);
      if (y_labels) c.line(a.left, a.y(v), a.left + a.w, a.y(v), kGrid, 1);
    }
    c.line(a.x(v), a.top + a.h, a.x(v), a.top + a.h + 5, kDark, 1.2);
    if (x_labels) c.text(fixed(v, 1), a.x(v), a.top + a.h + 21, 0.45, kDark, Align::kCentre);
    if (y_labels) {
      c.line(a.left - 5, a.y(v), a.left, a.y(v), kDark, 1.2);
      c.text(fixed(v, 1), a.left - 9, a.y(v) + 5, 0.45, kDark, Align::kRight);
    }
  }
}

void draw_box(Canvas& c, const Axes& a) { c.rect(a.left, a.top, a.left + a.w, a.top + a.h, kDark, 1.2); }

void draw_titles(Canvas& c, const std::string& title, const std::string& subtitle) {
  c.text(title, 300, 30, 0.68, kBlack, Align::kCentre, 1.6);
  if (!subtitle.empty()) c.text(subtitle, 300, 52, 0.45, kDark, Align::kCentre);
}

// A framed legend: entries of (kind, label), kind 0 solid line, 1 dashed line, 2 filled dot,
// 3 dot with an error bar. Anchored at its top-left (x, y).
struct LegendEntry {
  int kind;
  cv::Scalar colour;
  std::string label;
};
constexpr double kLegendScale = 0.43, kLegendRow = 21;
struct Size2 {
  double w, h;
};
Size2 legend_size(const Canvas& c, const std::vector<LegendEntry>& entries) {
  double wmax = 0;
  for (const auto& e : entries) wmax = std::max(wmax, c.text_width(e.label, kLegendScale));
  return {44 + wmax + 10, kLegendRow * static_cast<double>(entries.size()) + 8};
}
void draw_legend(Canvas& c, double x, double y, const std::vector<LegendEntry>& entries) {
  const double row = kLegendRow, scale = kLegendScale;
  const Size2 sz = legend_size(c, entries);
  const double w = sz.w, h = sz.h;
  c.rect(x, y, x + w, y + h, kWhite, -1);
  c.rect(x, y, x + w, y + h, kGrey, 1);
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    const double cy = y + 4 + row * (i + 0.5);
    switch (e.kind) {
      case 0: c.line(x + 8, cy, x + 36, cy, e.colour, 2.2); break;
      case 1: c.dashed(x + 8, cy, x + 36, cy, e.colour, 1.4, 6, 4); break;
      case 2: c.circle(x + 22, cy, 5, e.colour, true); break;
      default:
        c.line(x + 22, cy - 8, x + 22, cy + 8, e.colour, 1.3);
        c.circle(x + 22, cy, 4.5, e.colour, true);
        break;
    }
    c.text(e.label, x + 44, cy + 5, scale, kBlack);
  }
}

}  // namespace

RgbImage roc_plot(const std::vector<classify::RocPoint>& points, const RocPlotOptions& opt) {
  check_size(opt.size);
  Canvas c(opt.size);
  const Axes a{92, 68, 470, 462};
  draw_titles(c, opt.title, opt.subtitle);
  draw_frame(c, a, true, true);
  c.text("1 - specificity (false positive rate)", a.x(0.5), 584, 0.5, kBlack, Align::kCentre);
  c.vertical_text("sensitivity (true positive rate)", 24, a.top + a.h / 2, 0.5, kBlack);

  c.dashed(a.x(0), a.y(0), a.x(1), a.y(1), kGrey, 1.4);
  for (size_t i = 1; i < points.size(); ++i) {
    const auto& p0 = points[i - 1];
    const auto& p1 = points[i];
    if (!std::isfinite(p0.fpr) || !std::isfinite(p1.fpr) || !std::isfinite(p0.tpr) || !std::isfinite(p1.tpr)) continue;
    c.line(a.x(p0.fpr), a.y(p0.tpr), a.x(p1.fpr), a.y(p1.tpr), kBlue, 2.4);
  }
  draw_box(c, a);
  const bool op = std::isfinite(opt.op_fpr) && std::isfinite(opt.op_tpr) && opt.op_fpr >= 0 && opt.op_tpr >= 0;
  if (op) {
    c.circle(a.x(opt.op_fpr), a.y(opt.op_tpr), 6, kRed, true);
    c.circle(a.x(opt.op_fpr), a.y(opt.op_tpr), 6, kWhite, false, 1.2);
  }

  std::string auc_label = std::isfinite(opt.auc) ? "ROC curve, AUC " + fixed(opt.auc, 3) : "AUC undefined (one class only)";
  if (std::isfinite(opt.auc) && std::isfinite(opt.auc_ci.lo) && std::isfinite(opt.auc_ci.hi))
    auc_label += " (95% CI " + fixed(opt.auc_ci.lo, 3) + "-" + fixed(opt.auc_ci.hi, 3) + ")";
  std::vector<LegendEntry> entries{{0, kBlue, auc_label}, {1, kGrey, "chance (AUC 0.5)"}};
  if (op) entries.push_back({2, kRed, opt.op_label.empty() ? "model threshold" : opt.op_label});
  const Size2 ls = legend_size(c, entries);
  draw_legend(c, a.left + a.w - ls.w - 10, a.top + a.h - ls.h - 10, entries);
  return c.finish();
}

RgbImage calibration_plot(const std::vector<classify::CalibrationBin>& bins, const CalibrationPlotOptions& opt) {
  check_size(opt.size);
  Canvas c(opt.size);
  const Axes a{92, 96, 470, 342};     // reliability diagram
  const Axes hist{92, 450, 470, 70};  // bin counts
  draw_titles(c, opt.title, opt.subtitle);
  draw_frame(c, a, false, true);
  c.vertical_text("observed positive rate", 24, a.top + a.h / 2, 0.5, kBlack);

  c.dashed(a.x(0), a.y(0), a.x(1), a.y(1), kGrey, 1.4);
  for (const auto& b : bins) {
    if (b.n == 0) continue;
    const classify::Proportion pr = classify::proportion(b.positives, b.n);
    const double x = a.x(b.mean_predicted);
    c.line(x, a.y(pr.ci.lo), x, a.y(pr.ci.hi), kBlue, 1.3);
    c.line(x - 4, a.y(pr.ci.lo), x + 4, a.y(pr.ci.lo), kBlue, 1.3);
    c.line(x - 4, a.y(pr.ci.hi), x + 4, a.y(pr.ci.hi), kBlue, 1.3);
    c.circle(x, a.y(b.observed_rate), 5, kBlue, true);
  }
  draw_box(c, a);
  // The key sits in one row above the axes: inside them it would hide bins wherever it went.
  const double ky = a.top - 18;
  c.line(a.left + 14, ky - 8, a.left + 14, ky + 8, kBlue, 1.3);
  c.circle(a.left + 14, ky, 4.5, kBlue, true);
  c.text("observed rate per bin (95% Wilson CI)", a.left + 28, ky + 5, kLegendScale, kBlack);
  const double kx = a.left + 28 + c.text_width("observed rate per bin (95% Wilson CI)", kLegendScale) + 26;
  c.dashed(kx, ky, kx + 28, ky, kGrey, 1.4, 6, 4);
  c.text("perfect calibration", kx + 36, ky + 5, kLegendScale, kBlack);

  // Histogram of the bin counts, sharing the x axis.
  int64_t nmax = 1;
  for (const auto& b : bins) nmax = std::max(nmax, b.n);
  draw_frame(c, hist, true, false);
  for (const auto& b : bins) {
    if (b.n == 0) continue;
    const double top = hist.top + hist.h - (hist.h - 19) * static_cast<double>(b.n) / static_cast<double>(nmax);
    c.rect(hist.x(b.lo) + 3, top, hist.x(b.hi) - 3, hist.top + hist.h, kBar, -1);
    c.rect(hist.x(b.lo) + 3, top, hist.x(b.hi) - 3, hist.top + hist.h, kGrey, 1);
    c.text(std::to_string(b.n), hist.x(0.5 * (b.lo + b.hi)), top - 3, 0.36, kDark, Align::kCentre);
  }
  draw_box(c, hist);
  c.vertical_text("cases", 58, hist.top + hist.h / 2, 0.42, kDark);
  c.text("predicted probability (bin mean)", a.x(0.5), 580, 0.5, kBlack, Align::kCentre);
  return c.finish();
}

}  // namespace rimscan::render
