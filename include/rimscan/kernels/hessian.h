#pragma once
// Hessian eigenvalues and multi-scale shape measures (tubes, blobs, plates) of a volume
// (docs/kernels.md#hessian), written once against the backend interface; per-voxel math in
// detail/hessian_math.h, smoothing by gaussian.h.
#include <cstdint>
#include <string>
#include <vector>

#include "rimscan/error.h"
#include "rimscan/geometry.h"
#include "rimscan/kernels/detail/hessian_math.h"
#include "rimscan/kernels/detail/row_piece.h"
#include "rimscan/kernels/gaussian.h"
#include "rimscan/kernels/types.h"
#include "rimscan/par/hd.h"

namespace rimscan::kernels {

namespace hessian_impl {
inline detail::hessian::Grid make_grid(Size3 size, Vec3 spacing) {
  for (int a = 0; a < 3; ++a) {
    if (size[a] <= 0) throw Error(ErrorCode::kInputInvalid, "Hessian: volume size must be positive on every axis");
    if (!(spacing[a] > 0.0) || !(spacing[a] < 1e300))
      throw Error(ErrorCode::kInputInvalid, "Hessian: spacing must be finite and positive");
  }
  const int64_t n[3] = {size[0], size[1], size[2]};
  const double sp[3] = {spacing[0], spacing[1], spacing[2]};
  return detail::hessian::make_grid(n, sp);
}

inline void check_params(const VesselnessParams& p) {
  if (!(p.alpha > 0.0) || !(p.beta > 0.0) || !(p.c < 1e300))
    throw Error(ErrorCode::kUsage, "vesselness: alpha and beta must be > 0 and c finite (c <= 0: automatic)");
}

// c of the structure term: p.c when positive, else half the largest ||sigma^2 H||_F over the
// whole volume (Frangi's choice); a flat volume gives 0, which makes every measure 0.
template <class B>
double structure_c(const B& be, const float* smoothed, const detail::hessian::Grid& grid, double norm,
                   const VesselnessParams& p) {
  if (p.c > 0.0) return p.c;
  const detail::hessian::Grid g = grid;
  const int64_t nx = g.n[0], ny = g.n[1];
  const double mx = be.transform_max(
      detail::row_pieces(g.n[0], g.n[1], g.n[2]),
      RIMSCAN_LAMBDA(int64_t item) {
        const detail::RowPiece rp = detail::row_piece(item, nx, ny);
        double m = 0.0;
        for (int64_t i = rp.i0; i < rp.i1; ++i) {
          const int64_t v = i + nx * (rp.j + ny * rp.k);
          const double f = detail::hessian::frobenius(detail::hessian::hessian_at(smoothed, g, v, i, rp.j, rp.k));
          m = f > m ? f : m;
        }
        return norm * m;
      },
      0.0);
  return 0.5 * mx;
}

RIMSCAN_HD inline detail::hessian::Sym3 scaled(const detail::hessian::Sym3& h, double s) {
  return detail::hessian::Sym3{s * h.xx, s * h.yy, s * h.zz, s * h.xy, s * h.xz, s * h.yz};
}
}  // namespace hessian_impl

// Eigenvalues of the Hessian of `smoothed` (already Gaussian-smoothed; physical units,
// intensity / mm^2), ordered by magnitude |l1| <= |l2| <= |l3|. Central second differences,
// one-sided at the volume's faces (docs/kernels.md#hessian).
template <class B>
void hessian_eigenvalues(const B& be, const float* smoothed, float* l1, float* l2, float* l3, Size3 size,
                         Vec3 spacing) {
  const detail::hessian::Grid g = hessian_impl::make_grid(size, spacing);
  const int64_t nx = g.n[0], ny = g.n[1];
  be.for_each(detail::row_pieces(g.n[0], g.n[1], g.n[2]), RIMSCAN_LAMBDA(int64_t item) {
    const detail::RowPiece rp = detail::row_piece(item, nx, ny);
    for (int64_t i = rp.i0; i < rp.i1; ++i) {
      const int64_t v = i + nx * (rp.j + ny * rp.k);
      double l[3];
      detail::hessian::eigenvalues(detail::hessian::hessian_at(smoothed, g, v, i, rp.j, rp.k), l);
      l1[v] = static_cast<float>(l[0]);
      l2[v] = static_cast<float>(l[1]);
      l3[v] = static_cast<float>(l[2]);
    }
  });
}

// Bright tube, blob and plate measures (detail/hessian_math.h) of the scale-normalised Hessian
// sigma_norm_mm^2 * H of `smoothed` (pass the Gaussian sigma used to smooth it; 0 = no
// normalisation). Any of tube / blob / plate may be null. With `where` (optional), voxels
// where it is 0 get 0 without any work.
template <class B>
void hessian_shape_measures(const B& be, const float* smoothed, float* tube, float* blob, float* plate, Size3 size,
                            Vec3 spacing, double sigma_norm_mm, const VesselnessParams& params = {},
                            const uint8_t* where = nullptr) {
  hessian_impl::check_params(params);
  const detail::hessian::Grid g = hessian_impl::make_grid(size, spacing);
  const double norm = sigma_norm_mm > 0.0 ? sigma_norm_mm * sigma_norm_mm : 1.0;
  const double c = hessian_impl::structure_c(be, smoothed, g, norm, params);
  const double alpha = params.alpha, beta = params.beta;
  const int64_t nx = g.n[0], ny = g.n[1];
  be.for_each(detail::row_pieces(g.n[0], g.n[1], g.n[2]), RIMSCAN_LAMBDA(int64_t item) {
    const detail::RowPiece rp = detail::row_piece(item, nx, ny);
    for (int64_t i = rp.i0; i < rp.i1; ++i) {
      const int64_t v = i + nx * (rp.j + ny * rp.k);
      double l[3] = {0.0, 0.0, 0.0};
      if (!where || where[v] != 0)
        detail::hessian::eigenvalues(hessian_impl::scaled(detail::hessian::hessian_at(smoothed, g, v, i, rp.j, rp.k), norm), l);
      if (tube) tube[v] = static_cast<float>(detail::hessian::vesselness_bright(l, alpha, beta, c));
      if (blob) blob[v] = static_cast<float>(detail::hessian::blobness_bright(l, alpha, beta, c));
      if (plate) plate[v] = static_cast<float>(detail::hessian::plateness_bright(l, alpha, beta, c));
    }
  });
}

// Multi-scale bright-tube measure: out[v] = max over sigma in sigmas_mm of the vesselness of
// sigma^2 * Hessian(Gaussian_sigma * image) (Frangi et al. 1998), in [0, 1). Used to suppress
// vessels while keeping blob-like lesions. scratch_a, scratch_b: one volume each. image and
// out must not alias. With `where` (optional), only voxels where it is non-zero are
// evaluated (the others get 0); c (automatic) is still taken over the whole volume.
template <class B>
void tubularity(const B& be, const float* image, float* out, float* scratch_a, float* scratch_b, Size3 size,
                Vec3 spacing, const std::vector<double>& sigmas_mm, const VesselnessParams& params = {},
                const uint8_t* where = nullptr) {
  hessian_impl::check_params(params);
  if (sigmas_mm.empty()) throw Error(ErrorCode::kUsage, "tubularity: at least one scale is needed");
  for (double s : sigmas_mm)
    if (!(s > 0.0) || !(s < 1e300)) throw Error(ErrorCode::kUsage, "tubularity: scales must be finite and > 0 mm");
  const detail::hessian::Grid g = hessian_impl::make_grid(size, spacing);
  const int64_t nx = g.n[0], ny = g.n[1];
  const double alpha = params.alpha, beta = params.beta;
  for (size_t si = 0; si < sigmas_mm.size(); ++si) {
    const double sigma = sigmas_mm[si];
    gaussian_filter(be, image, scratch_a, scratch_b, size, spacing, sigma);
    const float* sm = scratch_a;
    const double norm = sigma * sigma;
    const double c = hessian_impl::structure_c(be, sm, g, norm, params);
    const bool first = si == 0;
    be.for_each(detail::row_pieces(g.n[0], g.n[1], g.n[2]), RIMSCAN_LAMBDA(int64_t item) {
      const detail::RowPiece rp = detail::row_piece(item, nx, ny);
      for (int64_t i = rp.i0; i < rp.i1; ++i) {
        const int64_t v = i + nx * (rp.j + ny * rp.k);
        float t = 0.0f;
        if (!where || where[v] != 0) {
          double l[3];
          detail::hessian::eigenvalues(hessian_impl::scaled(detail::hessian::hessian_at(sm, g, v, i, rp.j, rp.k), norm), l);
          t = static_cast<float>(detail::hessian::vesselness_bright(l, alpha, beta, c));
        }
        out[v] = first ? t : (t > out[v] ? t : out[v]);
      }
    });
  }
}

}  // namespace rimscan::kernels
