#include "services/agencies/credential_registry.h"

#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/api/list_window.h"
#include "common/api/resource_name.h"
#include "common/errors/errors.h"
#include "common/storage/request_log.h"
#include "common/time/date.h"
#include "common/time/timestamp.h"
#include "services/agencies/api_key_secret.h"
#include "services/agencies/credential_access.h"
#include "services/agencies/credential_roles.h"
#include "services/agencies/credential_validator.h"
#include "services/agencies/unit_record.h"

namespace interplan::agencies {
namespace {

constexpr char kApiKeyType[] = "interplan.agencies.v1.ApiKey";
constexpr char kBindingType[] = "interplan.agencies.v1.CertificateBinding";
constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 1000;

absl::Status Unauthenticated(absl::string_view message) {
  return WithErrorInfo(absl::UnauthenticatedError(message), "INVALID_CREDENTIAL");
}

// The first instant after an agency's last day (Vietnam's midnight).
absl::Time EndOfDay(absl::CivilDay day) {
  return absl::FromCivil(absl::CivilSecond(day + 1), time::VietnamTimeZone());
}

}  // namespace

CredentialRegistry::CredentialRegistry(storage::Database& db, UnitRegistry& units,
                                       SecretBox retry_box, Options options)
    : db_(db), units_(units), retry_box_(std::move(retry_box)), options_(std::move(options)) {
  if (!options_.now) options_.now = [] { return absl::Now(); };
}

absl::StatusOr<CredentialRegistry::Holder> CredentialRegistry::LoadHolder(
    storage::Transaction& txn, const std::string& agency_id, absl::string_view agency_field,
    absl::Time now) {
  Holder holder;
  if (agency_id.empty()) return holder;
  const std::string field(agency_field);
  absl::StatusOr<std::optional<AgencyRecord>> agency = agencies_.Find(txn, agency_id);
  if (!agency.ok()) return agency.status();
  if (!agency->has_value()) {
    return InvalidFieldError(field, absl::StrCat("unknown agency ", AgencyName(agency_id)));
  }
  const absl::CivilDay today = time::TodayAt(now);
  if (!(*agency)->validity.Contains(today)) {
    return InvalidFieldError(field, absl::StrCat(AgencyName(agency_id), " is not in force today (",
                                                 (*agency)->validity.ToString(), ")"));
  }
  if (!(*agency)->unit_code.empty()) {
    absl::StatusOr<UnitRecord> unit = units_.Resolve(txn, (*agency)->unit_code, today);
    if (!unit.ok()) return unit.status();
    holder.unit_level = unit->level;
  }
  holder.agency = std::move(**agency);
  return holder;
}

absl::StatusOr<v1::Role> CredentialRegistry::RoleFor(storage::Transaction& txn, v1::Role requested,
                                                     const std::string& agency_id,
                                                     absl::string_view role_field,
                                                     absl::string_view agency_field,
                                                     absl::Time now) {
  absl::StatusOr<Holder> holder = LoadHolder(txn, agency_id, agency_field, now);
  if (!holder.ok()) return holder.status();
  return ResolveRole(requested,
                     {holder->agency.has_value() ? &*holder->agency : nullptr, holder->unit_level},
                     role_field, agency_field);
}

absl::StatusOr<ApiKeyRecord> CredentialRegistry::NewApiKey(const CheckedApiKey& checked,
                                                           v1::Role role, absl::Time now,
                                                           bool retryable, std::string& presented) {
  absl::StatusOr<std::string> id = NewKeyId();
  absl::StatusOr<std::string> secret = RandomBytes(kSecretBytes);
  absl::StatusOr<std::string> salt = RandomBytes(kSaltBytes);
  for (const absl::Status& s : {id.status(), secret.status(), salt.status()}) {
    if (!s.ok()) return s;
  }
  presented = FormatApiKey(*id, *secret);
  ApiKeyRecord key;
  key.id = *id;
  key.agency_id = checked.agency_id;
  key.role = role;
  key.display_name = checked.display_name;
  key.salt = *salt;
  key.hash = HashSecret(*salt, *secret);
  key.key_prefix = KeyPrefixOf(presented);
  key.create_time = now;
  key.expire_time = checked.expire_time;
  if (retryable) {
    absl::StatusOr<std::string> sealed = retry_box_.Seal(presented, key.id);
    if (!sealed.ok()) return sealed.status();
    key.retry_secret = *sealed;
    key.retry_until = now + options_.retry_window;
  }
  return key;
}

absl::Status CredentialRegistry::InsertApiKey(storage::Transaction& txn,
                                              const v1::CreateApiKeyRequest& request,
                                              const CheckedApiKey& checked, absl::Time now,
                                              v1::CreateApiKeyResponse& out, FreshKey& fresh) {
  fresh = FreshKey();
  if (absl::Status erased = store_.EraseRetrySecrets(txn, now); !erased.ok()) return erased;
  absl::StatusOr<v1::Role> role =
      RoleFor(txn, request.role(), checked.agency_id, "role", "agency", now);
  if (!role.ok()) return role.status();
  std::string presented;
  absl::StatusOr<ApiKeyRecord> key =
      NewApiKey(checked, *role, now, !request.request_id().empty(), presented);
  if (!key.ok()) return key.status();
  if (absl::Status inserted = store_.InsertApiKey(txn, *key); !inserted.ok()) return inserted;
  // The logged response: everything but the secret.
  key->ToProto(out.mutable_api_key());
  fresh.name = key->name();
  fresh.secret = presented;
  return absl::OkStatus();
}

absl::StatusOr<v1::CreateApiKeyResponse> CredentialRegistry::CreateApiKey(
    const v1::CreateApiKeyRequest& request, const CallContext& call) {
  if (absl::Status allowed = CredentialAccess::MayCreateApiKey(call, request); !allowed.ok())
    return allowed;
  const absl::Time now = options_.now();
  absl::StatusOr<CheckedApiKey> checked = ValidateCreateApiKey(request, now);
  if (!checked.ok()) return checked.status();
  v1::CreateApiKeyResponse response;
  FreshKey fresh;
  absl::Status status = storage::RunIdempotent(
      db_, "CreateApiKey", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        return InsertApiKey(txn, request, *checked, now,
                            *static_cast<v1::CreateApiKeyResponse*>(out), fresh);
      },
      call.audit);
  if (!status.ok()) return status;
  if (!fresh.name.empty() && response.api_key().name() == fresh.name) {
    response.set_secret(fresh.secret);
    return response;
  }
  // An earlier attempt of this request created the key.
  absl::StatusOr<std::string> secret = RecoverSecret(response.api_key(), now);
  if (!secret.ok()) return secret.status();
  response.set_secret(*secret);
  return response;
}

