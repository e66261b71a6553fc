#include "io/image_formats.h"

#include <itkGDCMImageIO.h>
#include <itkMetaImageIO.h>
#include <itkNiftiImageIO.h>
#include <itkNrrdImageIO.h>

#include "io/dicom_guard.h"
#include "io/itk_locks.h"
#include "rimscan/io/atomic_file.h"

namespace rimscan::io::detail {

const char* format_name(Format f) {
  switch (f) {
    case Format::kNifti: return "nifti";
    case Format::kNrrd: return "nrrd";
    case Format::kMeta: return "meta";
    case Format::kDicom: return "dicom";
    case Format::kUnknown: break;
  }
  return "unknown";
}

const char* format_label(Format f) {
  switch (f) {
    case Format::kNifti: return "NIfTI";
    case Format::kNrrd: return "NRRD";
    case Format::kMeta: return "MetaImage";
    case Format::kDicom: return "DICOM";
    case Format::kUnknown: break;
  }
  return "image";
}

Format format_from_extension(const std::string& path) {
  const std::string ext = full_extension(path);
  if (ext == ".nii" || ext == ".nii.gz" || ext == ".hdr" || ext == ".img" || ext == ".img.gz" ||
      ext == ".hdr.gz")
    return Format::kNifti;
  if (ext == ".nrrd" || ext == ".nhdr") return Format::kNrrd;
  if (ext == ".mha" || ext == ".mhd") return Format::kMeta;
  if (ext == ".dcm" || ext == ".ima") return Format::kDicom;
  return Format::kUnknown;
}

Format detect_format(const std::string& path) {
  Format f = format_from_extension(path);
  if (f != Format::kUnknown) return f;
  for (Format c : {Format::kNifti, Format::kNrrd, Format::kMeta, Format::kDicom}) {
    // GDCM aborts the process on some damaged DICOM headers (io/dicom_guard.h): not probed.
    if (c == Format::kDicom && !dicom_meta_problem(path).empty()) continue;
    itk::ImageIOBase::Pointer io = make_image_io(c);
    try {
      std::unique_lock<std::mutex> lock(teem_mutex(), std::defer_lock);  // io/itk_locks.h
      if (c == Format::kNrrd) lock.lock();
      if (io->CanReadFile(path.c_str())) return c;
    } catch (const itk::ExceptionObject&) {
      // A probe that throws simply does not recognise the file.
    }
  }
  return Format::kUnknown;
}

itk::ImageIOBase::Pointer make_image_io(Format f) {
  switch (f) {
    case Format::kNifti: return itk::NiftiImageIO::New().GetPointer();
    case Format::kNrrd: return itk::NrrdImageIO::New().GetPointer();
    case Format::kMeta: return itk::MetaImageIO::New().GetPointer();
    case Format::kDicom: return itk::GDCMImageIO::New().GetPointer();
    case Format::kUnknown: break;
  }
  return nullptr;
}

bool writable_extension(const std::string& path) {
  const std::string ext = full_extension(path);
  return ext == ".nii" || ext == ".nii.gz" || ext == ".nrrd" || ext == ".mha";
}

std::string component_type_name(itk::IOComponentEnum t) {
  using C = itk::IOComponentEnum;
  switch (t) {
    case C::UCHAR: return "uint8";
    case C::CHAR: return "int8";
    case C::USHORT: return "uint16";
    case C::SHORT: return "int16";
    case C::UINT: return "uint32";
    case C::INT: return "int32";
    case C::ULONG: return sizeof(unsigned long) == 8 ? "uint64" : "uint32";
    case C::LONG: return sizeof(long) == 8 ? "int64" : "int32";
    case C::ULONGLONG: return "uint64";
    case C::LONGLONG: return "int64";
    case C::FLOAT: return "float32";
    case C::DOUBLE: return "float64";
    case C::LDOUBLE: return "float128";
    case C::UNKNOWNCOMPONENTTYPE: break;
  }
  return "unknown";
}

}  // namespace rimscan::io::detail
