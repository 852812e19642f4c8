// The dial pad: keys and typing build the number the client sends with /call.
#include <gtest/gtest.h>

#include <QLineEdit>
#include <QPushButton>
#include <QTest>

#include "confab/client/dial_pad.h"

namespace confab::client {
namespace {

QPushButton* buttonWithText(QWidget& parent, const QString& text) {
    for (auto* button : parent.findChildren<QPushButton*>()) {
        if (button->text().startsWith(text)) return button;
    }
    return nullptr;
}

TEST(DialPadTest, KeysBuildTheNumber) {
    DialPad pad;
    for (const char* key : {"+", "1", "5", "5", "5", "0", "1", "0", "0"}) pad.press(QString::fromLatin1(key));
    EXPECT_EQ(pad.number().toStdString(), "+15550100");
}

TEST(DialPadTest, ClickingTheKeypadTypesIntoTheField) {
    DialPad pad;
    QPushButton* seven = buttonWithText(pad, QStringLiteral("7"));
    QPushButton* hash = buttonWithText(pad, QStringLiteral("#"));
    ASSERT_NE(seven, nullptr);
    ASSERT_NE(hash, nullptr);
    QTest::mouseClick(seven, Qt::LeftButton);
    QTest::mouseClick(hash, Qt::LeftButton);
    EXPECT_EQ(pad.number().toStdString(), "7#");
}

TEST(DialPadTest, TypedOrPastedPunctuationIsDropped) {
    DialPad pad;
    pad.numberEdit()->setText(QStringLiteral("+1 (555) 123-4567"));
    EXPECT_EQ(pad.number().toStdString(), "+15551234567");
    pad.numberEdit()->setText(QStringLiteral("555.123.4567"));
    EXPECT_EQ(pad.number().toStdString(), "5551234567");
}

TEST(DialPadTest, CallAcceptsTheDialogOnlyWithANumber) {
    DialPad pad;
    QPushButton* call = buttonWithText(pad, QStringLiteral("Call"));
    ASSERT_NE(call, nullptr);
    pad.show();
    EXPECT_FALSE(call->isEnabled()) << "nothing to call yet";
    pad.press(QStringLiteral("5"));
    EXPECT_TRUE(call->isEnabled());
    QTest::mouseClick(call, Qt::LeftButton);
    EXPECT_EQ(pad.result(), QDialog::Accepted);
}

}  // namespace
}  // namespace confab::client
