// A minimal HTTP/1.1 client for 127.0.0.1, enough to PUT and GET a file on
// Prosody's http_file_share service in tests. Blocking; one request per connection.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace confab::test {

struct HttpResponse {
    int status = 0;  // 0: no valid response
    std::string body;
};

struct LoopbackUrl {
    int port = 0;
    std::string path;  // "/file_share/..."
};

// Splits "http://127.0.0.1:<port>/<path>"; port 0 when the URL has another form.
LoopbackUrl parseLoopbackUrl(const std::string& url);

// `headers`: extra header lines without CRLF, e.g. "Authorization: Bearer x".
HttpResponse httpRequest(int port, const std::string& method, const std::string& path,
                         const std::string& body = {}, const std::vector<std::string>& headers = {},
                         std::chrono::milliseconds deadline = std::chrono::seconds(5));

}  // namespace confab::test
