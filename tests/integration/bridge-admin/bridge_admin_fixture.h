// BridgeAdminFixture: ConferenceFixture (the real bridge, Prosody, the PSTN
// simulator) with the bridge's admin web page on: [web] on a free loopback
// port with its generated certificate, an admin account made with
// `confab-bridge admin add`, and an HTTPS client that verifies the
// certificate and speaks the web API (JSON answers to POSTs).
//
// The simulator runs with --record-dir, so a test can hear what a phone
// received from the bridge.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "conference_fixture.h"

namespace confab::test {

class BridgeAdminFixture : public ConferenceFixture {
  protected:
    static constexpr const char* kAdmin = "tester";

    // +15551230001 answers and plays a steady 440 Hz tone; +15551230002 and
    // +15551230003 answer and stay silent; +15551230005 is busy.
    static std::string adminPhonebook();

    // Starts the simulator (recording) and the bridge with [web] on, plus
    // `extra_toml` (e.g. a [policy]); waits until both the XMPP link and
    // the web page are up. The admin account is created on the first start.
    void startWithWeb(const std::string& extra_toml = {});
    // Stops the bridge (SIGTERM) and starts it again on the same database.
    void restartBridge(const std::string& extra_toml = {});
    // Logs in as kAdmin; ASSERTs inside.
    void login();

    httplib::Result get(const std::string& path);
    // A POST as the page's script sends it: CSRF header, JSON answer.
    // Returns the {"ok","message"} object (a test failure when it is not one).
    nlohmann::json act(const std::string& path, const httplib::Params& form = {});
    // GET /api/conferences' "conferences".
    nlohmann::json conferences();
    // The participant id of `number` in conference `id`, 0 when absent.
    std::uint32_t participantOf(std::int64_t id, const std::string& number);
    // The leg of `number` in conference `id` as the API shows it.
    std::optional<nlohmann::json> legOf(std::int64_t id, const std::string& number);

    std::filesystem::path recording(const std::string& number, int call = 1) const;
    // 8 kHz samples of a recording written so far (the header is only
    // final at the call's end, so the data is read from byte 44 on).
    static std::vector<float> recordedSamples(const std::filesystem::path& wav);
    // Waits until `wav` holds at least `seconds` more audio than now.
    static bool waitForMoreAudio(const std::filesystem::path& wav, double seconds);
    static double toneLevelDb(const std::vector<float>& samples, double frequency);

    int web_port_ = 0;
    std::string session_cookie_;
    std::string csrf_;

  private:
    void startBridgeWithWeb(const std::string& extra_toml);
    std::unique_ptr<httplib::SSLClient> client() const;
    std::filesystem::path record_dir_;
    std::string route_toml_;
    bool admin_created_ = false;
};

}  // namespace confab::test
