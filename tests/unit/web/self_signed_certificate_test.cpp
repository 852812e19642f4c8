#include "self_signed_certificate.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <random>

namespace confab::web {
namespace {

class SelfSignedCertificateTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::random_device random;
        base_ = std::filesystem::temp_directory_path() / ("confab-web-cert-test-" + std::to_string(random()));
        std::filesystem::create_directories(base_);
    }
    void TearDown() override { std::filesystem::remove_all(base_); }

    static mode_t modeOf(const std::filesystem::path& path) {
        struct stat info {};
        EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
        return info.st_mode & 07777;
    }
    static X509* load(const std::filesystem::path& path) {
        FILE* in = std::fopen(path.c_str(), "rb");
        if (!in) return nullptr;
        X509* cert = PEM_read_X509(in, nullptr, nullptr, nullptr);
        std::fclose(in);
        return cert;
    }
    static std::string read(const std::filesystem::path& path) {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

    std::filesystem::path base_;
};

TEST_F(SelfSignedCertificateTest, GeneratesAPrivateKeyAndACertificateForTheHost) {
    const auto dir = base_ / "tls";
    CertificateFiles files = ensureSelfSignedCertificate(dir, "127.0.0.1");
    EXPECT_TRUE(files.generated);
    EXPECT_EQ(modeOf(dir), 0700u);
    EXPECT_EQ(modeOf(files.key_file), 0600u);
    X509* cert = load(files.cert_file);
    ASSERT_NE(cert, nullptr);
    EXPECT_EQ(X509_check_ip_asc(cert, "127.0.0.1", 0), 1);
    EXPECT_EQ(X509_check_host(cert, "localhost", 0, 0, nullptr), 1);
    // Self-signed, EC P-256, and valid for about 825 days from now.
    EXPECT_EQ(X509_check_issued(cert, cert), X509_V_OK);
    EVP_PKEY* key = X509_get0_pubkey(cert);
    ASSERT_NE(key, nullptr);
    EXPECT_EQ(EVP_PKEY_get_base_id(key), EVP_PKEY_EC);
    int days = 0, seconds = 0;
    ASSERT_EQ(ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(cert)), 1);
    EXPECT_GE(days, kSelfSignedValidityDays - 1);
    EXPECT_LE(days, kSelfSignedValidityDays);
    X509_free(cert);

    const std::string fingerprint = certificateFingerprint(files.cert_file);
    EXPECT_EQ(fingerprint.size(), 32u * 3 - 1);
    EXPECT_EQ(fingerprint.find_first_not_of("0123456789ABCDEF:"), std::string::npos);
}

TEST_F(SelfSignedCertificateTest, IsReusedOnTheNextStart) {
    const auto dir = base_ / "tls";
    CertificateFiles first = ensureSelfSignedCertificate(dir, "localhost");
    const std::string fingerprint = certificateFingerprint(first.cert_file);
    const std::string key = read(first.key_file);
    CertificateFiles second = ensureSelfSignedCertificate(dir, "localhost");
    EXPECT_FALSE(second.generated);
    EXPECT_EQ(certificateFingerprint(second.cert_file), fingerprint);
    EXPECT_EQ(read(second.key_file), key);
}

TEST_F(SelfSignedCertificateTest, IsReplacedWhenBrokenOrForAnotherHost) {
    const auto dir = base_ / "tls";
    CertificateFiles first = ensureSelfSignedCertificate(dir, "127.0.0.1");
    const std::string fingerprint = certificateFingerprint(first.cert_file);

    CertificateFiles other_host = ensureSelfSignedCertificate(dir, "bridge.example.com");
    EXPECT_TRUE(other_host.generated);
    EXPECT_NE(certificateFingerprint(other_host.cert_file), fingerprint);
    X509* cert = load(other_host.cert_file);
    ASSERT_NE(cert, nullptr);
    EXPECT_EQ(X509_check_host(cert, "bridge.example.com", 0, 0, nullptr), 1);
    X509_free(cert);

    std::ofstream(other_host.key_file, std::ios::trunc) << "not a key\n";
    CertificateFiles repaired = ensureSelfSignedCertificate(dir, "bridge.example.com");
    EXPECT_TRUE(repaired.generated);
    EXPECT_EQ(modeOf(repaired.key_file), 0600u);
}

TEST_F(SelfSignedCertificateTest, FingerprintOfSomethingElseThrows) {
    std::ofstream(base_ / "junk.pem") << "junk";
    EXPECT_THROW(certificateFingerprint(base_ / "junk.pem"), std::runtime_error);
    EXPECT_THROW(certificateFingerprint(base_ / "missing.pem"), std::runtime_error);
}

}  // namespace
}  // namespace confab::web