absl::StatusOr<std::string> CredentialRegistry::RecoverSecret(const v1::ApiKey& key,
                                                              absl::Time now) {
  absl::StatusOr<std::string> id = ParseApiKeyName(key.name());
  if (!id.ok()) return absl::InternalError("recorded response names no key");
  std::optional<ApiKeyRecord> record;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::optional<ApiKeyRecord>> found = store_.FindApiKey(txn, *id);
    if (!found.ok()) return found.status();
    record = std::move(*found);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!record.has_value() || record->retry_secret.empty() || !record->retry_until.has_value() ||
      *record->retry_until < now) {
    return WithErrorInfo(
        absl::FailedPreconditionError(absl::StrCat(
            "this request_id already created ", key.name(),
            ", whose secret can no longer be shown (it is shown once; a retry can see it again "
            "only within ",
            absl::FormatDuration(options_.retry_window),
            " and before the key is revoked): revoke it and create a new key")),
        "SECRET_NO_LONGER_AVAILABLE", {{"resource", key.name()}});
  }
  absl::StatusOr<std::string> secret = retry_box_.Open(record->retry_secret, record->id);
  if (!secret.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the secret of ", key.name(), " cannot be recovered: ", secret.status().message(),
        "; revoke it and create a new key"));
  }
  return secret;
}

