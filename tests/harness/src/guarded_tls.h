// GuardedTls: gloox's default TLS (GnuTLS in Debian's gloox 1.0.24), wrapped
// so that a fatal handshake failure cannot turn into a double free.
//
// The bug: GnuTLSBase::handshake() calls gnutls_deinit() on a fatal error but
// keeps the dangling session pointer; GnuTLSBase::cleanup() (called from
// ClientBase::disconnect() right after, and from the destructor) then runs
// gnutls_bye/gnutls_credentials_clear/gnutls_deinit on it again -> glibc
// "double free or corruption" abort. A fatal handshake error is what a client
// gets when the server answers STARTTLS with a fatal alert.
//
// The guard: once the inner handshake failed, nothing reaches the inner object
// any more (no cleanup, no encrypt/decrypt, no delete): it is leaked, which is
// a few KB per failed handshake. Lives on the gloox thread of its ClientBase.
#pragma once

#include <gloox/tlsbase.h>
#include <gloox/tlshandler.h>

#include <string>

namespace confab::harness {

class GuardedTls : public gloox::TLSBase, public gloox::TLSHandler {
  public:
    // `client` is the ClientBase that gets the (decrypted/encrypted) data.
    GuardedTls(gloox::TLSHandler* client, const std::string& server);
    ~GuardedTls() override;
    GuardedTls(const GuardedTls&) = delete;
    GuardedTls& operator=(const GuardedTls&) = delete;

    bool handshakeFailed() const { return handshake_failed_; }

    // gloox::TLSBase
    bool init(const std::string& client_key = gloox::EmptyString,
              const std::string& client_certs = gloox::EmptyString,
              const gloox::StringList& ca_certs = gloox::StringList()) override;
    bool encrypt(const std::string& data) override;
    int decrypt(const std::string& data) override;
    void cleanup() override;
    bool handshake() override;
    bool isSecure() const override;
    bool hasChannelBinding() const override;
    const std::string channelBinding() const override;
    void setCACerts(const gloox::StringList& ca_certs) override;
    const gloox::CertInfo& fetchTLSInfo() const override;
    void setClientCert(const std::string& client_key, const std::string& client_certs) override;

    // gloox::TLSHandler (called by the inner TLS object)
    void handleEncryptedData(const gloox::TLSBase* base, const std::string& data) override;
    void handleDecryptedData(const gloox::TLSBase* base, const std::string& data) override;
    void handleHandshakeResult(const gloox::TLSBase* base, bool success,
                               gloox::CertInfo& info) override;

  private:
    gloox::TLSBase* inner_;  // owned unless handshake_failed_ (then leaked on purpose)
    bool handshake_failed_ = false;
};

}  // namespace confab::harness
