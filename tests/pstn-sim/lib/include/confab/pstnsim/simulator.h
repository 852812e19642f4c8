// Simulator: the whole PSTN simulator as one object, so that the program's
// main() is argument parsing and one call. It loads the phonebook, renders
// the speech clips, starts the media thread and the SIP endpoint, prints
// "ready <sip uri>" on stdout once the SIP port is bound, and runs Sofia's
// loop until SIGINT or SIGTERM. Then it hangs up every call (BYE / 480),
// stops the media thread (every WAV closed, rtp_stats written) and returns.
//
// Thread contract: run() on the main thread, once. It blocks SIGINT/SIGTERM
// in every thread and takes them through a signalfd on Sofia's loop.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace confab::pstnsim {

struct SimulatorOptions {
    std::filesystem::path phonebook_file;
    std::string listen_ip = "127.0.0.1";
    std::uint16_t listen_port = 5060;
    std::filesystem::path events_file;  // empty: none
    bool events_to_stdout = false;
    std::filesystem::path record_dir;   // empty: no recordings
};

class Simulator {
  public:
    explicit Simulator(SimulatorOptions options) : options_(std::move(options)) {}

    // Exit status for main(): 0 after a clean signal-driven stop, 2 for a bad
    // phonebook or options, 1 when the SIP port or media thread cannot start.
    int run();

  private:
    SimulatorOptions options_;
};

}  // namespace confab::pstnsim
