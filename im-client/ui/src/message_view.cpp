#include "confab/client/message_view.h"

#include <QDesktopServices>
#include <QLocale>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTimer>

#include "confab/client/conversation_model.h"
#include "confab/client/image_transfer.h"

namespace confab::client {
namespace {

const QString kThumbScheme = QStringLiteral("confab-thumb");
constexpr int kMaxThumbnailWidth = 360;  // logical pixels
const QString kImageScheme = QStringLiteral("confab-image");

QString escapeText(const QString& text) {
    QString html = text.toHtmlEscaped();
    html.replace(QLatin1Char('\n'), QLatin1String("<br>"));
    return html;
}

QString timeText(const QDateTime& utc) {
    if (!utc.isValid()) return {};
    const QDateTime local = utc.toLocalTime();
    const QLocale locale;
    if (local.date() == QDate::currentDate()) return locale.toString(local.time(), QLocale::ShortFormat);
    return locale.toString(local, QLocale::ShortFormat);
}

QString tickHtml(const ChatMessage& message) {
    if (!message.outgoing) return {};
    switch (message.delivery) {
        case DeliveryState::Sent:
            return QStringLiteral(" <span style='color:#808080' title='sent'>✓</span>");
        case DeliveryState::Delivered:
            return QStringLiteral(" <span style='color:#2e9d3a' title='delivered'>✓✓</span>");
        case DeliveryState::Failed:
            return QStringLiteral(" <span style='color:#c0392b'>✗ %1</span>")
                .arg(QObject::tr("not delivered").toHtmlEscaped());
        case DeliveryState::None: break;
    }
    return {};
}

}  // namespace

QString MessageView::linkify(const QString& text) {
    static const QRegularExpression url_pattern(QStringLiteral("https?://[^\\s<>\"']+"),
                                                QRegularExpression::CaseInsensitiveOption);
    QString html;
    qsizetype done = 0;
    auto it = url_pattern.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        QString candidate = match.captured();
        // Sentence punctuation after a URL is not part of it.
        while (!candidate.isEmpty()) {
            const QChar last = candidate.back();
            const bool unbalanced_paren = last == QLatin1Char(')') && !candidate.contains(QLatin1Char('('));
            if (QStringLiteral(".,;:!?]}").contains(last) || unbalanced_paren) {
                candidate.chop(1);
            } else {
                break;
            }
        }
        const QUrl url(candidate, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
            continue;
        }
        html += escapeText(text.mid(done, match.capturedStart() - done));
        html += QStringLiteral("<a href=\"%1\">%2</a>")
                    .arg(QString::fromUtf8(url.toEncoded()).toHtmlEscaped(), candidate.toHtmlEscaped());
        done = match.capturedStart() + candidate.size();
    }
    html += escapeText(text.mid(done));
    return html;
}

MessageView::MessageView(MessageListModel* model, ImageTransfer* images, QWidget* parent)
    : QTextBrowser(parent), model_(model), images_(images) {
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setAccessibleName(tr("Messages"));
    setTextInteractionFlags(Qt::TextBrowserInteraction | Qt::TextSelectableByKeyboard);
    document()->setDefaultStyleSheet(QStringLiteral("a { color: #1f6fd0; }"));
    connect(this, &QTextBrowser::anchorClicked, this, &MessageView::openLink);

    connect(model_, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex&, int first, int last) {
        if (!rebuild_pending_ && last == model_->rowCount() - 1) {
            appendRows(first, last);
        } else {
            scheduleRebuild();
        }
    });
    connect(model_, &QAbstractItemModel::dataChanged, this, &MessageView::scheduleRebuild);
    connect(model_, &QAbstractItemModel::rowsRemoved, this, &MessageView::scheduleRebuild);
    connect(model_, &QAbstractItemModel::modelReset, this, &MessageView::scheduleRebuild);
    if (images_) {
        connect(images_, &ImageTransfer::downloadProgress, this, [this](const QUrl& url, qint64 received, qint64 total) {
            auto it = inline_images_.find(url);
            if (it == inline_images_.end() || it->state != ImageState::Loading) return;
            const QLocale locale;
            it->progress = total > 0 ? tr("Downloading image… %1 of %2")
                                           .arg(locale.formattedDataSize(received), locale.formattedDataSize(total))
                                     : tr("Downloading image… %1").arg(locale.formattedDataSize(received));
            scheduleRebuild();
        });
        connect(images_, &ImageTransfer::imageReady, this,
                [this](const QUrl& url, const QImage& thumbnail, const QString& error) {
                    auto it = inline_images_.find(url);
                    if (it == inline_images_.end()) return;
                    if (thumbnail.isNull()) {
                        it->state = ImageState::Failed;
                        it->error = error.isEmpty() ? tr("not an image") : error;
                    } else {
                        it->state = ImageState::Ready;
                        it->thumbnail = thumbnail;
                    }
                    scheduleRebuild();
                });
    }
    rebuild();
}

MessageView::ImageState MessageView::imageState(const QUrl& url) const {
    const auto it = inline_images_.constFind(url);
    return it == inline_images_.constEnd() ? ImageState::Unknown : it->state;
}

QString MessageView::imageError(const QUrl& url) const {
    const auto it = inline_images_.constFind(url);
    return it == inline_images_.constEnd() ? QString() : it->error;
}

int MessageView::thumbnailWidth() const { return qBound(120, viewport()->width() - 48, kMaxThumbnailWidth); }

