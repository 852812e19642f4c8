// ConfigFileTest: a fixture for the config loader's tests: a private folder
// with component.secret in it, and parse()/errorFor() over TOML text.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include "confab/shared/bridge_config.h"

namespace confab::test {

class ConfigFileTest : public ::testing::Test {
  protected:
    void SetUp() override {
        static std::atomic<int> counter{0};
        dir_ = std::filesystem::temp_directory_path() /
               ("confab-config-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
        std::filesystem::create_directories(dir_);
        write("component.secret", "  s3cret\n");
    }
    void TearDown() override {
        std::error_code ignored;
        std::filesystem::permissions(dir_ / "locked.secret", std::filesystem::perms::owner_all, ignored);
        std::filesystem::remove_all(dir_, ignored);
    }

    void write(const std::string& name, const std::string& content) {
        std::ofstream(dir_ / name, std::ios::binary) << content;
    }

    BridgeConfig parse(const std::string& text) { return parseBridgeConfig(text, "bridge.toml", dir_); }

    // The ConfigError message for `text`, or a test failure if it parses.
    std::string errorFor(const std::string& text) {
        try {
            parse(text);
        } catch (const ConfigError& error) {
            return error.what();
        }
        ADD_FAILURE() << "config parsed without error:\n" << text;
        return {};
    }

    std::filesystem::path dir_;
};

}  // namespace confab::test
