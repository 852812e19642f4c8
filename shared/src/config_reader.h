// ConfigSection: checked, typed access to one table of a parsed TOML file.
// Every accessor either returns a value of the right type or throws a
// ConfigError that names the file, the dotted key, what was expected, what
// was found and the line. Private to confab-shared (the toml11 types stay out
// of public headers). Used once, by the thread that loads the config.
#pragma once

#include <toml.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace confab {

// toml11 value with std::map tables, so keys iterate in a stable order and
// error messages list them the same way every time.
using TomlValue = toml::basic_value<toml::discard_comments, std::map, std::vector>;

// "bridge.toml:4: xmpp.port: expected ..." or, without a line,
// "bridge.toml: xmpp.domain: missing (required)".
std::string formatConfigError(std::string_view origin, std::optional<std::uint32_t> line,
                              std::string_view key, std::string_view message);

// The line a value was written on, when toml11 knows it.
std::optional<std::uint32_t> lineOf(const TomlValue& value);

// How a value was written, for "got ..." in messages: the source text for
// scalars ("\"5347\"", "70000"), a type name for arrays and tables.
std::string describeValue(const TomlValue& value);

class ConfigSection {
  public:
    // `table` may be null: an absent section, in which every key is absent.
    ConfigSection(std::string origin, const TomlValue* table, std::string path);

    const std::string& path() const { return path_; }
    bool has(std::string_view key) const;

    std::optional<std::string> optionalString(std::string_view key) const;
    std::string requiredString(std::string_view key) const;
    // Like optionalString, but a value of the wrong type gives nullopt
    // instead of an error that would quote it: for secrets.
    std::optional<std::string> optionalStringQuietly(std::string_view key) const;
    std::optional<std::int64_t> optionalIntegerInRange(std::string_view key, std::int64_t min,
                                                       std::int64_t max) const;
    std::optional<bool> optionalBool(std::string_view key) const;
    std::optional<std::vector<std::string>> optionalStringArray(std::string_view key) const;
    // [[path.key]]: one section per entry, named "path.key[1]", "path.key[2]"...
    std::vector<ConfigSection> tableArray(std::string_view key) const;

    // "path.key" for messages.
    std::string keyName(std::string_view key) const;

    // Throws a ConfigError about the value at `key`, with its line and, when
    // `with_value` is set, ", got <value>" appended to `expected`.
    [[noreturn]] void fail(std::string_view key, std::string_view expected,
                           bool with_value = true) const;
    [[noreturn]] void failMissing(std::string_view key, std::string_view hint = {}) const;

  private:
    const TomlValue* find(std::string_view key) const;

    std::string origin_;
    const TomlValue* table_;
    std::string path_;
};

}  // namespace confab
