#include "self_signed_certificate.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <system_error>
#include <vector>

#include <arpa/inet.h>

namespace confab::web {
namespace {

struct FileCloser {
    void operator()(FILE* file) const { std::fclose(file); }
};
struct X509Free {
    void operator()(X509* cert) const { X509_free(cert); }
};
struct KeyFree {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using FilePtr = std::unique_ptr<FILE, FileCloser>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;

constexpr const char* kCertName = "admin-web-cert.pem";
constexpr const char* kKeyName = "admin-web-key.pem";

bool isIpAddress(const std::string& host) {
    unsigned char buffer[sizeof(in6_addr)];
    return inet_pton(AF_INET, host.c_str(), buffer) == 1 || inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

bool isWildcard(const std::string& host) { return host.empty() || host == "0.0.0.0" || host == "::"; }

X509Ptr readCertificate(const std::filesystem::path& file) {
    FilePtr in(std::fopen(file.c_str(), "rb"));
    if (!in) return nullptr;
    return X509Ptr(PEM_read_X509(in.get(), nullptr, nullptr, nullptr));
}

// Reusable when it parses, has a matching readable key, is not about to
// expire and names the host we listen on.
bool reusable(const std::filesystem::path& cert_file, const std::filesystem::path& key_file,
              const std::string& host) {
    X509Ptr cert = readCertificate(cert_file);
    if (!cert) return false;
    FilePtr key_in(std::fopen(key_file.c_str(), "rb"));
    if (!key_in) return false;
    KeyPtr key(PEM_read_PrivateKey(key_in.get(), nullptr, nullptr, nullptr));
    if (!key || X509_check_private_key(cert.get(), key.get()) != 1) return false;
    // Regenerate a day before it runs out rather than serve an expired one.
    if (X509_cmp_time(X509_get0_notAfter(cert.get()), nullptr) <= 0) return false;
    time_t tomorrow = time(nullptr) + 24 * 3600;
    if (X509_cmp_time(X509_get0_notAfter(cert.get()), &tomorrow) <= 0) return false;
    if (isWildcard(host)) return true;
    if (isIpAddress(host)) return X509_check_ip_asc(cert.get(), host.c_str(), 0) == 1;
    return X509_check_host(cert.get(), host.c_str(), host.size(), 0, nullptr) == 1;
}

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("cannot generate the admin web certificate: ") + what + " failed");
}

void addExtension(X509* cert, int nid, const std::string& value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
    check(extension != nullptr, "building a certificate extension");
    const int added = X509_add_ext(cert, extension, -1);
    X509_EXTENSION_free(extension);
    check(added == 1, "adding a certificate extension");
}

std::string subjectAltNames(const std::string& host) {
    if (isWildcard(host)) return "DNS:localhost,IP:127.0.0.1,IP:::1";
    std::string names = isIpAddress(host) ? "IP:" + host : "DNS:" + host;
    if (host == "127.0.0.1" || host == "::1" || host == "localhost") {
        names += ",DNS:localhost";
        if (host != "127.0.0.1") names += ",IP:127.0.0.1";
    }
    return names;
}

// Writes `write` into `final_path` through a temporary file created with
// `mode`, then renames: a crash never leaves half a key behind.
template <typename Write>
void writeFileAtomically(const std::filesystem::path& final_path, mode_t mode, Write write) {
    const std::filesystem::path temporary = final_path.string() + ".tmp";
    ::unlink(temporary.c_str());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        throw std::runtime_error("cannot write " + temporary.string() + ": " +
                                 std::error_code(errno, std::generic_category()).message());
    }
    ::fchmod(fd, mode);  // whatever the umask said
    FilePtr out(::fdopen(fd, "wb"));
    if (!out) {
        ::close(fd);
        throw std::runtime_error("cannot write " + temporary.string());
    }
    const bool written = write(out.get());
    const bool flushed = std::fflush(out.get()) == 0 && ::fsync(fd) == 0;
    out.reset();
    if (!written || !flushed || ::rename(temporary.c_str(), final_path.c_str()) != 0) {
        ::unlink(temporary.c_str());
        throw std::runtime_error("cannot write " + final_path.string());
    }
}

void generate(const std::filesystem::path& cert_file, const std::filesystem::path& key_file,
              const std::string& host) {
    KeyPtr key(EVP_EC_gen("P-256"));
    check(key != nullptr, "EC P-256 key generation");

    X509Ptr cert(X509_new());
    check(cert != nullptr, "X509_new");
    check(X509_set_version(cert.get(), 2) == 1, "X509_set_version");
    unsigned char serial_bytes[16];
    check(RAND_bytes(serial_bytes, sizeof serial_bytes) == 1, "RAND_bytes");
    serial_bytes[0] &= 0x7f;  // a positive serial number
    std::unique_ptr<BIGNUM, decltype(&BN_free)> serial(BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr),
                                                       &BN_free);
    check(serial && BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) != nullptr,
          "setting the serial number");
    check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr, "setting notBefore");
    check(X509_gmtime_adj(X509_getm_notAfter(cert.get()), 60L * 60 * 24 * kSelfSignedValidityDays) != nullptr,
          "setting notAfter");
    check(X509_set_pubkey(cert.get(), key.get()) == 1, "X509_set_pubkey");

    const std::string common_name = isWildcard(host) ? "localhost" : host;
    X509_NAME* name = X509_get_subject_name(cert.get());
    check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>("Confab bridge"), -1, -1, 0) == 1,
          "setting the subject");
    check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0) == 1,
          "setting the subject");
    check(X509_set_issuer_name(cert.get(), name) == 1, "setting the issuer");

    addExtension(cert.get(), NID_subject_alt_name, subjectAltNames(host));
    addExtension(cert.get(), NID_key_usage, "critical,digitalSignature,keyCertSign");
    addExtension(cert.get(), NID_ext_key_usage, "serverAuth");
    addExtension(cert.get(), NID_subject_key_identifier, "hash");
    check(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "signing the certificate");

    // The key first: a certificate without its key is useless, and reusable()
    // checks they belong together.
    writeFileAtomically(key_file, 0600, [&](FILE* out) {
        return PEM_write_PrivateKey(out, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
    });
    writeFileAtomically(cert_file, 0644, [&](FILE* out) { return PEM_write_X509(out, cert.get()) == 1; });
}

}  // namespace

