#!/usr/bin/env bash
# rimscan train + validate end to end on a synthetic features table made here: a pCE feature that
# separates the classes perfectly (so AUC must be 1 and every call right) and overlapping LMD
# features (so the expected AUC, Brier score, kappa and calibration counts are recomputed here in
# Python from the probabilities, by an independent implementation of the model file's formula).
# Also: results as a folder of case JSONs give the same report; the PNGs are valid 600x600 PNGs.
set -euo pipefail
BIN=${RIMSCAN_BIN:?}
TMP=$(mktemp -d "${RIMSCAN_TEST_TMP:-/tmp}/train_validate.XXXXXX" 2>/dev/null || mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"

python3 - <<'PY'
import csv, random
rng = random.Random(11)
with open("features.csv", "w", newline="") as f, open("labels.csv", "w", newline="") as g:
    fw = csv.writer(f, lineterminator="\r\n")  # CRLF, as spreadsheets write it
    fw.writerow(["case_id", "summary.index_core_fraction", "summary.index_ring_completeness",
                 "summary.index_central_to_peripheral_ratio", "leptomeningeal.n_nodules",
                 "leptomeningeal.burden", "leptomeningeal.ependymal_fraction", "note"])
    gw = csv.writer(g)
    gw.writerow(["case_id", "pce", "lmd"])
    for i in range(90):
        pce, lmd = int(i % 3 == 0), int(i % 4 == 1)
        cf = rng.uniform(0.4, 0.6) if pce else rng.uniform(0.0, 0.1)  # separates perfectly
        rc = "" if i % 17 == 5 else round(rng.uniform(0, 1), 4)        # noise, some nulls
        cpr = round(rng.uniform(0.4, 1.2), 4)
        nod = rng.choice([0, 1, 2]) if lmd else rng.choice([0, 0, 0, 1])
        bur = round(rng.gauss(0.03 if lmd else 0.015, 0.01), 5)
        epe = round(abs(rng.gauss(0.05 if lmd else 0.03, 0.02)), 5)
        fw.writerow([f"case{i:03d}", round(cf, 5), rc, cpr, nod, bur, epe, 'a "quoted", note'])
        gw.writerow([f"case{i:03d}", pce, lmd if i != 7 else ""])  # one LMD label unknown
PY

# The feature lists are named: the built-in model's defaults change when it is refitted.
"$BIN" train features.csv labels.csv -o model.json --description "synthetic CLI test set" \
  --features-pce summary.index_core_fraction summary.index_ring_completeness \
                 summary.index_central_to_peripheral_ratio \
  --features-lmd leptomeningeal.n_nodules leptomeningeal.burden leptomeningeal.ependymal_fraction \
  > train.txt
grep -q "^pce: 90 cases (30 positive, 60 negative)" train.txt
grep -q "^lmd: 89 cases" train.txt  # the unknown label is skipped
grep -q "cross-validation: 5 folds" train.txt

# Probabilities and calls from the model file, computed independently of rimscan.
python3 - <<'PY'
import csv, json, math
m = json.load(open("model.json"))
assert m["schema"] == "rimscan-model" and m["description"] == "synthetic CLI test set"
for flag in ("pce", "lmd"):
    f = m["flags"][flag]
    p = f["provenance"]
    assert p["kind"] == "fitted" and p["n_cases"] == (90 if flag == "pce" else 89), p
    assert len(p["cross_validation"]["auc_per_fold"]) == 5
    lo, hi = f["indeterminate_band"]
    assert lo < f["threshold"] < hi, f
assert "CSF" in m["flags"]["lmd"]["caveat"]
assert m["flags"]["pce"]["provenance"]["n_imputed"]["summary.index_ring_completeness"] > 0
rows = list(csv.DictReader(open("features.csv", newline="")))
labels = {r["case_id"]: r for r in csv.DictReader(open("labels.csv"))}
with open("results.csv", "w", newline="") as out:
    w = csv.writer(out)
    w.writerow(["case_id", "pce_probability", "pce_call", "lmd_probability", "lmd_call"])
    for r in rows:
        row = [r["case_id"]]
        for flag in ("pce", "lmd"):
            f = m["flags"][flag]
            z = f["intercept"]
            for name, mu, sd, wt in zip(f["features"], f["mean"], f["scale"], f["weights"]):
                v = float(r[name]) if r[name] != "" else mu
                z += wt * (v - mu) / sd
            p = 1 / (1 + math.exp(-z))
            lo, hi = f["indeterminate_band"]
            call = "indeterminate" if lo <= p < hi else ("positive" if p >= f["threshold"] else "negative")
            row += [repr(p), call]
        w.writerow(row)
        # The perfectly separating pCE feature: every case called right.
        assert row[2] == ("positive" if labels[r["case_id"]]["pce"] == "1" else "negative"), row
PY

"$BIN" validate results.csv labels.csv -o report --model model.json --title "synthetic" > validate.txt
grep -q "^pce: n 90 (30 positive), AUC 1.000" validate.txt
grep -q "^lmd: n 89" validate.txt

python3 - <<'PY'
import csv, json, struct
j = json.load(open("report/validation.json"))
m = json.load(open("model.json"))
rows = {r["case_id"]: r for r in csv.DictReader(open("results.csv"))}
labels = list(csv.DictReader(open("labels.csv")))
assert j["schema"] == "rimscan-validation"
for flag in ("pce", "lmd"):
    v = j[flag]
    data = [(float(rows[l["case_id"]][flag + "_probability"]), rows[l["case_id"]][flag + "_call"], int(l[flag]))
            for l in labels if l[flag] != ""]
    pos = [p for p, _, y in data if y == 1]
    neg = [p for p, _, y in data if y == 0]
    auc = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a in pos for b in neg) / (len(pos) * len(neg))
    assert v["n"] == len(data) and v["n_positive"] == len(pos), v["n"]
    assert abs(v["auc"] - auc) < 1e-12, (flag, v["auc"], auc)
    lo, hi = v["auc_ci95"]
    assert lo <= v["auc"] + 1e-12 and v["auc"] <= hi + 1e-12 and hi <= 1, (lo, hi)
    brier = sum((p - y) ** 2 for p, _, y in data) / len(data)
    assert abs(v["brier"] - brier) < 1e-12
    tp = sum(1 for _, c, y in data if c == "positive" and y == 1)
    fp = sum(1 for _, c, y in data if c == "positive" and y == 0)
    tn = sum(1 for _, c, y in data if c == "negative" and y == 0)
    fn = sum(1 for _, c, y in data if c == "negative" and y == 1)
    ind = sum(1 for _, c, _ in data if c == "indeterminate")
    assert v["confusion_matrix"] == {"tp": tp, "fp": fp, "tn": tn, "fn": fn}, v["confusion_matrix"]
    assert v["indeterminate"]["n"] == ind
    assert abs(v["sensitivity"]["value"] - tp / (tp + fn)) < 1e-12
    assert abs(v["specificity"]["value"] - tn / (tn + fp)) < 1e-12
    n = tp + fp + tn + fn
    po = (tp + tn) / n
    pe = ((tp + fn) * (tp + fp) + (tn + fp) * (tn + fn)) / n ** 2
    assert abs(v["kappa"] - (po - pe) / (1 - pe)) < 1e-12
    counts = [0] * 10
    for p, _, _ in data:
        counts[min(int(p * 10), 9)] += 1
    assert [b["n"] for b in v["calibration"]] == counts
    assert v["threshold"] == m["flags"][flag]["threshold"]
    assert v["calls_inconsistent_with_model"] == 0
    assert v["roc"][0]["fpr"] == 0 and v["roc"][-1]["tpr"] == 1
    for png in (v["plots"]["roc"], v["plots"]["calibration"]):
        b = open("report/" + png, "rb").read()
        assert b[:8] == b"\x89PNG\r\n\x1a\n" and b[12:16] == b"IHDR", png
        assert struct.unpack(">II", b[16:24]) == (600, 600), png
assert j["pce"]["auc"] == 1.0 and j["pce"]["sensitivity"]["value"] == 1.0 and j["pce"]["specificity"]["value"] == 1.0
assert "CSF" in j["lmd"]["caveat"]

# The same results as a folder of case JSON documents.
import os
os.makedirs("cases/sub", exist_ok=True)
for i, (cid, r) in enumerate(rows.items()):
    doc = {"schema": "rimscan-case", "case_id": cid,
           "flags": {f: {"probability": float(r[f + "_probability"]), "call": r[f + "_call"]} for f in ("pce", "lmd")}}
    json.dump(doc, open(f"cases/{'sub/' if i % 2 else ''}{cid}.json", "w"))
PY
"$BIN" validate cases labels.csv -o report_json --model model.json > validate_json.txt
cmp validate.txt validate_json.txt
python3 - <<'PY'
import json
a, b = json.load(open("report/validation.json")), json.load(open("report_json/validation.json"))
for flag in ("pce", "lmd"):
    for k in ("n", "auc", "auc_ci95", "brier", "kappa", "confusion_matrix", "calibration"):
        assert a[flag][k] == b[flag][k], (flag, k)
PY
echo "train_validate_synthetic: ok"
