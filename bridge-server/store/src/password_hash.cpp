#include "confab/store/password_hash.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <charconv>
#include <optional>
#include <vector>

#include "confab/store/store_error.h"

namespace confab::store {
namespace {

constexpr std::string_view kAlgorithm = "scrypt";
constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// Salts and keys outside these sizes are not something hashPassword ever
// wrote; refusing them keeps the work per verify bounded.
constexpr std::size_t kMinSaltBytes = 8;
constexpr std::size_t kMaxSaltBytes = 64;
constexpr std::size_t kMinKeyBytes = 16;
constexpr std::size_t kMaxKeyBytes = 64;

using Bytes = std::vector<unsigned char>;

std::string base64Encode(const Bytes& bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t left = bytes.size() - i;
        std::uint32_t group = std::uint32_t{bytes[i]} << 16;
        if (left > 1) {
            group |= std::uint32_t{bytes[i + 1]} << 8;
        }
        if (left > 2) {
            group |= bytes[i + 2];
        }
        out += kBase64Alphabet[(group >> 18) & 63];
        out += kBase64Alphabet[(group >> 12) & 63];
        out += left > 1 ? kBase64Alphabet[(group >> 6) & 63] : '=';
        out += left > 2 ? kBase64Alphabet[group & 63] : '=';
    }
    return out;
}

// Strict standard base64 with padding; nullopt for anything else.
std::optional<Bytes> base64Decode(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0) {
        return std::nullopt;
    }
    std::size_t padding = 0;
    if (text.back() == '=') {
        padding = text[text.size() - 2] == '=' ? 2 : 1;
    }
    Bytes out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        std::uint32_t group = 0;
        const bool last = i + 4 == text.size();
        for (std::size_t j = 0; j < 4; ++j) {
            const char c = text[i + j];
            std::uint32_t value = 0;
            if (c == '=') {
                if (!last || j < 4 - padding) {
                    return std::nullopt;
                }
            } else {
                const auto found = kBase64Alphabet.find(c);
                if (found == std::string_view::npos) {
                    return std::nullopt;
                }
                value = static_cast<std::uint32_t>(found);
            }
            group = (group << 6) | value;
        }
        out.push_back(static_cast<unsigned char>(group >> 16));
        if (!last || padding < 2) {
            out.push_back(static_cast<unsigned char>(group >> 8));
        }
        if (!last || padding < 1) {
            out.push_back(static_cast<unsigned char>(group));
        }
    }
    return out;
}

struct ScryptParameters {
    std::uint64_t n = 0;
    std::uint64_t r = 0;
    std::uint64_t p = 0;
};

// "name=digits" with the expected name; nullopt otherwise.
std::optional<std::uint64_t> parameter(std::string_view field, std::string_view name) {
    if (field.size() <= name.size() + 1 || field.substr(0, name.size()) != name ||
        field[name.size()] != '=') {
        return std::nullopt;
    }
    const std::string_view digits = field.substr(name.size() + 1);
    if (digits.size() > 1 && digits.front() == '0') {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc() || end != digits.data() + digits.size()) {
        return std::nullopt;
    }
    return value;
}

std::optional<ScryptParameters> parseParameters(std::string_view text) {
    std::array<std::string_view, 3> fields;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const auto comma = text.find(',');
        if ((comma == std::string_view::npos) != (i == fields.size() - 1)) {
            return std::nullopt;
        }
        fields[i] = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    }
    const auto n = parameter(fields[0], "N");
    const auto r = parameter(fields[1], "r");
    const auto p = parameter(fields[2], "p");
    if (!n || !r || !p) {
        return std::nullopt;
    }
    const bool n_power_of_two = *n >= 2 && (*n & (*n - 1)) == 0;
    if (!n_power_of_two || *n > kScryptMaxN || *r < 1 || *r > kScryptMaxR || *p < 1 ||
        *p > kScryptMaxP || 128 * *r * *n > kScryptMaxMemoryBytes) {
        return std::nullopt;
    }
    return ScryptParameters{*n, *r, *p};
}

// scrypt needs 128 * r * (N + p) bytes plus a little; leave room for that.
std::uint64_t memoryLimit(const ScryptParameters& parameters) {
    return 128 * parameters.r * (parameters.n + parameters.p) + (std::uint64_t{1} << 20);
}

bool derive(std::string_view password, const Bytes& salt, const ScryptParameters& parameters,
            Bytes& key) {
    return EVP_PBE_scrypt(password.data(), password.size(), salt.data(), salt.size(),
                          parameters.n, parameters.r, parameters.p, memoryLimit(parameters),
                          key.data(), key.size()) == 1;
}

[[noreturn]] void throwOpenSslError(const char* what) {
    const unsigned long code = ERR_get_error();
    std::array<char, 256> text{};
    ERR_error_string_n(code, text.data(), text.size());
    ERR_clear_error();
    throw StoreError(std::string("hashing a password: ") + what + ": " + text.data());
}

}  // namespace

std::string hashPassword(std::string_view password) {
    const ScryptParameters parameters{kScryptN, kScryptR, kScryptP};
    Bytes salt(kScryptSaltBytes);
    if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
        throwOpenSslError("RAND_bytes failed");
    }
    Bytes key(kScryptKeyBytes);
    if (!derive(password, salt, parameters, key)) {
        throwOpenSslError("EVP_PBE_scrypt failed");
    }
    std::string encoded(kAlgorithm);
    encoded += "$N=" + std::to_string(parameters.n) + ",r=" + std::to_string(parameters.r) +
               ",p=" + std::to_string(parameters.p) + "$" + base64Encode(salt) + "$" +
               base64Encode(key);
    OPENSSL_cleanse(key.data(), key.size());
    return encoded;
}

bool verifyPassword(std::string_view password, std::string_view encoded) {
    std::array<std::string_view, 4> parts;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto dollar = encoded.find('$');
        if ((dollar == std::string_view::npos) != (i == parts.size() - 1)) {
            return false;
        }
        parts[i] = encoded.substr(0, dollar);
        encoded = dollar == std::string_view::npos ? std::string_view() : encoded.substr(dollar + 1);
    }
    if (parts[0] != kAlgorithm) {
        return false;
    }
    const auto parameters = parseParameters(parts[1]);
    const auto salt = base64Decode(parts[2]);
    const auto expected = base64Decode(parts[3]);
    if (!parameters || !salt || !expected || salt->size() < kMinSaltBytes ||
        salt->size() > kMaxSaltBytes || expected->size() < kMinKeyBytes ||
        expected->size() > kMaxKeyBytes) {
        return false;
    }
    Bytes key(expected->size());
    if (!derive(password, *salt, *parameters, key)) {
        ERR_clear_error();
        return false;
    }
    const bool match = CRYPTO_memcmp(key.data(), expected->data(), key.size()) == 0;
    OPENSSL_cleanse(key.data(), key.size());
    return match;
}

}  // namespace confab::store
