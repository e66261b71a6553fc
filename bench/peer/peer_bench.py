#!/usr/bin/env python3
"""Side-by-side timing of pyradiomics (single process) and `rimscan features` (CPU, and CUDA when
a device is visible) on the same cases, settings and feature classes; writes a Markdown table.

Run through bench/peer/run_peer_bench.sh, which creates the virtualenv with pyradiomics.
Timings are in-process for both tools (pyradiomics: extractor.execute on images in memory, or on
the files for the end-to-end row; rimscan: the seconds and CPU seconds it reports in its JSON
`run` block), best of --repeats runs; process start-up (Python import, exec) is excluded from
both and reported apart.
"""
import argparse
import datetime
import json
import logging
import math
import os
import platform
import subprocess
import sys
import tempfile
import time

import numpy as np
import SimpleITK as sitk
import radiomics
from radiomics import featureextractor

CLASSES = ["firstorder", "shape", "glcm", "glrlm", "glszm", "gldm", "ngtdm"]
BEGIN = "<!-- peer-radiomics:begin (written by bench/peer/run_peer_bench.sh) -->"
END = "<!-- peer-radiomics:end -->"
# rimscan runs with its own defaults (all cores), not with the single-thread limits set for
# pyradiomics by run_peer_bench.sh.
# OpenMP threads sleep instead of spinning at barriers (OMP_WAIT_POLICY=passive): on a shared
# machine a spinning team waits a whole scheduler slice for any descheduled member.
RIMSCAN_ENV = {k: v for k, v in os.environ.items() if k not in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
RIMSCAN_ENV.setdefault("OMP_WAIT_POLICY", "passive")


def make_phantom(path_img, path_mask, n, seed):
    """A textured n^3 volume (1 mm) with an enhancing-rim lesion; the mask is the lesion."""
    rng = np.random.default_rng(seed)
    z, y, x = np.mgrid[0:n, 0:n, 0:n].astype(np.float32)
    c = n / 2.0
    r = np.sqrt(((x - c) / 1.0) ** 2 + ((y - c) / 0.85) ** 2 + ((z - c) / 1.15) ** 2)
    radius = 0.3 * n
    img = 400 + 60 * np.sin(x / 7.0) * np.cos(y / 5.0) + rng.normal(0, 40, (n, n, n))
    rim = np.exp(-((r - radius) ** 2) / (2 * (0.05 * n) ** 2))
    img += 900 * rim + 250 * (r < radius) * rng.random((n, n, n))
    mask = (r < radius * 1.05).astype(np.uint8)
    im = sitk.GetImageFromArray(img.astype(np.float32))
    mk = sitk.GetImageFromArray(mask)
    for o in (im, mk):
        o.SetSpacing((1.0, 1.0, 1.0))
    sitk.WriteImage(im, path_img, True)
    sitk.WriteImage(mk, path_mask, True)


def pyradiomics_time(image, mask, label, cls, repeats, from_files=False):
    """(CPU seconds, wall seconds, features) of extractor.execute, best of runs: on SimpleITK
    images already in memory (compute), or on the file paths (end to end, reading included)."""
    settings = {"binWidth": 25, "label": label}
    ex = featureextractor.RadiomicsFeatureExtractor(**settings)
    ex.disableAllFeatures()
    if cls == "all":
        for c in CLASSES:
            ex.enableFeatureClassByName(c)
    else:
        ex.enableFeatureClassByName(cls)
    if from_files:
        im, mk = image, mask
    else:
        im, mk = sitk.ReadImage(image), sitk.ReadImage(mask)
    cpu, wall, result = math.inf, math.inf, None
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        result = ex.execute(im, mk)
        wall = min(wall, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    feats = {k: float(v) for k, v in result.items() if k.startswith("original_")}
    return cpu, wall, feats


def rimscan_time(binary, image, mask, label, cls, device, threads, repeats, tmp):
    """Best of runs of `rimscan features`: dict with the CPU seconds of the extraction ("cpu") and
    of read + extraction ("cpu_e2e") as rimscan reports them, the wall seconds of the extraction
    ("wall", "wall_e2e") and of the whole process ("process"); and the features."""
    params = {"setting": {"binWidth": 25, "label": label}}
    params["featureClass"] = {c: None for c in (CLASSES if cls == "all" else [cls])}
    pfile = os.path.join(tmp, f"p_{cls}.json")
    with open(pfile, "w") as f:
        json.dump(params, f)
    out = os.path.join(tmp, f"r_{cls}_{device}.json")
    best = {k: math.inf for k in ("cpu", "cpu_e2e", "wall", "wall_e2e", "process")}
    doc = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run([binary, "features", image, mask, "--params", pfile, "--device", device,
                        "--threads", str(threads), "-o", out], check=True, env=RIMSCAN_ENV)
        best["process"] = min(best["process"], time.perf_counter() - t0)
        doc = json.load(open(out))
        s, c = doc["run"]["seconds"], doc["run"]["cpu_seconds"]
        best["cpu"] = min(best["cpu"], c["extract"])
        best["cpu_e2e"] = min(best["cpu_e2e"], c["read"] + c["extract"])
        best["wall"] = min(best["wall"], s["extract"])
        best["wall_e2e"] = min(best["wall_e2e"], s["read"] + s["extract"])
    return best, doc["features"]


def max_rel_diff(a, b):
    worst, name = 0.0, ""
    for k, v in a.items():
        if k in b:
            ref = b[k]
            d = abs(v - ref) / max(abs(ref), 1e-9) if abs(v - ref) > 1e-9 else 0.0
            if d > worst:
                worst, name = d, k
    return worst, name


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rimscan", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True, help="Markdown file whose radiomics section is (re)written")
    ap.add_argument("--json", help="raw results")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--phantom-sizes", default="128,256")
    ap.add_argument("--cases", default="", help="comma-separated subset of case names")
    ap.add_argument("--render", help="only write the Markdown from the raw results of an earlier run (--json)")
    args = ap.parse_args()
    logging.getLogger("radiomics").setLevel(logging.ERROR)

    info = json.loads(subprocess.run([args.rimscan, "info"], capture_output=True, text=True, check=True).stdout)
    if args.render:
        raw = json.load(open(args.render))
        write_markdown(args.out, raw["results"], raw["devices"], info, raw.get("measured"), raw.get("repeats", 3))
        return
    devices = ["cpu"] + (["cuda"] if info.get("cuda_devices") else [])
    tmp = tempfile.mkdtemp(prefix="peer_bench_")
    d = args.data
    cases = [
        ("brain1", f"{d}/pyradiomics/brain1_image.nrrd", f"{d}/pyradiomics/brain1_label.nrrd", 1),
        ("UPENN-GBM-00002 (label 4)", f"{d}/tumour/upenn-gbm/UPENN-GBM-00002_11/UPENN-GBM-00002_11_T1GD.nii.gz",
         f"{d}/tumour/upenn-gbm/UPENN-GBM-00002_11/UPENN-GBM-00002_11_segm.nii.gz", 4),
        ("UPENN-GBM-00009 (label 4)", f"{d}/tumour/upenn-gbm/UPENN-GBM-00009_11/UPENN-GBM-00009_11_T1GD.nii.gz",
         f"{d}/tumour/upenn-gbm/UPENN-GBM-00009_11/UPENN-GBM-00009_11_segm.nii.gz", 4),
    ]
    for n in [int(s) for s in args.phantom_sizes.split(",") if s]:
        img, msk = os.path.join(tmp, f"phantom{n}.nii.gz"), os.path.join(tmp, f"phantom{n}_mask.nii.gz")
        make_phantom(img, msk, n, seed=n)
        cases.append((f"phantom {n}^3", img, msk, 1))
    if args.cases:
        keep = set(args.cases.split(","))
        cases = [c for c in cases if c[0] in keep]

    results = []
    for name, img, msk, label in cases:
        m = sitk.GetArrayFromImage(sitk.ReadImage(msk))
        voxels = int((m == label).sum())
        row = {"case": name, "voxels": voxels, "pyradiomics": {}, "pyradiomics_wall": {},
               "rimscan": {dev: {} for dev in devices}}
        for cls in CLASSES + ["all"]:
            cpu, wall, pf = pyradiomics_time(img, msk, label, cls, args.repeats)
            row["pyradiomics"][cls], row["pyradiomics_wall"][cls] = cpu, wall
            for dev in devices:
                # CPU: one thread, so that CPU seconds compare with pyradiomics' single process.
                r, rf = rimscan_time(args.rimscan, img, msk, label, cls, dev, 1 if dev == "cpu" else 0,
                                     args.repeats, tmp)
                row["rimscan"][dev][cls] = r
                if cls == "all":
                    row.setdefault("max_rel_diff", {})[dev] = max_rel_diff(rf, pf)
            print(f"{name:28s} {cls:10s} pyradiomics cpu {cpu:8.3f}s wall {wall:8.3f}s  " +
                  "  ".join(f"rimscan-{dev} cpu {row['rimscan'][dev][cls]['cpu']:8.4f}s "
                            f"wall {row['rimscan'][dev][cls]['wall']:8.4f}s" for dev in devices), flush=True)
        cpu, wall, _ = pyradiomics_time(img, msk, label, "all", args.repeats, from_files=True)
        row["pyradiomics_e2e"], row["pyradiomics_e2e_wall"] = cpu, wall
        r, _ = rimscan_time(args.rimscan, img, msk, label, "all", "cpu", 0, args.repeats, tmp)
        row["rimscan_all_threads"] = r
        results.append(row)

    measured = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"results": results, "devices": devices, "measured": measured, "repeats": args.repeats}, f,
                      indent=1)
    write_markdown(args.out, results, devices, info, measured, args.repeats)


