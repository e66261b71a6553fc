#!/usr/bin/env bash
# extract --radiomics and batch --radiomics on committed sample cases (sample_images/):
#  - every lesion of the case JSON carries `radiomics.features` EQUAL (same doubles, every
#    feature) to `rimscan features T1C IDS --label <id>` on the same T1c with that lesion's region
#    of the --lesion-ids map, with pyradiomics defaults (rim case, 2.2 mm isotropic) and with a
#    parameter file (rim + leptomeningeal case, 1.5x1.5x5 mm resampled to 2 mm: binCount, 2D
#    texture, a subset of classes), and the per-lesion diagnostics (mask voxels, grey levels) are
#    the same too;
#  - parameters.radiomics holds the settings; the documents validate against
#    docs/schema/case.schema.json; without --radiomics there is no radiomics anywhere;
#  - batch --radiomics-params writes the same lesion features into its case JSONs as extract
#    with that file and, in results.csv, one column per feature named lesions.<k>.radiomics.features.<name>, whose
#    cells are the JSON values;
#  - a lesion below minimumROISize gets radiomics.error (schema-valid), the case still succeeds;
#  - a bad parameter file is a usage error (exit 2) naming the file and the key, before reading.
set -euo pipefail
BIN=${RIMSCAN_BIN:?}; SRC=${RIMSCAN_SOURCE_DIR:?}
mkdir -p "${RIMSCAN_TEST_TMP:-/tmp}"
T=$(mktemp -d "${RIMSCAN_TEST_TMP:-/tmp}/extract_radiomics.XXXXXX"); trap 'rm -rf "$T"' EXIT
trap 'echo "extract_radiomics: FAIL: line $LINENO: $BASH_COMMAND" >&2' ERR
RIM="$SRC/sample_images/phantom_0002_t1c.nii.gz"
RIMLMD="$SRC/sample_images/phantom_0004_t1c.nii.gz"
cat > "$T/params.yaml" <<'YAML'
setting:
  binCount: 24
  force2D: true
  resampledPixelSpacing: [2, 2, 2]
featureClass:
  firstorder:
  shape:
  glcm:
  glszm:
  ngtdm:
YAML

"$BIN" extract "$RIM" -o "$T/rim.json" --lesion-ids "$T/rim_ids.nii.gz" --radiomics --device cpu --threads 2
"$BIN" extract "$RIMLMD" -o "$T/rimlmd.json" --lesion-ids "$T/rimlmd_ids.nii.gz" --radiomics-params "$T/params.yaml" \
  --device cpu --threads 2
"$BIN" extract "$RIM" -o "$T/plain.json" --device cpu --threads 2

# The reference: `rimscan features` on each lesion's region of the lesion-id map.
for name in rim rimlmd; do
  t1c=$RIM; extra=()
  if [ "$name" = rimlmd ]; then t1c=$RIMLMD; extra=(--params "$T/params.yaml"); fi
  for id in $(python3 -c 'import json,sys; print(" ".join(str(l["id"]) for l in json.load(open(sys.argv[1]))["lesions"]))' "$T/$name.json"); do
    # A lesion the settings refuse (e.g. one voxel thick after resampling) must be refused by
    # features too, with the same reason: keep its message.
    "$BIN" features "$t1c" "$T/${name}_ids.nii.gz" --label "$id" "${extra[@]}" --device cpu --threads 2 \
      -o "$T/${name}_features_$id.json" 2> "$T/${name}_features_$id.err" || true
  done
done

python3 - "$SRC/docs/schema/case.schema.json" "$T" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1])); t = sys.argv[2]
for name in ("rim", "rimlmd"):
    doc = json.load(open(f"{t}/{name}.json"))
    jsonschema.validate(doc, schema)
    assert len(doc["lesions"]) >= 1, (name, doc["summary"])
    settings = doc["parameters"]["radiomics"]
    n_features = 0
    for lesion in doc["lesions"]:
        if "error" in lesion["radiomics"]:
            msg = lesion["radiomics"]["error"]["message"]
            err = open(f"{t}/{name}_features_{lesion['id']}.err").read()
            assert msg in err, (name, lesion["id"], msg, err)
            continue
        n_features += 1
        ref = json.load(open(f"{t}/{name}_features_{lesion['id']}.json"))
        got = lesion["radiomics"]["features"]
        assert len(got) > 20, (name, len(got))
        # Same names in the same order, and the same doubles (both written from the same values).
        assert list(got) == list(ref["features"]), (name, sorted(set(got) ^ set(ref["features"]))[:5])
        diff = [k for k in got if got[k] != ref["features"][k]]
        assert not diff, (name, lesion["id"], [(k, got[k], ref["features"][k]) for k in diff[:5]])
        d = lesion["radiomics"]["diagnostics"]
        for k in ("mask", "discretisation", "texture_directions"):
            assert d[k] == ref["diagnostics"][k], (name, k, d[k], ref["diagnostics"][k])
        # The ROI is the lesion: enhancing rim + enclosed core (its whole region in the id map).
        if name == "rim":  # not resampled
            vox = 1
            for s in doc["inputs"]["t1c"]["geometry"]["spacing_mm"]:
                vox *= s
            assert abs(d["mask"]["voxels"] * vox / 1000 - lesion["volume_ml"]) < 1e-9, (d["mask"], lesion["volume_ml"])
        ref_settings = dict(ref["diagnostics"]["settings"]); ref_settings.pop("label")
        assert settings == ref_settings, (settings, ref_settings)
    assert n_features >= 1, name
