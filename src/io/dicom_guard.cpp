#include "io/dicom_guard.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace rimscan::io::detail {
namespace {

// Explicit-VR element headers with a 2-byte reserved field and a 4-byte length (PS3.5 7.1.2).
bool long_length_vr(const unsigned char* vr) {
  static const char* const kLong[] = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"};
  for (const char* v : kLong)
    if (vr[0] == v[0] && vr[1] == v[1]) return true;
  return false;
}

bool is_vr(const unsigned char* vr) { return vr[0] >= 'A' && vr[0] <= 'Z' && vr[1] >= 'A' && vr[1] <= 'Z'; }

constexpr uint32_t kUndefined = 0xFFFFFFFFu;
constexpr int kMaxDepth = 32;

// Walks the elements of a data set (after the meta group) and checks that every declared length
// fits in the bytes that are left: GDCM allocates a value's declared length before reading it,
// so one damaged length in a 100 kB file costs up to 4 GiB. Sequences and encapsulated pixel
// data of undefined length are followed item by item. What it cannot follow (an explicit UN
// of undefined length, which nests implicit data) stops it quietly and is left to GDCM.
class Walker {
 public:
  Walker(const std::vector<unsigned char>& b, bool implicit, bool big_endian)
      : b_(b), implicit_(implicit), big_(big_endian) {}

  std::string problem;

  // Elements from `pos` up to `end`, or up to an item delimiter when `in_item` (undefined-length
  // item). Returns the position after what was walked; sets `problem` or `stop_` on the way.
  size_t elements(size_t pos, size_t end, bool in_item, int depth) {
    if (depth > kMaxDepth) return fail("sequences nested deeper than " + std::to_string(kMaxDepth));
    while (pos < end && problem.empty() && !stop_) {
      if (pos + 8 > end) return fail("an element header runs past the end of the file");
      const uint16_t group = u16(pos), elem = u16(pos + 2);
      if (group == 0xFFFE) {
        if (in_item && elem == 0xE00D) return pos + 8;  // item delimiter
        return fail("a sequence delimiter outside a sequence");
      }
      uint32_t len;
      size_t header;
      bool sq = false;
      // An element without a VR in an explicit data set is read as implicit VR, as GDCM does
      // (its ExplicitImplicitDataElement fallback for files that mix the two).
      if (implicit_ || !is_vr(&b_[pos + 4])) {
        len = u32(pos + 4);
        header = 8;
      } else {
        const unsigned char* vr = &b_[pos + 4];
        sq = vr[0] == 'S' && vr[1] == 'Q';
        if (long_length_vr(vr)) {
          if (pos + 12 > end) return fail("an element header runs past the end of the file");
          len = u32(pos + 8);
          header = 12;
        } else {
          len = u16(pos + 6);
          header = 8;
        }
      }
      pos += header;
      if (len == kUndefined && header == 12 && b_[pos - header + 4] == 'U' && b_[pos - header + 5] == 'N') {
        stop_ = true;  // UN of undefined length holds implicit-VR items: GDCM's business
        return pos;
      }
      if (len == kUndefined) {
        const bool pixel_data = group == 0x7FE0 && elem == 0x0010;
        pos = items(pos, end, !pixel_data, depth + 1);
        continue;
      }
      if (len > end - pos) return fail(element_name(group, elem) + " declares " + std::to_string(len) + " bytes, " +
                                       std::to_string(end - pos) + " are left");
      if (sq) elements_of_sequence(pos, pos + len, depth + 1);
      pos += len;
    }
    if (in_item && problem.empty() && !stop_) return fail("an item of undefined length is never closed");
    return pos;
  }

 private:
  // Items of a sequence (or fragments of encapsulated pixel data) up to the sequence delimiter.
  size_t items(size_t pos, size_t end, bool nested_data_sets, int depth) {
    if (depth > kMaxDepth) return fail("sequences nested deeper than " + std::to_string(kMaxDepth));
    while (problem.empty() && !stop_) {
      if (pos + 8 > end) return fail("a sequence of undefined length is never closed");
      const uint16_t group = u16(pos), elem = u16(pos + 2);
      const uint32_t len = u32(pos + 4);
      pos += 8;
      if (group != 0xFFFE) return fail("a sequence holds something other than items");
      if (elem == 0xE0DD) return pos;  // sequence delimiter
      if (elem != 0xE000) return fail("a sequence holds something other than items");
      if (len == kUndefined) {
        if (!nested_data_sets) return fail("a pixel data fragment of undefined length");
        pos = elements(pos, end, true, depth + 1);
        continue;
      }
      if (len > end - pos) return fail("an item declares " + std::to_string(len) + " bytes, " +
                                       std::to_string(end - pos) + " are left");
      if (nested_data_sets) elements(pos, pos + len, false, depth + 1);
      pos += len;
    }
    return pos;
  }

