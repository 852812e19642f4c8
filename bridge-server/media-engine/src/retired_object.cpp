#include "retired_object.h"

#include "media_leg.h"
#include "media_mix.h"

namespace confab::media {

RetiredObject::RetiredObject() = default;
RetiredObject::~RetiredObject() = default;
RetiredObject::RetiredObject(RetiredObject&& other) noexcept = default;
RetiredObject& RetiredObject::operator=(RetiredObject&& other) noexcept = default;

}  // namespace confab::media
