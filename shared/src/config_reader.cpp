#include "config_reader.h"

#include "confab/shared/bridge_config.h"

namespace confab {

namespace {

// Long values are cut in messages: enough to recognise, no log flooding.
constexpr std::size_t kMaxShownValueBytes = 60;

std::string shorten(std::string text) {
    if (text.size() > kMaxShownValueBytes) {
        text.resize(kMaxShownValueBytes);
        // Do not leave half a UTF-8 sequence at the end.
        while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0U) == 0x80U) {
            text.pop_back();
        }
        if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0U) {
            text.pop_back();
        }
        text += "...";
    }
    return text;
}

}  // namespace

std::string formatConfigError(std::string_view origin, std::optional<std::uint32_t> line,
                              std::string_view key, std::string_view message) {
    std::string text(origin);
    if (line) {
        text += ":" + std::to_string(*line);
    }
    text += ": ";
    if (!key.empty()) {
        text += key;
        text += ": ";
    }
    text += message;
    return text;
}

std::optional<std::uint32_t> lineOf(const TomlValue& value) {
    const auto line = value.location().line();
    if (line == 0) {
        return std::nullopt;
    }
    return static_cast<std::uint32_t>(line);
}

std::string describeValue(const TomlValue& value) {
    if (value.is_table()) {
        return "a table";
    }
    if (value.is_array()) {
        return "an array";
    }
    // The text as written, so an overflowing integer or a quoted number shows
    // exactly as in the file. Multi-line values fall back to their type.
    const auto location = value.location();
    const std::string& line = location.line_str();
    const std::size_t start = location.column() == 0 ? 0 : location.column() - 1;
    if (start < line.size() && start + location.region() <= line.size()) {
        return shorten(line.substr(start, location.region()));
    }
    return value.is_string() ? "a multi-line string" : "a value of another type";
}

ConfigSection::ConfigSection(std::string origin, const TomlValue* table, std::string path)
    : origin_(std::move(origin)), table_(table), path_(std::move(path)) {}

const TomlValue* ConfigSection::find(std::string_view key) const {
    if (table_ == nullptr) {
        return nullptr;
    }
    const auto& table = table_->as_table();
    const auto found = table.find(std::string(key));
    return found == table.end() ? nullptr : &found->second;
}

bool ConfigSection::has(std::string_view key) const {
    return find(key) != nullptr;
}

std::string ConfigSection::keyName(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void ConfigSection::fail(std::string_view key, std::string_view expected, bool with_value) const {
    const TomlValue* value = find(key);
    std::string message(expected);
    std::optional<std::uint32_t> line;
    if (value != nullptr) {
        line = lineOf(*value);
        if (with_value) {
            message += ", got " + describeValue(*value);
        }
    }
    throw ConfigError(formatConfigError(origin_, line, keyName(key), message));
}

void ConfigSection::failMissing(std::string_view key, std::string_view hint) const {
    std::string message = "missing (required";
    if (!hint.empty()) {
        message += ": ";
        message += hint;
    }
    message += ")";
    throw ConfigError(formatConfigError(origin_, std::nullopt, keyName(key), message));
}

std::optional<std::string> ConfigSection::optionalString(std::string_view key) const {
    const TomlValue* value = find(key);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!value->is_string()) {
        fail(key, "expected a string");
    }
    return value->as_string().str;
}

std::optional<std::string> ConfigSection::optionalStringQuietly(std::string_view key) const {
    const TomlValue* value = find(key);
    if (value == nullptr || !value->is_string()) {
        return std::nullopt;
    }
    return value->as_string().str;
}

std::string ConfigSection::requiredString(std::string_view key) const {
    auto value = optionalString(key);
    if (!value) {
        failMissing(key);
    }
    if (value->empty()) {
        fail(key, "expected a non-empty string", false);
    }
    return *value;
}

std::optional<std::int64_t> ConfigSection::optionalIntegerInRange(std::string_view key,
                                                                  std::int64_t min,
                                                                  std::int64_t max) const {
    const TomlValue* value = find(key);
    if (value == nullptr) {
        return std::nullopt;
    }
    // One message for the wrong type and the wrong range: it says both what
    // kind of value and which values are wanted.
    if (!value->is_integer() || value->as_integer() < min || value->as_integer() > max) {
        fail(key,
             "expected an integer between " + std::to_string(min) + " and " + std::to_string(max));
    }
    return value->as_integer();
}

std::optional<bool> ConfigSection::optionalBool(std::string_view key) const {
    const TomlValue* value = find(key);
    if (value == nullptr) {
        return std::nullopt;
    }
    // A quoted "false" is refused rather than read as true or false: in a
    // security setting the writer's intent must be unambiguous.
    if (!value->is_boolean()) {
        fail(key, "expected true or false");
    }
    return value->as_boolean();
}

std::optional<std::vector<std::string>> ConfigSection::optionalStringArray(
    std::string_view key) const {
    const TomlValue* value = find(key);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!value->is_array()) {
        fail(key, "expected an array of strings");
    }
    std::vector<std::string> strings;
    const auto& array = value->as_array();
    for (std::size_t i = 0; i < array.size(); ++i) {
        if (!array[i].is_string()) {
            throw ConfigError(formatConfigError(
                origin_, lineOf(array[i]), keyName(key) + "[" + std::to_string(i + 1) + "]",
                "expected a string, got " + describeValue(array[i])));
        }
        strings.push_back(array[i].as_string().str);
    }
    return strings;
}

std::vector<ConfigSection> ConfigSection::tableArray(std::string_view key) const {
    const TomlValue* value = find(key);
    std::vector<ConfigSection> sections;
    if (value == nullptr) {
        return sections;
    }
    if (!value->is_array()) {
        fail(key, "expected an array of tables, written [[" + keyName(key) + "]]");
    }
    const auto& array = value->as_array();
    for (std::size_t i = 0; i < array.size(); ++i) {
        const std::string name = keyName(key) + "[" + std::to_string(i + 1) + "]";
        if (!array[i].is_table()) {
            throw ConfigError(
                formatConfigError(origin_, lineOf(array[i]), name,
                                  "expected a table, got " + describeValue(array[i])));
        }
        sections.emplace_back(origin_, &array[i], name);
    }
    return sections;
}

}  // namespace confab
