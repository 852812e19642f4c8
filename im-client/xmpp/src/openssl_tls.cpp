#include "openssl_tls.h"

#include <QDateTime>
#include <QStringList>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <memory>

namespace confab::client {

namespace {

constexpr int kReadChunk = 16 * 1024;

std::string lastOpenSslError() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) {
        return "TLS handshake failed";
    }
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

QString nameText(const X509_NAME* name) {
    if (name == nullptr) {
        return {};
    }
    std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), &BIO_free);
    if (!out || X509_NAME_print_ex(out.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) {
        return {};
    }
    char* data = nullptr;
    const long size = BIO_get_mem_data(out.get(), &data);
    return QString::fromUtf8(data, static_cast<qsizetype>(size));
}

QDateTime asn1Time(const ASN1_TIME* time) {
    std::tm parts{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) {
        return {};
    }
    return QDateTime(QDate(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday),
                     QTime(parts.tm_hour, parts.tm_min, parts.tm_sec), Qt::UTC);
}

// The DNS names a certificate is for (subjectAltName, else the subject CN).
QStringList certificateNames(X509* certificate) {
    QStringList names;
    auto* alt_names = static_cast<GENERAL_NAMES*>(
        X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr));
    if (alt_names != nullptr) {
        for (int i = 0; i < sk_GENERAL_NAME_num(alt_names); ++i) {
            const GENERAL_NAME* entry = sk_GENERAL_NAME_value(alt_names, i);
            if (entry->type == GEN_DNS) {
                const ASN1_IA5STRING* dns = entry->d.dNSName;
                names.append(QString::fromLatin1(reinterpret_cast<const char*>(ASN1_STRING_get0_data(dns)),
                                                 ASN1_STRING_length(dns)));
            }
        }
        GENERAL_NAMES_free(alt_names);
    }
    if (names.isEmpty()) {
        char common_name[256] = {};
        if (X509_NAME_get_text_by_NID(X509_get_subject_name(certificate), NID_commonName,
                                      common_name, sizeof common_name) > 0) {
            names.append(QString::fromUtf8(common_name));
        }
    }
    return names;
}

int certStatusFlag(int error) {
    switch (error) {
        case X509_V_ERR_CERT_HAS_EXPIRED: return gloox::CertExpired;
        case X509_V_ERR_CERT_NOT_YET_VALID: return gloox::CertNotActive;
        case X509_V_ERR_HOSTNAME_MISMATCH: return gloox::CertWrongPeer;
        case X509_V_ERR_CERT_REVOKED: return gloox::CertRevoked;
        case X509_V_ERR_INVALID_CA: return gloox::CertSignerNotCa;
        case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
        case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE: return gloox::CertSignerUnknown;
        default: return gloox::CertInvalid;
    }
}

QString problemText(int error, X509* certificate, const std::string& host) {
    switch (error) {
        case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT: return QStringLiteral("self-signed certificate");
        case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
            return QStringLiteral("issuer unknown (self-signed certificate in the chain)");
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
        case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE: return QStringLiteral("issuer unknown");
        case X509_V_ERR_CERT_HAS_EXPIRED: return QStringLiteral("certificate has expired");
        case X509_V_ERR_CERT_NOT_YET_VALID: return QStringLiteral("certificate is not valid yet");
        case X509_V_ERR_CERT_REVOKED: return QStringLiteral("certificate has been revoked");
        case X509_V_ERR_INVALID_CA: return QStringLiteral("issuer is not a certificate authority");
        case X509_V_ERR_HOSTNAME_MISMATCH: {
            const QStringList names = certificateNames(certificate);
            return QStringLiteral("certificate is for %1, not %2")
                .arg(names.isEmpty() ? QStringLiteral("no name") : names.join(QStringLiteral(", ")),
                     QString::fromStdString(host));
        }
        default: return QString::fromUtf8(X509_verify_cert_error_string(error));
    }
}

}  // namespace

QString certificateFingerprint(X509* certificate) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (certificate == nullptr || X509_digest(certificate, EVP_sha256(), digest, &length) != 1) {
        return {};
    }
    QStringList bytes;
    for (unsigned int i = 0; i < length; ++i) {
        bytes.append(QStringLiteral("%1").arg(digest[i], 2, 16, QLatin1Char('0')).toUpper());
    }
    return bytes.join(QLatin1Char(':'));
}

