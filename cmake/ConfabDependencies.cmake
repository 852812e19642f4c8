# Every third-party library Confab uses, found once here and exposed as an
# imported target. The Debian packages that provide them are listed in
# deps/debian-packages.txt, which `./run` installs.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

pkg_check_modules(gloox REQUIRED IMPORTED_TARGET gloox)
pkg_check_modules(sofia REQUIRED IMPORTED_TARGET sofia-sip-ua)
pkg_check_modules(speexdsp REQUIRED IMPORTED_TARGET speexdsp)
# The announcer plugin speaks through libespeak-ng.
pkg_check_modules(espeakng REQUIRED IMPORTED_TARGET espeak-ng)
pkg_check_modules(spandsp REQUIRED IMPORTED_TARGET spandsp)
pkg_check_modules(sndfile REQUIRED IMPORTED_TARGET sndfile)
# Debian builds cpp-httplib as a shared library (with OpenSSL); the header only declares.
pkg_check_modules(httplib REQUIRED IMPORTED_TARGET cpp-httplib)

find_package(OpenSSL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(toml11 REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json REQUIRED)

# libphonenumber ships no CMake config or pkg-config file on Debian 12.
find_path(PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h REQUIRED)
find_library(PHONENUMBER_LIBRARY phonenumber REQUIRED)
add_library(confab::phonenumber UNKNOWN IMPORTED)
set_target_properties(confab::phonenumber PROPERTIES
  IMPORTED_LOCATION "${PHONENUMBER_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${PHONENUMBER_INCLUDE_DIR}")

if(CONFAB_BUILD_TESTS)
  find_package(GTest REQUIRED)
  find_package(benchmark REQUIRED)
endif()

# The IM client: Qt 6 Widgets, with qtkeychain for the desktop keyring.
if(CONFAB_BUILD_CLIENT)
  find_package(Qt6 REQUIRED COMPONENTS Core Gui Widgets Network Concurrent Test)
  find_package(Qt6Keychain REQUIRED)
endif()
