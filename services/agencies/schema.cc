#include "services/agencies/schema.h"

#include <string>

#include "common/storage/request_log.h"

namespace interplan::agencies {
namespace {

// One row per version of a unit. Dates are ISO text; an open start
// is 0001-01-01 and an open end 9999-12-31, so validity tests are
// plain comparisons. path is the chain of codes from the province
// down to the unit, as of the version ("79/764/26882").
// search_name is the accent-folded name with a leading space, so a
// word prefix is LIKE '% word%'.
constexpr char kUnitsSchema[] =
    "CREATE TABLE units ("
    " code TEXT NOT NULL,"
    " valid_from TEXT NOT NULL,"
    " valid_to TEXT NOT NULL,"
    " display_name TEXT NOT NULL,"
    " search_name TEXT NOT NULL,"
    " type INTEGER NOT NULL,"
    " level INTEGER NOT NULL,"
    " type_label TEXT NOT NULL,"
    " parent_code TEXT NOT NULL,"
    " path TEXT NOT NULL,"
    " snapshot_id TEXT NOT NULL,"
    " PRIMARY KEY (code, valid_from));"
    "CREATE INDEX units_by_parent ON units (parent_code, valid_from, code);"
    "CREATE INDEX units_by_path ON units (path);"
    "CREATE INDEX units_by_level ON units (level, valid_from, code);"
    // Succession between versions: commune links from the official
    // mapping (kind 1), province and district links derived (kind 2).
    "CREATE TABLE unit_links ("
    " old_code TEXT NOT NULL,"
    " old_valid_from TEXT NOT NULL,"
    " new_code TEXT NOT NULL,"
    " new_valid_from TEXT NOT NULL,"
    " kind INTEGER NOT NULL,"
    " PRIMARY KEY (old_code, old_valid_from, new_code, new_valid_from));"
    "CREATE INDEX unit_links_by_new ON unit_links (new_code, new_valid_from);"
    // The snapshots imported, with a fingerprint of their content.
    "CREATE TABLE unit_snapshots ("
    " snapshot_id TEXT PRIMARY KEY,"
    " valid_from TEXT NOT NULL,"
    " valid_to TEXT NOT NULL,"
    " fingerprint TEXT NOT NULL,"
    " unit_count BIGINT NOT NULL,"
    " import_time_micros BIGINT NOT NULL)";

// One row per agency, with its history in valid_from and valid_to.
constexpr char kAgenciesSchema[] =
    "CREATE TABLE agencies ("
    " id TEXT PRIMARY KEY,"
    " display_name TEXT NOT NULL,"
    " short_name TEXT NOT NULL,"
    " search_name TEXT NOT NULL,"
    " kind INTEGER NOT NULL,"
    " unit_code TEXT NOT NULL,"
    " parent_id TEXT NOT NULL,"
    " valid_from TEXT NOT NULL,"
    " valid_to TEXT NOT NULL,"
    " successor_id TEXT NOT NULL,"
    " assignable INTEGER NOT NULL,"
    " revision BIGINT NOT NULL,"
    " create_time_micros BIGINT NOT NULL,"
    " update_time_micros BIGINT NOT NULL);"
    "CREATE INDEX agencies_by_unit ON agencies (unit_code);"
    "CREATE INDEX agencies_by_parent ON agencies (parent_id)";

// API keys: the secret itself is never stored, only HMAC-SHA256
// keyed by a per-key salt (see api_key_secret.h). agency_id is ""
// for operator, service and agency-less ministry keys. Times are
// microseconds since the epoch; 0 in expire_time_micros is "never",
// in revoke_time_micros "in force". retry_secret is the secret
// sealed under a key kept outside the database, so that a retried
// create can return it; it is erased (and retry_until_micros set to
// 0) once the retry window has passed.
constexpr char kCredentialsSchema[] =
    "CREATE TABLE api_keys ("
    " id TEXT PRIMARY KEY,"
    " agency_id TEXT NOT NULL,"
    " role INTEGER NOT NULL,"
    " display_name TEXT NOT NULL,"
    " salt BYTEA NOT NULL,"
    " hash BYTEA NOT NULL,"
    " key_prefix TEXT NOT NULL,"
    " create_time_micros BIGINT NOT NULL,"
    " expire_time_micros BIGINT NOT NULL,"
    " revoke_time_micros BIGINT NOT NULL,"
    " retry_secret BYTEA NOT NULL,"
    " retry_until_micros BIGINT NOT NULL);"
    "CREATE INDEX api_keys_by_agency ON api_keys (agency_id, id);"
    "CREATE INDEX api_keys_by_role ON api_keys (role, revoke_time_micros);"
    // The mTLS client certificate subjects (common names) the suite
    // accepts, each bound to an agency and a role.
    "CREATE TABLE certificate_bindings ("
    " id TEXT PRIMARY KEY,"
    " subject TEXT NOT NULL UNIQUE,"
    " agency_id TEXT NOT NULL,"
    " role INTEGER NOT NULL,"
    " create_time_micros BIGINT NOT NULL)";

// The legal basis of an operator's succession link, and of a version's
// start an operator moved to a resolution's effective date.
constexpr char kUnitLegalBasisSchema[] =
    "ALTER TABLE unit_links ADD COLUMN basis_number TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE unit_links ADD COLUMN basis_effective TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE units ADD COLUMN start_basis_number TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE units ADD COLUMN start_basis_effective TEXT NOT NULL DEFAULT ''";

// The names an agency bore before its current one, one row per name
// (dates as in agencies; an open start is the agency's first day).
// search_name is folded like agencies.search_name, so a search finds an
// agency by an earlier name too.
constexpr char kAgencyNamesSchema[] =
    "CREATE TABLE agency_names ("
    " agency_id TEXT NOT NULL,"
    " valid_from TEXT NOT NULL,"
    " valid_to TEXT NOT NULL,"
    " display_name TEXT NOT NULL,"
    " short_name TEXT NOT NULL,"
    " search_name TEXT NOT NULL,"
    " PRIMARY KEY (agency_id, valid_to))";

}  // namespace

std::vector<storage::Migration> AgenciesMigrations() {
  return {
      {1, "request_log", std::string(storage::kRequestLogSchema)},
      {2, "units", kUnitsSchema},
      {3, "agencies", kAgenciesSchema},
      {4, "credentials", kCredentialsSchema},
      // Who asked for each write, and what came of it (audit_log.h).
      storage::AuditMigration(5),
      {6, "unit_legal_basis", kUnitLegalBasisSchema},
      {7, "agency_names", kAgencyNamesSchema},
  };
}

}  // namespace interplan::agencies
