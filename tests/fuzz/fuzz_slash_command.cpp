// Fuzz target: parseSlashCommand on arbitrary bytes. Besides "no crash", it
// checks what callers rely on: arguments are clean UTF-8 data within the
// command's limits, and error messages are short valid UTF-8 we can send back.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "confab/shared/command_table.h"
#include "confab/shared/slash_command.h"
#include "confab/shared/utf8.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const confab::SlashCommandResult result = confab::parseSlashCommand(input);
    if (const auto* command = std::get_if<confab::SlashCommand>(&result)) {
        const confab::CommandInfo& info = confab::commandInfo(command->name);
        FUZZ_CHECK(command->args.size() >= info.min_args);
        FUZZ_CHECK(command->args.size() <= info.max_args);
        FUZZ_CHECK(confab::findCommand(command->raw_name) == &info);
        for (const std::string& arg : command->args) {
            FUZZ_CHECK(!arg.empty());
            FUZZ_CHECK(confab::isValidUtf8(arg));
            for (const char c : arg) {
                FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20U && c != 0x7F);
            }
        }
    } else {
        const auto& error = std::get<confab::CommandError>(result);
        FUZZ_CHECK(!error.message.empty());
        FUZZ_CHECK(error.message.size() < 512);
        FUZZ_CHECK(confab::isValidUtf8(error.message));
    }
    return 0;
}
