// FUZZ_CHECK: the invariant check of our fuzz targets. It must stop the
// program in every build type (assert() vanishes under NDEBUG, and the corpus
// replay runs in the RelWithDebInfo build), and say what broke.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                              \
    do {                                                                                   \
        if (!(condition)) {                                                                \
            std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", __FILE__, __LINE__, \
                         #condition);                                                      \
            std::abort();                                                                  \
        }                                                                                  \
    } while (false)