CertificateFiles ensureSelfSignedCertificate(const std::filesystem::path& tls_dir, const std::string& host) {
    if (tls_dir.empty()) throw std::runtime_error("no folder is configured for the admin web certificate");
    std::error_code error;
    if (!std::filesystem::exists(tls_dir, error)) {
        std::filesystem::create_directories(tls_dir, error);
        if (error) {
            throw std::runtime_error("cannot create " + tls_dir.string() + " for the admin web certificate: " +
                                     error.message());
        }
        std::filesystem::permissions(tls_dir, std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::replace, error);
    }
    CertificateFiles files{tls_dir / kCertName, tls_dir / kKeyName, false};
    if (!reusable(files.cert_file, files.key_file, host)) {
        generate(files.cert_file, files.key_file, host);
        files.generated = true;
    }
    return files;
}

std::string certificateFingerprint(const std::filesystem::path& cert_file) {
    X509Ptr cert = readCertificate(cert_file);
    if (!cert) throw std::runtime_error("cannot read a PEM certificate from " + cert_file.string());
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (X509_digest(cert.get(), EVP_sha256(), digest, &length) != 1) {
        throw std::runtime_error("cannot compute the SHA-256 fingerprint of " + cert_file.string());
    }
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string text;
    for (unsigned int i = 0; i < length; ++i) {
        if (i > 0) text += ':';
        text += kHex[digest[i] >> 4];
        text += kHex[digest[i] & 0x0f];
    }
    return text;
}

}  // namespace confab::web
