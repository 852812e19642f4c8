// The recorder plugin's descriptor: init() reads [plugins.recorder] and
// registers the Recorder (confab/recorder/recorder.h, which holds the thread
// contract); close() unregisters it. Both run on the control thread.
#include <memory>
#include <string>

#include "confab/plugin.h"
#include "confab/recorder/recorder.h"

namespace {

std::unique_ptr<confab::recorder::Recorder> g_recorder;

int recorderInit(const confab_host* host) {
    try {
        std::string error;
        const auto settings = confab::recorder::readRecorderSettings(*host, error);
        if (!settings) {
            host->log(host, CONFAB_LOG_ERROR, error.c_str());
            return 1;
        }
        auto recorder = std::make_unique<confab::recorder::Recorder>(*host, *settings);
        if (const int status = recorder->registerCapabilities(); status != 0) {
            host->log(host, CONFAB_LOG_ERROR, ("cannot register /record: error " + std::to_string(status)).c_str());
            recorder->unregister();
            return 1;
        }
        host->log(host, CONFAB_LOG_INFO,
                  ("recording " + std::string(confab::recorder::formatName(settings->format)) + " into " +
                   settings->directory.string() + (settings->per_leg_tracks ? ", one track per leg too" : ""))
                      .c_str());
        g_recorder = std::move(recorder);
        return 0;
    } catch (...) {
        host->log(host, CONFAB_LOG_ERROR, "init failed");
        return 1;
    }
}

void recorderClose() {
    try {
        if (g_recorder) g_recorder->unregister();
        g_recorder.reset();
    } catch (...) {
        (void)g_recorder.release();  // leak rather than throw across the ABI
    }
}

}  // namespace

CONFAB_PLUGIN_DESCRIPTOR(recorder) = {
    CONFAB_PLUGIN_ABI_VERSION,
    "recorder",
    "Records conferences to WAV or Ogg/Opus files (/record start|stop)",
    recorderInit,
    recorderClose,
};
