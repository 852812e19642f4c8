#include "confab/bridge/bridge_command_line.h"

#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "confab/bridge/bridge_service.h"
#include "confab/bridge/recent_log.h"
#include "confab/shared/bridge_config.h"
#include "confab/store/admin_accounts.h"
#include "confab/store/conference_log.h"
#include "confab/store/database.h"
#include "confab/store/directory.h"
#include "confab/store/directory_csv.h"

namespace confab::bridge {

namespace {

void setUpLogging(const std::string& level_name) {
    // The ring sink keeps recent lines for the admin page's System view.
    auto console = std::make_shared<spdlog::sinks::stdout_color_sink_mt>();
    auto logger = std::make_shared<spdlog::logger>(
        "confab-bridge", spdlog::sinks_init_list{console, recentLogSink()});
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(level_name));
    spdlog::flush_on(spdlog::level::info);
}

// `confab-bridge directory import FILE`: all or nothing, every bad line named.
int importDirectory(const BridgeConfig& config, const std::string& csv_path) {
    std::ifstream csv(csv_path, std::ios::binary);
    if (!csv) {
        std::cerr << "confab-bridge: cannot read " << csv_path << "\n";
        return 1;
    }
    try {
        store::Database database = store::Database::open(config.db.path);
        store::Directory directory(database);
        const store::ImportReport report =
            store::importDirectoryCsv(directory, database, csv, config.sip.default_region);
        for (const auto& error : report.errors) {
            std::cerr << csv_path << ":" << error.line << ": " << error.message << "\n";
        }
        if (!report.committed) {
            std::cerr << "confab-bridge: nothing imported: " << report.errors.size()
                      << " bad line(s) in " << csv_path << "\n";
            return 1;
        }
        std::cout << "imported " << report.imported << " user(s) from " << csv_path << " into "
                  << config.db.path.string() << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "confab-bridge: directory import failed: " << e.what() << "\n";
        return 1;
    }
}

// ---- `confab-bridge admin ...`: admin web page accounts, bridge running or not.

// Anything longer is refused by the password rules anyway; reading stops
// there so a wrong file (a disk image, /dev/zero) cannot exhaust memory.
constexpr std::size_t kMaxPasswordFileBytes = 64 * 1024;

store::UnixMillis nowMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void stripOneNewline(std::string& text) {
    if (!text.empty() && text.back() == '\n') {
        text.pop_back();
        if (!text.empty() && text.back() == '\r') {
            text.pop_back();
        }
    }
}

std::string readLimited(std::istream& in) {
    std::string text;
    char buffer[4096];
    while (text.size() <= kMaxPasswordFileBytes &&
           in.read(buffer, sizeof buffer).gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
    }
    return text;
}

// One line from the terminal with echo off, so the password is never shown.
std::optional<std::string> promptForPassword() {
    std::cerr << "Password: " << std::flush;
    termios saved{};
    const bool terminal = tcgetattr(STDIN_FILENO, &saved) == 0;
    if (terminal) {
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    const bool read = static_cast<bool>(std::getline(std::cin, line));
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    }
    std::cerr << "\n";
    if (!read) {
        return std::nullopt;
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

// The password from `file` ("-": standard input), one trailing newline
// stripped; nullopt after printing why it could not be read.
std::optional<std::string> readPasswordFile(const std::string& file) {
    std::string password;
    if (file == "-") {
        if (isatty(STDIN_FILENO) != 0) {
            return promptForPassword();
        }
        password = readLimited(std::cin);
    } else {
        struct stat info {};
        if (stat(file.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
            std::cerr << "confab-bridge: cannot read the password file " << file
                      << ": it does not exist or is not a regular file\n";
            return std::nullopt;
        }
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            std::cerr << "confab-bridge: cannot read the password file " << file << "\n";
            return std::nullopt;
        }
        if ((info.st_mode & (S_IRGRP | S_IROTH)) != 0) {
            std::cerr << "confab-bridge: warning: the password file " << file
                      << " is readable by group or others; consider chmod 600\n";
        }
        password = readLimited(in);
    }
    if (password.size() > kMaxPasswordFileBytes) {
        std::cerr << "confab-bridge: the password file " << file << " is too large\n";
        return std::nullopt;
    }
    stripOneNewline(password);
    return password;
}

std::string utcTime(store::UnixMillis millis) {
    const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &parts);
    return text;
}

struct AdminCommand {
    std::string action;  // "add", "passwd", "remove" or "list"
    std::string name;
    std::string password_file;
};

// Exit 0 on success, 1 with one sentence on stderr otherwise. Every change is
// also written to the audit log the admin page shows.
int runAdminCommand(const BridgeConfig& config, const AdminCommand& command) {
    const auto& db_path = config.db.path;
    if (!db_path.parent_path().empty() && !std::filesystem::is_directory(db_path.parent_path())) {
        std::cerr << "confab-bridge: the database folder " << db_path.parent_path().string()
                  << " does not exist; create it first\n";
        return 1;
    }
    std::optional<std::string> password;
    if (command.action == "add" || command.action == "passwd") {
        // Checked before reading the password, so a typo costs no prompt.
        if (const auto problem = store::adminNameProblem(command.name)) {
            std::cerr << "confab-bridge: the admin name " << *problem << "\n";
            return 1;
        }
        password = readPasswordFile(command.password_file);
        if (!password) {
            return 1;
        }
    }
    try {
        store::Database database = store::Database::open(db_path);
        store::AdminAccounts accounts(database);
        store::ConferenceLog log(database);
        const auto audited = [&](const std::string& action) {
            log.audit("command line", action, command.name, true, "", nowMillis());
        };
        if (command.action == "add") {
            accounts.add(command.name, *password, nowMillis());
            audited("admin add");
            std::cout << "admin " << command.name << " added to " << db_path.string() << "\n";
        } else if (command.action == "passwd") {
            accounts.setPassword(command.name, *password);
            audited("admin passwd");
            std::cout << "password of admin " << command.name << " changed\n";
        } else if (command.action == "remove") {
            if (!accounts.remove(command.name)) {
                std::cerr << "confab-bridge: there is no admin named " << command.name << "\n";
                return 1;
            }
            audited("admin remove");
            std::cout << "admin " << command.name << " removed\n";
        } else {
            const auto all = accounts.all();
            for (const auto& account : all) {
                std::cout << account.name << "\tcreated " << utcTime(account.created) << "\n";
            }
            if (all.empty()) {
                std::cerr << "confab-bridge: there are no admin accounts in " << db_path.string()
                          << "\n";
            }
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "confab-bridge: admin " << command.action << " failed: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace

int runBridgeCommandLine(int argc, char** argv) {
    CLI::App app{"confab-bridge: the Confab teleconference bridge (XMPP component + SIP + mixer)"};
    app.set_version_flag("--version", std::string("confab-bridge ") + CONFAB_VERSION);
    std::string config_path;
    bool check_only = false;
    std::string log_level;
    app.add_option("-c,--config", config_path, "Configuration file (TOML)")
        ->required()
        ->option_text("FILE");
    app.add_flag("--check-config", check_only,
                  "Validate the configuration file, print a summary and exit (non-zero on error)");
    app.add_option("--log-level", log_level, "Override [log] level")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));

    auto* directory = app.add_subcommand("directory", "Manage the phone directory");
    directory->require_subcommand(1);
    auto* import = directory->add_subcommand(
        "import", "Import users from a CSV file (jid,display_name,work,mobile,preferred); all or nothing");
    std::string csv_path;
    import->add_option("file", csv_path, "CSV file")->required()->option_text("FILE");

    auto* admin = app.add_subcommand(
        "admin", "Manage the admin web page's accounts (works while the bridge is stopped too)");
    admin->require_subcommand(1);
    AdminCommand admin_command;
    const std::string password_help =
        "File holding the password, one trailing newline stripped; '-' reads standard input";
    auto* admin_add = admin->add_subcommand("add", "Create an admin account");
    admin_add->add_option("name", admin_command.name, "Admin name: 1-64 of A-Z a-z 0-9 . _ -")
        ->required();
    admin_add->add_option("--password-file", admin_command.password_file, password_help)
        ->required()
        ->option_text("FILE");
    auto* admin_passwd = admin->add_subcommand("passwd", "Change an admin's password");
    admin_passwd->add_option("name", admin_command.name, "Admin name")->required();
    admin_passwd->add_option("--password-file", admin_command.password_file, password_help)
        ->required()
        ->option_text("FILE");
    auto* admin_remove = admin->add_subcommand("remove", "Delete an admin account");
    admin_remove->add_option("name", admin_command.name, "Admin name")->required();
    auto* admin_list = admin->add_subcommand("list", "List admin accounts");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }

    BridgeConfig config;
    try {
        config = loadBridgeConfig(config_path);
    } catch (const ConfigError& e) {
        std::cerr << "confab-bridge: configuration error: " << e.what() << "\n";
        return 2;
    }
    if (!log_level.empty()) config.log.level = log_level;

    if (import->parsed()) return importDirectory(config, csv_path);
    for (auto* action : {admin_add, admin_passwd, admin_remove, admin_list}) {
        if (action->parsed()) {
            admin_command.action = action->get_name();
            return runAdminCommand(config, admin_command);
        }
    }

    if (check_only) {
        std::cout << "configuration OK: " << config_path << "\n"
                  << "  xmpp: component " << config.xmpp.component << " at " << config.xmpp.host
                  << ":" << config.xmpp.port << ", domain " << config.xmpp.domain
                  << ", secret " << (config.xmpp.secret.empty() ? "missing" : "set (hidden)")
                  << "\n"
                  << "  sip: listen " << config.sip.listen.host << ":" << config.sip.listen.port
                  << ", " << config.sip.routes.size() << " route(s), region "
                  << config.sip.default_region << ", ring timeout " << config.sip.ring_timeout_seconds
                  << " s\n"
                  << "  media: RTP ports " << config.media.rtp_port_min << ".." << config.media.rtp_port_max
                  << ", realtime priority " << config.media.realtime_priority
                  << (config.media.realtime_priority == 0 ? " (off)" : " (SCHED_FIFO)") << "\n"
                  << "  db: " << config.db.path.string() << "\n"
                  << "  web: " << config.web.listen.host << ":" << config.web.listen.port << "\n";
        return 0;
    }

    setUpLogging(config.log.level);
    try {
        BridgeService service(std::move(config));
        return service.run();
    } catch (const std::exception& e) {
        spdlog::critical("bridge stopped: {}", e.what());
        return 1;
    }
}

}  // namespace confab::bridge
