#include "confab/announcer/prompt_cache.h"

namespace confab::announcer {

std::size_t PromptCache::bytesOf(const PromptAudio& audio) {
    return audio ? audio->size() * sizeof(std::int16_t) : 0;
}

PromptAudio PromptCache::find(const std::string& text) {
    const auto it = index_.find(text);
    if (it == index_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->audio;
}

void PromptCache::insert(const std::string& text, PromptAudio audio) {
    const std::size_t size = bytesOf(audio);
    if (const auto it = index_.find(text); it != index_.end()) {
        bytes_ -= bytesOf(it->second->audio);
        order_.erase(it->second);
        index_.erase(it);
    }
    if (!audio || size > max_bytes_ || max_entries_ == 0) return;
    while (!order_.empty() && (index_.size() + 1 > max_entries_ || bytes_ + size > max_bytes_)) {
        evictOldest();
    }
    order_.push_front(Entry{text, std::move(audio)});
    index_.emplace(text, order_.begin());
    bytes_ += size;
}

void PromptCache::evictOldest() {
    const Entry& oldest = order_.back();
    bytes_ -= bytesOf(oldest.audio);
    index_.erase(oldest.text);
    order_.pop_back();
    ++evictions_;
}

}  // namespace confab::announcer
