# confab_plugin(<name> SOURCES ... [LIBS ...] [ALWAYS_MODULE]): one bridge
# plugin (plugins/include/confab/plugin.h) as target confab-plugin-<name>.
#   - By default a MODULE, written to ${CONFAB_PLUGIN_OUTPUT_DIR}/<name>.so,
#     which is the bridge's default plugin folder in a build tree.
#   - With CONFAB_STATIC_PLUGINS=ON a static library compiled with
#     CONFAB_PLUGIN_STATIC (the descriptor becomes confab_plugin_<name>) and
#     listed in the table linked into confab-plugin-host (see the top-level
#     CMakeLists.txt), like baresip's static modules.
#   - ALWAYS_MODULE: test fixtures (a wrong-ABI plugin...) that only make
#     sense as files; written to ${CONFAB_TEST_PLUGIN_OUTPUT_DIR}.
set(CONFAB_PLUGIN_OUTPUT_DIR ${CMAKE_BINARY_DIR}/plugins)
set(CONFAB_TEST_PLUGIN_OUTPUT_DIR ${CMAKE_BINARY_DIR}/test-plugins)

function(confab_plugin name)
  cmake_parse_arguments(ARG "ALWAYS_MODULE" "" "SOURCES;LIBS" ${ARGN})
  set(target confab-plugin-${name})
  string(REPLACE "-" "_" ident ${name})
  if(CONFAB_STATIC_PLUGINS AND NOT ARG_ALWAYS_MODULE)
    add_library(${target} STATIC ${ARG_SOURCES})
    target_compile_definitions(${target} PRIVATE CONFAB_PLUGIN_STATIC)
    set_property(GLOBAL APPEND PROPERTY CONFAB_STATIC_PLUGIN_IDENTS ${ident})
    set_property(GLOBAL APPEND PROPERTY CONFAB_STATIC_PLUGIN_TARGETS ${target})
  else()
    add_library(${target} MODULE ${ARG_SOURCES})
    if(ARG_ALWAYS_MODULE)
      set(output ${CONFAB_TEST_PLUGIN_OUTPUT_DIR})
    else()
      set(output ${CONFAB_PLUGIN_OUTPUT_DIR})
    endif()
    set_target_properties(${target} PROPERTIES PREFIX "" OUTPUT_NAME ${name}
      LIBRARY_OUTPUT_DIRECTORY ${output}
      C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
    if(NOT ARG_ALWAYS_MODULE)
      add_dependencies(confab-plugins ${target})
    endif()
  endif()
  set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  confab_target_defaults(${target})
  target_link_libraries(${target} PRIVATE confab-plugin-api ${ARG_LIBS})
endfunction()
