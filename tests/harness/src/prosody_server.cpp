#include "confab/harness/prosody_server.h"

#include <openssl/rand.h>

#include <cctype>
#include <cstdio>
#include <sstream>
#include <vector>

#include <fstream>
#include <optional>
#include <stdexcept>

#include "confab/harness/temporary_folder.h"
#include "confab/harness/test_certificates.h"
#include "prosody_config.h"

namespace confab::harness {

namespace {

constexpr auto kProsodyctlDeadline = std::chrono::seconds(30);
constexpr int kPortClashRetries = 3;

std::string randomHex(std::size_t bytes) {
    std::vector<unsigned char> buffer(bytes);
    if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1) {
        throw std::runtime_error("ProsodyServer: RAND_bytes failed");
    }
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char byte : buffer) {
        hex += kDigits[byte >> 4];
        hex += kDigits[byte & 0x0f];
    }
    return hex;
}

std::string lastLines(const std::string& text, std::size_t lines) {
    std::size_t position = text.size();
    if (position > 0 && text[position - 1] == '\n') {
        --position;
    }
    for (std::size_t found = 0; position > 0; --position) {
        if (text[position - 1] == '\n' && ++found == lines) {
            break;
        }
    }
    return text.substr(position);
}

}  // namespace

struct ProsodyServer::Impl {
    ProsodyOptions options;
    std::unique_ptr<TemporaryFolder> temporary_folder;  // set when we made the folder
    bool ports_chosen_by_us = false;
    ProsodyConfigValues config;
    std::filesystem::path ca_file;
    std::optional<Process> process;
    std::size_t log_offset = 0;  // size of prosody.log when the current run started

    std::filesystem::path dir() const { return options.runtime_dir; }
    std::filesystem::path configFile() const { return dir() / "prosody.cfg.lua"; }
    std::filesystem::path logFile() const { return dir() / "prosody.log"; }
    std::filesystem::path stdoutFile() const { return dir() / "prosody.stdout.log"; }

    void preparePorts(bool fresh) {
        if (fresh || config.c2s_port == 0) {
            config.c2s_port = options.c2s_port != 0 ? options.c2s_port : freeTcpPort();
            config.component_port =
                options.component_port != 0 ? options.component_port : freeTcpPort();
            config.http_port = options.http_port != 0 ? options.http_port : freeTcpPort();
        }
    }

    // The CA is kept when the folder already has one, so a client that was
    // told to trust <runtime_dir>/tls/ca.pem keeps working across demo runs.
    void prepareCertificates() {
        const auto tls_dir = dir() / "tls";
        const auto ca_pem = tls_dir / "ca.pem";
        const auto ca_key = tls_dir / "ca.key";
        std::optional<TestCertificateAuthority> ca;
        if (std::filesystem::exists(ca_pem) && std::filesystem::exists(ca_key)) {
            ca = TestCertificateAuthority::load(ca_pem, ca_key);
        } else {
            ca =
                TestCertificateAuthority::create(tls_dir, "Confab test CA (" + config.domain + ")");
        }
        ca_file = ca->certificateFile();
        // Named <domain>.crt in certs/ so Prosody's own certificate discovery
        // finds it too, on top of the explicit `ssl` of every host.
        CertificateFiles server = ca->issueServerCertificate(
            dir() / "certs", config.domain, certificateDnsNames(config), {"127.0.0.1"});
        config.certificate = server.certificate;
        config.key = server.key;
    }

    void writeConfig() const {
        std::ofstream out(configFile(), std::ios::trunc);
        out << renderProsodyConfig(config);
        if (!out) {
            throw std::runtime_error("ProsodyServer: cannot write " + configFile().string());
        }
    }

    // Only what this run wrote: the log is kept across restarts.
    bool portClashLogged() const {
        std::string log = readFile(logFile());
        return log.size() > log_offset &&
               log.find("Failed to open server port", log_offset) != std::string::npos;
    }

