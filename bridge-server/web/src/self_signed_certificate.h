// The admin web page's own certificate when none is configured: a self-signed
// EC P-256 certificate for the listen host, valid 825 days, generated once
// into a private folder and reused on later starts so that a browser's
// exception (or a pinned fingerprint) keeps working across restarts.
//
// Thread contract: plain functions, called by WebServer's constructor.
#pragma once

#include <filesystem>
#include <string>

namespace confab::web {

struct CertificateFiles {
    std::filesystem::path cert_file;  // PEM
    std::filesystem::path key_file;   // PEM, mode 0600
    bool generated = false;           // false: the files from an earlier start were reused
};

inline constexpr int kSelfSignedValidityDays = 825;

// Returns tls_dir/admin-web-cert.pem and tls_dir/admin-web-key.pem, generated
// when missing, unreadable, expired, or not made out to `host`. tls_dir is
// created with mode 0700 when it does not exist. Throws std::runtime_error
// naming the file when something cannot be read or written.
CertificateFiles ensureSelfSignedCertificate(const std::filesystem::path& tls_dir, const std::string& host);

// SHA-256 of the certificate's DER form, as "AB:CD:...". Throws
// std::runtime_error when the file is not a PEM certificate.
std::string certificateFingerprint(const std::filesystem::path& cert_file);

}  // namespace confab::web
