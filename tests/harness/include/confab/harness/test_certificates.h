// TestCertificateAuthority: a throwaway CA made with libcrypto for tests and
// the demo (EC P-256, fast), and the server certificates it signs. Nothing
// here is meant to protect anything: it exists so that clients under test
// verify TLS for real instead of turning verification off. Used from one thread.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace confab::harness {

struct CertificateFiles {
    std::filesystem::path certificate;  // PEM
    std::filesystem::path key;          // PEM, unencrypted
};

class TestCertificateAuthority {
  public:
    // Generates a new CA key and self-signed CA certificate and writes them to
    // `folder`/<file_stem>.pem and `folder`/<file_stem>.key (folder is created).
    // Throws std::runtime_error on failure.
    static TestCertificateAuthority create(const std::filesystem::path& folder,
                                           const std::string& common_name,
                                           const std::string& file_stem = "ca");
    // Loads a CA written earlier by create(). Throws when unreadable.
    static TestCertificateAuthority load(const std::filesystem::path& certificate,
                                         const std::filesystem::path& key);

    // Issues a server certificate (serverAuth + clientAuth) for `dns_names`
    // (the first is also the subject CN) and `ip_addresses` ("127.0.0.1"),
    // written to `folder`/<file_stem>.crt and .key.
    CertificateFiles issueServerCertificate(const std::filesystem::path& folder,
                                            const std::string& file_stem,
                                            const std::vector<std::string>& dns_names,
                                            const std::vector<std::string>& ip_addresses) const;

    const std::filesystem::path& certificateFile() const { return files_.certificate; }
    const std::filesystem::path& keyFile() const { return files_.key; }

  private:
    explicit TestCertificateAuthority(CertificateFiles files) : files_(std::move(files)) {}
    CertificateFiles files_;
};

// The SHA-256 fingerprint of a PEM certificate file as
// `openssl x509 -fingerprint -sha256` prints it ("AB:CD:..."), computed here
// independently of the client under test. "" when the file is unreadable.
std::string certificateFingerprintSha256(const std::filesystem::path& pem);

}  // namespace confab::harness