QString MessageView::imageHtml(const QUrl& url) {
    auto it = inline_images_.find(url);
    if (it == inline_images_.end()) {
        InlineImage entry;
        entry.index = static_cast<int>(image_by_index_.size());
        entry.progress = tr("Downloading image…");
        image_by_index_.append(url);
        it = inline_images_.insert(url, entry);
        if (images_) {
            // Thumbnails are decoded at device pixels so they stay sharp on high-DPI screens.
            // Always the largest thumbnail: the transfer caches one decode per
            // URL, and the view may still be narrow while it lays out.
            images_->fetch(url, static_cast<int>(kMaxThumbnailWidth * devicePixelRatioF()));
        } else {
            it->state = ImageState::Failed;
            it->error = tr("images are not loaded");
        }
        it = inline_images_.find(url);
    }
    switch (it->state) {
        case ImageState::Ready: {
            const double ratio = devicePixelRatioF();
            QSizeF size = QSizeF(it->thumbnail.size()) / ratio;
            if (size.width() > thumbnailWidth()) size.scale(thumbnailWidth(), 1e9, Qt::KeepAspectRatio);
            return QStringLiteral("<a href=\"%1:%2\"><img src=\"%3:%2\" width=\"%4\" height=\"%5\"></a>")
                .arg(kImageScheme)
                .arg(it->index)
                .arg(kThumbScheme)
                .arg(qRound(size.width()))
                .arg(qRound(size.height()));
        }
        case ImageState::Failed:
            return QStringLiteral(
                       "<table border=\"1\" cellpadding=\"8\" cellspacing=\"0\" "
                       "style=\"border-color:#c0392b; border-style:solid; background-color:#fdecea\">"
                       "<tr><td><b>%1</b><br>%2<br><span style=\"color:#606060\">%3</span></td></tr></table>")
                .arg(tr("Image not shown").toHtmlEscaped(), it->error.toHtmlEscaped(),
                     url.toString().toHtmlEscaped());
        case ImageState::Loading:
        case ImageState::Unknown: break;
    }
    return QStringLiteral("<span style=\"color:#606060\"><i>%1</i></span>").arg(it->progress.toHtmlEscaped());
}

QString MessageView::messageHtml(int row) {
    const ChatMessage& message = model_->messageAt(row);
    const QModelIndex index = model_->index(row);
    const bool is_image = index.data(MessageListModel::IsImageRole).toBool() && message.oob_url.isValid();
    const QString color = message.outgoing ? QStringLiteral("#8a3fc0") : QStringLiteral("#1f6fd0");
    QString html = QStringLiteral("<p style=\"margin-top:6px; margin-bottom:0px\">"
                                  "<span style=\"color:%1; font-weight:bold\">%2</span> "
                                  "<span style=\"color:#808080\">%3</span>%4")
                       .arg(color, message.sender_name.toHtmlEscaped(), timeText(message.timestamp).toHtmlEscaped(),
                            tickHtml(message));
    // A shared image's body is usually the URL itself (the plain-text
    // fallback); the thumbnail says it better.
    const bool body_is_url = message.body.trimmed() == message.oob_url.toString();
    if (!message.body.isEmpty() && !(is_image && body_is_url)) {
        html += QStringLiteral("<br><span style=\"white-space:pre-wrap\">%1</span>").arg(linkify(message.body));
    }
    if (is_image) {
        const QString image = imageHtml(message.oob_url);
        // A table (the refused-image box) starts its own block; a <br> before it would leave a gap.
        html += (image.startsWith(QLatin1String("<table")) ? QString() : QStringLiteral("<br>")) + image;
    } else if (message.oob_url.isValid() && body_is_url == false) {
        html += QStringLiteral("<br>") + linkify(message.oob_url.toString());
    }
    html += QStringLiteral("</p>");
    return html;
}

void MessageView::appendRows(int first, int last) {
    for (int row = first; row <= last; ++row) append(messageHtml(row));
}

void MessageView::scheduleRebuild() {
    if (rebuild_pending_) return;
    rebuild_pending_ = true;
    QTimer::singleShot(0, this, &MessageView::rebuild);
}

void MessageView::rebuild() {
    rebuild_pending_ = false;
    QScrollBar* bar = verticalScrollBar();
    const bool at_bottom = bar->value() >= bar->maximum() - 4;
    const int old_value = bar->value();
    QString html;
    const int rows = model_->rowCount();
    for (int row = 0; row < rows; ++row) html += messageHtml(row);
    setHtml(html);
    bar->setValue(at_bottom ? bar->maximum() : old_value);
}

QVariant MessageView::loadResource(int type, const QUrl& name) {
    if (type == QTextDocument::ImageResource && name.scheme() == kThumbScheme) {
        const int index = name.path().toInt();
        if (index >= 0 && index < image_by_index_.size()) {
            const auto it = inline_images_.constFind(image_by_index_.at(index));
            if (it != inline_images_.constEnd() && it->state == ImageState::Ready) return it->thumbnail;
        }
        return {};
    }
    // Nothing else is ever loaded: no remote or local resources from message text.
    return {};
}

void MessageView::openLink(const QUrl& link) {
    if (link.scheme() == kImageScheme) {
        const int index = link.path().toInt();
        if (index >= 0 && index < image_by_index_.size()) emit imageActivated(image_by_index_.at(index));
        return;
    }
    const QString scheme = link.scheme().toLower();
    if (scheme == QLatin1String("http") || scheme == QLatin1String("https")) QDesktopServices::openUrl(link);
}

void MessageView::resizeEvent(QResizeEvent* event) {
    const int before = thumbnailWidth();
    QTextBrowser::resizeEvent(event);
    if (thumbnailWidth() != before && !image_by_index_.isEmpty()) scheduleRebuild();
}

}  // namespace confab::client
