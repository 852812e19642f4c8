// Canned SDP bodies for the SDP tests.
#pragma once

#include <string>

namespace confab::sip::test {

// A typical answer from a PSTN gateway to our offer, with LF or CRLF line ends.
inline std::string gatewayAnswer(const std::string& eol = "\r\n") {
    return "v=0" + eol + "o=gw 1234 5678 IN IP4 198.51.100.7" + eol + "s=-" + eol +
           "c=IN IP4 198.51.100.7" + eol + "t=0 0" + eol + "m=audio 30000 RTP/AVP 8 101" + eol +
           "a=rtpmap:8 PCMA/8000" + eol + "a=rtpmap:101 telephone-event/8000" + eol +
           "a=fmtp:101 0-15" + eol + "a=ptime:20" + eol + "a=sendrecv" + eol;
}

// Builds "v=0 o= s= t=" plus the given lines, CRLF-terminated.
inline std::string sdpWith(const std::string& session_lines, const std::string& media_lines) {
    auto crlf = [](const std::string& lines) {
        std::string out;
        std::size_t pos = 0;
        while (pos < lines.size()) {
            auto end = lines.find('|', pos);
            if (end == std::string::npos) end = lines.size();
            out += lines.substr(pos, end - pos) + "\r\n";
            pos = end + 1;
        }
        return out;
    };
    return "v=0\r\no=peer 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n" + crlf(session_lines) +
           crlf(media_lines);
}

}  // namespace confab::sip::test
