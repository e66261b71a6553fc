#pragma once
// Engine: the host-facing facade of one compute backend. An engine owns its backend state
// (CPU thread count, or a CUDA device stream and memory pool) and runs whole algorithms with
// one upload of the inputs and one download of the results. Make one per worker thread.
//
// Every method is implemented once, generically, in src/engine/engine_impl.h and instantiated
// for the CPU (src/engine/engine_cpu.cpp) and for CUDA (cuda/engine/engine_cuda.cu).
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "rimscan/device.h"
#include "rimscan/image.h"
#include "rimscan/features/radiomics/roi.h"
#include "rimscan/kernels/types.h"
#include "rimscan/pipeline/case_input.h"
#include "rimscan/pipeline/case_result.h"

namespace rimscan {

class Engine {
 public:
  virtual ~Engine() = default;
  virtual DeviceKind kind() const = 0;
  // "cpu (2 threads)", "cuda:0 (NVIDIA H100 80GB HBM3)".
  virtual std::string name() const = 0;

  // --- individual kernels (for tests, benchmarks and adapters) ------------------------------
  // Gaussian smoothing with sigma in mm (docs/kernels.md#gaussian).
  virtual ImageF gaussian(const ImageF& in, double sigma_mm) = 0;

  // --- volumetric kernels (docs/kernels.md; one upload, one download each) ---------------
  // Connected components of mask != 0, numbered 1..n in raster order of their first voxel;
  // 0 = background. *n_components (when given) receives n.
  virtual ImageI32 label_components(const ImageU8& mask, kernels::Connectivity conn,
                                    int32_t* n_components = nullptr) = 0;
  // Independent 2D labelling of the slices perpendicular to `axis`, 4- or 8-connected in the
  // slice; labels unique across the volume, raster order of first voxel.
  virtual ImageI32 label_components_2d(const ImageU8& mask, int axis, bool eight_connected,
                                       int32_t* n_components = nullptr) = 0;
  // mask plus background not 6-connected (through background) to the volume border.
  virtual ImageU8 fill_holes_3d(const ImageU8& mask) = 0;
  // The same per slice perpendicular to `axis`: 4-connected background, border = slice edges.
  virtual ImageU8 fill_holes_2d(const ImageU8& mask, int axis) = 0;
  // Exact Euclidean distance (mm, the mask's spacing) from each voxel centre to the nearest
  // centre of a voxel with feature != 0; kernels::kFarDistance everywhere without features.
  virtual ImageF distance_transform(const ImageU8& feature) = 0;
  // Distance (mm) of each mask voxel to the nearest voxel outside the mask; 0 outside.
  virtual ImageF distance_to_outside(const ImageU8& mask) = 0;
  // Dilation / erosion / opening / closing by a ball of radius_mm (docs/kernels.md#morphology).
  virtual ImageU8 morphology_mm(const ImageU8& mask, kernels::MorphOp op, double radius_mm,
                                bool outside_is_background = false) = 0;
  // One-voxel dilation or erosion (op kDilate or kErode) with 6/18/26 neighbours.
  virtual ImageU8 morphology_voxel(const ImageU8& mask, kernels::MorphOp op, kernels::Connectivity conn,
                                   bool outside_is_background = false) = 0;
  // Mask voxels with a 6-neighbour outside the mask.
  virtual ImageU8 boundary(const ImageU8& mask, bool outside_is_background = false) = 0;
  // Eigenvalues (l1, l2, l3), |l1| <= |l2| <= |l3|, of the Hessian (intensity / mm^2) of an
  // already smoothed image (docs/kernels.md#hessian).
  virtual std::array<ImageF, 3> hessian_eigenvalues(const ImageF& smoothed) = 0;
  // Bright tube, blob and plate measures of sigma^2 * Hessian(Gaussian_sigma * image).
  virtual std::array<ImageF, 3> hessian_shape(const ImageF& image, double sigma_mm,
                                              const kernels::VesselnessParams& params = {}) = 0;
  // Statistics of `values` over each label 1..n_labels of `labels` (0 and labels beyond
  // n_labels ignored), optionally only where *include != 0 (docs/kernels.md#label-statistics).
  // Element l-1 describes label l. Throws Error(kGeometryMismatch) when the sizes differ.
  virtual std::vector<kernels::LabelStats> label_statistics(const ImageF& values, const ImageI32& labels,
                                                            int32_t n_labels, const ImageU8* include = nullptr) = 0;
  // Multi-scale bright-tube measure (max over the scales of Frangi's vesselness), in [0, 1).
  virtual ImageF tubularity(const ImageF& image, const std::vector<double>& sigmas_mm,
                            const kernels::VesselnessParams& params = {}) = 0;

  // --- radiomics (docs/radiomics.md) ---------------------------------------------------------
  // Discretises the ROI crop, takes its first-order sums and builds the requested texture
  // matrices (integer counts, identical on every backend).
  virtual radiomics::DeviceOutput radiomics(const radiomics::RoiCrop& crop, const radiomics::BinningRule& rule,
                                            const radiomics::MatrixRequest& req) = 0;

  // --- the per-case analysis (docs/pipeline.md) ----------------------------------------------
  // Intracranial mask, normalisation, segmentation (or the given lesion mask), lesion and
  // leptomeningeal metrics, label maps; one upload of the inputs, one download of the maps.
  // The caller validates the input first (validate_case_input).
  virtual CaseResult analyse(const CaseInput& in, const AnalysisParams& params) = 0;
};

// An engine for the requested device; throws Error(kDeviceUnavailable) for an unusable CUDA
// request.
std::unique_ptr<Engine> make_engine(const DeviceRequest& req);

// Direct constructors (make_engine dispatches to these).
std::unique_ptr<Engine> make_cpu_engine(int threads);
#if defined(RIMSCAN_HAVE_CUDA)
std::unique_ptr<Engine> make_cuda_engine(int device_index);
#endif

}  // namespace rimscan
