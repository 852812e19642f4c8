#include "alloc_counter.h"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<std::size_t> g_allocations{0};
}  // namespace

std::size_t confab::media::test::allocationCount() {
    return g_allocations.load(std::memory_order_relaxed);
}

#if defined(__SANITIZE_ADDRESS__)
// Under ASan, replacing operator new clashes with the sanitizer's own (memory
// allocated by one and freed by the other is reported); count through its
// allocation hook instead, which sees malloc and new alike.
// Declared here: GCC does not install <sanitizer/allocator_interface.h>.
extern "C" int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void*,
                                                                             std::size_t),
                                                         void (*free_hook)(const volatile void*));

namespace {
void onMalloc(const volatile void*, std::size_t) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
}
void onFree(const volatile void*) {}
const int g_hooks_installed = __sanitizer_install_malloc_and_free_hooks(onMalloc, onFree);
}  // namespace

#else

namespace {
void* countedAlloc(std::size_t size) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) {
    return countedAlloc(size);
}
void* operator new[](std::size_t size) {
    return countedAlloc(size);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}

#endif
