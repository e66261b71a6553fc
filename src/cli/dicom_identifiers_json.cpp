#include "cli/dicom_identifiers_json.h"

namespace rimscan::cli {

nlohmann::ordered_json dicom_identifiers_json(const io::DicomIdentifiers& id) {
  nlohmann::ordered_json j;
  j["patient_name"] = id.patient_name;
  j["patient_id"] = id.patient_id;
  j["other_patient_ids"] = id.other_patient_ids;
  j["patient_birth_date"] = id.patient_birth_date;
  j["patient_address"] = id.patient_address;
  j["accession_number"] = id.accession_number;
  j["study_id"] = id.study_id;
  j["study_date"] = id.study_date;
  j["series_date"] = id.series_date;
  j["acquisition_date"] = id.acquisition_date;
  j["institution_name"] = id.institution_name;
  j["institution_address"] = id.institution_address;
  j["station_name"] = id.station_name;
  j["referring_physician"] = id.referring_physician;
  j["performing_physician"] = id.performing_physician;
  j["operators_name"] = id.operators_name;
  j["study_uid"] = id.study_uid;
  j["series_uid"] = id.series_uid;
  j["frame_of_reference_uid"] = id.frame_of_reference_uid;
  j["sop_instance_uids"] = id.sop_instance_uids;
  return j;
}

}  // namespace rimscan::cli
