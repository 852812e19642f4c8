#include "confab/store/password_hash.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <string>
#include <vector>

namespace confab::store {
namespace {

// Builds an encoded hash with any parameters, independently of hashPassword,
// so the test shows verifyPassword reads the parameters from the string.
std::string encodeWith(const std::string& password, std::uint64_t n, std::uint64_t r,
                       std::uint64_t p) {
    const std::vector<unsigned char> salt(16, 0x5a);
    std::vector<unsigned char> key(32);
    EXPECT_EQ(EVP_PBE_scrypt(password.data(), password.size(), salt.data(), salt.size(), n, r, p,
                             std::uint64_t{64} << 20, key.data(), key.size()),
              1);
    std::vector<unsigned char> salt_text(64);
    std::vector<unsigned char> key_text(64);
    EVP_EncodeBlock(salt_text.data(), salt.data(), static_cast<int>(salt.size()));
    EVP_EncodeBlock(key_text.data(), key.data(), static_cast<int>(key.size()));
    return "scrypt$N=" + std::to_string(n) + ",r=" + std::to_string(r) + ",p=" + std::to_string(p) +
           "$" + reinterpret_cast<const char*>(salt_text.data()) + "$" +
           reinterpret_cast<const char*>(key_text.data());
}

TEST(PasswordHashTest, RoundTripsAndRefusesAWrongPassword) {
    const std::string encoded = hashPassword("correct horse battery staple");
    EXPECT_TRUE(verifyPassword("correct horse battery staple", encoded));
    EXPECT_FALSE(verifyPassword("correct horse battery stapl", encoded));
    EXPECT_FALSE(verifyPassword("Correct horse battery staple", encoded));
    EXPECT_FALSE(verifyPassword("", encoded));
}

TEST(PasswordHashTest, WritesTheDocumentedFormatWithoutThePassword) {
    const std::string password = "a secret password";
    const std::string encoded = hashPassword(password);
    EXPECT_EQ(encoded.rfind("scrypt$N=32768,r=8,p=1$", 0), 0u) << encoded;
    EXPECT_EQ(encoded.find(password), std::string::npos);
    // 16 bytes of salt and 32 of key in padded base64: 24 and 44 characters.
    const auto salt_start = encoded.find('$', 7) + 1;
    const auto key_start = encoded.find('$', salt_start) + 1;
    EXPECT_EQ(key_start - salt_start - 1, 24u);
    EXPECT_EQ(encoded.size() - key_start, 44u);
}

TEST(PasswordHashTest, SaltsEveryHashDifferently) {
    const std::string first = hashPassword("same password here");
    const std::string second = hashPassword("same password here");
    EXPECT_NE(first, second);
    EXPECT_TRUE(verifyPassword("same password here", first));
    EXPECT_TRUE(verifyPassword("same password here", second));
}

TEST(PasswordHashTest, HandlesPasswordsWithAnyBytes) {
    constexpr char kBytes[] = "nul\0inside\xff\xfe\n";
    const std::string password(kBytes, sizeof kBytes - 1);
    ASSERT_EQ(password.size(), 13u);
    const std::string encoded = hashPassword(password);
    EXPECT_TRUE(verifyPassword(password, encoded));
    EXPECT_FALSE(verifyPassword("nul", encoded));
}

TEST(PasswordHashTest, VerifiesWithTheParametersInTheEncodedString) {
    const std::string encoded = encodeWith("other parameters", 1024, 4, 2);
    EXPECT_TRUE(verifyPassword("other parameters", encoded)) << encoded;
    EXPECT_FALSE(verifyPassword("other parameterz", encoded));
    // Same salt and key, different cost: the recomputed key differs.
    std::string changed = encoded;
    changed.replace(changed.find("N=1024"), 6, "N=2048");
    EXPECT_FALSE(verifyPassword("other parameters", changed));
    changed = encoded;
    changed.replace(changed.find("p=2"), 3, "p=1");
    EXPECT_FALSE(verifyPassword("other parameters", changed));
}

TEST(PasswordHashTest, RefusesMalformedAndHostileEncodings) {
    const std::string good = encodeWith("password123456", 1024, 1, 1);
    ASSERT_TRUE(verifyPassword("password123456", good));
    const std::string salt_and_key = good.substr(good.find('$', 7));  // "$salt$key"
    const std::vector<std::string> hostile = {
        "",
        "scrypt",
        "scrypt$",
        "scrypt$$$",
        "$$$",
        "bcrypt$N=1024,r=1,p=1" + salt_and_key,
        "SCRYPT$N=1024,r=1,p=1" + salt_and_key,
        "scrypt$N=0,r=1,p=1" + salt_and_key,
        "scrypt$N=1,r=1,p=1" + salt_and_key,
        "scrypt$N=1000,r=1,p=1" + salt_and_key,     // not a power of two
        "scrypt$N=2097152,r=1,p=1" + salt_and_key,  // 2^21 > 2^20
        "scrypt$N=1024,r=33,p=1" + salt_and_key,
        "scrypt$N=1024,r=0,p=1" + salt_and_key,
        "scrypt$N=1024,r=1,p=17" + salt_and_key,
        "scrypt$N=1024,r=1,p=0" + salt_and_key,
        "scrypt$N=1048576,r=32,p=1" + salt_and_key,  // 4 GiB of memory
        "scrypt$N=01024,r=1,p=1" + salt_and_key,
        "scrypt$N=+1024,r=1,p=1" + salt_and_key,
        "scrypt$N=-1024,r=1,p=1" + salt_and_key,
        "scrypt$N= 1024,r=1,p=1" + salt_and_key,
        "scrypt$N=18446744073709551616,r=1,p=1" + salt_and_key,
        "scrypt$N=1024,r=1" + salt_and_key,
        "scrypt$N=1024,r=1,p=1," + salt_and_key,
        "scrypt$N=1024,r=1,p=1,x=2" + salt_and_key,
        "scrypt$r=1,N=1024,p=1" + salt_and_key,
        "scrypt$n=1024,r=1,p=1" + salt_and_key,
        "scrypt$N=1024,r=1,p=1" + salt_and_key + "$extra",
        "scrypt$N=1024,r=1,p=1$!!!!$" + good.substr(good.rfind('$') + 1),
        "scrypt$N=1024,r=1,p=1$" + good.substr(good.find('$', 7) + 1, 23) + "$" +
            good.substr(good.rfind('$') + 1),  // salt not a multiple of 4
        "scrypt$N=1024,r=1,p=1$AAAA$" + good.substr(good.rfind('$') + 1),  // 3-byte salt
        "scrypt$N=1024,r=1,p=1" + good.substr(good.find('$', 7), good.rfind('$') - good.find('$', 7)) +
            "$AAAA",  // 3-byte key
        "scrypt$N=1024,r=1,p=1" + salt_and_key + "=",
        "scrypt$N=1024,r=1,p=1" + salt_and_key + " ",
        "scrypt$N=1024,r=1,p=1$A=AA" + salt_and_key.substr(salt_and_key.find('$', 1)),
        std::string("scrypt$N=1024,r=1,p=1\0", 22) + salt_and_key,
    };
    for (const auto& encoded : hostile) {
        EXPECT_FALSE(verifyPassword("password123456", encoded)) << encoded;
    }
}

}  // namespace
}  // namespace confab::store
