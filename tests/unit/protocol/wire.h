// Test helpers: put a tag on the wire (Tag::xml()) and read it back with
// gloox::Parser, as the receiving end would.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gloox/tag.h>
#include <gtest/gtest.h>

#include "confab/protocol/xml_text.h"

namespace confab::protocol::testing {

// The serialised tag parsed back; fails the test if it does not parse or if
// the wire form holds anything xmlSafeText() would change.
inline std::unique_ptr<gloox::Tag> overTheWire(const gloox::Tag& tag) {
    const std::string xml = tag.xml();
    EXPECT_EQ(xmlSafeText(xml), xml) << "not XML-safe on the wire";
    auto parsed = parseXml(xml);
    EXPECT_NE(parsed, nullptr) << xml.substr(0, 200);
    return parsed;
}

// The names of the direct children, in document order.
inline std::vector<std::string> childNames(const gloox::Tag& tag) {
    std::vector<std::string> names;
    for (const gloox::Tag* child : tag.children()) names.push_back(child->name());
    return names;
}

// Text that is hard to carry: XML specials, RTL script with an override mark.
inline const std::string kSpecials = "<b>&\"'</b> &amp; ]]>";
// "shalom marhaba" in Hebrew and Arabic, then RIGHT-TO-LEFT OVERRIDE and "abc".
inline const std::string kRtl =
    "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 "
    "\xE2\x80\xAE"
    "abc";

}  // namespace confab::protocol::testing
