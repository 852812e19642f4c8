// StoreError: every failure of the store (SQLite errors, invalid input to
// Directory, unknown ids) is thrown as one of these, with a message naming
// the operation and, for SQLite failures, sqlite3_errmsg().
#pragma once

#include <cstdint>
#include <stdexcept>

namespace confab::store {

// Times are passed in by the caller (never read from a clock here), as
// milliseconds since the Unix epoch, so tests are deterministic.
using UnixMillis = std::int64_t;

class StoreError : public std::runtime_error {
  public:
    using runtime_error::runtime_error;
};

}  // namespace confab::store