def write_markdown(path, results, devices, info, measured=None, repeats=3):
    now = measured or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [BEGIN]
    lines.append("## Radiomics: rimscan vs pyradiomics\n")
    lines.append(f"Measured {now} by `bench/peer/run_peer_bench.sh` on the build machine: {cpu_model()}, "
                 f"{os.cpu_count()} cores, shared with other jobs while measuring; rimscan {info.get('version')}; "
                 f"pyradiomics {radiomics.__version__} single process (numpy {np.__version__}, "
                 f"SimpleITK {sitk.Version.VersionString()}, Python {platform.python_version()}).\n")
    lines.append("Same cases, same settings (binWidth 25, pyradiomics defaults otherwise), same feature classes; each "
                 "class timed alone, then all classes together (`total`), on images already in memory "
                 "(pyradiomics: `extractor.execute` on SimpleITK images; rimscan: its extraction after reading). "
                 f"`end to end` adds reading the image and mask files. Best of {repeats} runs.\n")
    lines.append("**CPU seconds** (processor time of the process) are the comparison that holds on a shared "
                 "machine: rimscan runs on **one thread** (`--threads 1`), against pyradiomics' single process. "
                 "Wall seconds are given beside them; they include waiting for the other jobs on the machine. "
                 "Speed-up = pyradiomics / rimscan.\n")
    if "cuda" not in devices:
        lines.append("GPU column: not measured — no CUDA device on the machine that ran this table "
                     "(the CUDA path is built and its matrices are tested equal to the CPU's on a GPU machine "
                     "by tests/parity/test_parity_radiomics.cpp).\n")
    for r in results:
        lines.append(f"### {r['case']} — {r['voxels']} ROI voxels\n")
        head = ("| class | pyradiomics CPU s | rimscan CPU s (1 thread) | speed-up | pyradiomics wall s "
                "| rimscan wall s (1 thread) |")
        sep = "|---|---:|---:|---:|---:|---:|"
        if "cuda" in devices:
            head += " rimscan GPU wall s | speed-up GPU (wall) |"
            sep += "---:|---:|"
        lines.append(head)
        lines.append(sep)
        for cls in CLASSES + ["all"]:
            p, pw = r["pyradiomics"][cls], r["pyradiomics_wall"][cls]
            c = r["rimscan"]["cpu"][cls]
            cell = (f"| {'**total**' if cls == 'all' else cls} | {p:.3f} | {c['cpu']:.4f} | "
                    f"**{p / max(c['cpu'], 1e-6):.0f}x** | {pw:.3f} | {c['wall']:.4f} |")
            if "cuda" in devices:
                g = r["rimscan"]["cuda"][cls]
                cell += f" {g['wall']:.4f} | {pw / max(g['wall'], 1e-6):.0f}x |"
            lines.append(cell)
        c = r["rimscan"]["cpu"]["all"]
        cell = (f"| end to end (read + all) | {r['pyradiomics_e2e']:.3f} | {c['cpu_e2e']:.4f} | "
                f"{r['pyradiomics_e2e'] / max(c['cpu_e2e'], 1e-6):.0f}x | {r['pyradiomics_e2e_wall']:.3f} | "
                f"{c['wall_e2e']:.4f} |")
        if "cuda" in devices:
            g = r["rimscan"]["cuda"]["all"]
            cell += f" {g['wall_e2e']:.4f} | {r['pyradiomics_e2e_wall'] / max(g['wall_e2e'], 1e-6):.0f}x |"
        lines.append(cell)
        worst, name = r["max_rel_diff"]["cpu"]
        at = r["rimscan_all_threads"]
        lines.append(f"\nrimscan on all cores: total {at['wall']:.4f} s wall ({at['cpu']:.4f} CPU s); whole "
                     f"process (start-up, read, write) {at['process']:.3f} s. Largest relative difference "
                     f"to pyradiomics over all features: {worst:.2e} ({name}).\n")
    lines.append(END)
    section = "\n".join(lines) + "\n"
    # Replace only this section of the file (other benchmarks live beside it).
    old = open(path).read() if os.path.exists(path) else "# Benchmarks\n\n"
    if BEGIN in old and END in old:
        text = old[:old.index(BEGIN)] + section.rstrip("\n") + old[old.index(END) + len(END):]
    else:
        text = old.rstrip("\n") + "\n\n" + section
    with open(path, "w") as f:
        f.write(text)
    print(section)


if __name__ == "__main__":
    main()
