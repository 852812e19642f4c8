// Fuzz target: normalizeToE164, isDialSafe and looksLikePhoneNumber on
// arbitrary bytes. Whatever normalizeToE164 accepts must be strict E.164 and
// pass the dial-string gate; whatever it refuses must come with a reason.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "confab/shared/phone_number.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    for (const std::string_view region : {"US", "GB", "DE", "XX", ""}) {
        for (const auto check : {confab::NumberCheck::Possible, confab::NumberCheck::Valid}) {
            const confab::E164Result result = confab::normalizeToE164(input, region, check);
            if (result.ok()) {
                FUZZ_CHECK(confab::isDialSafe(result.e164));
                FUZZ_CHECK(confab::isE164(result.e164));
                FUZZ_CHECK(confab::looksLikePhoneNumber(input));
            } else {
                FUZZ_CHECK(result.e164.empty());
                FUZZ_CHECK(!result.reason.empty());
            }
        }
    }
    if (confab::isDialSafe(input)) {
        for (const char c : input) {
            FUZZ_CHECK((c >= '0' && c <= '9') || c == '+');
        }
    }
    (void)confab::looksLikePhoneNumber(input);
    return 0;
}
