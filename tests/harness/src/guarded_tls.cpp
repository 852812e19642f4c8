#include "guarded_tls.h"

#include <gloox/tlsdefault.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

namespace confab::harness {

GuardedTls::GuardedTls(gloox::TLSHandler* client, const std::string& server)
    : gloox::TLSBase(client, server),
      inner_(new gloox::TLSDefault(this, server, gloox::TLSDefault::VerifyingClient)) {}

GuardedTls::~GuardedTls() {
    if (!handshake_failed_) {
        delete inner_;
    }
    // else: deleting it would run GnuTLSBase::cleanup() on a freed session.
}

bool GuardedTls::init(const std::string& client_key, const std::string& client_certs,
                      const gloox::StringList& ca_certs) {
    if (!inner_->init(client_key, client_certs, ca_certs)) {
        return false;
    }
    // gloox 1.0.24's GnuTLSClient::init() ignores `ca_certs` (and ClientBase
    // never calls setCACerts() on its TLS object), so load them explicitly.
    inner_->setCACerts(ca_certs);
    return true;
}

bool GuardedTls::encrypt(const std::string& data) {
    // After a failed handshake, encrypt() would re-run the handshake on the
    // freed session (gloox tries to send </stream:stream>).
    return !handshake_failed_ && inner_->encrypt(data);
}

int GuardedTls::decrypt(const std::string& data) {
    return handshake_failed_ ? 0 : inner_->decrypt(data);
}

void GuardedTls::cleanup() {
    if (!handshake_failed_) {
        inner_->cleanup();
    }
}

bool GuardedTls::handshake() {
    return !handshake_failed_ && inner_->handshake();
}

bool GuardedTls::isSecure() const {
    return !handshake_failed_ && inner_->isSecure();
}

bool GuardedTls::hasChannelBinding() const {
    return !handshake_failed_ && inner_->hasChannelBinding();
}

const std::string GuardedTls::channelBinding() const {
    return handshake_failed_ ? std::string() : inner_->channelBinding();
}

void GuardedTls::setCACerts(const gloox::StringList& ca_certs) {
    inner_->setCACerts(ca_certs);
}

const gloox::CertInfo& GuardedTls::fetchTLSInfo() const {
    return inner_->fetchTLSInfo();
}

void GuardedTls::setClientCert(const std::string& client_key, const std::string& client_certs) {
    inner_->setClientCert(client_key, client_certs);
}

void GuardedTls::handleEncryptedData(const gloox::TLSBase*, const std::string& data) {
    m_handler->handleEncryptedData(this, data);
}

void GuardedTls::handleDecryptedData(const gloox::TLSBase*, const std::string& data) {
    m_handler->handleDecryptedData(this, data);
}

void GuardedTls::handleHandshakeResult(const gloox::TLSBase*, bool success, gloox::CertInfo& info) {
    if (!success) {
        handshake_failed_ = true;  // before the client reacts by disconnecting
#if defined(__SANITIZE_ADDRESS__)
        __lsan_ignore_object(inner_);  // the leak is the guard
#endif
    }
    m_secure = success;
    m_handler->handleHandshakeResult(this, success, info);
}

}  // namespace confab::harness
