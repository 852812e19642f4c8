// Signing: HMAC-SHA256 against RFC 4231's vectors, and the header value
// against an HMAC built here from plain SHA-256 (RFC 2104), so a mistake in
// how the library calls OpenSSL's HMAC cannot hide in both.
#include <openssl/evp.h>

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "confab/webhook/signature.h"

namespace confab::webhook {
namespace {

std::string sha256(const std::string& data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
    return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string hex(const std::string& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

// RFC 2104 with a 64-byte block.
std::string referenceHmacSha256(std::string key, const std::string& message) {
    if (key.size() > 64) key = sha256(key);
    key.resize(64, '\0');
    std::string inner(64, '\0'), outer(64, '\0');
    for (int i = 0; i < 64; ++i) {
        inner[i] = static_cast<char>(key[i] ^ 0x36);
        outer[i] = static_cast<char>(key[i] ^ 0x5c);
    }
    return hex(sha256(outer + sha256(inner + message)));
}

TEST(WebhookSignature, MatchesRfc4231TestCases) {
    // Test case 1
    EXPECT_EQ(hmacSha256Hex(std::string(20, '\x0b'), "Hi There"),
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    // Test case 2
    EXPECT_EQ(hmacSha256Hex("Jefe", "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // Test case 6: a key longer than the block size.
    EXPECT_EQ(hmacSha256Hex(std::string(131, '\xaa'),
                            "Test Using Larger Than Block-Size Key - Hash Key First"),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(WebhookSignature, HeaderIsHmacOfTimestampDotBody) {
    const std::string secret = "0123456789abcdef-secret";
    const std::string body = R"({"event":"leg.state","sequence":3})";
    const std::string value = signatureHeaderValue(secret, 1714564803, body);
    EXPECT_EQ(value, "sha256=" + referenceHmacSha256(secret, "1714564803." + body));
    // Any change to the timestamp, body or key changes it.
    EXPECT_NE(value, signatureHeaderValue(secret, 1714564804, body));
    EXPECT_NE(value, signatureHeaderValue(secret, 1714564803, body + " "));
    EXPECT_NE(value, signatureHeaderValue(secret + "x", 1714564803, body));
}

TEST(WebhookSignature, DeliveryIdsAreRandomHex) {
    std::set<std::string> ids;
    for (int i = 0; i < 100; ++i) {
        const std::string id = newDeliveryId();
        ASSERT_EQ(id.size(), 32u);
        ASSERT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
        ids.insert(id);
    }
    EXPECT_EQ(ids.size(), 100u);
}

}  // namespace
}  // namespace confab::webhook
