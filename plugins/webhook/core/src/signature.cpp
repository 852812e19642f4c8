#include "confab/webhook/signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <random>
#include <string>

namespace confab::webhook {

namespace {

std::string toHex(const unsigned char* bytes, std::size_t length) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (std::size_t i = 0; i < length; ++i) {
        hex += kDigits[bytes[i] >> 4];
        hex += kDigits[bytes[i] & 0x0f];
    }
    return hex;
}

}  // namespace

std::string hmacSha256Hex(std::string_view key, std::string_view message) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    const auto* result =
        HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(),
             &length);
    if (result == nullptr) return {};  // only on allocation failure; the receiver rejects it
    return toHex(digest.data(), length);
}

std::string signatureHeaderValue(std::string_view secret, std::int64_t unix_seconds,
                                 std::string_view body) {
    std::string message = std::to_string(unix_seconds);
    message += '.';
    message.append(body);
    return "sha256=" + hmacSha256Hex(secret, message);
}

std::string newDeliveryId() {
    std::array<unsigned char, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        // The id only has to be unique, not secret: fall back rather than fail.
        std::random_device device;
        for (auto& byte : bytes) byte = static_cast<unsigned char>(device());
    }
    return toHex(bytes.data(), bytes.size());
}

}  // namespace confab::webhook