OpenSslTls::OpenSslTls(gloox::TLSHandler* handler, const std::string& peer_name,
                       std::string ca_file)
    : gloox::TLSBase(handler, peer_name), ca_file_(std::move(ca_file)) {}

OpenSslTls::~OpenSslTls() {
    cleanup();
    SSL_CTX_free(ctx_);
}

bool OpenSslTls::init(const std::string&, const std::string&, const gloox::StringList&) {
    if (ctx_ != nullptr) {
        return true;
    }
    ctx_ = SSL_CTX_new(TLS_client_method());
    if (ctx_ == nullptr) {
        return false;
    }
    SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
    // A CA file that cannot be read leaves the store empty: every
    // certificate then fails as "issuer unknown", which is the honest answer.
    const int loaded = ca_file_.empty()
                           ? SSL_CTX_set_default_verify_paths(ctx_)
                           : SSL_CTX_load_verify_locations(ctx_, ca_file_.c_str(), nullptr);
    if (loaded != 1) {
        ERR_clear_error();
    }
    m_valid = true;
    return true;
}

void OpenSslTls::setCACerts(const gloox::StringList& ca_certs) {
    if (!ca_certs.empty() && ctx_ == nullptr) {
        ca_file_ = ca_certs.front();
    }
}

void OpenSslTls::setClientCert(const std::string&, const std::string&) {}

