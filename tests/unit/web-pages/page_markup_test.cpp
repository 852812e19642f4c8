// Rules every page must keep, checked on every page rendered with hostile
// data: the CSP can only protect us if there is no inline script or style;
// every state-changing form carries the CSRF token; no datum escapes
// escaping; the text is valid UTF-8.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "html_scan.h"
#include "sample_views.h"

namespace confab::web {
namespace {

using test::allPages;
using test::Tag;

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
    std::size_t found = 0;
    for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++found;
    return found;
}

TEST(PageMarkup, TheOnlyScriptIsAppJs) {
    for (const auto& [name, page] : allPages()) {
        SCOPED_TRACE(name);
        EXPECT_EQ(count(lower(page), "<script"), 1u);
        std::size_t scripts = 0;
        for (const Tag& tag : test::scanTags(page)) {
            if (tag.name != "script") continue;
            ++scripts;
            EXPECT_EQ(tag.get("src"), "/static/app.js");
            EXPECT_EQ(test::innerText(page, tag), "");
        }
        EXPECT_EQ(scripts, 1u);
    }
}

TEST(PageMarkup, NoInlineStyleNoEventHandlersNoJavascriptUrls) {
    for (const auto& [name, page] : allPages()) {
        SCOPED_TRACE(name);
        EXPECT_EQ(lower(page).find("<style"), std::string::npos);
        std::size_t stylesheets = 0;
        for (const Tag& tag : test::scanTags(page)) {
            if (tag.name == "link" && tag.get("rel") == "stylesheet") {
                ++stylesheets;
                EXPECT_EQ(tag.get("href"), "/static/style.css");
            }
            for (const auto& [attribute, value] : tag.attributes) {
                EXPECT_NE(attribute, "style") << "<" << tag.name << "> at " << tag.offset;
                EXPECT_FALSE(attribute.size() > 2 && attribute.rfind("on", 0) == 0)
                    << "<" << tag.name << " " << attribute << "> at " << tag.offset;
                EXPECT_EQ(lower(test::decodeEntities(value)).find("javascript:"), std::string::npos);
            }
        }
        EXPECT_EQ(stylesheets, 1u);
    }
}

TEST(PageMarkup, HostileDataNeverAppearsUnescaped) {
    for (const auto& [name, page] : allPages()) {
        SCOPED_TRACE(name);
        EXPECT_EQ(page.find("<script>alert"), std::string::npos);
        EXPECT_EQ(page.find("<b style"), std::string::npos);
        EXPECT_EQ(page.find("' onmouseover"), std::string::npos);
        // ... but it is there, escaped: the pages do show the data.
        EXPECT_NE(page.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=alert(1)"), std::string::npos);
    }
}

TEST(PageMarkup, PagesAreValidUtf8EvenWhenTheDataIsNot) {
    for (const auto& [name, page] : allPages()) {
        SCOPED_TRACE(name);
        // nlohmann::json refuses to serialise invalid UTF-8 (type_error 316).
        EXPECT_NO_THROW((void)nlohmann::json(page).dump());
        EXPECT_NE(page.find("\xEF\xBF\xBD"), std::string::npos);  // the replacement character shows where
    }
}

TEST(PageMarkup, EveryPostFormCarriesTheCsrfToken) {
    const std::string session_token = test::sampleContext().csrf_token;
    for (const auto& [name, page] : allPages()) {
        SCOPED_TRACE(name);
        const std::string token = name == "login" ? "login\"tok<>" : session_token;
        const std::vector<Tag> tags = test::scanTags(page);
        std::size_t post_forms = 0;
        for (std::size_t i = 0; i < tags.size(); ++i) {
            if (tags[i].name != "form") continue;
            const std::size_t form_end = page.find("</form>", tags[i].offset);
            ASSERT_NE(form_end, std::string::npos);
            std::size_t csrf_fields = 0;
            for (std::size_t k = i + 1; k < tags.size() && tags[k].offset < form_end; ++k) {
                EXPECT_NE(tags[k].name, "form") << "nested form";
                if (tags[k].name == "input" && tags[k].get("name") == "csrf") {
                    ++csrf_fields;
                    EXPECT_EQ(tags[k].get("type"), "hidden");
                    EXPECT_EQ(test::decodeEntities(tags[k].get("value")), token);
                }
            }
            const std::string method = lower(tags[i].get("method"));
            if (method == "post") {
                ++post_forms;
                EXPECT_EQ(csrf_fields, 1u) << "form action " << tags[i].get("action");
            } else {
                // A GET form changes nothing and must not put the token in a URL.
                EXPECT_EQ(method, "get");
                EXPECT_EQ(tags[i].get("action"), "/history");
                EXPECT_EQ(csrf_fields, 0u);
            }
        }
        if (name != "error-anonymous") {
            EXPECT_GT(post_forms, 0u);
        }
    }
}

TEST(PageMarkup, LoggedInPagesHaveNavigationAndLogout) {
    for (const auto& [name, page] : allPages()) {
        SCOPED_TRACE(name);
        const bool anonymous = name == "login" || name == "error-anonymous";
        std::set<std::string> nav_links;
        bool logout = false;
        for (const Tag& tag : test::scanTags(page)) {
            if (tag.name == "a") nav_links.insert(tag.get("href"));
            if (tag.name == "form" && tag.get("action") == "/logout") logout = true;
        }
        EXPECT_EQ(logout, !anonymous);
        for (const char* href : {"/history", "/directory", "/policy", "/system"}) {
            EXPECT_EQ(nav_links.count(href) == 1, !anonymous) << href;
        }
        if (!anonymous) {
            EXPECT_NE(page.find("admin&lt;script&gt;"), std::string::npos);   // the admin's name, escaped
            EXPECT_NE(page.find("class=\"flash error\""), std::string::npos);  // the flash message
        }
    }
}

TEST(PageMarkup, ElementIdsAreUnique) {
    for (const auto& [name, page] : allPages()) {
        SCOPED_TRACE(name);
        std::set<std::string> ids;
        for (const Tag& tag : test::scanTags(page)) {
            if (!tag.has("id")) continue;
            EXPECT_TRUE(ids.insert(tag.get("id")).second) << "duplicate id " << tag.get("id");
        }
    }
}

TEST(PageMarkup, FormLabelsPointAtExistingFields) {
    for (const auto& [name, page] : allPages()) {
        SCOPED_TRACE(name);
        std::set<std::string> ids;
        std::vector<std::string> targets;
        for (const Tag& tag : test::scanTags(page)) {
            if (tag.has("id")) ids.insert(tag.get("id"));
            if (tag.name == "label" && tag.has("for")) targets.push_back(tag.get("for"));
        }
        for (const std::string& target : targets) EXPECT_EQ(ids.count(target), 1u) << target;
    }
}

TEST(StaticAssets, ScriptAndStyleAreServedFromCodeNotPages) {
    const std::string_view js = appJs();
    const std::string_view css = styleCss();
    EXPECT_GT(js.size(), 1000u);
    EXPECT_GT(css.size(), 1000u);
    // The script reads the live stream and never parses data as HTML.
    EXPECT_NE(js.find("new EventSource('/events')"), std::string_view::npos);
    EXPECT_NE(js.find("'conferences'"), std::string_view::npos);
    EXPECT_EQ(js.find("innerHTML"), std::string_view::npos);
    EXPECT_EQ(js.find("outerHTML"), std::string_view::npos);
    EXPECT_EQ(js.find("insertAdjacentHTML"), std::string_view::npos);
    EXPECT_EQ(js.find("document.write"), std::string_view::npos);
    EXPECT_EQ(js.find("eval("), std::string_view::npos);
    // The classes and attributes the pages and the browser test rely on.
    for (const char* needle : {"data-conference-id", "data-participant", "talking", "muted", "live-status"}) {
        EXPECT_NE(js.find(needle), std::string_view::npos) << needle;
    }
    for (const char* needle : {".talking", ".mute-mark", ".live-status", ".chip"}) {
        EXPECT_NE(css.find(needle), std::string_view::npos) << needle;
    }
}

}  // namespace
}  // namespace confab::web
