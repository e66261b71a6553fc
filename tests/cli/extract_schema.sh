#!/usr/bin/env bash
# rimscan extract on a committed sample case: writes a JSON that validates against
# docs/schema/case.schema.json, label maps on the T1c grid, and a QC PNG; a second run gives the
# same document apart from its run block; --threads 1 and 2 agree byte for byte.
set -euo pipefail
BIN=${RIMSCAN_BIN:?}; SRC=${RIMSCAN_SOURCE_DIR:?}
T=$(mktemp -d "${RIMSCAN_TEST_TMP:-/tmp}/extract_schema.XXXXXX"); mkdir -p "$T"; trap 'rm -rf "$T"' EXIT
CASE=$(ls "$SRC"/sample_images/*_t1c.nii.gz | head -n 1)
"$BIN" extract "$CASE" -o "$T/a.json" --label-map "$T/labels.nii.gz" --lesion-ids "$T/ids.nii.gz" --qc-png "$T/qc.png" --device cpu --threads 1
"$BIN" extract "$CASE" -o "$T/b.json" --device cpu --threads 2
/usr/bin/python3 - "$SRC/docs/schema/case.schema.json" "$T" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1])); t = sys.argv[2]
a = json.load(open(t + "/a.json")); b = json.load(open(t + "/b.json"))
jsonschema.validate(a, schema); jsonschema.validate(b, schema)
for d in (a, b):
    d.pop("run"); d.pop("outputs")
assert a == b, "two runs (1 and 2 threads) differ outside the run block"
assert a["flags"]["lmd"]["caveat"], "the LMD flag must carry the CSF caveat"
ids = [l["id"] for l in a["lesions"]]
assert ids == list(range(1, len(ids) + 1)), ids
PY
# The QC image is a PNG; the maps share the T1c's grid.
head -c 8 "$T/qc.png" | od -An -tx1 | grep -q "89 50 4e 47 0d 0a 1a 0a"
"$BIN" info "$T/labels.nii.gz" > "$T/labels_info.json"
"$BIN" info "$CASE" > "$T/t1c_info.json"
/usr/bin/python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
a = json.load(open(t + "/labels_info.json")); b = json.load(open(t + "/t1c_info.json"))
ga, gb = a["geometry"], b["geometry"]
assert ga["size"] == gb["size"], (ga, gb)
for k in ("spacing_mm", "origin_mm", "direction"):
    assert all(abs(x - y) < 1e-4 for x, y in zip(ga[k], gb[k])), k
PY
echo "extract_schema: ok"
