#include "plugin_settings_reader.h"

#include <algorithm>

namespace confab {

namespace {

constexpr std::size_t kMaxPluginNameBytes = 32;

[[noreturn]] void fail(const std::string& origin, const TomlValue& value, const std::string& key,
                       const std::string& message) {
    throw ConfigError(formatConfigError(origin, lineOf(value), key, message));
}

PluginValue readPluginValue(const std::string& origin, const TomlValue& value, const std::string& key) {
    if (value.is_string()) return value.as_string().str;
    if (value.is_integer()) return static_cast<std::int64_t>(value.as_integer());
    if (value.is_boolean()) return value.as_boolean();
    if (value.is_floating()) return static_cast<double>(value.as_floating());
    if (value.is_array()) {
        std::vector<std::string> items;
        for (const TomlValue& item : value.as_array()) {
            if (!item.is_string()) {
                fail(origin, value, key,
                     "expected an array of strings in a plugin's table, got an array holding " +
                         describeValue(item));
            }
            items.push_back(item.as_string().str);
        }
        return items;
    }
    fail(origin, value, key,
         "expected a string, integer, boolean, float or array of strings in a plugin's table, got " +
             describeValue(value));
}

}  // namespace

bool isValidPluginName(std::string_view name) {
    if (name.empty() || name.size() > kMaxPluginNameBytes) return false;
    if (name.front() < 'a' || name.front() > 'z') return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

PluginSettings readPluginSettings(const std::string& origin, const TomlValue* plugins,
                                  const std::filesystem::path& base_dir) {
    PluginSettings settings;
    if (plugins == nullptr) return settings;
    const ConfigSection section(origin, plugins, "plugins");
    if (const auto directory = section.optionalString("directory")) {
        if (directory->empty()) section.fail("directory", "expected a folder, got an empty string", false);
        const std::filesystem::path path(*directory);
        settings.directory = path.is_absolute() ? path : base_dir / path;
    }
    if (const auto enable = section.optionalStringArray("enable")) {
        for (const std::string& name : *enable) {
            if (!isValidPluginName(name)) {
                section.fail("enable", "expected plugin names of 1 to 32 lower-case letters, digits and "
                                       "'-', starting with a letter; \"" + name + "\" is not one",
                             false);
            }
            if (std::find(settings.enable.begin(), settings.enable.end(), name) != settings.enable.end()) {
                section.fail("enable", "names plugin \"" + name + "\" twice", false);
            }
            settings.enable.push_back(name);
        }
    }
    for (const auto& [key, value] : plugins->as_table()) {
        if (!value.is_table()) continue;  // directory and enable, checked above
        const std::string shown = "plugins." + key;
        if (!isValidPluginName(key)) {
            fail(origin, value, shown,
                 "expected a plugin's table, named [plugins.<name>] with 1 to 32 lower-case letters, "
                 "digits and '-'");
        }
        auto& table = settings.tables[key];
        for (const auto& [name, item] : value.as_table()) {
            table.emplace(name, readPluginValue(origin, item, shown + "." + name));
        }
    }
    return settings;
}

}  // namespace confab
