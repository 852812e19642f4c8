// confab-xmpp-cli: a scripted XMPP user. Connects with TLS verified against
// --ca-file, sends --send (a chat message to --to) and/or --raw (a stanza as
// is), then prints each reply from --to until --expect replies arrived or
// --wait-seconds passed.
// Exit status: 0 at least one reply, 1 no reply, 2 cannot connect / TLS / login.
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <iostream>
#include <string>

#include "confab/harness/process.h"
#include "confab/harness/xmpp_test_client.h"

namespace {

using confab::harness::ReceivedStanza;

constexpr int kExitReply = 0;
constexpr int kExitNoReply = 1;
constexpr int kExitConnectFailed = 2;

// `peer` is a full JID (exact), a bare JID (any resource) or, without '@', a
// domain: then anything on that domain counts (e.g. rooms of a component).
bool isFrom(const std::string& from, const std::string& peer) {
    if (peer.find('/') != std::string::npos) {
        return from == peer;
    }
    std::string bare = confab::harness::bareJid(from);
    if (bare == peer) {
        return true;
    }
    auto at = bare.find('@');
    return peer.find('@') == std::string::npos && at != std::string::npos &&
           bare.substr(at + 1) == peer;
}

// A reply is a message with a body (or an error bounce) or the answer to an
// iq; presences and requests the server sends us (e.g. caps disco) are not.
bool isReply(const ReceivedStanza& stanza, const std::string& to) {
    bool answer = (stanza.name == "message" && (!stanza.body.empty() || stanza.type == "error")) ||
                  (stanza.name == "iq" && (stanza.type == "result" || stanza.type == "error"));
    return answer && (to.empty() || isFrom(stanza.from, to));
}

std::string trimmedLine(std::string text) {
    auto end = text.find_first_of("\r\n");
    return end == std::string::npos ? text : text.substr(0, end);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Send an XMPP message as a user and print the replies (TLS verified)."};
    confab::harness::XmppClientOptions options;
    // Unique, so two runs at once (or a client of the same user) keep their sessions.
    options.resource = "xmpp-cli-" + std::to_string(::getpid());
    std::string password_file;
    std::string server = "127.0.0.1:5222";
    std::string to;
    std::string message;
    std::string raw;
    double wait_seconds = 5;
    int expect = 0;
    app.add_option("--jid", options.jid, "bare JID to log in as, e.g. alice@localhost")->required();
    app.add_option("--password-file", password_file, "file whose first line is the password")
        ->required()
        ->check(CLI::ExistingFile);
    app.add_option("--ca-file", options.ca_file, "PEM CA the server certificate must chain to")
        ->required()
        ->check(CLI::ExistingFile);
    app.add_option("--server", server, "HOST:PORT to connect to")->capture_default_str();
    app.add_option("--resource", options.resource, "resource to bind")->capture_default_str();
    app.add_option("--to", to, "JID (or domain) to send to and to take replies from");
    app.add_option("--send", message, "chat message body to send to --to")->needs("--to");
    app.add_option("--raw", raw, "stanza to send exactly as given");
    app.add_option("--wait-seconds", wait_seconds, "how long to wait for replies")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    app.add_option("--expect", expect, "stop after this many replies (0: wait the full time)")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    CLI11_PARSE(app, argc, argv);

    if (message.empty() && raw.empty()) {
        std::cerr << "nothing to send: give --send or --raw\n";
        return kExitConnectFailed;
    }
    auto colon = server.rfind(':');
    if (colon == std::string::npos) {
        std::cerr << "--server must be HOST:PORT\n";
        return kExitConnectFailed;
    }
    options.host = server.substr(0, colon);
    try {
        options.port = std::stoi(server.substr(colon + 1));
    } catch (const std::exception&) {
        std::cerr << "--server must be HOST:PORT\n";
        return kExitConnectFailed;
    }
    options.password = trimmedLine(confab::harness::readFile(password_file));

    confab::harness::XmppTestClient client(options);
    if (!client.connect(std::chrono::seconds(10))) {
        std::cerr << "cannot log in as " << options.jid << " at " << server << ": "
                  << client.lastError() << "\n";
        return kExitConnectFailed;
    }
    if (!raw.empty()) {
        client.sendRaw(raw);
    }
    if (!message.empty()) {
        client.sendMessage(to, message);
    }

    int replies = 0;
    auto until = std::chrono::steady_clock::now() +
                 std::chrono::milliseconds(static_cast<long>(wait_seconds * 1000));
    while ((expect == 0 || replies < expect) && client.connected()) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            until - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            break;
        }
        // Short slices so a dropped connection ends the wait early.
        auto reply = client.waitForStanza(
            [&to](const ReceivedStanza& stanza) { return isReply(stanza, to); },
            std::min(left, std::chrono::milliseconds(200)));
        if (!reply) {
            continue;
        }
        ++replies;
        std::cout << reply->from << ": " << (reply->body.empty() ? reply->xml : reply->body)
                  << std::endl;
    }
    if (!client.connected() && !client.lastError().empty()) {
        std::cerr << "connection lost: " << client.lastError() << "\n";
    }
    client.disconnect();
    return replies > 0 ? kExitReply : kExitNoReply;
}
