// rimscan validate RESULTS LABELS -o REPORTDIR: evaluates the pCE/LMD flags of a batch against
// reference labels (docs/validation.md): AUC with a bootstrap CI, sensitivity / specificity /
// PPV / NPV at the model's calls (indeterminate counted apart), confusion matrix, Cohen's kappa,
// Brier score, calibration table; REPORTDIR/validation.json plus ROC and calibration PNGs.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "rimscan/classify/metrics.h"
#include "rimscan/classify/model.h"
#include "rimscan/classify/tables.h"
#include "rimscan/error.h"
#include "rimscan/io/atomic_file.h"
#include "rimscan/log.h"
#include "rimscan/version.h"
#if defined(RIMSCAN_HAVE_RENDER)
#include "rimscan/render/plots.h"
#endif

namespace rimscan::cli {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

std::string fmt(double v, int digits = 3) {
  if (!std::isfinite(v)) return "n/a";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

json proportion_json(const classify::Proportion& p) {
  return {{"value", num(p.value)}, {"k", p.k}, {"n", p.n}, {"ci95", {num(p.ci.lo), num(p.ci.hi)}}};
}

const char* flag_title(const std::string& flag) { return flag == "pce" ? "pCE" : flag == "lmd" ? "LMD" : flag.c_str(); }

class ValidateCommand final : public Command {
 public:
  const char* name() const override { return "validate"; }
  const char* summary() const override {
    return "Evaluate the pCE/LMD flags of a batch against reference labels (AUC, sensitivity, specificity, "
           "calibration; JSON report and plots)";
  }
  void declare(CLI::App& sub) override {
    sub.add_option("results", results_,
                   "Batch results.csv (case_id, pce_probability, pce_call, lmd_probability, lmd_call) or a folder "
                   "of case JSON documents")
        ->required();
    sub.add_option("labels", labels_, "Labels CSV: case_id and 0/1 columns pce and/or lmd (empty = unknown)")->required();
    sub.add_option("-o,--out", out_, "Report folder (created if needed): validation.json, <flag>_roc.png, "
                                     "<flag>_calibration.png")
        ->required();
    sub.add_option("--model", model_,
                   "Model file the results were made with, for the threshold and band reported (default: the "
                   "built-in model)");
    sub.add_option("--flags", flags_, "Flags to evaluate (default: every flag with a column in LABELS)")->delimiter(',');
    sub.add_option("--bootstrap", resamples_, "Bootstrap resamples for the AUC confidence interval")
        ->check(CLI::Range(100, 1000000))
        ->capture_default_str();
    sub.add_option("--seed", seed_, "Seed of the bootstrap")->capture_default_str();
    sub.add_flag("--allow-missing", allow_missing_,
                 "Evaluate the labelled cases that have a result and report how many had none (default: an error)");
    sub.add_option("--title", title_, "Text added to the plot titles (e.g. 'phantom test set')");
  }

  int run() override {
    const classify::LabelSet labels = classify::read_labels(labels_);
    std::vector<std::string> flags;
    for (const auto& f : flags_) {
      if (f != "pce" && f != "lmd") throw Error(ErrorCode::kUsage, "--flags: unknown flag '" + f + "' (pce, lmd)");
      if (std::find(labels.flags.begin(), labels.flags.end(), f) == labels.flags.end())
        throw Error(ErrorCode::kUsage, "--flags " + f + ": " + labels_ + " has no " + f + " column");
    }
    for (const auto& f : labels.flags)
      if (flags_.empty() || std::find(flags_.begin(), flags_.end(), f) != flags_.end()) flags.push_back(f);

    classify::Model loaded;
    if (!model_.empty()) loaded = classify::load_model(model_);
    const classify::Model& model = model_.empty() ? classify::default_model() : loaded;

    std::error_code ec;
    const bool folder = fs::is_directory(results_, ec);
    std::vector<std::string> cols;
    for (const auto& f : flags) {
      cols.push_back(folder ? "flags." + f + ".probability" : f + "_probability");
      cols.push_back(folder ? "flags." + f + ".call" : f + "_call");
    }
    const classify::CaseTable table = classify::read_case_table(results_, cols);

    if (fs::exists(out_, ec) && !fs::is_directory(out_, ec))
      throw Error(ErrorCode::kOutput, out_ + ": exists and is not a directory");

    json doc;
    doc["schema"] = "rimscan-validation";
    doc["schema_version"] = "1.0";
    doc["tool"] = {{"name", "rimscan"}, {"version", kVersion}};
    doc["results"] = results_;
    doc["labels"] = labels_;
    doc["model"] = {{"source", model_.empty() ? std::string("built-in default") : model_}, {"description", model.description}};
    std::ostringstream summary;
    for (size_t fi = 0; fi < flags.size(); ++fi) doc[flags[fi]] = evaluate_flag(flags[fi], 2 * fi, labels, table, model, summary);
    // Written only once every flag has been evaluated, each file atomically.
    fs::create_directories(out_, ec);
    if (ec) throw Error(ErrorCode::kOutput, out_ + ": cannot create the report folder (" + ec.message() + ")");
#if defined(RIMSCAN_HAVE_RENDER)
    for (const auto& [file, image] : pngs_) render::write_png(image, (fs::path(out_) / file).string());
#endif
    io::write_file_atomic((fs::path(out_) / "validation.json").string(), doc.dump(2) + "\n");
    std::fputs(summary.str().c_str(), stdout);
    return 0;
  }

 private:
  json evaluate_flag(const std::string& flag, size_t col, const classify::LabelSet& labels, const classify::CaseTable& table,
                     const classify::Model& model, std::ostringstream& summary) {
    const classify::FlagModel* fm = model.find(flag);
    const std::vector<int>& lab = labels.label.at(flag);
    std::vector<double> prob;
    std::vector<int> y;
    std::vector<classify::Call> calls;
    int64_t missing = 0, inconsistent = 0;
    std::string first_missing;
    for (size_t i = 0; i < labels.case_ids.size(); ++i) {
      if (lab[i] < 0) continue;
      const int64_t r = table.row_of(labels.case_ids[i]);
      std::optional<double> p;
      if (r >= 0) p = table.number(static_cast<size_t>(r), col);
      if (!p) {
        if (missing++ == 0) first_missing = labels.case_ids[i];
        continue;
      }
      const size_t row = static_cast<size_t>(r);
      if (!(*p >= 0 && *p <= 1))
        throw Error(ErrorCode::kInputInvalid, table.source + " " + table.row_where[row] + ", column " + table.columns[col] +
                                                  ": probability " + fmt(*p, 6) + " is outside [0, 1]");
      std::string text = table.text(row, col + 1);
      if (text.empty()) {
        if (!fm) throw Error(ErrorCode::kInputInvalid, table.source + " " + table.row_where[row] + ": no " + flag +
                                                           " call and no " + flag + " model to make one");
        text = classify::call_for(*fm, *p);
      }
      classify::Call c;
      try {
        c = classify::parse_call(text);
      } catch (const Error& e) {
        throw e.with_context(table.source + " " + table.row_where[row] + ", column " + table.columns[col + 1]);
      }
      if (fm && text != classify::call_for(*fm, *p)) ++inconsistent;
      prob.push_back(*p);
      y.push_back(lab[i]);
      calls.push_back(c);
    }
    if (missing > 0 && !allow_missing_)
      throw Error(ErrorCode::kInputInvalid, labels_ + ": " + std::to_string(missing) + " labelled case(s) have no " + flag +
                                                " result in " + results_ + " (first: '" + first_missing +
                                                "'); use --allow-missing to evaluate the rest");
    if (missing > 0) log::warn("validate: " + flag + ": " + std::to_string(missing) + " labelled case(s) have no result");
    if (y.empty()) throw Error(ErrorCode::kInputInvalid, labels_ + ": no labelled case with a " + flag + " result");
    if (inconsistent > 0)
      log::warn("validate: " + flag + ": " + std::to_string(inconsistent) +
                " call(s) differ from the model's threshold and band; were the results made with another model? "
                "(pass it with --model)");

    int64_t npos = 0;
    for (int v : y) npos += v;
    const int64_t nneg = static_cast<int64_t>(y.size()) - npos;
    if (npos == 0 || nneg == 0)
      log::warn("validate: " + flag + ": only one class among the labelled cases; AUC and kappa are undefined");
    const double a = classify::auc(prob, y);
    const classify::Interval ci = classify::bootstrap_auc_ci(prob, y, resamples_, seed_);
    const auto counts = classify::count_calls(calls, y);
    const auto dg = classify::diagnostics(counts);
    const double brier = classify::brier_score(prob, y);
    const auto cal = classify::calibration_table(prob, y, 10);
    const auto roc = classify::roc_curve(prob, y);

    json j;
    j["n"] = y.size();
    j["n_positive"] = npos;
    j["n_negative"] = nneg;
    j["prevalence"] = static_cast<double>(npos) / static_cast<double>(y.size());
    j["n_missing_results"] = missing;
    j["auc"] = num(a);
    j["auc_ci95"] = {num(ci.lo), num(ci.hi)};
    j["auc_ci_method"] = "percentile bootstrap, stratified, " + std::to_string(resamples_) + " resamples, seed " +
                         std::to_string(seed_);
    j["threshold"] = fm ? num(fm->threshold) : json(nullptr);
    j["indeterminate_band"] = fm ? json{fm->indeterminate_low, fm->indeterminate_high} : json(nullptr);
    j["calls_inconsistent_with_model"] = fm ? json(inconsistent) : json(nullptr);
    j["confusion_matrix"] = {{"tp", counts.tp}, {"fp", counts.fp}, {"tn", counts.tn}, {"fn", counts.fn}};
    j["indeterminate"] = {{"n", counts.indeterminate_pos + counts.indeterminate_neg},
                          {"positive", counts.indeterminate_pos},
                          {"negative", counts.indeterminate_neg},
                          {"fraction", static_cast<double>(counts.indeterminate_pos + counts.indeterminate_neg) /
                                           static_cast<double>(y.size())}};
    j["sensitivity"] = proportion_json(dg.sensitivity);
    j["specificity"] = proportion_json(dg.specificity);
    j["ppv"] = proportion_json(dg.ppv);
    j["npv"] = proportion_json(dg.npv);
    j["kappa"] = num(dg.kappa);
    j["brier"] = num(brier);
    j["calibration"] = json::array();
    for (const auto& b : cal)
      j["calibration"].push_back({{"bin", {b.lo, b.hi}},
                                  {"n", b.n},
                                  {"positives", b.positives},
                                  {"mean_predicted", num(b.mean_predicted)},
                                  {"observed_rate", num(b.observed_rate)}});
    j["roc"] = json::array();
    for (const auto& p : roc) j["roc"].push_back({{"threshold", num(p.threshold)}, {"fpr", num(p.fpr)}, {"tpr", num(p.tpr)}});
    if (fm && !fm->caveat.empty()) j["caveat"] = fm->caveat;

#if defined(RIMSCAN_HAVE_RENDER)
    const std::string suffix = title_.empty() ? "" : " (" + title_ + ")";
    const std::string sub = "n = " + std::to_string(y.size()) + " (" + std::to_string(npos) + " positive, " +
                            std::to_string(nneg) + " negative)";
    render::RocPlotOptions ro;
    ro.title = std::string(flag_title(flag)) + " flag: ROC" + suffix;
    ro.subtitle = sub;
    ro.auc = a;
    ro.auc_ci = ci;
    if (dg.sensitivity.n > 0 && dg.specificity.n > 0) {
      ro.op_fpr = 1.0 - dg.specificity.value;
      ro.op_tpr = dg.sensitivity.value;
      ro.op_label = "model calls" + (fm ? " (p >= " + fmt(fm->threshold, 2) + ")" : std::string()) + ": sens " +
                    fmt(dg.sensitivity.value, 2) + ", spec " + fmt(dg.specificity.value, 2);
    }
    const std::string roc_png = flag + "_roc.png", cal_png = flag + "_calibration.png";
    pngs_.emplace_back(roc_png, render::roc_plot(roc, ro));
    render::CalibrationPlotOptions co;
    co.title = std::string(flag_title(flag)) + " flag: calibration" + suffix;
    co.subtitle = sub + ", Brier " + fmt(brier);
    pngs_.emplace_back(cal_png, render::calibration_plot(cal, co));
    j["plots"] = {{"roc", roc_png}, {"calibration", cal_png}};
#else
    j["plots"] = nullptr;
    log::warn("validate: built without the drawing adapter (OpenCV): no plots");
#endif

    summary << flag << ": n " << y.size() << " (" << npos << " positive), AUC " << fmt(a) << " [95% CI " << fmt(ci.lo)
            << ", " << fmt(ci.hi) << "], sensitivity " << fmt(dg.sensitivity.value) << ", specificity "
            << fmt(dg.specificity.value) << ", PPV " << fmt(dg.ppv.value) << ", NPV " << fmt(dg.npv.value) << ", kappa "
            << fmt(dg.kappa) << ", Brier " << fmt(brier) << ", indeterminate "
            << counts.indeterminate_pos + counts.indeterminate_neg << " (" << counts.indeterminate_pos << " positive, "
            << counts.indeterminate_neg << " negative)\n";
    return j;
  }

  std::string results_, labels_, out_, model_, title_;
  std::vector<std::string> flags_;
  int resamples_ = 2000;
  uint64_t seed_ = 20260101;
  bool allow_missing_ = false;
#if defined(RIMSCAN_HAVE_RENDER)
  std::vector<std::pair<std::string, render::RgbImage>> pngs_;  // file name in the report folder, image
#endif
};

}  // namespace

std::unique_ptr<Command> make_validate_command() { return std::make_unique<ValidateCommand>(); }

}  // namespace rimscan::cli
