// Reading NIfTI / NRRD / MetaImage files through ITK into rimscan images.
// The header is checked (dimensions, pixel type, voxel cap, geometry) before any voxel buffer
// is allocated; every ITK failure becomes a one-line rimscan::Error naming the file.
#include <itkImageIOBase.h>
#include <itkMetaDataObject.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <type_traits>
#include <vector>

#include "io/image_formats.h"
#include "io/itk_error.h"
#include "io/itk_locks.h"
#include "io/meta_check.h"
#include "io/nifti_check.h"
#include "io/nrrd_check.h"
#include "io/read_dispatch.h"
#include "rimscan/io/image_io.h"

namespace fs = std::filesystem;

namespace rimscan::io {
namespace {

using detail::Format;

// Refuses what is not an existing, readable regular file, with the right code.
void require_readable_file(const std::string& path) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st))
    throw Error(ErrorCode::kInputMissing, path + ": no such file or directory");
  if (!fs::is_regular_file(st))
    throw Error(ErrorCode::kInputUnsupported, path + ": not a regular file");
  std::ifstream probe(path, std::ios::binary);
  if (!probe) throw Error(ErrorCode::kInputMissing, path + ": cannot be opened (permission denied?)");
  if (probe.peek() == std::ifstream::traits_type::eof())
    throw Error(ErrorCode::kInputCorrupt, path + ": file is empty");
}

double dict_double(const itk::MetaDataDictionary& d, const char* key, double fallback) {
  std::string s;
  if (!itk::ExposeMetaData<std::string>(d, key, s)) return fallback;
  try {
    size_t used = 0;
    double v = std::stod(s, &used);
    return std::isfinite(v) ? v : fallback;
  } catch (const std::exception&) {
    return fallback;
  }
}

struct Opened {
  itk::ImageIOBase::Pointer io;
  ImageHeader header;
  detail::NiftiRawInfo nifti;  // raw-header facts of a NIfTI file (checked == false otherwise)
};