    bool allPortsOpen() const {
        return tcpPortOpen(config.c2s_port) && tcpPortOpen(config.component_port) &&
               tcpPortOpen(config.http_port);
    }

    std::string logTail(std::size_t lines) const {
        std::string tail = lastLines(readFile(logFile()), lines);
        std::string console = lastLines(readFile(stdoutFile()), lines);
        if (!console.empty()) {
            tail += "\n--- prosody stdout/stderr ---\n" + console;
        }
        return tail;
    }

    // One attempt: true when Prosody listens on all ports; false on a port
    // clash (another program took a port we picked); throws on anything else.
    bool startOnce() {
        writeConfig();
        std::error_code no_log_yet;
        auto size = std::filesystem::file_size(logFile(), no_log_yet);
        log_offset = no_log_yet ? 0 : static_cast<std::size_t>(size);
        process.emplace(
            std::vector<std::string>{"prosody", "--config", configFile().string(), "-F"},
            stdoutFile());
        bool exited = false;
        bool ready = waitUntil(
            [&] {
                if (!process->running()) {
                    exited = true;
                    return true;
                }
                return portClashLogged() || allPortsOpen();
            },
            options.start_deadline);
        if (ready && !exited && !portClashLogged()) {
            return true;
        }
        bool clash = portClashLogged();
        process->terminate();
        if (clash) {
            return false;
        }
        throw std::runtime_error(std::string("ProsodyServer: prosody ") +
                                 (exited ? "exited during start" : "not ready before deadline") +
                                 "; log tail:\n" + logTail(40));
    }
};

ProsodyServer::ProsodyServer(ProsodyOptions options) : impl_(std::make_unique<Impl>()) {
    Impl& impl = *impl_;
    impl.options = std::move(options);
    if (impl.options.runtime_dir.empty()) {
        impl.temporary_folder = std::make_unique<TemporaryFolder>("confab-prosody");
        impl.options.runtime_dir = impl.temporary_folder->path();
    } else {
        std::filesystem::create_directories(impl.options.runtime_dir);
        impl.options.runtime_dir = std::filesystem::absolute(impl.options.runtime_dir);
    }
    std::filesystem::create_directories(impl.dir() / "data");
    if (impl.options.component_secret.empty()) {
        impl.options.component_secret = randomHex(16);
    }
    ProsodyConfigValues& config = impl.config;
    config.runtime_dir = impl.dir();
    config.domain = impl.options.domain;
    config.component_host = impl.options.component_name + "." + impl.options.domain;
    config.component_secret = impl.options.component_secret;
    config.muc_host = "conference." + impl.options.domain;
    config.upload_host = "upload." + impl.options.domain;
    config.log_level = impl.options.log_level;
    config.extra_global_config = impl.options.extra_global_config;
    config.extra_ssl_options = impl.options.extra_ssl_options;
    impl.ports_chosen_by_us = impl.options.c2s_port == 0 || impl.options.component_port == 0 ||
                              impl.options.http_port == 0;
    try {
        impl.preparePorts(true);
        impl.prepareCertificates();
        impl.writeConfig();
    } catch (...) {
        impl_.reset();  // removes a temporary folder
        throw;
    }
}

ProsodyServer::~ProsodyServer() {
    stop();  // before impl_ (and with it a temporary folder) goes
}

void ProsodyServer::start() {
    if (running()) {
        return;
    }
    // Ports are picked once; only a clash on the very first start (another
    // program grabbed a port between our probe and Prosody's bind) moves them,
    // so kill() + start() comes back on the same ports.
    bool first_start = !impl_->process.has_value();
    for (int attempt = 0;; ++attempt) {
        if (impl_->startOnce()) {
            return;
        }
        if (!first_start || !impl_->ports_chosen_by_us || attempt + 1 >= kPortClashRetries) {
            throw std::runtime_error("ProsodyServer: a port is taken by another program; log:\n" +
                                     impl_->logTail(40));
        }
        impl_->preparePorts(true);
    }
}

