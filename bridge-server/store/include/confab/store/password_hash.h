// Password hashing for the admin web page's accounts: scrypt (OpenSSL
// EVP_PBE_scrypt) with a random salt, written as one self-describing string
//
//     scrypt$N=32768,r=8,p=1$<salt, base64>$<key, base64>
//
// so the work factor can be raised later without breaking stored hashes: a
// hash is always verified with the parameters it was made with.
//
// Thread contract: none needed; pure functions (plus OpenSSL's thread-safe
// RNG), callable from any thread. Each call takes tens of milliseconds and
// 32 MiB of memory by design, so do not call it on the media thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace confab::store {

// The parameters hashPassword writes. N is the CPU/memory cost (memory is
// 128 * r * N bytes = 32 MiB), r the block size, p the parallelism.
inline constexpr std::uint64_t kScryptN = 32768;
inline constexpr std::uint64_t kScryptR = 8;
inline constexpr std::uint64_t kScryptP = 1;
inline constexpr std::size_t kScryptSaltBytes = 16;
inline constexpr std::size_t kScryptKeyBytes = 32;

// Limits verifyPassword accepts from an encoded string, so a hostile or
// corrupt hash cannot make a login attempt take minutes or gigabytes.
inline constexpr std::uint64_t kScryptMaxN = std::uint64_t{1} << 20;
inline constexpr std::uint64_t kScryptMaxR = 32;
inline constexpr std::uint64_t kScryptMaxP = 16;
inline constexpr std::uint64_t kScryptMaxMemoryBytes = std::uint64_t{256} << 20;

// A new salted hash of `password`. Throws StoreError when OpenSSL fails
// (no randomness, out of memory).
std::string hashPassword(std::string_view password);

// True when `password` matches `encoded`. False, never an exception, for a
// wrong password and for an encoded string that is malformed or asks for
// more than the limits above. The key comparison takes constant time.
bool verifyPassword(std::string_view password, std::string_view encoded);

}  // namespace confab::store
