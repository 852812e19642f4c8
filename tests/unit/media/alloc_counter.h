// Counts global operator new calls, so tests can assert that the media path
// does not allocate. The replacement operators live in alloc_counter.cpp.
#pragma once

#include <cstddef>

namespace confab::media::test {

std::size_t allocationCount();

// Allocations made between construction and allocations().
class AllocationScope {
  public:
    AllocationScope() : start_(allocationCount()) {}
    std::size_t allocations() const { return allocationCount() - start_; }

  private:
    std::size_t start_;
};

}  // namespace confab::media::test