void ProsodyServer::stop() {
    if (impl_->process) {
        impl_->process->terminate(std::chrono::milliseconds(5000));
    }
}

void ProsodyServer::kill() {
    if (impl_->process) {
        impl_->process->kill9();
    }
}

bool ProsodyServer::running() const {
    return impl_->process && impl_->process->running();
}

std::string ProsodyServer::addUser(const std::string& user, std::string password) {
    if (password.empty()) {
        password = randomHex(12);
    }
    const auto log = impl_->dir() / "prosodyctl.log";
    Process prosodyctl({"prosodyctl", "--config", impl_->configFile().string(), "register", user,
                        impl_->config.domain, password},
                       log);
    if (!prosodyctl.waitForExit(kProsodyctlDeadline) || prosodyctl.exitCode() != 0) {
        prosodyctl.terminate();
        throw std::runtime_error("ProsodyServer: prosodyctl register " + user + "@" +
                                 impl_->config.domain + " failed; output:\n" +
                                 lastLines(readFile(log), 20));
    }
    return password;
}

namespace {
// Prosody's datamanager file names: every non-alphanumeric byte as %xx.
std::string prosodyStorageName(const std::string& name) {
    std::string out;
    for (unsigned char c : name) {
        if (std::isalnum(c)) {
            out += static_cast<char>(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02x", c);
            out += hex;
        }
    }
    return out;
}

// A Lua string literal with every byte outside printable ASCII escaped.
std::string luaQuoted(const std::string& text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c >= 0x7f) {
            out += "\\" + std::to_string(c);
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}
}  // namespace

void ProsodyServer::seedRoster(const std::string& user,
                               const std::vector<RosterSeed>& contacts) {
    const auto folder = impl_->dir() / "data" / prosodyStorageName(impl_->config.domain) / "roster";
    std::filesystem::create_directories(folder);
    std::ostringstream lua;
    lua << "return {\n[false] = { version = 1; pending = {}; };\n";
    for (const auto& contact : contacts) {
        lua << "[" << luaQuoted(contact.jid) << "] = { subscription = \"both\"; ";
        if (!contact.name.empty()) {
            lua << "name = " << luaQuoted(contact.name) << "; ";
        }
        lua << "groups = {";
        for (const auto& group : contact.groups) {
            lua << " [" << luaQuoted(group) << "] = true;";
        }
        lua << " }; };\n";
    }
    lua << "};\n";
    const auto path = folder / (prosodyStorageName(user) + ".dat");
    std::ofstream file(path, std::ios::trunc);
    file << lua.str();
    if (!file.flush()) {
        throw std::runtime_error("ProsodyServer: cannot write " + path.string());
    }
}

const std::string& ProsodyServer::domain() const {
    return impl_->config.domain;
}
std::string ProsodyServer::componentJid() const {
    return impl_->config.component_host;
}
std::string ProsodyServer::mucService() const {
    return impl_->config.muc_host;
}
std::string ProsodyServer::uploadService() const {
    return impl_->config.upload_host;
}
const std::string& ProsodyServer::componentSecret() const {
    return impl_->config.component_secret;
}
int ProsodyServer::c2sPort() const {
    return impl_->config.c2s_port;
}
int ProsodyServer::componentPort() const {
    return impl_->config.component_port;
}
int ProsodyServer::httpPort() const {
    return impl_->config.http_port;
}
std::filesystem::path ProsodyServer::caFile() const {
    return impl_->ca_file;
}
std::filesystem::path ProsodyServer::runtimeDir() const {
    return impl_->dir();
}
std::filesystem::path ProsodyServer::logFile() const {
    return impl_->logFile();
}
std::string ProsodyServer::logTail(std::size_t lines) const {
    return impl_->logTail(lines);
}
std::filesystem::path ProsodyServer::configFile() const {
    return impl_->configFile();
}
pid_t ProsodyServer::pid() const {
    return impl_->process ? impl_->process->pid() : -1;
}

}  // namespace confab::harness
