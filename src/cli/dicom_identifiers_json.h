#pragma once
// The identifying values of a DICOM series as JSON, for --keep-phi only (docs/dicom.md, "PHI
// policy"). Every command that reads DICOM writes them under one clearly named key,
// `dicom_identifiers`, and nowhere else; without --keep-phi no command calls this.
#include <nlohmann/json.hpp>

#include "rimscan/io/dicom.h"

namespace rimscan::cli {

// Every field of io::DicomIdentifiers (empty string when the tag is absent), SOP Instance UIDs
// in the order of the series' files.
nlohmann::ordered_json dicom_identifiers_json(const io::DicomIdentifiers& id);

}  // namespace rimscan::cli