// Reads and checks the header only.
Opened open_image_file(const std::string& path, const ReadOptions& opt) {
  require_readable_file(path);
  Format fmt = detail::detect_format(path);
  if (fmt == Format::kUnknown)
    throw Error(ErrorCode::kInputUnsupported,
                path + ": unrecognised image format (rimscan reads .nii, .nii.gz, .nrrd, .nhdr, "
                       ".mha, .mhd and DICOM series directories)");
  Opened o;
  o.io = detail::make_image_io(fmt);
  // Not thread-safe in ITK 5.2 (io/itk_locks.h): NIfTI header reads, anything touching teem.
  std::unique_lock<std::mutex> lock(fmt == Format::kNifti ? detail::nifti_header_mutex() : detail::teem_mutex(),
                                    std::defer_lock);
  if (fmt == Format::kNifti || fmt == Format::kNrrd) lock.lock();
  if (!o.io->CanReadFile(path.c_str()))
    throw Error(ErrorCode::kInputCorrupt,
                path + ": not a readable " + detail::format_label(fmt) + " file (bad or truncated header)");
  // niftilib turns a zero dimension into 1 without a word: check the raw header first.
  if (fmt == Format::kNifti) o.nifti = detail::nifti_check_header(path);
  // MetaIO copies header keys and values into fixed buffers unchecked: refuse what would not fit.
  if (fmt == Format::kMeta) detail::meta_check_header(path);
  o.io->SetFileName(path);
  try {
    o.io->ReadImageInformation();
  } catch (const itk::ExceptionObject& e) {
    const std::string cause = detail::itk_description(e);
    // teem refuses a zero size in the header itself; report it as what it is.
    const bool zero_size = cause.find("size is zero") != std::string::npos;
    throw Error(zero_size ? ErrorCode::kInputInvalid : ErrorCode::kInputCorrupt,
                path + ": cannot read the header: " + cause);
  }
  if (lock.owns_lock()) lock.unlock();
  itk::ImageIOBase& io = *o.io;

  ImageHeader& h = o.header;
  h.format = detail::format_name(fmt);
  h.component_type = detail::component_type_name(io.GetComponentType());
  h.dimensions = static_cast<int>(io.GetNumberOfDimensions());
  h.components = static_cast<int>(io.GetNumberOfComponents());

  if (h.components != 1 || io.GetPixelType() != itk::IOPixelEnum::SCALAR)
    throw Error(ErrorCode::kInputUnsupported,
                path + ": " + std::string(itk::ImageIOBase::GetPixelTypeAsString(io.GetPixelType())) +
                    " image with " + std::to_string(h.components) +
                    " components per voxel (rimscan needs a scalar image)");
  if (h.dimensions < 2)
    throw Error(ErrorCode::kInputUnsupported,
                path + ": " + std::to_string(h.dimensions) + "-dimensional image (rimscan needs 2D or 3D)");
  for (unsigned d = 0; d < io.GetNumberOfDimensions(); ++d) {
    if (io.GetDimensions(d) == 0)
      throw Error(ErrorCode::kInputInvalid,
                  path + ": dimension " + std::to_string(d) + " has size 0");
  }
  for (unsigned d = 3; d < io.GetNumberOfDimensions(); ++d) {
    if (io.GetDimensions(d) != 1)
      throw Error(ErrorCode::kInputUnsupported,
                  path + ": " + std::to_string(h.dimensions) + "D image with " +
                      std::to_string(io.GetDimensions(d)) + " volumes along axis " + std::to_string(d) +
                      " (rimscan needs one 3D volume; extract it first)");
  }

  // Geometry exactly as ITK reports it (LPS). A 2D image becomes one slice of a 3D grid.
  Geometry& g = h.geom;
  const unsigned n = std::min(3u, io.GetNumberOfDimensions());
  for (unsigned c = 0; c < 3; ++c) {
    if (c < n) {
      g.size[c] = static_cast<int64_t>(io.GetDimensions(c));
      g.spacing[c] = io.GetSpacing(c);
      g.origin[c] = io.GetOrigin(c);
      std::vector<double> dir = io.GetDirection(c);
      for (unsigned r = 0; r < 3; ++r) g.direction[r * 3 + c] = r < dir.size() ? dir[r] : 0.0;
    } else {
      g.size[c] = 1;
      g.spacing[c] = 1.0;
      g.origin[c] = 0.0;
      for (unsigned r = 0; r < 3; ++r) g.direction[r * 3 + c] = r == c ? 1.0 : 0.0;
    }
  }
  // Voxel cap before any allocation; sizes come from an untrusted header, so multiply in
  // floating point to avoid overflow.
  const double voxels = double(g.size[0]) * double(g.size[1]) * double(g.size[2]);
  if (opt.max_voxels > 0 && voxels > double(opt.max_voxels))
    throw Error(ErrorCode::kTooLarge,
                path + ": " + std::to_string(g.size[0]) + "x" + std::to_string(g.size[1]) + "x" +
                    std::to_string(g.size[2]) + " voxels exceeds the cap of " +
                    std::to_string(opt.max_voxels) + " voxels");
  validate_geometry(g, path);

  if (fmt == Format::kNifti) {
    // The exact stored floats when we decoded the raw header (ITK's dictionary keeps only six
    // significant digits); a zero or non-finite slope means "no scaling" (NIfTI-1).
    double slope = o.nifti.checked ? double(o.nifti.scl_slope)
                                   : dict_double(io.GetMetaDataDictionary(), "scl_slope", 0.0);
    double inter = o.nifti.checked ? double(o.nifti.scl_inter)
                                   : dict_double(io.GetMetaDataDictionary(), "scl_inter", 0.0);
    // ITK reports float32 for scaled integer data; the header tells what the file stores.
    if (o.nifti.checked && *detail::nifti_datatype_name(o.nifti.datatype))
      h.component_type = detail::nifti_datatype_name(o.nifti.datatype);
    if (slope != 0.0 && std::isfinite(slope)) {
      h.rescale_slope = slope;
      h.rescale_intercept = std::isfinite(inter) ? inter : 0.0;
    }
  }
  return o;
}

template <class Src, class Out>
void convert(const void* src, Out* dst, size_t n) {
  const Src* s = static_cast<const Src*>(src);
  for (size_t i = 0; i < n; ++i) dst[i] = static_cast<Out>(s[i]);
}

template <class Out>
void convert_buffer(itk::IOComponentEnum t, const void* src, Out* dst, size_t n, const std::string& path) {
  using C = itk::IOComponentEnum;
  switch (t) {
    case C::UCHAR: return convert<unsigned char>(src, dst, n);
    case C::CHAR: return convert<signed char>(src, dst, n);
    case C::USHORT: return convert<unsigned short>(src, dst, n);
    case C::SHORT: return convert<short>(src, dst, n);
    case C::UINT: return convert<unsigned int>(src, dst, n);
    case C::INT: return convert<int>(src, dst, n);
    case C::ULONG: return convert<unsigned long>(src, dst, n);
    case C::LONG: return convert<long>(src, dst, n);
    case C::ULONGLONG: return convert<unsigned long long>(src, dst, n);
    case C::LONGLONG: return convert<long long>(src, dst, n);
    case C::FLOAT: return convert<float>(src, dst, n);
    case C::DOUBLE: return convert<double>(src, dst, n);
    default:
      throw Error(ErrorCode::kInputUnsupported,
                  path + ": unsupported pixel component type " + detail::component_type_name(t));
  }
}

