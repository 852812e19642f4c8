// Signing of webhook deliveries, so a receiver can tell a request came from
// this bridge and was not replayed. Every request carries:
//   X-Confab-Timestamp: <unix seconds when this attempt was sent>
//   X-Confab-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>
//   X-Confab-Delivery:  <32 hex digits, the same for every retry of an event>
// A receiver verifies it by computing HMAC-SHA256 with the shared secret
// (the trimmed content of secret_file) over the X-Confab-Timestamp value, a
// ".", and the raw request body exactly as received (before any JSON
// parsing), hex-encoding it in lower case and comparing it with the header's
// value after "sha256=" in constant time; it should also reject timestamps
// more than a few minutes from its own clock, and may use X-Confab-Delivery
// to ignore a retry of an event it already processed. Pure functions, any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace confab::webhook {

// Lower-case hex of HMAC-SHA256(key, message).
std::string hmacSha256Hex(std::string_view key, std::string_view message);

// "sha256=<hex>" over "<unix_seconds>.<body>".
std::string signatureHeaderValue(std::string_view secret, std::int64_t unix_seconds,
                                 std::string_view body);

// 128 random bits (OpenSSL's CSPRNG) as 32 lower-case hex digits.
std::string newDeliveryId();

}  // namespace confab::webhook
