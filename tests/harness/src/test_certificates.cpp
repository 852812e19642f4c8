#include "confab/harness/test_certificates.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

namespace confab::harness {

namespace {

constexpr long kSecondsPerDay = 24 * 60 * 60;
constexpr long kCaValidityDays = 825;
constexpr long kServerValidityDays = 365;

template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* pointer) const { Free(pointer); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

[[noreturn]] void fail(const std::string& what) {
    unsigned long code = ERR_get_error();
    std::string reason = code != 0 ? ERR_error_string(code, nullptr) : "unknown error";
    ERR_clear_error();
    throw std::runtime_error("test certificates: " + what + ": " + reason);
}

KeyPtr generateP256Key() {
    KeyPtr key(EVP_EC_gen("P-256"));
    if (!key) {
        fail("EC P-256 key generation");
    }
    return key;
}

void addExtension(X509* certificate, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
    if (extension == nullptr) {
        fail("extension " + value);
    }
    X509_add_ext(certificate, extension, -1);
    X509_EXTENSION_free(extension);
}

CertPtr newCertificate(EVP_PKEY* subject_key, const std::string& common_name, long validity_days) {
    CertPtr certificate(X509_new());
    if (!certificate) {
        fail("X509_new");
    }
    X509_set_version(certificate.get(), 2);  // v3
    std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>> serial(BN_new());
    BN_rand(serial.get(), 120, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
    BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get()));
    // Backdated an hour so a slightly skewed clock does not make it "not yet valid".
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -60 * 60);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), validity_days * kSecondsPerDay);
    X509_set_pubkey(certificate.get(), subject_key);
    X509_NAME* name = X509_get_subject_name(certificate.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>("Confab tests"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                               0);
    return certificate;
}

void writePem(const std::filesystem::path& file, X509* certificate) {
    BioPtr out(BIO_new_file(file.c_str(), "w"));
    if (!out || PEM_write_bio_X509(out.get(), certificate) != 1) {
        fail("write " + file.string());
    }
}

void writePem(const std::filesystem::path& file, EVP_PKEY* key) {
    BioPtr out(BIO_new_file(file.c_str(), "w"));
    if (!out ||
        PEM_write_bio_PrivateKey(out.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        fail("write " + file.string());
    }
    std::filesystem::permissions(
        file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

CertPtr readCertificate(const std::filesystem::path& file) {
    BioPtr in(BIO_new_file(file.c_str(), "r"));
    CertPtr certificate(in ? PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!certificate) {
        fail("read certificate " + file.string());
    }
    return certificate;
}

KeyPtr readKey(const std::filesystem::path& file) {
    BioPtr in(BIO_new_file(file.c_str(), "r"));
    KeyPtr key(in ? PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!key) {
        fail("read key " + file.string());
    }
    return key;
}

std::string joinAltNames(const std::vector<std::string>& dns_names,
                         const std::vector<std::string>& ip_addresses) {
    std::string names;
    for (const auto& dns : dns_names) {
        names += (names.empty() ? "DNS:" : ",DNS:") + dns;
    }
    for (const auto& ip : ip_addresses) {
        names += (names.empty() ? "IP:" : ",IP:") + ip;
    }
    return names;
}

}  // namespace

TestCertificateAuthority TestCertificateAuthority::create(const std::filesystem::path& folder,
                                                          const std::string& common_name,
                                                          const std::string& file_stem) {
    std::filesystem::create_directories(folder);
    KeyPtr key = generateP256Key();
    CertPtr certificate = newCertificate(key.get(), common_name, kCaValidityDays);
    X509_set_issuer_name(certificate.get(), X509_get_subject_name(certificate.get()));
    addExtension(certificate.get(), certificate.get(), NID_basic_constraints, "critical,CA:TRUE");
    addExtension(certificate.get(), certificate.get(), NID_key_usage,
                 "critical,keyCertSign,cRLSign");
    addExtension(certificate.get(), certificate.get(), NID_subject_key_identifier, "hash");
    if (X509_sign(certificate.get(), key.get(), EVP_sha256()) == 0) {
        fail("sign CA certificate");
    }
    CertificateFiles files{folder / (file_stem + ".pem"), folder / (file_stem + ".key")};
    writePem(files.certificate, certificate.get());
    writePem(files.key, key.get());
    return TestCertificateAuthority(files);
}

TestCertificateAuthority TestCertificateAuthority::load(const std::filesystem::path& certificate,
                                                        const std::filesystem::path& key) {
    readCertificate(certificate);
    readKey(key);
    return TestCertificateAuthority(CertificateFiles{certificate, key});
}

CertificateFiles TestCertificateAuthority::issueServerCertificate(
    const std::filesystem::path& folder, const std::string& file_stem,
    const std::vector<std::string>& dns_names, const std::vector<std::string>& ip_addresses) const {
    if (dns_names.empty()) {
        throw std::invalid_argument("issueServerCertificate: no DNS name");
    }
    std::filesystem::create_directories(folder);
    CertPtr ca_certificate = readCertificate(files_.certificate);
    KeyPtr ca_key = readKey(files_.key);

    KeyPtr key = generateP256Key();
    CertPtr certificate = newCertificate(key.get(), dns_names.front(), kServerValidityDays);
    X509_set_issuer_name(certificate.get(), X509_get_subject_name(ca_certificate.get()));
    addExtension(certificate.get(), ca_certificate.get(), NID_basic_constraints, "CA:FALSE");
    addExtension(certificate.get(), ca_certificate.get(), NID_key_usage,
                 "critical,digitalSignature");
    addExtension(certificate.get(), ca_certificate.get(), NID_ext_key_usage,
                 "serverAuth,clientAuth");
    addExtension(certificate.get(), ca_certificate.get(), NID_subject_alt_name,
                 joinAltNames(dns_names, ip_addresses));
    addExtension(certificate.get(), ca_certificate.get(), NID_subject_key_identifier, "hash");
    addExtension(certificate.get(), ca_certificate.get(), NID_authority_key_identifier,
                 "keyid:always");
    if (X509_sign(certificate.get(), ca_key.get(), EVP_sha256()) == 0) {
        fail("sign server certificate");
    }
    CertificateFiles files{folder / (file_stem + ".crt"), folder / (file_stem + ".key")};
    writePem(files.certificate, certificate.get());
    writePem(files.key, key.get());
    return files;
}

std::string certificateFingerprintSha256(const std::filesystem::path& pem) {
    FILE* file = std::fopen(pem.c_str(), "r");
    if (file == nullptr) return {};
    X509* certificate = PEM_read_X509(file, nullptr, nullptr, nullptr);
    std::fclose(file);
    if (certificate == nullptr) return {};
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    X509_digest(certificate, EVP_sha256(), digest, &length);
    X509_free(certificate);
    std::string text;
    for (unsigned int i = 0; i < length; ++i) {
        char hex[4];
        std::snprintf(hex, sizeof hex, i ? ":%02X" : "%02X", digest[i]);
        text += hex;
    }
    return text;
}

}  // namespace confab::harness
