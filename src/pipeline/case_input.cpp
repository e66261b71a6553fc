#include "rimscan/pipeline/case_input.h"

#include <algorithm>
#include <sstream>

#include "rimscan/error.h"

namespace rimscan {

namespace {

std::vector<int> parse_label_list(const std::string& text, const std::string& whole) {
  std::vector<int> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, '+')) {
    try {
      size_t used = 0;
      int v = std::stoi(item, &used);
      if (used != item.size()) throw std::invalid_argument(item);
      out.push_back(v);
    } catch (const std::exception&) {
      throw Error(ErrorCode::kUsage, "--lesion-labels " + whole + ": '" + item + "' is not an integer label");
    }
  }
  if (out.empty()) throw Error(ErrorCode::kUsage, "--lesion-labels " + whole + ": empty label list");
  return out;
}

}  // namespace

LesionLabelScheme LesionLabelScheme::parse(const std::string& text) {
  LesionLabelScheme s;
  s.text = text;
  if (text == "binary") return s;
  s.kind = Kind::kLabels;
  if (text == "brats2021") {
    s.enhancing = {4};
    s.core = {1};
    s.ignore = {2};
    return s;
  }
  if (text == "brats2023") {
    s.enhancing = {3};
    s.core = {1};
    s.ignore = {2};
    return s;
  }
  std::stringstream ss(text);
  std::string part;
  while (std::getline(ss, part, ',')) {
    const size_t eq = part.find('=');
    if (eq == std::string::npos)
      throw Error(ErrorCode::kUsage, "--lesion-labels " + text +
                                         ": expected binary, brats2021, brats2023 or enhancing=N,core=N,ignore=N");
    const std::string key = part.substr(0, eq), val = part.substr(eq + 1);
    std::vector<int> labels = parse_label_list(val, text);
    if (key == "enhancing")
      s.enhancing = labels;
    else if (key == "core")
      s.core = labels;
    else if (key == "ignore")
      s.ignore = labels;
    else
      throw Error(ErrorCode::kUsage, "--lesion-labels " + text + ": unknown key '" + key + "' (enhancing, core, ignore)");
  }
  if (s.enhancing.empty()) throw Error(ErrorCode::kUsage, "--lesion-labels " + text + ": no enhancing label given");
  if (s.enhancing.size() + s.core.size() + s.ignore.size() > 8)
    throw Error(ErrorCode::kUsage, "--lesion-labels " + text + ": at most 8 labels in all");
  return s;
}

void validate_case_input(const CaseInput& in, const AnalysisParams& p) {
  validate_geometry(in.t1c.geom, in.t1c_name);
  if (static_cast<int64_t>(in.t1c.voxels.size()) != in.t1c.num_voxels())
    throw Error(ErrorCode::kInternal, in.t1c_name + ": voxel buffer does not match its dimensions");
  require_finite(in.t1c, in.t1c_name);
  for (int a = 0; a < 3; ++a)
    if (in.t1c.geom.size[static_cast<size_t>(a)] < 3)
      throw Error(ErrorCode::kInputInvalid, in.t1c_name + ": dimension " + std::to_string(a) + " has only " +
                                                std::to_string(in.t1c.geom.size[static_cast<size_t>(a)]) +
                                                " voxel(s); a 3D volume of at least 3 voxels per axis is needed");
  const double tol = p.geometry_tolerance_mm;
  if (in.brain_mask) {
    require_same_grid(in.t1c.geom, in.t1c_name, in.brain_mask->geom, in.brain_mask_name, tol);
    require_nonempty_mask(*in.brain_mask, in.brain_mask_name);
  }
  if (in.lesion_mask) {
    require_same_grid(in.t1c.geom, in.t1c_name, in.lesion_mask->geom, in.lesion_mask_name, tol);
    const auto& s = in.lesion_labels;
    bool any = false, any_enh = false;
    for (int32_t v : in.lesion_mask->voxels) {
      if (v == 0) continue;
      if (s.kind == LesionLabelScheme::Kind::kBinary) {
        any = any_enh = true;
        break;
      }
      auto has = [v](const std::vector<int>& l) { return std::find(l.begin(), l.end(), v) != l.end(); };
      if (has(s.enhancing)) any_enh = true;
      if (has(s.enhancing) || has(s.core)) any = true;
      if (any_enh) break;
    }
    if (!any)
      throw Error(ErrorCode::kEmptyMask, in.lesion_mask_name + ": no voxel carries a lesion label of --lesion-labels " + s.text);
    if (!any_enh)
      throw Error(ErrorCode::kEmptyMask,
                  in.lesion_mask_name + ": no voxel carries an enhancing label of --lesion-labels " + s.text);
  }
  if (in.t1pre) {
    require_same_grid(in.t1c.geom, in.t1c_name, in.t1pre->geom, in.t1pre_name, tol);
    require_finite(*in.t1pre, in.t1pre_name);
  }
  if (in.flair) {
    require_same_grid(in.t1c.geom, in.t1c_name, in.flair->geom, in.flair_name, tol);
    require_finite(*in.flair, in.flair_name);
  }
}

}  // namespace rimscan
