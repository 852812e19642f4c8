// What a webhook receiver does with each request, written here from the
// documentation in signature.h with OpenSSL directly (not the plugin's own
// signing code): recompute HMAC-SHA256 over "<timestamp>.<body>" and compare.
#pragma once

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>

#include "confab/harness/https_receiver.h"

namespace confab::test {

inline std::string expectedSignature(const std::string& secret, const std::string& timestamp,
                                     const std::string& body) {
    const std::string message = timestamp + "." + body;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
    static const char* digits = "0123456789abcdef";
    std::string hex = "sha256=";
    for (unsigned int i = 0; i < length; ++i) {
        hex += digits[digest[i] >> 4];
        hex += digits[digest[i] & 15];
    }
    return hex;
}

// True when the request carries a valid signature for `secret`.
inline bool signatureValid(const harness::ReceivedRequest& request, const std::string& secret) {
    const std::string timestamp = request.header("x-confab-timestamp");
    return !timestamp.empty() &&
           request.header("x-confab-signature") == expectedSignature(secret, timestamp, request.body);
}

}  // namespace confab::test
