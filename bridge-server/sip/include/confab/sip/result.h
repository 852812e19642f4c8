// Result<T>: a value or one precise reason string. Used for everything that
// judges untrusted input (SDP, dial strings, URIs), so a bad peer is a return
// value to count and log, never an exception on the control thread.
//
// Thread contract: a plain value type; no shared state.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace confab::sip {

template <typename T>
class Result {
  public:
    static Result success(T value) { return Result(std::in_place_index<0>, std::move(value)); }
    static Result failure(std::string reason) {
        return Result(std::in_place_index<1>, std::move(reason));
    }

    bool ok() const { return data_.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T& value() const& {
        assert(ok());
        return std::get<0>(data_);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(data_));
    }
    // The reason, written for a log line: "SDP answer: c= address 'example.com'
    // is not an IP literal".
    const std::string& error() const {
        assert(!ok());
        return std::get<1>(data_);
    }

  private:
    template <std::size_t I, typename V>
    Result(std::in_place_index_t<I> tag, V&& v) : data_(tag, std::forward<V>(v)) {}

    std::variant<T, std::string> data_;
};

}  // namespace confab::sip
