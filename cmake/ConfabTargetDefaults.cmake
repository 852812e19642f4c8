# confab_target_defaults(<target>): the flags every target of ours gets.
# Project code compiles with warnings as errors; third-party headers come in
# through imported targets, which CMake marks SYSTEM, so their warnings stay out.
# -Wnull-dereference is left out: GCC 12 reports false positives inside
# libstdc++'s std::string at -O2.
function(confab_target_defaults target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wcast-align -Wunused -Wimplicit-fallthrough -Werror
    $<$<COMPILE_LANGUAGE:CXX>:-Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual>)
  target_compile_definitions(${target} PRIVATE
    CONFAB_VERSION="${PROJECT_VERSION}")
endfunction()
