#include "services/agencies/credential_store.h"

#include "absl/strings/str_cat.h"
#include "common/time/timestamp.h"
#include "services/agencies/agency_record.h"

namespace interplan::agencies {
namespace {

using storage::Blob;
using storage::Params;
using storage::Row;

constexpr char kKeyColumns[] =
    "id, agency_id, role, display_name, salt, hash, key_prefix, create_time_micros,"
    " expire_time_micros, revoke_time_micros, retry_secret, retry_until_micros";
constexpr char kBindingColumns[] = "id, subject, agency_id, role, create_time_micros";

std::optional<absl::Time> OptionalTime(int64_t micros) {
  if (micros == 0) return std::nullopt;
  return absl::FromUnixMicros(micros);
}

int64_t MicrosOr0(const std::optional<absl::Time>& time) {
  return time.has_value() ? absl::ToUnixMicros(*time) : 0;
}

ApiKeyRecord KeyOf(const Row& row) {
  ApiKeyRecord key;
  key.id = row[0].AsText();
  key.agency_id = row[1].AsText();
  key.role = static_cast<v1::Role>(row[2].AsInt());
  key.display_name = row[3].AsText();
  key.salt = row[4].AsBytes();
  key.hash = row[5].AsBytes();
  key.key_prefix = row[6].AsText();
  key.create_time = absl::FromUnixMicros(row[7].AsInt());
  key.expire_time = OptionalTime(row[8].AsInt());
  key.revoke_time = OptionalTime(row[9].AsInt());
  key.retry_secret = row[10].AsBytes();
  key.retry_until = OptionalTime(row[11].AsInt());
  return key;
}

CertificateBindingRecord BindingOf(const Row& row) {
  CertificateBindingRecord binding;
  binding.id = row[0].AsText();
  binding.subject = row[1].AsText();
  binding.agency_id = row[2].AsText();
  binding.role = static_cast<v1::Role>(row[3].AsInt());
  binding.create_time = absl::FromUnixMicros(row[4].AsInt());
  return binding;
}

}  // namespace

std::string ApiKeyRecord::name() const {
  if (agency_id.empty()) return absl::StrCat("apiKeys/", id);
  return absl::StrCat(AgencyName(agency_id), "/apiKeys/", id);
}

void ApiKeyRecord::ToProto(v1::ApiKey* key) const {
  key->set_name(name());
  key->set_agency(agency_id.empty() ? "" : AgencyName(agency_id));
  key->set_role(role);
  key->set_display_name(display_name);
  *key->mutable_create_time() = time::ToTimestamp(create_time);
  if (expire_time.has_value()) *key->mutable_expire_time() = time::ToTimestamp(*expire_time);
  if (revoke_time.has_value()) *key->mutable_revoke_time() = time::ToTimestamp(*revoke_time);
  key->set_key_prefix(key_prefix);
}

std::string CertificateBindingRecord::name() const {
  return absl::StrCat("certificateBindings/", id);
}

void CertificateBindingRecord::ToProto(v1::CertificateBinding* binding) const {
  binding->set_name(name());
  binding->set_subject(subject);
  binding->set_agency(agency_id.empty() ? "" : AgencyName(agency_id));
  binding->set_role(role);
  *binding->mutable_create_time() = time::ToTimestamp(create_time);
}

absl::Status CredentialStore::InsertApiKey(storage::Transaction& txn, const ApiKeyRecord& key) {
  return txn
      .Execute(absl::StrCat("INSERT INTO api_keys (", kKeyColumns,
                            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"),
               {key.id, key.agency_id, static_cast<int64_t>(key.role), key.display_name,
                Blob{key.salt}, Blob{key.hash}, key.key_prefix, absl::ToUnixMicros(key.create_time),
                MicrosOr0(key.expire_time), MicrosOr0(key.revoke_time), Blob{key.retry_secret},
                MicrosOr0(key.retry_until)})
      .status();
}

absl::StatusOr<std::optional<ApiKeyRecord>> CredentialStore::FindApiKey(storage::Transaction& txn,
                                                                        absl::string_view id) {
  absl::StatusOr<std::vector<Row>> rows =
      txn.Query(absl::StrCat("SELECT ", kKeyColumns, " FROM api_keys WHERE id = $1"), {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<ApiKeyRecord>();
  return std::optional<ApiKeyRecord>(KeyOf(rows->front()));
}

absl::StatusOr<std::vector<ApiKeyRecord>> CredentialStore::ListApiKeys(storage::Transaction& txn,
                                                                       const ApiKeyQuery& query) {
  Params params;
  std::string where = "1 = 1";
  if (query.agency_id.has_value()) {
    params.push_back(*query.agency_id);
    absl::StrAppend(&where, " AND agency_id = $", params.size());
  }
  if (!query.show_revoked) absl::StrAppend(&where, " AND revoke_time_micros = 0");
  params.push_back(query.after_id);
  absl::StrAppend(&where, " AND id > $", params.size());
  params.push_back(static_cast<int64_t>(query.limit));
  absl::StatusOr<std::vector<Row>> rows =
      txn.Query(absl::StrCat("SELECT ", kKeyColumns, " FROM api_keys WHERE ", where,
                             " ORDER BY id LIMIT $", params.size()),
                params);
  if (!rows.ok()) return rows.status();
  std::vector<ApiKeyRecord> keys;
  for (const Row& row : *rows) keys.push_back(KeyOf(row));
  return keys;
}

absl::StatusOr<bool> CredentialStore::RevokeApiKey(storage::Transaction& txn, absl::string_view id,
                                                   absl::Time when) {
  absl::StatusOr<int64_t> changed = txn.Execute(
      "UPDATE api_keys SET revoke_time_micros = $2, retry_secret = $3, retry_until_micros = 0"
      " WHERE id = $1 AND revoke_time_micros = 0",
      {id, absl::ToUnixMicros(when), Blob{""}});
  if (!changed.ok()) return changed.status();
  return *changed == 1;
}

absl::StatusOr<bool> CredentialStore::HasOperatorKeyInForce(storage::Transaction& txn,
                                                            absl::Time now) {
  absl::StatusOr<std::vector<Row>> rows = txn.Query(
      "SELECT id FROM api_keys WHERE role = $1 AND revoke_time_micros = 0"
      " AND (expire_time_micros = 0 OR expire_time_micros > $2) LIMIT 1",
      {static_cast<int64_t>(v1::ROLE_OPERATOR), absl::ToUnixMicros(now)});
  if (!rows.ok()) return rows.status();
  return !rows->empty();
}

absl::Status CredentialStore::EraseRetrySecrets(storage::Transaction& txn, absl::Time now) {
  return txn
      .Execute(
          "UPDATE api_keys SET retry_secret = $1, retry_until_micros = 0"
          " WHERE retry_until_micros <> 0 AND retry_until_micros < $2",
          {Blob{""}, absl::ToUnixMicros(now)})
      .status();
}

absl::Status CredentialStore::InsertBinding(storage::Transaction& txn,
                                            const CertificateBindingRecord& binding) {
  return txn
      .Execute(absl::StrCat("INSERT INTO certificate_bindings (", kBindingColumns,
                            ") VALUES ($1, $2, $3, $4, $5)"),
               {binding.id, binding.subject, binding.agency_id, static_cast<int64_t>(binding.role),
                absl::ToUnixMicros(binding.create_time)})
      .status();
}

absl::StatusOr<std::optional<CertificateBindingRecord>> CredentialStore::FindBinding(
    storage::Transaction& txn, absl::string_view id) {
  absl::StatusOr<std::vector<Row>> rows = txn.Query(
      absl::StrCat("SELECT ", kBindingColumns, " FROM certificate_bindings WHERE id = $1"), {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<CertificateBindingRecord>();
  return std::optional<CertificateBindingRecord>(BindingOf(rows->front()));
}

absl::StatusOr<std::optional<CertificateBindingRecord>> CredentialStore::FindBindingBySubject(
    storage::Transaction& txn, absl::string_view subject) {
  absl::StatusOr<std::vector<Row>> rows = txn.Query(
      absl::StrCat("SELECT ", kBindingColumns, " FROM certificate_bindings WHERE subject = $1"),
      {subject});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<CertificateBindingRecord>();
  return std::optional<CertificateBindingRecord>(BindingOf(rows->front()));
}

absl::StatusOr<std::vector<CertificateBindingRecord>> CredentialStore::ListBindings(
    storage::Transaction& txn, absl::string_view after_id, int limit) {
  absl::StatusOr<std::vector<Row>> rows =
      txn.Query(absl::StrCat("SELECT ", kBindingColumns,
                             " FROM certificate_bindings WHERE id > $1 ORDER BY id LIMIT $2"),
                {after_id, static_cast<int64_t>(limit)});
  if (!rows.ok()) return rows.status();
  std::vector<CertificateBindingRecord> bindings;
  for (const Row& row : *rows) bindings.push_back(BindingOf(row));
  return bindings;
}

absl::Status CredentialStore::DeleteBinding(storage::Transaction& txn, absl::string_view id) {
  return txn.Execute("DELETE FROM certificate_bindings WHERE id = $1", {id}).status();
}

}  // namespace interplan::agencies