  // A defined-length sequence: its items must fit in it.
  void elements_of_sequence(size_t pos, size_t end, int depth) {
    while (pos < end && problem.empty() && !stop_) {
      if (pos + 8 > end) {
        fail("an item header runs past the end of its sequence");
        return;
      }
      const uint16_t group = u16(pos), elem = u16(pos + 2);
      const uint32_t len = u32(pos + 4);
      pos += 8;
      if (group != 0xFFFE || elem != 0xE000) {
        fail("a sequence holds something other than items");
        return;
      }
      if (len == kUndefined) {
        pos = elements(pos, end, true, depth + 1);
        continue;
      }
      if (len > end - pos) {
        fail("an item declares " + std::to_string(len) + " bytes, its sequence has " + std::to_string(end - pos));
        return;
      }
      elements(pos, pos + len, false, depth + 1);
      pos += len;
    }
  }

  size_t fail(const std::string& why) {
    if (problem.empty()) problem = "damaged DICOM data set: " + why;
    return b_.size();
  }
  static std::string element_name(uint16_t g, uint16_t e) {
    char s[32];
    std::snprintf(s, sizeof s, "element (%04X,%04X)", g, e);
    return s;
  }
  // Item and delimiter tags follow the data set's byte order too.
  uint16_t u16(size_t p) const {
    return big_ ? static_cast<uint16_t>((b_[p] << 8) | b_[p + 1]) : static_cast<uint16_t>(b_[p] | (b_[p + 1] << 8));
  }
  uint32_t u32(size_t p) const {
    return big_ ? (uint32_t(u16(p)) << 16) | u16(p + 2) : uint32_t(u16(p)) | (uint32_t(u16(p + 2)) << 16);
  }

  const std::vector<unsigned char>& b_;
  bool implicit_, big_;
  bool stop_ = false;
};

uint16_t le16(const unsigned char* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t le32(const unsigned char* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) | (static_cast<uint32_t>(p[2]) << 16) |
         (static_cast<uint32_t>(p[3]) << 24);
}

}  // namespace

std::string dicom_meta_problem(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";  // GDCM reports unreadable files itself, without aborting
  std::vector<unsigned char> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t size = b.size();
  if (size < 132 || std::memcmp(&b[128], "DICM", 4) != 0) return "";
  // The File Meta Information: explicit VR little endian, group 0002.
  size_t pos = 132;
  std::string ts;
  for (int elements = 0;; ++elements) {
    if (elements > 10000) return "damaged DICOM file meta information (too many group 0002 elements)";
    if (pos + 4 > size) return "truncated DICOM file meta information (the file ends inside or right after it)";
    if (le16(&b[pos]) != 0x0002) break;  // the data set starts
    if (pos + 8 > size) return "truncated DICOM file meta information (element header)";
    const unsigned char* vr = &b[pos + 4];
    if (!is_vr(vr)) return "damaged DICOM file meta information (group 0002 is not explicit VR)";
    size_t length = 0, header = 8;
    if (long_length_vr(vr)) {
      if (pos + 12 > size) return "truncated DICOM file meta information (element header)";
      const uint32_t l = le32(&b[pos + 8]);
      if (l == kUndefined) return "damaged DICOM file meta information (undefined length in group 0002)";
      length = l;
      header = 12;
    } else {
      length = le16(&b[pos + 6]);
    }
    if (length > size - pos - header)
      return "truncated DICOM file meta information (an element runs past the end of the file)";
    if (le16(&b[pos + 2]) == 0x0010) {  // TransferSyntaxUID
      ts.assign(reinterpret_cast<const char*>(&b[pos + header]), length);
      while (!ts.empty() && (ts.back() == '\0' || ts.back() == ' ')) ts.pop_back();
    }
    pos += header + length;
  }
  if (ts == "1.2.840.10008.1.2.1.99") return "";  // deflated: GDCM inflates it; lengths unknown here
  Walker w(b, ts == "1.2.840.10008.1.2", ts == "1.2.840.10008.1.2.2");
  w.elements(pos, size, false, 0);
  return w.problem;
}

}  // namespace rimscan::io::detail
