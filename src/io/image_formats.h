#pragma once
// Which ITK ImageIO reads or writes a path. The adapter creates ImageIO objects itself instead
// of relying on ITK's factory registration, so the set of accepted formats is explicit.
#include <itkImageIOBase.h>

#include <string>

namespace rimscan::io::detail {

enum class Format { kUnknown, kNifti, kNrrd, kMeta, kDicom };

const char* format_name(Format f);  // "nifti", "nrrd", "meta", "dicom", "unknown"
const char* format_label(Format f);  // "NIfTI", "NRRD", "MetaImage", "DICOM"

// By extension only (.nii, .nii.gz, .hdr, .img, .nrrd, .nhdr, .mha, .mhd, .dcm).
Format format_from_extension(const std::string& path);

// For reading an existing file: its extension, else the first ImageIO whose CanReadFile says yes.
Format detect_format(const std::string& path);

itk::ImageIOBase::Pointer make_image_io(Format f);

// Formats the writers accept: single-file ones, so one rename publishes the whole output.
bool writable_extension(const std::string& path);

// "uint8", "int16", "float32", ... for an ITK component type.
std::string component_type_name(itk::IOComponentEnum t);

}  // namespace rimscan::io::detail
