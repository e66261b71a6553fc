// rimscan train FEATURES LABELS -o model.json: fits one L2-regularised logistic model per flag
// (pCE, LMD) on labelled cases, with a stratified k-fold cross-validation report on stdout, and
// writes a model file that `extract`/`batch --model` read (docs/model.md).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "rimscan/classify/model.h"
#include "rimscan/classify/tables.h"
#include "rimscan/classify/training.h"
#include "rimscan/error.h"
#include "rimscan/io/atomic_file.h"
#include "rimscan/log.h"

namespace rimscan::cli {
namespace {

std::string utc_date() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string fmt(double v, int digits = 3) {
  if (!std::isfinite(v)) return "n/a";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

class TrainCommand final : public Command {
 public:
  const char* name() const override { return "train"; }
  const char* summary() const override {
    return "Fit the pCE/LMD flag models (regularised logistic regression, k-fold CV report) on labelled cases";
  }
  void declare(CLI::App& sub) override {
    sub.add_option("features", features_,
                   "Per-case features: a batch results.csv (columns named by JSON dot-paths, empty cell = null) "
                   "or a folder of case JSON documents")
        ->required();
    sub.add_option("labels", labels_, "Labels CSV: case_id and 0/1 columns pce and/or lmd (empty = unknown)")->required();
    sub.add_option("-o,--out", out_, "Model file to write (JSON, docs/model.md)")->required();
    sub.add_option("--flags", flags_, "Flags to train (default: every flag with a column in LABELS)")->delimiter(',');
    sub.add_option("--features-pce", features_pce_, "pCE feature dot-paths (default: those of the built-in model)")
        ->delimiter(',');
    sub.add_option("--features-lmd", features_lmd_, "LMD feature dot-paths (default: those of the built-in model)")
        ->delimiter(',');
    sub.add_option("--lambda", lambda_, "Ridge penalty on the standardised weights (intercept not penalised)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    sub.add_option("--folds", folds_, "Cross-validation folds (stratified, deterministic)")
        ->check(CLI::Range(2, 100))
        ->capture_default_str();
    sub.add_option("--threshold", threshold_,
                   "Decision threshold: 'youden' (maximise Youden's J on the out-of-fold predictions) or a "
                   "probability in (0, 1)")
        ->capture_default_str();
    sub.add_option("--band-odds", band_odds_,
                   "Indeterminate band: probabilities whose odds are within this factor of the threshold's "
                   "odds (1 = no band)")
        ->check(CLI::Range(1.0, 100.0))
        ->capture_default_str();
    sub.add_option("--description", description_,
                   "What the training cases are (written into the model's description and provenance)");
  }

  int run() override {
    classify::TrainOptions base;
    base.lambda = lambda_;
    base.folds = folds_;
    base.band_odds = band_odds_;
    if (threshold_ == "youden") {
      base.threshold_rule = "youden";
    } else {
      char* end = nullptr;
      const double t = std::strtod(threshold_.c_str(), &end);
      if (end == threshold_.c_str() || *end != '\0' || !(t > 0 && t < 1))
        throw Error(ErrorCode::kUsage, "--threshold: '" + threshold_ + "' is neither 'youden' nor a probability in (0, 1)");
      base.threshold_rule = "fixed";
      base.fixed_threshold = t;
      base.min_threshold = std::min({0.02, t / 2, (1 - t) / 2});
    }
    base.date_utc = utc_date();
    base.features_source = std::filesystem::path(features_).filename().string();
    base.labels_source = std::filesystem::path(labels_).filename().string();

    const classify::LabelSet labels = classify::read_labels(labels_);
    std::vector<std::string> flags;
    for (const auto& f : flags_) {
      if (f != "pce" && f != "lmd") throw Error(ErrorCode::kUsage, "--flags: unknown flag '" + f + "' (pce, lmd)");
      if (std::find(labels.flags.begin(), labels.flags.end(), f) == labels.flags.end())
        throw Error(ErrorCode::kUsage, "--flags " + f + ": " + labels_ + " has no " + f + " column");
    }
    for (const auto& f : labels.flags)
      if (flags_.empty() || std::find(flags_.begin(), flags_.end(), f) != flags_.end()) flags.push_back(f);

    const classify::Model& defaults = classify::default_model();
    std::vector<std::vector<std::string>> feats;
    std::set<std::string> all;
    for (const auto& f : flags) {
      std::vector<std::string> v = f == "pce" ? features_pce_ : features_lmd_;
      if (v.empty()) {
        const classify::FlagModel* d = defaults.find(f);
        if (!d) throw Error(ErrorCode::kUsage, "no default features for " + f + ": give --features-" + f);
        v = d->features;
      }
      std::set<std::string> uniq(v.begin(), v.end());
      if (uniq.size() != v.size()) throw Error(ErrorCode::kUsage, "--features-" + f + ": a feature is listed twice");
      all.insert(v.begin(), v.end());
      feats.push_back(v);
    }
    const classify::CaseTable table = classify::read_case_table(features_, std::vector<std::string>(all.begin(), all.end()));

    classify::Model model;
    model.description = description_.empty() ? "Fitted by rimscan train on " + base.features_source : description_;
    for (size_t fi = 0; fi < flags.size(); ++fi) {
      const std::string& flag = flags[fi];
      const std::vector<int>& lab = labels.label.at(flag);
      classify::TrainingData d;
      d.features = feats[fi];
      std::vector<size_t> rows;
      int64_t missing = 0;
      std::string first_missing;
      for (size_t i = 0; i < labels.case_ids.size(); ++i) {
        if (lab[i] < 0) continue;
        const int64_t r = table.row_of(labels.case_ids[i]);
        if (r < 0) {
          if (missing++ == 0) first_missing = labels.case_ids[i];
          continue;
        }
        d.case_ids.push_back(labels.case_ids[i]);
        d.y.push_back(lab[i]);
        rows.push_back(static_cast<size_t>(r));
      }
      if (missing > 0)
        throw Error(ErrorCode::kInputInvalid, labels_ + ": " + std::to_string(missing) + " labelled case(s) for " + flag +
                                                  " not found in " + features_ + " (first: '" + first_missing + "')");
      d.x = classify::Matrix(rows.size(), d.features.size());
      for (size_t c = 0; c < d.features.size(); ++c) {
        const int col = table.column(d.features[c]);
        for (size_t i = 0; i < rows.size(); ++i) {
          const auto v = table.number(rows[i], static_cast<size_t>(col));
          d.x.at(i, c) = v ? *v : std::nan("");
        }
      }
      classify::TrainOptions o = base;
      const classify::FlagModel* def = defaults.find(flag);
      o.caveat = def ? def->caveat : "";
      o.training_set = description_.empty()
                           ? std::to_string(d.y.size()) + " labelled cases from " + base.features_source
                           : description_;
      const classify::TrainResult r = classify::train_flag(flag, d, o);
      report(r, d);
      model.flags.push_back(r.model);
    }
    if (model.flags.empty()) throw Error(ErrorCode::kInputInvalid, labels_ + ": no flag to train");
    io::write_file_atomic(out_, classify::model_to_json(model).dump(2) + "\n");
    log::info("train: wrote " + out_);
    return 0;
  }

 private:
  void report(const classify::TrainResult& r, const classify::TrainingData& d) const {
    const auto& m = r.model;
    const auto& cv = r.cv;
    int64_t npos = 0;
    for (int v : d.y) npos += v;
    std::ostringstream os;
    os << m.flag << ": " << d.y.size() << " cases (" << npos << " positive, " << d.y.size() - npos << " negative)\n";
    os << "  cross-validation: " << cv.folds << " folds, AUC " << fmt(cv.auc_mean) << " +- " << fmt(cv.auc_sd)
       << " (per fold:";
    for (const auto& f : cv.per_fold) os << " " << fmt(f.auc);
    os << "); out-of-fold AUC " << fmt(cv.oof_auc) << ", Brier " << fmt(cv.oof_brier) << "\n";
    os << "  threshold " << fmt(m.threshold) << " (" << (threshold_ == "youden" ? "Youden, out-of-fold" : "fixed")
       << "), indeterminate band [" << fmt(m.indeterminate_low) << ", " << fmt(m.indeterminate_high) << ")\n";
    os << "  fit: lambda " << lambda_ << ", " << r.fit.iterations << " IRLS iterations, intercept " << fmt(m.intercept)
       << "\n";
    for (size_t c = 0; c < m.features.size(); ++c) {
      os << "    " << m.features[c] << ": weight " << (m.weights[c] >= 0 ? "+" : "") << fmt(m.weights[c]) << " (mean "
         << fmt(m.mean[c], 4) << ", sd " << fmt(m.scale[c], 4);
      if (r.n_missing[c] > 0) os << ", " << r.n_missing[c] << " null imputed";
      os << ")\n";
    }
    std::fputs(os.str().c_str(), stdout);
  }

  std::string features_, labels_, out_;
  std::vector<std::string> flags_, features_pce_, features_lmd_;
  double lambda_ = 1.0;
  int folds_ = 5;
  std::string threshold_ = "youden";
  double band_odds_ = 1.5;
  std::string description_;
};

}  // namespace

std::unique_ptr<Command> make_train_command() { return std::make_unique<TrainCommand>(); }

}  // namespace rimscan::cli