int OpenSslTls::recordVerifyError(int preverify_ok, X509_STORE_CTX* store) {
    if (preverify_ok == 0) {
        auto* ssl = static_cast<SSL*>(
            X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
        auto* self = ssl != nullptr ? static_cast<OpenSslTls*>(SSL_get_ex_data(ssl, 0)) : nullptr;
        const int error = X509_STORE_CTX_get_error(store);
        if (self != nullptr && std::find(self->verify_errors_.begin(), self->verify_errors_.end(),
                                         error) == self->verify_errors_.end()) {
            self->verify_errors_.push_back(error);
        }
    }
    return 1;  // go on: the verdict comes after the handshake
}

bool OpenSslTls::createSession() {
    if (ctx_ == nullptr && !init()) {
        return false;
    }
    ssl_ = SSL_new(ctx_);
    if (ssl_ == nullptr) {
        return false;
    }
    network_in_ = BIO_new(BIO_s_mem());
    network_out_ = BIO_new(BIO_s_mem());
    SSL_set_bio(ssl_, network_in_, network_out_);  // ssl_ owns both now
    SSL_set_connect_state(ssl_);
    SSL_set_ex_data(ssl_, 0, this);
    // SSL_set_tlsext_host_name() without its old-style cast.
    SSL_ctrl(ssl_, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
             const_cast<char*>(m_server.c_str()));
    SSL_set_hostflags(ssl_, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    SSL_set1_host(ssl_, m_server.c_str());
    SSL_set_verify(ssl_, SSL_VERIFY_NONE, &OpenSslTls::recordVerifyError);
    verify_errors_.clear();
    handshake_done_ = false;
    handshake_error_.clear();
    peer_ = {};
    peer_verified_ = false;
    return true;
}

bool OpenSslTls::handshake() {
    if (ssl_ == nullptr && !createSession()) {
        return false;
    }
    continueHandshake();
    return true;
}

bool OpenSslTls::continueHandshake() {
    const int result = SSL_do_handshake(ssl_);
    flushOutput();
    if (ssl_ == nullptr) {
        return false;
    }
    if (result == 1) {
        handshake_done_ = true;
        evaluatePeer();
        m_secure = true;
        reportHandshake(true);  // gloox may disconnect (and clean us up) in there
        return ssl_ != nullptr;
    }
    const int error = SSL_get_error(ssl_, result);
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
        return true;
    }
    handshake_error_ = lastOpenSslError();
    reportHandshake(false);
    return false;
}

void OpenSslTls::evaluatePeer() {
    peer_ = {};
    peer_.host = QString::fromStdString(m_server);
    X509* certificate = SSL_get1_peer_certificate(ssl_);
    if (certificate == nullptr) {
        peer_.problem = QStringLiteral("the server sent no certificate");
        peer_verified_ = false;
        return;
    }
    peer_.sha256_fingerprint = certificateFingerprint(certificate);
    peer_.subject = nameText(X509_get_subject_name(certificate));
    peer_.issuer = nameText(X509_get_issuer_name(certificate));
    peer_.not_before = asn1Time(X509_get0_notBefore(certificate));
    peer_.not_after = asn1Time(X509_get0_notAfter(certificate));
    QStringList problems;
    for (int error : verify_errors_) {
        const QString text = problemText(error, certificate, m_server);
        if (!problems.contains(text)) {
            problems.append(text);
        }
    }
    const long result = SSL_get_verify_result(ssl_);
    if (problems.isEmpty() && result != X509_V_OK) {
        problems.append(problemText(static_cast<int>(result), certificate, m_server));
    }
    peer_.problem = problems.join(QStringLiteral("; "));
    peer_verified_ = problems.isEmpty() && result == X509_V_OK;
    X509_free(certificate);
}

void OpenSslTls::reportHandshake(bool success) {
    gloox::CertInfo info{};
    info.status = gloox::CertOk;
    for (int error : verify_errors_) {
        info.status |= certStatusFlag(error);
    }
    if (success && !peer_verified_ && info.status == gloox::CertOk) {
        info.status = gloox::CertInvalid;
    }
    info.chain = (info.status & ~gloox::CertWrongPeer) == gloox::CertOk;
    info.issuer = peer_.issuer.toStdString();
    info.server = peer_.subject.toStdString();
    info.date_from = static_cast<int>(peer_.not_before.toSecsSinceEpoch());
    info.date_to = static_cast<int>(peer_.not_after.toSecsSinceEpoch());
    if (ssl_ != nullptr && success) {
        info.protocol = SSL_get_version(ssl_);
        info.cipher = SSL_get_cipher_name(ssl_);
    }
    info.compression = "none";
    m_certInfo = info;
    m_handler->handleHandshakeResult(this, success, info);
}

int OpenSslTls::decrypt(const std::string& data) {
    if (ssl_ == nullptr) {
        return 0;
    }
    BIO_write(network_in_, data.data(), static_cast<int>(data.size()));
    if (!handshake_done_) {
        if (!continueHandshake() || !handshake_done_) {
            return static_cast<int>(data.size());
        }
    }
    readPlaintext();
    return static_cast<int>(data.size());
}

bool OpenSslTls::readPlaintext() {
    std::string buffer(kReadChunk, '\0');
    while (ssl_ != nullptr) {
        const int read = SSL_read(ssl_, buffer.data(), kReadChunk);
        if (read > 0) {
            // gloox parses (and may disconnect, cleaning us up) in there.
            m_handler->handleDecryptedData(this, std::string(buffer.data(), static_cast<std::size_t>(read)));
            continue;
        }
        const int error = SSL_get_error(ssl_, read);
        ERR_clear_error();
        flushOutput();  // TLS 1.3 key updates and alerts
        return error == SSL_ERROR_WANT_READ || error == SSL_ERROR_ZERO_RETURN;
    }
    return false;
}

bool OpenSslTls::encrypt(const std::string& data) {
    if (ssl_ == nullptr || !handshake_done_) {
        return false;
    }
    std::size_t offset = 0;
    while (offset < data.size()) {
        const int written = SSL_write(ssl_, data.data() + offset, static_cast<int>(data.size() - offset));
        if (written <= 0) {
            ERR_clear_error();
            return false;
        }
        offset += static_cast<std::size_t>(written);
    }
    flushOutput();
    return true;
}

void OpenSslTls::flushOutput() {
    if (network_out_ == nullptr) {
        return;
    }
    std::string pending;
    char chunk[kReadChunk];
    while (BIO_ctrl_pending(network_out_) > 0) {
        const int read = BIO_read(network_out_, chunk, sizeof chunk);
        if (read <= 0) {
            break;
        }
        pending.append(chunk, static_cast<std::size_t>(read));
    }
    if (!pending.empty()) {
        m_handler->handleEncryptedData(this, pending);
    }
}

void OpenSslTls::cleanup() {
    // No close_notify: gloox calls this after it closed the socket.
    if (ssl_ != nullptr) {
        SSL_free(ssl_);  // frees both BIOs
    }
    ssl_ = nullptr;
    network_in_ = nullptr;
    network_out_ = nullptr;
    handshake_done_ = false;
    m_secure = false;
}

}  // namespace confab::client
