#include "media_command.h"

#include "media_leg.h"
#include "media_mix.h"

namespace confab::media {

MediaCommand::MediaCommand() = default;
MediaCommand::~MediaCommand() = default;
MediaCommand::MediaCommand(MediaCommand&& other) noexcept = default;
MediaCommand& MediaCommand::operator=(MediaCommand&& other) noexcept = default;

}  // namespace confab::media
