#include "confab/pstnsim/clip_library.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "confab/pstnsim/speech_synthesizer.h"

namespace confab::pstnsim {

ClipLibrary ClipLibrary::prepare(const Phonebook& book, const std::filesystem::path& scratch_folder) {
    ClipLibrary library;
    SpeechSynthesizer synthesizer(scratch_folder);
    std::map<std::string, std::shared_ptr<const media::Prompt>> speech_cache;
    const auto prepareFor = [&](const NumberBehaviour& behaviour) {
        const std::string& number = behaviour.number;
        const AudioSpec& audio = behaviour.audio;
        if (audio.kind == AudioKind::Wav) {
            std::string error;
            auto clip = media::Prompt::loadWav(audio.wav_file.string(), &error);
            if (!clip) {
                throw PhonebookError(fmt::format("numbers.\"{}\".audio: cannot load {}: {}", number,
                                                 audio.wav_file.string(), error));
            }
            library.by_number_[number] = std::make_shared<const media::Prompt>(std::move(*clip));
        } else if (audio.kind == AudioKind::Speech) {
            const std::string key = fmt::format("{}|{}|{}|{}|{}", static_cast<int>(audio.engine), audio.voice,
                                                audio.words_per_minute, audio.level_dbov, audio.text);
            auto& cached = speech_cache[key];
            if (!cached) {
                cached = std::make_shared<const media::Prompt>(synthesizer.render(audio));
                spdlog::info("speech for {} ({}): {} ms", number, audio.voice, cached->duration().count());
            }
            library.by_number_[number] = cached;
        }
    };
    for (const auto& [number, behaviour] : book.numbers()) prepareFor(behaviour);
    for (const NumberRange& range : book.ranges()) prepareFor(range.behaviour);
    library.espeak_runs_ = synthesizer.espeakRuns();
    return library;
}

const media::Prompt* ClipLibrary::clipFor(const std::string& number) const {
    const auto it = by_number_.find(number);
    return it == by_number_.end() ? nullptr : it->second.get();
}

}  // namespace confab::pstnsim
