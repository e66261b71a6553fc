#!/usr/bin/env python3
"""Builds the seed corpora of the libFuzzer targets (fuzz/*.cpp) at run time, from the files in
sample_images/ and the shared real data ($RIMSCAN_DATA), so that no data file is copied into
the repository. Standard library only.

usage: fuzz_seeds.py SOURCE_DIR DATA_DIR OUT_DIR
Writes OUT_DIR/<target>/<name> for every target. Image seeds are made small (a few KiB) from
the real headers, since a fuzzer mutating a 10 MB file runs a hundred times slower; the header
fields (qform/sform, scaling, orientation, NRRD/MetaImage keys) are kept as the scanners wrote
them. Regression inputs kept in tests/fuzz_regressions/<target>/ are added to their corpora.
"""
import gzip
import hashlib
import pathlib
import re
import struct
import sys

# Byte 0 of a fuzz_image_read input selects the extension (fuzz/fuzz_image_read.cpp).
EXT_SELECTOR = {".nii": 0, ".nii.gz": 1, ".nrrd": 2, ".mha": 3, ".nhdr": 4, ".mhd": 5}

src, data, out = (pathlib.Path(a) for a in sys.argv[1:4])
counts = {}


def put(target, payload, name=None):
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    name = name or hashlib.sha1(payload).hexdigest()[:16]
    (d / name).write_bytes(payload)
    counts[target] = counts.get(target, 0) + 1


