// Writing rimscan images through ITK: the format follows the extension, the file appears
// atomically (temporary sibling + rename), and the geometry is written as given.
#include <itkImage.h>
#include <itkImageFileWriter.h>

#include <filesystem>

#include "io/image_formats.h"
#include "io/itk_error.h"
#include "io/itk_locks.h"
#include "rimscan/io/atomic_file.h"
#include "rimscan/io/image_io.h"

namespace fs = std::filesystem;

namespace rimscan::io {
namespace {

template <class T>
void write_volume(const Image<T>& img, const std::string& path) {
  if (!detail::writable_extension(path))
    throw Error(ErrorCode::kUsage, path + ": output images must end in .nii, .nii.gz, .nrrd or .mha");
  if (img.voxels.size() != static_cast<size_t>(img.geom.num_voxels()))
    throw Error(ErrorCode::kInternal, path + ": image buffer holds " + std::to_string(img.voxels.size()) +
                                          " voxels for a grid of " + std::to_string(img.geom.num_voxels()));
  validate_geometry(img.geom, path);
  fs::path parent = fs::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty() && !fs::is_directory(parent, ec))
    throw Error(ErrorCode::kOutput, path + ": output directory does not exist");

  using ItkImage = itk::Image<T, 3>;
  typename ItkImage::Pointer out = ItkImage::New();
  typename ItkImage::RegionType region;
  typename ItkImage::SpacingType spacing;
  typename ItkImage::PointType origin;
  typename ItkImage::DirectionType direction;
  for (unsigned c = 0; c < 3; ++c) {
    region.SetSize(c, static_cast<itk::SizeValueType>(img.geom.size[c]));
    spacing[c] = img.geom.spacing[c];
    origin[c] = img.geom.origin[c];
    for (unsigned r = 0; r < 3; ++r) direction(r, c) = img.geom.direction[r * 3 + c];
  }
  out->SetRegions(region);
  out->SetSpacing(spacing);
  out->SetOrigin(origin);
  out->SetDirection(direction);
  // Borrow the caller's buffer: ITK only reads it, and it outlives the writer.
  out->GetPixelContainer()->SetImportPointer(const_cast<T*>(img.voxels.data()), img.voxels.size(), false);

  const std::string tmp = temp_sibling_path(path);
  auto writer = itk::ImageFileWriter<ItkImage>::New();
  writer->SetImageIO(detail::make_image_io(detail::format_from_extension(path)));
  writer->SetFileName(tmp);
  writer->SetInput(out);
  // NRRD and MetaImage are compressed (as 3D Slicer does); NIfTI follows .nii / .nii.gz.
  writer->SetUseCompression(detail::format_from_extension(path) != detail::Format::kNifti);
  try {
    std::unique_lock<std::mutex> lock(detail::teem_mutex(), std::defer_lock);  // io/itk_locks.h
    if (detail::format_from_extension(path) == detail::Format::kNrrd) lock.lock();
    writer->Update();
  } catch (const itk::ExceptionObject& e) {
    std::remove(tmp.c_str());
    throw detail::itk_error(ErrorCode::kOutput, path, "cannot write", e);
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
  commit_temp_file(tmp, path);
}

}  // namespace

void write_image(const ImageF& img, const std::string& path) { write_volume(img, path); }
void write_labels(const ImageU8& labels, const std::string& path) { write_volume(labels, path); }
void write_labels(const ImageI32& labels, const std::string& path) { write_volume(labels, path); }

}  // namespace rimscan::io
