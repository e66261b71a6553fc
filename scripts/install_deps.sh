#!/usr/bin/env bash
# Installs every build and test dependency of rimscan from Debian 12 packages.
# Idempotent: packages already present are skipped; nothing is downloaded from elsewhere.
# The CUDA toolkit (/usr/local/cuda) is optional and is not installed here.
set -euo pipefail

PKGS=(
  build-essential cmake ninja-build pkg-config git
  libinsighttoolkit5-dev libgdcm-dev libssl-dev
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev
  libcli11-dev nlohmann-json3-dev libyaml-cpp-dev zlib1g-dev
  libgtest-dev libgmock-dev libbenchmark-dev libomp-dev
  clang libclang-rt-14-dev
  mricron-data
  slurmctld slurmd slurm-client munge
  python3 python3-venv python3-jsonschema
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install_deps: all ${#PKGS[@]} packages present"
  exit 0
fi
echo "install_deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