def small_nifti(raw, max_dims=(8, 8, 4)):
    """The same NIfTI-1 header with dims cut to max_dims and as much real payload."""
    if len(raw) < 352 or struct.unpack("<i", raw[:4])[0] != 348:
        return None
    h = bytearray(raw[:348])
    ndim = struct.unpack("<h", h[40:42])[0]
    if not 1 <= ndim <= 7:
        return None
    dims = list(struct.unpack("<7h", h[42:56]))
    for i in range(7):
        if i < ndim:
            dims[i] = max(1, min(dims[i], max_dims[i] if i < 3 else 1))
    struct.pack_into("<7h", h, 42, *dims)
    bitpix = struct.unpack("<h", h[72:74])[0]
    off = max(352, int(struct.unpack("<f", h[108:112])[0]))
    n = 1
    for i in range(ndim):
        n *= dims[i]
    payload = raw[off:off + n * max(1, bitpix // 8)]
    return bytes(h) + raw[348:off] + payload


def nifti_seeds():
    files = sorted(src.glob("sample_images/*.nii.gz"))
    for sub in ("normal", "tumour", "ibsi/ibsi_1_digital_phantom", "ibsi/ibsi_validation"):
        files += sorted((data / sub).rglob("*.nii.gz"))[:6]
    for f in files:
        try:
            raw = gzip.open(f).read()
        except OSError:
            continue
        s = small_nifti(raw)
        if s is None:
            continue
        put("fuzz_image_read", bytes([EXT_SELECTOR[".nii"]]) + s)
        put("fuzz_image_read", bytes([EXT_SELECTOR[".nii.gz"]]) + gzip.compress(s, mtime=0))


def nrrd_seeds():
    for f in sorted(data.glob("pyradiomics/*.nrrd")):
        raw = f.read_bytes()
        end = raw.find(b"\n\n")
        if end < 0:
            continue
        header = raw[:end + 1].decode("latin-1")
        m = re.search(r"^sizes: (.*)$", header, re.M)
        t = re.search(r"^type: (.*)$", header, re.M)
        if not m or not t:
            continue
        sizes = [min(int(v), c) for v, c in zip(m.group(1).split(), (6, 5, 3))]
        header = header.replace(m.group(0), "sizes: " + " ".join(map(str, sizes)))
        nbytes = {"short": 2, "unsigned char": 1, "uchar": 1, "float": 4, "double": 8,
                  "int": 4, "unsigned short": 2}.get(t.group(1).strip(), 2)
        n = sizes[0] * sizes[1] * sizes[2] if len(sizes) == 3 else 1
        body = bytes((i * 37) & 0xFF for i in range(n * nbytes))
        raw_hdr = re.sub(r"^encoding: .*$", "encoding: raw", header, flags=re.M).encode()
        put("fuzz_image_read", bytes([EXT_SELECTOR[".nrrd"]]) + raw_hdr + b"\n" + body)
        gz_hdr = re.sub(r"^encoding: .*$", "encoding: gzip", header, flags=re.M).encode()
        put("fuzz_image_read", bytes([EXT_SELECTOR[".nrrd"]]) + gz_hdr + b"\n" + gzip.compress(body, mtime=0))


def meta_seeds():
    # No MetaImage file among the real data: headers as ITK and 3D Slicer write them.
    body = bytes((i * 13) & 0xFF for i in range(6 * 5 * 3 * 2))
    for extra in ("", "TransformMatrix = 0 1 0 -1 0 0 0 0 1\n", "ElementSpacing = 0.5 0.5 5\n",
                  "AnatomicalOrientation = RAI\nOffset = -10 20 -30\n"):
        hdr = ("ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\n"
               "CompressedData = False\n" + extra + "DimSize = 6 5 3\nElementType = MET_SHORT\n"
               "ElementDataFile = LOCAL\n")
        put("fuzz_image_read", bytes([EXT_SELECTOR[".mha"]]) + hdr.encode() + body)
    z = gzip.zlib.compress(body)
    hdr = ("ObjectType = Image\nNDims = 3\nCompressedData = True\nCompressedDataSize = %d\n"
           "DimSize = 6 5 3\nElementType = MET_SHORT\nElementDataFile = LOCAL\n" % len(z))
    put("fuzz_image_read", bytes([EXT_SELECTOR[".mha"]]) + hdr.encode() + z)


def dicom_seeds():
    seen = set()
    for f in sorted((data / "dicom").rglob("*")):
        if not f.is_file() or f.suffix.lower() in (".json", ".md", ".txt", ".gz", ".nii", ".bval", ".bvec") \
                or f.name in ("LICENSE", "SOURCE.txt") or f.stat().st_size > 300_000:
            continue
        if f.parent in seen:  # one image per series directory
            continue
        raw = f.read_bytes()
        if raw[128:132] != b"DICM" and f.suffix.lower() != ".dcm":
            continue
        seen.add(f.parent)
        put("fuzz_dicom_series", raw)


def text_seeds():
    for f in [src / "sample_images/manifest.csv", src / "sample_images/labels.csv"]:
        if f.exists():
            put("fuzz_manifest", f.read_bytes())
    for s in ("case_id,t1c,brain_mask,lesion_mask,lesion_labels,site\n"
              "a,a.nii.gz,,m.nii.gz,brats2021,x\nb,\"b, c.nii.gz\",,,,\"q\"\"uoted\"\n",
              "Image,Mask\n/abs/i.nrrd,rel/m.nrrd\n\n",
              "T1C ; flair\r\ndir/,f.nii\r\n"):
        put("fuzz_manifest", s.encode())
    for f in sorted(data.glob("pyradiomics/exampleSettings/*.y*ml")):
        put("fuzz_params", f.read_bytes())
    put("fuzz_params", b'{"setting": {"binWidth": 25, "label": 1}, "imageType": {"Original": {}},'
                       b' "featureClass": {"firstorder": [], "glcm": ["Contrast"]}}')
    put("fuzz_model_json", (src / "models/default_model.json").read_bytes())


def regressions():
    root = src / "tests/fuzz_regressions"
    for d in sorted(root.glob("fuzz_*")) if root.exists() else []:
        if d.is_dir():
            for f in sorted(d.iterdir()):
                if f.is_file() and not f.name.endswith(".md"):
                    put(d.name, f.read_bytes(), "regression-" + f.name)


nifti_seeds()
nrrd_seeds()
meta_seeds()
dicom_seeds()
text_seeds()
regressions()
for t in sorted(counts):
    print(f"fuzz_seeds: {t}: {counts[t]} seed(s)")
