// The services the harness's Prosody offers besides c2s: HTTP upload
// (XEP-0363) on the loopback HTTP port, and the MUC service.
#include <gtest/gtest.h>

#include <regex>

#include "loopback_http.h"
#include "suite_server.h"

namespace confab::test {
namespace {

using namespace std::chrono_literals;

class ServerServicesTest : public SuiteServer {};

std::string discoInfo(const std::string& to) {
    return "<iq type='get' to='" + to +
           "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>";
}

std::string attribute(const std::string& xml, const std::string& element, const std::string& name) {
    std::smatch match;
    std::regex pattern("<" + element + "[^>]*\\s" + name + "=['\"]([^'\"]*)['\"]");
    if (!std::regex_search(xml, match, pattern)) {
        return {};
    }
    // XML attribute values come escaped; URLs here only ever contain &amp;.
    return std::regex_replace(match[1].str(), std::regex("&amp;"), "&");
}

TEST_F(ServerServicesTest, UploadServiceAnswersDiscoWithHttpUpload) {
    auto alice = connectUser("alice");
    auto info = alice->sendIq(discoInfo(server().uploadService()), 5s);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->type, "result") << info->xml;
    EXPECT_NE(info->xml.find("urn:xmpp:http:upload:0"), std::string::npos) << info->xml;
}

TEST_F(ServerServicesTest, UploadSlotPointsAtLoopbackAndTheFileComesBack) {
    auto alice = connectUser("alice");
    const std::string content = "hello upload";
    auto slot =
        alice->sendIq("<iq type='get' to='" + server().uploadService() +
                          "'><request xmlns='urn:xmpp:http:upload:0' filename='hello.txt'"
                          " size='" +
                          std::to_string(content.size()) + "' content-type='text/plain'/></iq>",
                      5s);
    ASSERT_TRUE(slot.has_value());
    ASSERT_EQ(slot->type, "result") << slot->xml;
    const std::string put_url = attribute(slot->xml, "put", "url");
    const std::string get_url = attribute(slot->xml, "get", "url");
    const std::string loopback = "http://127.0.0.1:" + std::to_string(server().httpPort()) + "/";
    ASSERT_EQ(put_url.rfind(loopback, 0), 0u) << slot->xml;
    ASSERT_EQ(get_url.rfind(loopback, 0), 0u) << slot->xml;

    std::smatch authorization;
    ASSERT_TRUE(std::regex_search(slot->xml, authorization,
                                  std::regex("<header name=['\"]Authorization['\"]>([^<]+)<")))
        << slot->xml;

    auto put =
        httpRequest(server().httpPort(), "PUT", parseLoopbackUrl(put_url).path, content,
                    {"Content-Type: text/plain", "Authorization: " + authorization[1].str()});
    EXPECT_EQ(put.status, 201) << put.body << "\n" << server().logTail();
    auto get = httpRequest(server().httpPort(), "GET", parseLoopbackUrl(get_url).path);
    EXPECT_EQ(get.status, 200);
    EXPECT_EQ(get.body, content);
}

TEST_F(ServerServicesTest, DomainListsTheMucAndUploadServices) {
    auto alice = connectUser("alice");
    auto items = alice->sendIq("<iq type='get' to='" + server().domain() +
                                   "'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>",
                               5s);
    ASSERT_TRUE(items.has_value());
    EXPECT_NE(items->xml.find("jid='" + server().mucService() + "'"), std::string::npos)
        << items->xml;
    EXPECT_NE(items->xml.find("jid='" + server().uploadService() + "'"), std::string::npos)
        << items->xml;
}

TEST_F(ServerServicesTest, MucServiceAnswersDiscoInfo) {
    auto alice = connectUser("alice");
    auto info = alice->sendIq(discoInfo(server().mucService()), 5s);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->type, "result") << info->xml;
    EXPECT_NE(info->xml.find("http://jabber.org/protocol/muc"), std::string::npos) << info->xml;
}

TEST_F(ServerServicesTest, NamesFollowTheDomain) {
    EXPECT_EQ(server().componentJid(), "bridge.localhost");
    EXPECT_EQ(server().mucService(), "conference.localhost");
    EXPECT_EQ(server().uploadService(), "upload.localhost");
    EXPECT_FALSE(server().componentSecret().empty());
}

}  // namespace
}  // namespace confab::test
