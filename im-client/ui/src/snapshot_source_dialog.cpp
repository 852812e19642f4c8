#include "confab/client/snapshot_source_dialog.h"

#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QScreen>
#include <QVBoxLayout>

namespace confab::client {
namespace {

const QSize kThumbnailSize(160, 100);
// A title longer than this is cut in the row; the tooltip has all of it.
constexpr int kShownTitleChars = 60;

// `picture` scaled into a fixed-size icon with a thin frame, so the rows line
// up whatever the shapes of screens and windows; a grey box when there is no
// picture.
QPixmap thumbnail(const QImage& picture) {
    QPixmap icon(kThumbnailSize);
    icon.fill(Qt::transparent);
    QPainter painter(&icon);
    QRect frame;
    if (picture.isNull()) {
        frame = QRect(QPoint(0, 0), kThumbnailSize - QSize(1, 1));
        painter.fillRect(frame, QColor(0xd0, 0xd0, 0xd0));
    } else {
        const QSize size = picture.size().scaled(kThumbnailSize - QSize(2, 2), Qt::KeepAspectRatio);
        frame = QRect(QPoint((kThumbnailSize.width() - size.width()) / 2, (kThumbnailSize.height() - size.height()) / 2),
                      size);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        painter.drawImage(frame, picture);
        frame.adjust(-1, -1, 0, 0);
    }
    painter.setPen(QColor(0x80, 0x80, 0x80));
    painter.drawRect(frame);
    return icon;
}

QString shortened(const QString& text) {
    return text.size() > kShownTitleChars ? text.left(kShownTitleChars - 1) + QStringLiteral("…") : text;
}

}  // namespace

SnapshotSourceDialog::SnapshotSourceDialog(const QList<QScreen*>& screens, const QList<DesktopWindow>& windows,
                                           QWidget* parent)
    : QDialog(parent),
      list_(new QListWidget(this)),
      share_button_(new QPushButton(tr("Share"), this)) {
    setWindowTitle(tr("Share a snapshot"));
    setAccessibleName(tr("Choose what to share a snapshot of"));
    auto* prompt = new QLabel(tr("&Choose the screen or window to take a picture of:"), this);
    prompt->setBuddy(list_);
    list_->setAccessibleName(tr("Screens and windows"));
    list_->setIconSize(kThumbnailSize);
    list_->setSpacing(2);
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    list_->setTextElideMode(Qt::ElideMiddle);
    list_->setMinimumSize(kThumbnailSize.width() + 340, 3 * (kThumbnailSize.height() + 8));

    // Full-size pictures of each screen, once: window thumbnails are cut out
    // of them (a window shows as it is on the screen, covered parts included).
    struct Shot {
        QScreen* screen;
        QImage image;
        QRect native;  // the screen in root window pixels
    };
    QList<Shot> shots;
    int number = 0;
    for (QScreen* screen : screens) {
        if (!screen) continue;
        const QRect geometry = screen->geometry();
        const qreal ratio = screen->devicePixelRatio();
        const QImage image = screen->grabWindow(0).toImage();
        shots.append({screen, image,
                      QRect(geometry.topLeft() * ratio, geometry.size() * ratio)});
        SnapshotSource source;
        source.kind = SnapshotSource::Kind::Screen;
        source.screen = screen;
        source.title = screen->name();
        source.geometry = geometry;
        ++number;
        // Numbered, because the platform's names can be as plain as "screen".
        const QString name = source.title.isEmpty() ? tr("Screen %1").arg(number)
                                                    : tr("Screen %1: %2").arg(number).arg(shortened(source.title));
        const bool primary = screen == QGuiApplication::primaryScreen();
        const QString size = tr("%1 × %2 at %3, %4")
                                 .arg(geometry.width())
                                 .arg(geometry.height())
                                 .arg(geometry.x())
                                 .arg(geometry.y());
        addSource(source, name + QLatin1Char('\n') + size + (primary ? tr(" · main screen") : QString()),
                  tr("%1%2, %3 by %4 pixels")
                      .arg(name, primary ? tr(", main screen") : QString())
                      .arg(geometry.width())
                      .arg(geometry.height()),
                  image);
    }
    for (const DesktopWindow& window : windows) {
        SnapshotSource source;
        source.kind = SnapshotSource::Kind::Window;
        source.window = window.id;
        source.title = window.title;
        source.geometry = window.geometry;
        QImage picture;
        for (const Shot& shot : shots) {
            if (!shot.image.isNull() && shot.native.contains(window.geometry.center())) {
                picture = shot.image.copy(window.geometry.translated(-shot.native.topLeft()));
                break;
            }
        }
        addSource(source,
                  tr("Window: %1\n%2 × %3").arg(shortened(window.title)).arg(window.geometry.width())
                      .arg(window.geometry.height()),
                  tr("Window %1, %2 by %3 pixels").arg(window.title).arg(window.geometry.width())
                      .arg(window.geometry.height()),
                  picture);
    }

    auto* buttons = new QDialogButtonBox(this);
    share_button_->setAccessibleName(tr("Share a snapshot of the selected screen or window"));
    share_button_->setToolTip(tr("Take the picture and share it in this chat (Enter)"));
    share_button_->setDefault(true);
    buttons->addButton(share_button_, QDialogButtonBox::AcceptRole);
    QPushButton* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setAccessibleName(tr("Cancel the snapshot"));
    cancel->setToolTip(tr("Share nothing (Esc)"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Not `activated`: Enter activates the row and also presses the default
    // button, which would share twice.
    connect(list_, &QListWidget::itemDoubleClicked, this, [this] {
        if (share_button_->isEnabled()) accept();
    });
    connect(list_, &QListWidget::itemSelectionChanged, this, &SnapshotSourceDialog::updateShareButton);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(prompt);
    layout->addWidget(list_, 1);
    layout->addWidget(buttons);
    if (list_->count() > 0) list_->setCurrentRow(0);
    updateShareButton();
    list_->setFocus();
    resize(560, 460);
}

void SnapshotSourceDialog::addSource(const SnapshotSource& source, const QString& text, const QString& spoken,
                                     const QImage& picture) {
    // The same picture when selected: the style would tint it otherwise,
    // and the point of a thumbnail is to show what will be shared.
    const QPixmap icon = thumbnail(picture);
    QIcon both(icon);
    both.addPixmap(icon, QIcon::Selected);
    auto* item = new QListWidgetItem(both, text, list_);
    item->setData(Qt::UserRole, static_cast<int>(sources_.size()));
    item->setData(Qt::AccessibleTextRole, spoken);
    item->setToolTip(source.title);
    sources_.append(source);
}

void SnapshotSourceDialog::updateShareButton() { share_button_->setEnabled(!list_->selectedItems().isEmpty()); }

SnapshotSource SnapshotSourceDialog::selectedSource() const {
    const QList<QListWidgetItem*> selected = list_->selectedItems();
    if (selected.isEmpty()) return {};
    const int index = selected.first()->data(Qt::UserRole).toInt();
    return index >= 0 && index < sources_.size() ? sources_.at(index) : SnapshotSource{};
}

QImage SnapshotSourceDialog::grab(const SnapshotSource& source) {
    if (source.kind == SnapshotSource::Kind::Screen) {
        return source.screen ? source.screen->grabWindow(0).toImage() : QImage();
    }
    if (source.window == 0) return {};
    // On X11 any screen of the display can grab a window by its id; the one
    // it is on keeps multi-screen setups with different scales right.
    QScreen* screen = QGuiApplication::screenAt(source.geometry.center());
    if (!screen) screen = QGuiApplication::primaryScreen();
    return screen ? screen->grabWindow(source.window).toImage() : QImage();
}

}  // namespace confab::client
