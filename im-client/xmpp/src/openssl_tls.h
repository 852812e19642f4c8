// OpenSslTls: gloox's TLS layer (gloox::TLSBase) implemented with OpenSSL 3
// over memory BIOs: gloox hands us the bytes it read from the socket
// (decrypt) and the plain stream text it wants to send (encrypt); OpenSSL's
// output goes back through TLSHandler::handleEncryptedData.
//
// Why our own and not gloox's default: Debian's gloox 1.0.24 uses GnuTLS,
// which ignores setCACerts() (only the system store is ever used), double
// frees its session after a fatal handshake error (see
// tests/harness/src/guarded_tls.h), and exposes no certificate fingerprint, so
// a user could neither use a private CA nor decide to trust a certificate.
//
// Policy: client only, TLS >= 1.2, SNI and SSL_set1_host() with the JID's
// domain. Trust: the configured CA file, else the system store. The handshake
// is always allowed to complete; the verdict (verified or not, with the
// SHA-256 fingerprint and a human-readable problem) is then reported to
// gloox in handleHandshakeResult(), and ConnectionListener::onTLSConnect
// (XmppWorker) accepts or refuses the connection.
//
// Threads: created by XmppWorker, owned by its gloox::Client
// (setEncryptionImpl) and used only on the worker thread.
#pragma once

#include <gloox/tlsbase.h>
#include <openssl/ssl.h>

#include <string>
#include <vector>

#include "confab/client/xmpp_types.h"

namespace confab::client {

class OpenSslTls : public gloox::TLSBase {
  public:
    // `peer_name`: the XMPP domain the certificate must be issued for.
    // `ca_file`: PEM CA bundle; empty = the system trust store.
    OpenSslTls(gloox::TLSHandler* handler, const std::string& peer_name, std::string ca_file);
    ~OpenSslTls() override;
    OpenSslTls(const OpenSslTls&) = delete;
    OpenSslTls& operator=(const OpenSslTls&) = delete;

    // The server certificate of the last handshake; `problem` is empty when
    // it verified. Valid after handleHandshakeResult() was called.
    const CertificateDetails& peerCertificate() const { return peer_; }
    bool peerVerified() const { return peer_verified_; }
    // Why the handshake itself failed (alert, protocol), or "".
    const std::string& handshakeError() const { return handshake_error_; }

    // gloox::TLSBase
    bool init(const std::string& client_key = gloox::EmptyString,
              const std::string& client_certs = gloox::EmptyString,
              const gloox::StringList& ca_certs = gloox::StringList()) override;
    bool encrypt(const std::string& data) override;
    int decrypt(const std::string& data) override;
    void cleanup() override;
    bool handshake() override;
    void setCACerts(const gloox::StringList& ca_certs) override;
    void setClientCert(const std::string& client_key, const std::string& client_certs) override;

  private:
    bool createSession();
    // Runs the handshake on what arrived; reports the result once done.
    // False when the session is gone (failed, or gloox cleaned up meanwhile).
    bool continueHandshake();
    void reportHandshake(bool success);
    void evaluatePeer();
    bool readPlaintext();
    void flushOutput();

    std::string ca_file_;
    SSL_CTX* ctx_ = nullptr;
    SSL* ssl_ = nullptr;
    BIO* network_in_ = nullptr;   // bytes from the server, OpenSSL reads them (owned by ssl_)
    BIO* network_out_ = nullptr;  // bytes OpenSSL wants sent (owned by ssl_)
    bool handshake_done_ = false;
    std::vector<int> verify_errors_;  // X509_V_ERR_* the verify callback saw, in order
    CertificateDetails peer_;
    bool peer_verified_ = false;
    std::string handshake_error_;

    // Records every verification error and lets the handshake go on, so
    // that the user can be told all that is wrong with the certificate.
    static int recordVerifyError(int preverify_ok, X509_STORE_CTX* store);
};

// "AB:CD:..." upper-case SHA-256 of a certificate's DER encoding ("" on failure).
QString certificateFingerprint(X509* certificate);

}  // namespace confab::client
