// Reads [plugins] and its [plugins.<name>] tables into PluginSettings. Private
// to confab-shared; parseBridgeConfig calls it. The plugin tables are checked
// only for shape here (scalars or arrays of strings): what their keys mean is
// each plugin's business, checked by the plugin's init().
#pragma once

#include <filesystem>

#include "confab/shared/bridge_config.h"
#include "config_reader.h"

namespace confab {

// `plugins` is the [plugins] table or null when absent.
PluginSettings readPluginSettings(const std::string& origin, const TomlValue* plugins,
                                  const std::filesystem::path& base_dir);

// True when `name` is a plugin name: 1 to 32 of [a-z0-9-], starting with a letter.
bool isValidPluginName(std::string_view name);

}  // namespace confab
