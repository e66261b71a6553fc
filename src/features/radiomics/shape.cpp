// Morphological features (pyradiomics shape, IBSI 3.1) from the marching-cubes mesh
// (rimscan/features/mesh.h) and the principal components of the voxel positions.
#include <algorithm>
#include <cmath>

#include "rimscan/features/mesh.h"
#include "rimscan/features/radiomics/features.h"

namespace rimscan::radiomics {
namespace {

// Surface area of an ellipsoid with semi-axes a >= b >= c, IBSI's Legendre series (20 terms).
double ellipsoid_area(double a, double b, double c) {
  if (!(a > 0) || !(b > 0) || !(c > 0)) return 0.0;
  const double alpha = std::sqrt(std::max(0.0, 1.0 - (b * b) / (a * a)));
  const double beta = std::sqrt(std::max(0.0, 1.0 - (c * c) / (a * a)));
  if (alpha == 0 || beta == 0) {
    // Degenerate series argument: fall back to the sphere-like limit of the series (terms with
    // nu >= 1 vanish as alpha * beta -> 0).
    return 4.0 * M_PI * a * b;
  }
  const double x = (alpha * alpha + beta * beta) / (2.0 * alpha * beta);
  double sum = 0, ab_pow = 1;
  double p_prev = 1, p_cur = x;  // Legendre P0, P1
  for (int nu = 0; nu <= 20; ++nu) {
    double pn;
    if (nu == 0) pn = 1;
    else if (nu == 1) pn = x;
    else {
      pn = ((2.0 * nu - 1.0) * x * p_cur - (nu - 1.0) * p_prev) / nu;
      p_prev = p_cur;
      p_cur = pn;
    }
    sum += ab_pow / (1.0 - 4.0 * nu * nu) * pn;
    ab_pow *= alpha * beta;
  }
  return 4.0 * M_PI * a * b * sum;
}

// Eigenvalues (ascending) of a symmetric 3x3 matrix.
void eig3(const double m[6], double ev[3]) {  // m: xx, yy, zz, xy, xz, yz
  std::vector<double> a = {m[0], m[3], m[4], m[3], m[1], m[5], m[4], m[5], m[2]};
  auto v = symmetric_eigenvalues(a, 3);
  ev[0] = v[0], ev[1] = v[1], ev[2] = v[2];
}

}  // namespace

ClassValues shape_features(const ShapeInput& in) {
  const features::MeshResult mr = features::mesh_analyse(in.mask, in.size, in.spacing, in.with_diameters);
  const double V = mr.measures.volume_mm3, A = mr.measures.surface_mm2;
  // Voxel positions (mm) of the morphological mask, and the intensity-weighted centre.
  const int64_t nx = in.size[0], ny = in.size[1], nz = in.size[2];
  double n = 0, s[3] = {0, 0, 0}, ss[6] = {0, 0, 0, 0, 0, 0};
  double wsum = 0, ws[3] = {0, 0, 0}, isum = 0, icount = 0;
  int64_t lo[3] = {nx, ny, nz}, hi[3] = {-1, -1, -1};
  for (int64_t k = 0; k < nz; ++k)
    for (int64_t j = 0; j < ny; ++j)
      for (int64_t i = 0; i < nx; ++i) {
        const int64_t v = i + nx * (j + ny * k);
        const double p[3] = {i * in.spacing[0], j * in.spacing[1], k * in.spacing[2]};
        if (in.roi && in.roi[v] && in.values) {
          const double x = in.values[v];
          wsum += x;
          ws[0] += x * p[0], ws[1] += x * p[1], ws[2] += x * p[2];
          isum += x;
          icount += 1;
        }
        if (!in.mask[v]) continue;
        n += 1;
        const int64_t c[3] = {i, j, k};
        for (int a = 0; a < 3; ++a) lo[a] = std::min(lo[a], c[a]), hi[a] = std::max(hi[a], c[a]);
        s[0] += p[0], s[1] += p[1], s[2] += p[2];
        ss[0] += p[0] * p[0], ss[1] += p[1] * p[1], ss[2] += p[2] * p[2];
        ss[3] += p[0] * p[1], ss[4] += p[0] * p[2], ss[5] += p[1] * p[2];
      }
  if (n == 0) return {};
  const double mu[3] = {s[0] / n, s[1] / n, s[2] / n};
  const double ddof = in.sample_covariance && n > 1 ? n / (n - 1) : 1.0;
  const double cov[6] = {ddof * (ss[0] / n - mu[0] * mu[0]), ddof * (ss[1] / n - mu[1] * mu[1]),
                         ddof * (ss[2] / n - mu[2] * mu[2]), ddof * (ss[3] / n - mu[0] * mu[1]),
                         ddof * (ss[4] / n - mu[0] * mu[2]), ddof * (ss[5] / n - mu[1] * mu[2])};
  double ev[3];
  eig3(cov, ev);
  for (double& e : ev) e = std::max(e, 0.0);
  const double lmin = ev[0], lmid = ev[1], lmaj = ev[2];
  const double voxel_volume = in.spacing[0] * in.spacing[1] * in.spacing[2];
  // Mesh bounding box: the vertices span the voxel extent plus half a voxel on each side.
  double box[3];
  for (int a = 0; a < 3; ++a) box[a] = static_cast<double>(hi[a] - lo[a] + 1) * in.spacing[a];
  const double box_v = box[0] * box[1] * box[2];
  const double box_a = 2.0 * (box[0] * box[1] + box[0] * box[2] + box[1] * box[2]);
  const double ea = 2.0 * std::sqrt(lmaj), eb = 2.0 * std::sqrt(lmid), ec = 2.0 * std::sqrt(lmin);
  const double aee_v = 4.0 * M_PI / 3.0 * ea * eb * ec;
  const double aee_a = ellipsoid_area(ea, eb, ec);
  double com_shift = 0;
  if (wsum != 0) {
    const double d[3] = {ws[0] / wsum - mu[0], ws[1] / wsum - mu[1], ws[2] / wsum - mu[2]};
    com_shift = std::sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
  }
  ClassValues v;
  v.emplace_back("Elongation", lmaj > 0 ? std::sqrt(lmid / lmaj) : 0.0);
  v.emplace_back("Flatness", lmaj > 0 ? std::sqrt(lmin / lmaj) : 0.0);
  v.emplace_back("LeastAxisLength", 4.0 * std::sqrt(lmin));
  v.emplace_back("MajorAxisLength", 4.0 * std::sqrt(lmaj));
  v.emplace_back("Maximum2DDiameterColumn", mr.diameters.max_2d_column);
  v.emplace_back("Maximum2DDiameterRow", mr.diameters.max_2d_row);
  v.emplace_back("Maximum2DDiameterSlice", mr.diameters.max_2d_slice);
  v.emplace_back("Maximum3DDiameter", mr.diameters.max_3d);
  v.emplace_back("MeshVolume", V);
  v.emplace_back("MinorAxisLength", 4.0 * std::sqrt(lmid));
  v.emplace_back("Sphericity", mr.measures.sphericity);
  v.emplace_back("SurfaceArea", A);
  v.emplace_back("SurfaceVolumeRatio", V > 0 ? A / V : 0.0);
  v.emplace_back("VoxelVolume", n * voxel_volume);
  v.emplace_back("Compactness1", A > 0 ? V / std::sqrt(M_PI * A * A * A) : 0.0);
  v.emplace_back("Compactness2", A > 0 ? 36.0 * M_PI * V * V / (A * A * A) : 0.0);
  v.emplace_back("SphericalDisproportion", V > 0 ? A / std::cbrt(36.0 * M_PI * V * V) : 0.0);
  v.emplace_back("Asphericity", V > 0 ? std::cbrt(A * A * A / (36.0 * M_PI * V * V)) - 1.0 : 0.0);
  v.emplace_back("CentreOfMassShift", com_shift);
  v.emplace_back("VolumeDensityAABB", box_v > 0 ? V / box_v : 0.0);
  v.emplace_back("AreaDensityAABB", box_a > 0 ? A / box_a : 0.0);
  v.emplace_back("VolumeDensityAEE", aee_v > 0 ? V / aee_v : 0.0);
  v.emplace_back("AreaDensityAEE", aee_a > 0 ? A / aee_a : 0.0);
  v.emplace_back("IntegratedIntensity", icount > 0 ? isum / icount * V : 0.0);
  return v;
}

}  // namespace rimscan::radiomics
