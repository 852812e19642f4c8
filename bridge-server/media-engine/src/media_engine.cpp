#include "confab/media/media_engine.h"

#include <unistd.h>

#include <algorithm>
#include <random>

#include "confab/media/telephone_event.h"
#include "media_command.h"
#include "media_leg.h"
#include "media_mix.h"
#include "media_worker.h"
#include "rtp_socket_pair.h"
#include "socket_address.h"

namespace confab::media {

std::string_view toString(MediaError error) {
    switch (error) {
        case MediaError::None:
            return "ok";
        case MediaError::UnknownLeg:
            return "unknown leg";
        case MediaError::UnknownMix:
            return "unknown mix";
        case MediaError::DuplicateId:
            return "id already in use";
        case MediaError::TooManyLegs:
            return "too many legs";
        case MediaError::TooManyMixes:
            return "too many mixes";
        case MediaError::MixFull:
            return "mix is full";
        case MediaError::NotStarted:
            return "leg is not in a mix";
        case MediaError::NoFreePort:
            return "no free RTP port pair";
        case MediaError::SocketError:
            return "socket error";
        case MediaError::QueueFull:
            return "media thread command queue full";
        case MediaError::InvalidArgument:
            return "invalid argument";
    }
    return "unknown error";
}

namespace {

std::string validate(const MediaEngineConfig& config) {
    if (!parseIpLiteral(config.bind_address)) {
        return "bind_address is not an IP literal: '" + config.bind_address + "'";
    }
    if (config.rtp_port_min == 0 || config.rtp_port_max < config.rtp_port_min + 1) {
        return "rtp port range must hold at least one even/odd pair";
    }
    if (config.max_legs == 0 || config.max_legs > (1u << 28)) return "max_legs out of range";
    if (config.max_mixes == 0 || config.max_mixes > (1u << 24)) return "max_mixes out of range";
    if (config.command_queue_capacity < 2 || config.event_queue_capacity < 2) {
        return "queue capacities must be at least 2";
    }
    if (config.rtcp_interval.count() <= 0) return "rtcp_interval must be positive";
    return {};
}

}  // namespace

std::unique_ptr<MediaEngine> MediaEngine::create(const MediaEngineConfig& config,
                                                 std::string* error) {
    if (const std::string problem = validate(config); !problem.empty()) {
        if (error) *error = "media engine: " + problem;
        return nullptr;
    }
    std::unique_ptr<MediaEngine> engine(new MediaEngine(config));
    if (!engine->worker_->init(error)) return nullptr;
    return engine;
}

MediaEngine::MediaEngine(const MediaEngineConfig& config)
    : config_(config), worker_(std::make_unique<MediaWorker>(config_, metrics_)) {
    free_leg_slots_.reserve(config_.max_legs);
    for (std::size_t i = config_.max_legs; i > 0; --i) {
        free_leg_slots_.push_back(static_cast<uint32_t>(i - 1));
    }
    free_mix_slots_.reserve(config_.max_mixes);
    for (std::size_t i = config_.max_mixes; i > 0; --i) {
        free_mix_slots_.push_back(static_cast<uint32_t>(i - 1));
    }
    phase_capacity_.assign(static_cast<std::size_t>(std::clamp(config_.tick_phases, 1, 20)), 0);
    std::random_device random;
    leg_seed_ = (uint64_t{random()} << 32) ^ random();
    // Start somewhere random in the range, so two engines (or a restart) do
    // not race for the same ports.
    port_cursor_ = random();
}

MediaEngine::~MediaEngine() {
    stop();
}

void MediaEngine::start() {
    worker_->start();
}

void MediaEngine::stop() {
    worker_->stop();
    reclaim();
}

template <typename Fill>
MediaError MediaEngine::post(Fill&& fill) {
    const bool pushed = worker_->commands().tryProduce([&](MediaCommand& command) {
        command.leg_slot = kNoSlot;
        command.mix_slot = kNoSlot;
        command.flag = false;
        command.remote = RemoteMedia{};
        command.dtmf_mode = DtmfMode::Auto;
        command.digit_count = 0;
        command.leg.reset();
        command.mix.reset();
        command.prompt.reset();
        command.tap.reset();
        fill(command);
    });
    if (!pushed) {
        MediaEngineMetrics::bump(metrics_.command_rejections);
        return MediaError::QueueFull;
    }
    return MediaError::None;
}

void MediaEngine::reclaim() {
    RetiredObject object;
    while (worker_->retired().tryPop(object)) {
        if (object.leg_slot != kNoSlot) free_leg_slots_.push_back(object.leg_slot);
        if (object.mix_slot != kNoSlot) free_mix_slots_.push_back(object.mix_slot);
        object = RetiredObject{};  // destroys here, on the control thread
    }
}

MediaEngine::LegRecord* MediaEngine::findLeg(LegId leg) {
    const auto it = legs_.find(leg);
    return it == legs_.end() ? nullptr : &it->second;
}

MediaEngine::MixRecord* MediaEngine::findMix(MixId mix) {
    const auto it = mixes_.find(mix);
    return it == mixes_.end() ? nullptr : &it->second;
}

void MediaEngine::leaveMix(LegRecord& record) {
    if (record.mix == kNoMix) return;
    if (MixRecord* mix = findMix(record.mix)) --mix->members;
    record.mix = kNoMix;
}

// -------------------------------------------------------------------- mixes

MediaError MediaEngine::createMix(MixId mix, std::size_t capacity) {
    reclaim();
    if (mix == kNoMix || capacity == 0 || capacity > config_.max_legs) {
        return MediaError::InvalidArgument;
    }
    if (findMix(mix)) return MediaError::DuplicateId;
    if (free_mix_slots_.empty()) return MediaError::TooManyMixes;
    const uint32_t slot = free_mix_slots_.back();
    // The least loaded sub-tick, by capacity.
    const auto phase = static_cast<uint8_t>(
        std::min_element(phase_capacity_.begin(), phase_capacity_.end()) - phase_capacity_.begin());
    auto media_mix = std::make_unique<MediaMix>(mix, slot, capacity, phase);
    const MediaError error = post([&](MediaCommand& command) {
        command.kind = CommandKind::CreateMix;
        command.mix_slot = slot;
        command.mix = std::move(media_mix);
    });
    if (error != MediaError::None) return error;
    free_mix_slots_.pop_back();
    phase_capacity_[phase] += capacity;
    mixes_.emplace(mix, MixRecord{slot, capacity, 0, phase});
    return MediaError::None;
}

MediaError MediaEngine::destroyMix(MixId mix) {
    reclaim();
    const MixRecord* record = findMix(mix);
    if (!record) return MediaError::UnknownMix;
    const uint32_t slot = record->slot;
    const MediaError error = post([&](MediaCommand& command) {
        command.kind = CommandKind::DestroyMix;
        command.mix_slot = slot;
    });
    if (error != MediaError::None) return error;
    for (auto& [id, leg] : legs_) {
        if (leg.mix == mix) leg.mix = kNoMix;
    }
    phase_capacity_[record->phase] -= record->capacity;
    mixes_.erase(mix);
    return MediaError::None;
}

// --------------------------------------------------------------------- legs

OpenLegResult MediaEngine::openLeg(LegId leg) {
    reclaim();
    OpenLegResult result;
    if (leg == kNoLeg) {
        result.error = MediaError::InvalidArgument;
        return result;
    }
    if (findLeg(leg)) {
        result.error = MediaError::DuplicateId;
        return result;
    }
    if (free_leg_slots_.empty()) {
        result.error = MediaError::TooManyLegs;
        return result;
    }
    RtpSocketPair sockets;
    result.error = RtpSocketPair::open(*parseIpLiteral(config_.bind_address), config_.rtp_port_min,
                                       config_.rtp_port_max, config_.dscp, port_cursor_, sockets);
    if (result.error != MediaError::None) return result;
    result.rtp_port = sockets.rtpPort();
    result.rtcp_port = sockets.rtcpPort();

    const uint32_t slot = free_leg_slots_.back();
    leg_seed_ = leg_seed_ * 6364136223846793005ull + 1442695040888963407ull;
    auto media_leg = std::make_unique<MediaLeg>(leg, slot, std::move(sockets), config_, leg_seed_);
    result.error = post([&](MediaCommand& command) {
        command.kind = CommandKind::OpenLeg;
        command.leg_slot = slot;
        command.leg = std::move(media_leg);
    });
    if (result.error != MediaError::None) {
        result.rtp_port = result.rtcp_port = 0;
        return result;  // media_leg (and its sockets) die here
    }
    free_leg_slots_.pop_back();
    legs_.emplace(leg, LegRecord{slot, kNoMix});
    return result;
}

MediaError MediaEngine::startLeg(LegId leg, MixId mix, const RemoteMedia& remote) {
    reclaim();
    LegRecord* record = findLeg(leg);
    if (!record) return MediaError::UnknownLeg;
    MixRecord* mix_record = findMix(mix);
    if (!mix_record) return MediaError::UnknownMix;
    if (remote.rtp.family == NetAddress::Family::None || remote.rtp.port == 0) {
        return MediaError::InvalidArgument;
    }
    if (remote.telephone_event_pt && (*remote.telephone_event_pt > 127 ||
                                      *remote.telephone_event_pt == payloadType(remote.codec))) {
        return MediaError::InvalidArgument;
    }
    const bool moving = record->mix != mix;
    if (moving && mix_record->members >= mix_record->capacity) return MediaError::MixFull;
    const uint32_t leg_slot = record->slot;
    const uint32_t mix_slot = mix_record->slot;
    const MediaError error = post([&](MediaCommand& command) {
        command.kind = CommandKind::StartLeg;
        command.leg_slot = leg_slot;
        command.mix_slot = mix_slot;
        command.remote = remote;
    });
    if (error != MediaError::None) return error;
    if (moving) {
        leaveMix(*record);
        ++mix_record->members;
        record->mix = mix;
    }
    return MediaError::None;
}

MediaError MediaEngine::updateLeg(LegId leg, const RemoteMedia& remote) {
    reclaim();
    const LegRecord* record = findLeg(leg);
    if (!record) return MediaError::UnknownLeg;
    if (record->mix == kNoMix) return MediaError::NotStarted;
    if (remote.rtp.family == NetAddress::Family::None || remote.rtp.port == 0) {
        return MediaError::InvalidArgument;
    }
    const uint32_t slot = record->slot;
    return post([&](MediaCommand& command) {
        command.kind = CommandKind::UpdateLeg;
        command.leg_slot = slot;
        command.remote = remote;
    });
}

MediaError MediaEngine::closeLeg(LegId leg) {
    reclaim();
    LegRecord* record = findLeg(leg);
    if (!record) return MediaError::UnknownLeg;
    const uint32_t slot = record->slot;
    const MediaError error = post([&](MediaCommand& command) {
        command.kind = CommandKind::CloseLeg;
        command.leg_slot = slot;
    });
    if (error != MediaError::None) return error;
    leaveMix(*record);
    legs_.erase(leg);  // the slot comes back with the leg (reclaim)
    return MediaError::None;
}

MediaError MediaEngine::setMuted(LegId leg, bool muted) {
    reclaim();
    const LegRecord* record = findLeg(leg);
    if (!record) return MediaError::UnknownLeg;
    const uint32_t slot = record->slot;
    return post([&](MediaCommand& command) {
        command.kind = CommandKind::SetMuted;
        command.leg_slot = slot;
        command.flag = muted;
    });
}

MediaError MediaEngine::setDeaf(LegId leg, bool deaf) {
    reclaim();
    const LegRecord* record = findLeg(leg);
    if (!record) return MediaError::UnknownLeg;
    const uint32_t slot = record->slot;
    return post([&](MediaCommand& command) {
        command.kind = CommandKind::SetDeaf;
        command.leg_slot = slot;
        command.flag = deaf;
    });
}

MediaError MediaEngine::sendDtmf(LegId leg, std::string_view digits, DtmfMode mode) {
    reclaim();
    const LegRecord* record = findLeg(leg);
    if (!record) return MediaError::UnknownLeg;
    if (digits.empty() || digits.size() > kMaxDtmfDigits) return MediaError::InvalidArgument;
    for (const char digit : digits) {
        if (!dtmfEvent(digit)) return MediaError::InvalidArgument;
    }
    const uint32_t slot = record->slot;
    return post([&](MediaCommand& command) {
        command.kind = CommandKind::SendDtmf;
        command.leg_slot = slot;
        command.dtmf_mode = mode;
        std::copy(digits.begin(), digits.end(), command.digits.begin());
        command.digit_count = static_cast<uint8_t>(digits.size());
    });
}

MediaError MediaEngine::playPrompt(LegId leg, std::shared_ptr<const Prompt> prompt) {
    reclaim();
    const LegRecord* record = findLeg(leg);
    if (!record) return MediaError::UnknownLeg;
    if (!prompt) return MediaError::InvalidArgument;
    const uint32_t slot = record->slot;
    return post([&](MediaCommand& command) {
        command.kind = CommandKind::PlayLegPrompt;
        command.leg_slot = slot;
        command.prompt = std::move(prompt);
    });
}

MediaError MediaEngine::playMixPrompt(MixId mix, std::shared_ptr<const Prompt> prompt) {
    reclaim();
    const MixRecord* record = findMix(mix);
    if (!record) return MediaError::UnknownMix;
    if (!prompt) return MediaError::InvalidArgument;
    const uint32_t slot = record->slot;
    return post([&](MediaCommand& command) {
        command.kind = CommandKind::PlayMixPrompt;
        command.mix_slot = slot;
        command.prompt = std::move(prompt);
    });
}

MediaError MediaEngine::setLegTap(LegId leg, std::shared_ptr<AudioTap> tap) {
    reclaim();
    const LegRecord* record = findLeg(leg);
    if (!record) return MediaError::UnknownLeg;
    const uint32_t slot = record->slot;
    return post([&](MediaCommand& command) {
        command.kind = CommandKind::SetLegTap;
        command.leg_slot = slot;
        command.tap = std::move(tap);
    });
}

MediaError MediaEngine::setMixTap(MixId mix, std::shared_ptr<AudioTap> tap) {
    reclaim();
    const MixRecord* record = findMix(mix);
    if (!record) return MediaError::UnknownMix;
    const uint32_t slot = record->slot;
    return post([&](MediaCommand& command) {
        command.kind = CommandKind::SetMixTap;
        command.mix_slot = slot;
        command.tap = std::move(tap);
    });
}

// ------------------------------------------------------------------- events

int MediaEngine::eventFd() const {
    return worker_->eventFd();
}

std::size_t MediaEngine::drainEvents(const std::function<void(const MediaEvent&)>& on_event) {
    uint64_t count = 0;
    [[maybe_unused]] const ssize_t got = ::read(worker_->eventFd(), &count, sizeof count);
    reclaim();
    std::size_t drained = 0;
    MediaEvent event;
    // Copy out before calling back: the callback may call into the engine.
    while (worker_->events().tryPop(event)) {
        ++drained;
        if (on_event) on_event(event);
    }
    reclaim();
    return drained;
}

MediaEngineMetricsSnapshot MediaEngine::metrics() const {
    return metrics_.snapshot();
}

}  // namespace confab::media