rim = json.load(open(f"{t}/rim.json")); rimlmd = json.load(open(f"{t}/rimlmd.json"))
assert rim["parameters"]["radiomics"]["binWidth"] == 25, rim["parameters"]["radiomics"]
assert rimlmd["parameters"]["radiomics"]["binCount"] == 24 and rimlmd["parameters"]["radiomics"]["force2D"] is True
assert all(not k.startswith("original_glrlm_") for l in rimlmd["lesions"] for k in l["radiomics"].get("features", {}))
assert "radiomics" in rim["run"]["stage_seconds"]
# Same analysis otherwise: --radiomics adds, it never changes a metric.
plain = json.load(open(f"{t}/plain.json"))
jsonschema.validate(plain, schema)
assert "radiomics" not in plain["parameters"] and all("radiomics" not in l for l in plain["lesions"])
for d in (rim, plain):
    for k in ("run", "outputs"):
        d.pop(k)
    d["parameters"].pop("radiomics", None)
    for l in d["lesions"]:
        l.pop("radiomics", None)
assert rim == plain, "extract --radiomics changed something besides the radiomics blocks"
PY

# batch: the same features in the case JSONs and as results.csv columns.
printf 'case_id,t1c\nrimlmd,%s\nrim,%s\n' "$RIMLMD" "$RIM" > "$T/manifest.csv"
"$BIN" batch "$T/manifest.csv" -o "$T/batch" --radiomics-params "$T/params.yaml" --device cpu --threads 2 \
  --progress none
python3 - "$T" <<'PY'
import csv, json, sys
t = sys.argv[1]
rows = {r["case_id"]: r for r in csv.DictReader(open(f"{t}/batch/results.csv"))}
header = next(csv.reader(open(f"{t}/batch/results.csv")))
ref = json.load(open(f"{t}/rimlmd.json"))  # extract with the same parameter file
for case in ("rimlmd", "rim"):
    doc = json.load(open(f"{t}/batch/cases/{case}.json"))
    assert doc["parameters"] == ref["parameters"], case
    if case == "rimlmd":
        assert [l["radiomics"] for l in doc["lesions"]] == [l["radiomics"] for l in ref["lesions"]], case
    n = 0
    for k, lesion in enumerate(doc["lesions"]):
        if "error" in lesion["radiomics"]:
            assert not any(c.startswith(f"lesions.{k}.") for c in header) or all(
                rows[case][c] == "" for c in header if c.startswith(f"lesions.{k}.")), (case, k)
            continue
        for name, value in lesion["radiomics"]["features"].items():
            col = f"lesions.{k}.radiomics.features.{name}"
            assert col in header, col
            cell = rows[case][col]
            assert (cell == "" if value is None else float(cell) == value), (case, col, cell, value)
            n += 1
    assert n > 20, (case, n)
# The radiomics columns come after the qc columns.
first = min(i for i, c in enumerate(header) if c.startswith("lesions."))
assert all(not c.startswith(("summary.", "leptomeningeal.", "qc.")) for c in header[first:]), header[first:first + 3]
PY

# A lesion too small for the settings: an error record instead of features, the case succeeds.
printf 'setting:\n  minimumROISize: 100000000\n' > "$T/huge.yaml"
"$BIN" extract "$RIM" -o "$T/small.json" --radiomics-params "$T/huge.yaml" --device cpu --threads 2 2> "$T/small.err"
grep -q "radiomics: lesion 1" "$T/small.err"
python3 - "$SRC/docs/schema/case.schema.json" "$T" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1])); t = sys.argv[2]
doc = json.load(open(f"{t}/small.json"))
jsonschema.validate(doc, schema)
for lesion in doc["lesions"]:
    r = lesion["radiomics"]
    assert list(r) == ["error"] and r["error"]["code"] == "input_invalid", r
    assert "minimumROISize" in r["error"]["message"] or "minimum" in r["error"]["message"].lower(), r
PY

# A parameter file with an unknown setting: exit 2, one line naming the file and the key.
printf 'setting:\n  binWidht: 5\n' > "$T/bad.yaml"
rc=0
"$BIN" extract "$RIM" -o "$T/bad.json" --radiomics-params "$T/bad.yaml" 2> "$T/bad.err" || rc=$?
[ "$rc" -eq 2 ] || { echo "bad parameter file: exit $rc, expected 2" >&2; cat "$T/bad.err" >&2; exit 1; }
grep -q "bad.yaml" "$T/bad.err" && grep -q "binWidht" "$T/bad.err"
[ "$(wc -l < "$T/bad.err")" -eq 1 ]
[ ! -e "$T/bad.json" ]
echo "extract_radiomics: ok"
