#include "confab/pstnsim/malformed_sdp.h"

#include <sstream>
#include <vector>

namespace confab::pstnsim {

namespace {

std::vector<std::string> splitLines(const std::string& sdp) {
    std::vector<std::string> lines;
    std::istringstream in(sdp);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) lines.push_back(line);
    }
    return lines;
}

bool startsWith(const std::string& s, std::string_view prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

// "m=audio 4000 RTP/AVP 0 101" -> "m=audio <port> RTP/AVP <formats>"
std::string rewriteMediaLine(const std::string& line, const std::string* port, const std::string* formats) {
    std::istringstream in(line);
    std::string media, old_port, proto, rest;
    in >> media >> old_port >> proto;
    std::getline(in, rest);
    return media + " " + (port != nullptr ? *port : old_port) + " " + proto +
           (formats != nullptr ? " " + *formats : rest);
}

}  // namespace

std::string malformAnswer(const std::string& good_answer, MalformedSdp kind) {
    if (kind == MalformedSdp::None) return good_answer;
    std::string out;
    for (const auto& line : splitLines(good_answer)) {
        std::string changed = line;
        switch (kind) {
            case MalformedSdp::MissingConnection:
                if (startsWith(line, "c=")) continue;
                break;
            case MalformedSdp::HostnameConnection:
                if (startsWith(line, "c=")) changed = "c=IN IP4 pstn-sim.invalid";
                break;
            case MalformedSdp::PortZero:
                if (startsWith(line, "m=audio ")) {
                    const std::string zero = "0";
                    changed = rewriteMediaLine(line, &zero, nullptr);
                }
                break;
            case MalformedSdp::NoCommonCodec:
                if (startsWith(line, "m=audio ")) {
                    const std::string g729 = "18";
                    changed = rewriteMediaLine(line, nullptr, &g729);
                } else if (startsWith(line, "a=rtpmap:") || startsWith(line, "a=fmtp:")) {
                    if (out.find("a=rtpmap:18 ") != std::string::npos) continue;
                    changed = "a=rtpmap:18 G729/8000";
                }
                break;
            case MalformedSdp::None:
                break;
        }
        out += changed;
        out += "\r\n";
    }
    return out;
}

}  // namespace confab::pstnsim