absl::StatusOr<v1::ListApiKeysResponse> CredentialRegistry::ListApiKeys(
    const v1::ListApiKeysRequest& request, const CallContext& call) {
  if (absl::Status allowed = CredentialAccess::MayListApiKeys(call, request); !allowed.ok())
    return allowed;
  FieldViolations violations;
  const std::string agency_id = OptionalAgencyId(request.agency(), "agency", violations);
  const ListWindow window = ListWindow::Of(request, request.page_size(), request.page_token(),
                                           kDefaultPageSize, kMaxPageSize, &violations);
  if (!violations.empty()) return violations.ToStatus();

  ApiKeyQuery query;
  if (!request.agency().empty()) query.agency_id = agency_id;
  query.show_revoked = request.show_revoked();
  query.after_id = window.after();
  query.limit = window.fetch_limit();
  v1::ListApiKeysResponse response;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    response.Clear();
    absl::StatusOr<std::vector<ApiKeyRecord>> keys = store_.ListApiKeys(txn, query);
    if (!keys.ok()) return keys.status();
    const bool more = window.TrimToPage(*keys);
    for (const ApiKeyRecord& key : *keys) key.ToProto(response.add_api_keys());
    if (more) response.set_next_page_token(window.TokenAfter(keys->back().id));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::ApiKey> CredentialRegistry::RevokeApiKey(const v1::RevokeApiKeyRequest& request,
                                                            const CallContext& call) {
  if (absl::Status allowed = CredentialAccess::MayRevokeApiKey(call, request); !allowed.ok())
    return allowed;
  storage::AuditEvent* audit = call.audit;
  absl::StatusOr<std::string> id = ValidateRevokeApiKey(request);
  if (!id.ok()) return id.status();
  const absl::Time now = options_.now();
  v1::ApiKey response;
  absl::Status status = storage::RunIdempotent(
      db_, "RevokeApiKey", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        absl::StatusOr<std::optional<ApiKeyRecord>> found = store_.FindApiKey(txn, *id);
        if (!found.ok()) return found.status();
        if (!found->has_value() || (*found)->name() != request.name()) {
          return ResourceNotFoundError(kApiKeyType, request.name());
        }
        ApiKeyRecord key = std::move(**found);
        if (!key.revoke_time.has_value()) {  // revoking twice changes nothing
          absl::StatusOr<bool> revoked = store_.RevokeApiKey(txn, key.id, now);
          if (!revoked.ok()) return revoked.status();
          key.revoke_time = now;
        }
        key.ToProto(static_cast<v1::ApiKey*>(out));
        return absl::OkStatus();
      },
      audit);
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::CertificateBinding> CredentialRegistry::CreateCertificateBinding(
    const v1::CreateCertificateBindingRequest& request, const CallContext& call) {
  if (absl::Status allowed = CredentialAccess::MayCreateCertificateBinding(call); !allowed.ok())
    return allowed;
  storage::AuditEvent* audit = call.audit;
  const absl::Time now = options_.now();
  absl::StatusOr<CheckedBinding> checked = ValidateCreateCertificateBinding(request);
  if (!checked.ok()) return checked.status();
  const std::string& subject = checked->subject;
  const std::string& agency_id = checked->agency_id;

  v1::CertificateBinding response;
  absl::Status status = storage::RunIdempotent(
      db_, "CreateCertificateBinding", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        absl::StatusOr<std::optional<CertificateBindingRecord>> existing =
            store_.FindBindingBySubject(txn, subject);
        if (!existing.ok()) return existing.status();
        if (existing->has_value()) {
          return WithErrorInfo(
              absl::AlreadyExistsError(absl::StrCat(
                  "subject \"", subject, "\" is already bound by ", (*existing)->name())),
              "ALREADY_EXISTS", {{"resource", (*existing)->name()}});
        }
        absl::StatusOr<v1::Role> role = RoleFor(txn, request.binding().role(), agency_id,
                                                "binding.role", "binding.agency", now);
        if (!role.ok()) return role.status();
        absl::StatusOr<std::string> id = NewKeyId();
        if (!id.ok()) return id.status();
        CertificateBindingRecord binding{*id, subject, agency_id, *role, now};
        if (absl::Status inserted = store_.InsertBinding(txn, binding); !inserted.ok()) {
          return inserted;
        }
        binding.ToProto(static_cast<v1::CertificateBinding*>(out));
        return absl::OkStatus();
      },
      audit);
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::ListCertificateBindingsResponse> CredentialRegistry::ListCertificateBindings(
    const v1::ListCertificateBindingsRequest& request, const CallContext& call) {
  if (absl::Status allowed = CredentialAccess::MayListCertificateBindings(call); !allowed.ok())
    return allowed;
  FieldViolations violations;
  const ListWindow window = ListWindow::Of(request, request.page_size(), request.page_token(),
                                           kDefaultPageSize, kMaxPageSize, &violations);
  if (!violations.empty()) return violations.ToStatus();
  v1::ListCertificateBindingsResponse response;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    response.Clear();
    absl::StatusOr<std::vector<CertificateBindingRecord>> bindings =
        store_.ListBindings(txn, window.after(), window.fetch_limit());
    if (!bindings.ok()) return bindings.status();
    const bool more = window.TrimToPage(*bindings);
    for (const CertificateBindingRecord& b : *bindings) b.ToProto(response.add_bindings());
    if (more) response.set_next_page_token(window.TokenAfter(bindings->back().id));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::CertificateBinding> CredentialRegistry::DeleteCertificateBinding(
    const v1::DeleteCertificateBindingRequest& request, const CallContext& call) {
  if (absl::Status allowed = CredentialAccess::MayDeleteCertificateBinding(call, request);
      !allowed.ok())
    return allowed;
  storage::AuditEvent* audit = call.audit;
  absl::StatusOr<std::string> id = ParseResourceName(request.name(), "certificateBindings", "name");
  if (!id.ok()) return id.status();
  v1::CertificateBinding response;
  // No request_id: RunIdempotent only runs the write and appends the
  // audit event in its transaction.
  absl::Status status = storage::RunIdempotent(
      db_, "DeleteCertificateBinding", "", request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        absl::StatusOr<std::optional<CertificateBindingRecord>> found =
            store_.FindBinding(txn, *id);
        if (!found.ok()) return found.status();
        if (!found->has_value()) return ResourceNotFoundError(kBindingType, request.name());
        if (absl::Status deleted = store_.DeleteBinding(txn, *id); !deleted.ok()) return deleted;
        (*found)->ToProto(static_cast<v1::CertificateBinding*>(out));
        return absl::OkStatus();
      },
      audit);
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::Principal> CredentialRegistry::PrincipalOf(
    storage::Transaction& txn, const std::string& credential, const std::string& agency_id,
    v1::Role role, std::optional<absl::Time> expire_time, absl::Time now) {
  v1::Principal principal;
  principal.set_credential(credential);
  principal.set_role(role);
  std::optional<absl::Time> valid_until = expire_time;
  if (!agency_id.empty()) {
    absl::StatusOr<std::optional<AgencyRecord>> agency = agencies_.Find(txn, agency_id);
    if (!agency.ok()) return agency.status();
    if (!agency->has_value()) {
      return Unauthenticated(absl::StrCat(credential, " belongs to an unknown agency"));
    }
    const AgencyRecord& record = **agency;
    if (!record.validity.Contains(time::TodayAt(now))) {
      return Unauthenticated(absl::StrCat(credential, ": ", AgencyName(agency_id),
                                          " is not in force today (", record.validity.ToString(),
                                          ")"));
    }
    principal.set_agency(AgencyName(agency_id));
    if (!record.unit_code.empty()) principal.set_unit(UnitName(record.unit_code));
    if (record.validity.to.has_value()) {
      const absl::Time end = EndOfDay(*record.validity.to);
      if (!valid_until.has_value() || end < *valid_until) valid_until = end;
    }
  }
  if (valid_until.has_value()) *principal.mutable_valid_until() = time::ToTimestamp(*valid_until);
  return principal;
}

absl::StatusOr<v1::Principal> CredentialRegistry::Authenticate(
    const v1::AuthenticateRequest& request, const CallContext& call) {
  if (absl::Status allowed = CredentialAccess::MayAuthenticate(call, request); !allowed.ok())
    return allowed;
  const absl::Time now = options_.now();
  v1::Principal principal;
  switch (request.credential_case()) {
    case v1::AuthenticateRequest::kApiKey: {
      std::optional<ParsedApiKey> parsed = ParseApiKey(request.api_key());
      if (!parsed.has_value()) {
        return Unauthenticated("malformed API key: expected ipk_<key id>_<secret>");
      }
      absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
        absl::StatusOr<std::optional<ApiKeyRecord>> found = store_.FindApiKey(txn, parsed->key_id);
        if (!found.ok()) return found.status();
        // Unknown id and wrong secret read alike.
        if (!found->has_value() || !SecretMatches((*found)->salt, parsed->secret, (*found)->hash)) {
          return Unauthenticated("unknown API key");
        }
        const ApiKeyRecord& key = **found;
        if (key.revoke_time.has_value()) {
          return Unauthenticated(absl::StrCat(key.name(), " was revoked"));
        }
        if (key.expire_time.has_value() && *key.expire_time <= now) {
          return Unauthenticated(absl::StrCat(key.name(), " has expired"));
        }
        absl::StatusOr<v1::Principal> found_principal =
            PrincipalOf(txn, key.name(), key.agency_id, key.role, key.expire_time, now);
        if (!found_principal.ok()) return found_principal.status();
        principal = std::move(*found_principal);
        return absl::OkStatus();
      });
      if (!status.ok()) return status;
      return principal;
    }
    case v1::AuthenticateRequest::kCertificateSubject: {
      if (request.certificate_subject().empty()) {
        return Unauthenticated("empty certificate subject");
      }
      absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
        absl::StatusOr<std::optional<CertificateBindingRecord>> found =
            store_.FindBindingBySubject(txn, request.certificate_subject());
        if (!found.ok()) return found.status();
        if (!found->has_value()) {
          return Unauthenticated("no certificate binding for this subject");
        }
        absl::StatusOr<v1::Principal> found_principal = PrincipalOf(
            txn, (*found)->name(), (*found)->agency_id, (*found)->role, std::nullopt, now);
        if (!found_principal.ok()) return found_principal.status();
        principal = std::move(*found_principal);
        return absl::OkStatus();
      });
      if (!status.ok()) return status;
      return principal;
    }
    default:
      return InvalidFieldError("api_key", "set api_key or certificate_subject");
  }
}

absl::StatusOr<bool> CredentialRegistry::HasOperatorKeyInForce() {
  bool found = false;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<bool> in_force = store_.HasOperatorKeyInForce(txn, options_.now());
    if (!in_force.ok()) return in_force.status();
    found = *in_force;
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return found;
}

}  // namespace interplan::agencies
