// The chat input: Enter sends, Shift+Enter breaks the line, a pasted image or
// dropped image file goes to sharing instead of into the text, and pasted
// rich text arrives as plain text.
#include <gtest/gtest.h>

#include <QImage>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include "confab/client/chat_input.h"

namespace confab::client {
namespace {

// insertFromMimeData is what Qt calls for both paste and drop.
class Input : public ChatInput {
  public:
    using ChatInput::insertFromMimeData;
};

TEST(ChatInputTest, EnterSendsAndShiftEnterBreaksTheLine) {
    ChatInput input;
    QSignalSpy submitted(&input, &ChatInput::submitted);
    input.show();
    QTest::keyClicks(&input, QStringLiteral("first"));
    QTest::keyClick(&input, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(&input, QStringLiteral("second"));
    EXPECT_EQ(submitted.count(), 0);
    QTest::keyClick(&input, Qt::Key_Return);
    ASSERT_EQ(submitted.count(), 1);
    EXPECT_EQ(submitted.at(0).at(0).toString().toStdString(), "first\nsecond");
    EXPECT_TRUE(input.toPlainText().isEmpty()) << "the input is cleared after sending";
}

TEST(ChatInputTest, APastedImageIsSharedNotInserted) {
    Input input;
    QSignalSpy pasted(&input, &ChatInput::imagePasted);
    QMimeData data;
    QImage image(40, 30, QImage::Format_RGB32);
    image.fill(Qt::red);
    data.setImageData(image);
    input.insertFromMimeData(&data);
    ASSERT_EQ(pasted.count(), 1);
    EXPECT_EQ(qvariant_cast<QImage>(pasted.at(0).at(0)).size(), QSize(40, 30));
    EXPECT_TRUE(input.toPlainText().isEmpty());
}

TEST(ChatInputTest, DroppedImageFilesAreSharedOtherFilesAreNot) {
    QTemporaryDir folder;
    const QString png = folder.filePath(QStringLiteral("shot.png"));
    QImage image(10, 10, QImage::Format_RGB32);
    image.fill(Qt::blue);
    ASSERT_TRUE(image.save(png));
    const QString text_file = folder.filePath(QStringLiteral("notes.txt"));
    QFile notes(text_file);
    ASSERT_TRUE(notes.open(QIODevice::WriteOnly));
    notes.write("hello");
    notes.close();

    QMimeData both;
    both.setUrls({QUrl::fromLocalFile(png), QUrl::fromLocalFile(text_file),
                  QUrl(QStringLiteral("https://example.com/remote.png"))});
    EXPECT_EQ(imageFilesIn(&both), QStringList{png}) << "only local image files";

    Input input;
    QSignalSpy dropped(&input, &ChatInput::imageFilesDropped);
    input.insertFromMimeData(&both);
    ASSERT_EQ(dropped.count(), 1);
    EXPECT_EQ(dropped.at(0).at(0).toStringList(), QStringList{png});
}

TEST(ChatInputTest, PastedRichTextArrivesAsPlainText) {
    Input input;
    QMimeData data;
    data.setHtml(QStringLiteral("<b>bold</b> <script>x</script>"));
    data.setText(QStringLiteral("bold"));
    input.insertFromMimeData(&data);
    EXPECT_EQ(input.toPlainText().toStdString(), "bold");
}

}  // namespace
}  // namespace confab::client
