// Fuzz target: parseBridgeConfig on arbitrary bytes. The only thing allowed to
// leave it is a BridgeConfig or a ConfigError naming the file: any other
// exception (a toml11 type_error, std::out_of_range...) would take the bridge
// down with a message nobody can act on.
#include <cstddef>
#include <cstdint>
#include <string>

#include "confab/shared/bridge_config.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        // Relative file names resolve under a folder that does not exist, so
        // replaying the corpus does not depend on what is on this machine.
        const confab::BridgeConfig config =
            confab::parseBridgeConfig(text, "fuzz.toml", "/nonexistent/confab-fuzz");
        FUZZ_CHECK(!config.xmpp.domain.empty());
        FUZZ_CHECK(!config.xmpp.secret.empty());
        FUZZ_CHECK(config.xmpp.port != 0);
    } catch (const confab::ConfigError& error) {
        FUZZ_CHECK(std::string(error.what()).rfind("fuzz.toml", 0) == 0);
    }
    return 0;
}
