// PromptCache: rendered prompts (8 kHz PCM) by their text, least recently
// used first out, bounded by entry count and total bytes. "There are 3
// participants." is synthesized once and then only looked up.
//
// Thread contract: the prompt worker's thread only (no locking).
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace confab::announcer {

using PromptAudio = std::shared_ptr<const std::vector<std::int16_t>>;

class PromptCache {
public:
    PromptCache(std::size_t max_entries, std::size_t max_bytes)
        : max_entries_(max_entries), max_bytes_(max_bytes) {}

    // The audio for `text` (now the most recently used), or nullptr.
    PromptAudio find(const std::string& text);
    // Adds or replaces; evicts the least recently used until within bounds.
    // Audio larger than max_bytes on its own is not kept.
    void insert(const std::string& text, PromptAudio audio);

    std::size_t size() const { return index_.size(); }
    std::size_t bytes() const { return bytes_; }
    std::uint64_t evictions() const { return evictions_; }

private:
    struct Entry {
        std::string text;
        PromptAudio audio;
    };
    static std::size_t bytesOf(const PromptAudio& audio);
    void evictOldest();

    std::size_t max_entries_;
    std::size_t max_bytes_;
    std::size_t bytes_ = 0;
    std::uint64_t evictions_ = 0;
    std::list<Entry> order_;  // front: most recently used
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace confab::announcer
