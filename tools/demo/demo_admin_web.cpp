#include "demo_admin_web.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <string_view>

#include <httplib.h>

#include "confab/harness/process.h"

namespace confab::demo {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string generateAdminPassword() {
    constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    constexpr std::size_t kLength = 20;
    // Bytes at or above the largest multiple of 62 are dropped, so every
    // character is equally likely.
    constexpr unsigned kUnbiasedLimit = 256 - 256 % kAlphabet.size();
    std::ifstream random("/dev/urandom", std::ios::binary);
    std::string password;
    while (password.size() < kLength) {
        char byte = 0;
        if (!random.get(byte)) {
            throw std::runtime_error("cannot read /dev/urandom for the demo admin's password");
        }
        const auto value = static_cast<unsigned char>(byte);
        if (value < kUnbiasedLimit) {
            password += kAlphabet[value % kAlphabet.size()];
        }
    }
    return password;
}

bool createDemoAdmin(const fs::path& bridge_binary, const fs::path& config,
                     const fs::path& password_file, const std::string& password,
                     const fs::path& log_file) {
    // Created 0600 from the start: no moment where others could read it.
    fs::remove(password_file);
    const int fd = ::open(password_file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        std::fprintf(stderr, "demo: cannot create %s\n", password_file.c_str());
        return false;
    }
    const std::string line = password + "\n";
    const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    ::close(fd);
    if (!written) {
        std::fprintf(stderr, "demo: cannot write %s\n", password_file.c_str());
        return false;
    }
    harness::Process add({bridge_binary.string(), "--config", config.string(), "admin", "add",
                          kDemoAdminName, "--password-file", password_file.string()},
                         log_file);
    if (!harness::waitUntil([&] { return !add.running(); }, 30s) || add.exitCode() != 0) {
        std::fprintf(stderr, "demo: creating the admin account failed:\n%s\n",
                     harness::readFile(log_file).c_str());
        return false;
    }
    return true;
}

bool adminLoginPageAnswers(int port, const fs::path& certificate, std::chrono::milliseconds deadline,
                           std::string& last_error) {
    return harness::waitUntil(
        [&] {
            // The bridge writes its certificate before it listens.
            if (!fs::exists(certificate)) {
                last_error = "no certificate yet at " + certificate.string();
                return false;
            }
            httplib::SSLClient client("127.0.0.1", port);
            client.set_ca_cert_path(certificate.string());
            client.enable_server_certificate_verification(true);
            client.set_connection_timeout(2s);
            client.set_read_timeout(5s);
            const auto response = client.Get("/login");
            if (!response) {
                last_error = httplib::to_string(response.error());
                return false;
            }
            if (response->status != 200) {
                last_error = "HTTP status " + std::to_string(response->status);
                return false;
            }
            return true;
        },
        deadline, 250ms);
}

}  // namespace confab::demo