// The voxels of `o` as Pixel, read with the ImageIO whose header was checked (no second header
// read: see io/itk_locks.h). `nonfinite` receives the NaN/Inf voxels of a float NIfTI file, which
// niftilib silently zeroes (see nifti_check.h).
template <class Pixel>
std::vector<Pixel> read_pixels(const std::string& path, Opened& o, detail::NonFiniteVoxels* nonfinite) {
  // niftilib reads a short payload without complaint: verify it before ITK reads.
  detail::NonFiniteVoxels bad = detail::nifti_check_payload(path, o.nifti);
  // MetaIO only warns on std::cerr about a short payload.
  if (o.header.format == std::string("meta")) detail::meta_check_payload(path);
  // teem refuses a short raw payload only after the buffer below is allocated.
  if (o.header.format == std::string("nrrd")) detail::nrrd_check_payload(path);
  if (nonfinite) *nonfinite = std::move(bad);

  itk::ImageIOBase& io = *o.io;
  const unsigned nd = io.GetNumberOfDimensions();
  itk::ImageIORegion region(nd);
  for (unsigned d = 0; d < nd; ++d) {
    region.SetIndex(d, 0);
    region.SetSize(d, io.GetDimensions(d));
  }
  io.SetIORegion(region);
  const size_t n = static_cast<size_t>(o.header.geom.num_voxels());
  std::vector<Pixel> out(n);
  const itk::IOComponentEnum mine =
      std::is_same<Pixel, float>::value ? itk::IOComponentEnum::FLOAT : itk::IOComponentEnum::DOUBLE;
  const bool direct = io.GetComponentType() == mine;
  std::vector<char> raw;
  if (!direct) raw.resize(static_cast<size_t>(io.GetImageSizeInBytes()));
  if (static_cast<size_t>(io.GetImageSizeInBytes()) != n * io.GetComponentSize())
    throw Error(ErrorCode::kInternal, path + ": ITK buffer size does not match the header's voxel count");
  try {
    std::unique_lock<std::mutex> lock(detail::teem_mutex(), std::defer_lock);
    if (o.header.format == std::string("nrrd")) lock.lock();
    io.Read(direct ? static_cast<void*>(out.data()) : static_cast<void*>(raw.data()));
  } catch (const itk::ExceptionObject& e) {
    throw detail::itk_error(ErrorCode::kInputCorrupt, path, "cannot read the voxels", e);
  }
  if (!direct) convert_buffer(io.GetComponentType(), raw.data(), out.data(), n, path);
  return out;
}

}  // namespace

namespace detail {

ImageHeader read_file_header(const std::string& path, const ReadOptions& opt) {
  return open_image_file(path, opt).header;
}

ImageF read_file_image(const std::string& path, const ReadOptions& opt) {
  Opened o = open_image_file(path, opt);
  detail::NonFiniteVoxels nonfinite;
  ImageF out;
  out.geom = o.header.geom;
  out.voxels = read_pixels<float>(path, o, &nonfinite);
  const size_t n = out.voxels.size();
  // Put back what niftilib zeroed: the image must say what the file says.
  for (size_t k = 0; k < nonfinite.index.size(); ++k) {
    const auto i = static_cast<size_t>(nonfinite.index[k]);
    if (i < n)
      out.voxels[i] = static_cast<float>(double(nonfinite.value[k]) * o.header.rescale_slope +
                                         o.header.rescale_intercept);
  }
  return out;
}

ImageI32 read_file_labels(const std::string& path, const ReadOptions& opt) {
  Opened o = open_image_file(path, opt);
  // double holds every value of every integer type up to 32 bits exactly, so non-integers and
  // out-of-range values are detected instead of silently truncated.
  detail::NonFiniteVoxels nonfinite;
  const std::vector<double> values = read_pixels<double>(path, o, &nonfinite);
  ImageI32 out;
  out.geom = o.header.geom;
  if (!nonfinite.index.empty())
    throw Error(ErrorCode::kInputInvalid, path + ": not a label map: " + std::to_string(nonfinite.index.size()) +
                                              " NaN/Inf voxel(s), first at linear index " +
                                              std::to_string(nonfinite.index[0]));
  const size_t n = static_cast<size_t>(out.geom.num_voxels());
  out.voxels.resize(n);
  const double* src = values.data();
  for (size_t i = 0; i < n; ++i) {
    const double v = src[i];
    if (!(v >= double(std::numeric_limits<int32_t>::min()) &&
          v <= double(std::numeric_limits<int32_t>::max())) ||
        v != std::floor(v)) {
      const int64_t nx = out.geom.size[0], ny = out.geom.size[1];
      const int64_t li = static_cast<int64_t>(i);
      throw Error(ErrorCode::kInputInvalid,
                  path + ": not a label map: voxel (" + std::to_string(li % nx) + "," +
                      std::to_string((li / nx) % ny) + "," + std::to_string(li / (nx * ny)) +
                      ") has value " + std::to_string(v) + " (labels must be integers in int32 range)");
    }
    out.voxels[i] = static_cast<int32_t>(v);
  }
  return out;
}

}  // namespace detail
}  // namespace rimscan::io
