#include "services/plans/import/zip_member.h"

#include <zip.h>

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/plans/import/document_text.h"

namespace interplan::plans::import {
namespace {

constexpr absl::string_view kDamaged =
    "the .docx is damaged (its zip archive cannot be read): save it again from Word";

struct ArchiveCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct FileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;
using MemberFile = std::unique_ptr<zip_file_t, FileCloser>;

absl::Status ZipBomb(absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("the .docx is refused: ", why, " (a zip bomb, or not a plan document)"));
}

// Opens `archive` read-only without copying it; the bytes must outlive it.
absl::StatusOr<Archive> OpenArchive(absl::string_view archive) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(archive.data(), archive.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return absl::InvalidArgumentError(kDamaged);
  }
  // No ZIP_CHECKCONS: it refuses archives some writers make (data
  // descriptors); the limits hold without it, as reads are bounded.
  zip_t* opened = zip_open_from_source(source, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (opened == nullptr) {
    zip_source_free(source);
    return absl::InvalidArgumentError(kDamaged);
  }
  return Archive(opened);
}

bool OverRatio(uint64_t size, uint64_t compressed, const ZipLimits& limits) {
  if (size < limits.ratio_floor_bytes) return false;
  return compressed == 0 || size / compressed >= static_cast<uint64_t>(limits.max_ratio);
}

// Checks every member's declared sizes, and their sum, before any inflating.
absl::Status CheckDeclaredSizes(zip_t* archive, const ZipLimits& limits) {
  const zip_int64_t members = zip_get_num_entries(archive, 0);
  if (members < 0) return absl::InvalidArgumentError(kDamaged);
  if (members > limits.max_members) {
    return ZipBomb(absl::StrFormat("it has %d files inside", members));
  }
  uint64_t total = 0;
  uint64_t total_compressed = 0;
  for (zip_int64_t i = 0; i < members; ++i) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive, i, 0, &stat) != 0) return absl::InvalidArgumentError(kDamaged);
    if (!(stat.valid & ZIP_STAT_SIZE) || !(stat.valid & ZIP_STAT_COMP_SIZE)) {
      return absl::InvalidArgumentError(kDamaged);
    }
    if (stat.size > limits.max_member_bytes) {
      return ZipBomb(absl::StrFormat("a file inside would unpack to more than %d MiB",
                                     limits.max_member_bytes >> 20));
    }
    if (OverRatio(stat.size, stat.comp_size, limits)) {
      return ZipBomb(
          absl::StrFormat("a file inside is compressed more than %d:1", limits.max_ratio));
    }
    total += stat.size;
    total_compressed += stat.comp_size;
    if (total > limits.max_total_bytes) {
      return ZipBomb(absl::StrFormat("its files would unpack to more than %d MiB",
                                     limits.max_total_bytes >> 20));
    }
  }
  if (OverRatio(total, total_compressed, limits)) {
    return ZipBomb(absl::StrFormat("it is compressed more than %d:1", limits.max_ratio));
  }
  return absl::OkStatus();
}

// Inflates one member in bounded steps, stopping once it passes the limit.
absl::StatusOr<std::string> ReadBounded(zip_file_t* file, size_t max_bytes) {
  std::string out;
  char buffer[64 << 10];
  while (true) {
    const zip_int64_t n = zip_fread(file, buffer, sizeof buffer);
    if (n < 0) return absl::InvalidArgumentError(kDamaged);
    if (n == 0) return out;
    if (out.size() + static_cast<size_t>(n) > max_bytes) {
      return ZipBomb(
          absl::StrFormat("a file inside unpacks to more than %d MiB (more than it "
                          "declares)",
                          max_bytes >> 20));
    }
    out.append(buffer, static_cast<size_t>(n));
  }
}

}  // namespace

ZipLimits DocxZipLimits() {
  return ZipLimits{.max_member_bytes = kMaxExtractedBytes,
                   .max_total_bytes = kMaxExtractedBytes,
                   .max_ratio = 100,
                   .ratio_floor_bytes = 1 << 20,
                   .max_members = 10000};
}

absl::StatusOr<std::string> ReadZipMember(absl::string_view archive, absl::string_view name,
                                          const ZipLimits& limits) {
  absl::StatusOr<Archive> opened = OpenArchive(archive);
  if (!opened.ok()) return opened.status();
  absl::Status checked = CheckDeclaredSizes(opened->get(), limits);
  if (!checked.ok()) return checked;
  const std::string member_name(name);
  const zip_int64_t index = zip_name_locate(opened->get(), member_name.c_str(), 0);
  if (index < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the .docx has no ", name, " inside: it is a zip file, but not a Word document"));
  }
  MemberFile file(zip_fopen_index(opened->get(), index, 0));
  if (file == nullptr) {
    return absl::InvalidArgumentError(
        "the .docx cannot be opened (encrypted, or compressed in a way Word does not use)");
  }
  return ReadBounded(file.get(), limits.max_member_bytes);
}

}  // namespace interplan::plans::import
