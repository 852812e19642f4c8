#include "confab/client/info_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QToolButton>

namespace confab::client {

InfoBar::InfoBar(const QString& key, const QString& text, QWidget* parent)
    : QFrame(parent), key_(key), label_(new QLabel(text, this)), buttons_(new QHBoxLayout) {
    setObjectName(QStringLiteral("infoBar"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette bar = palette();
    bar.setColor(QPalette::Window, QColor(0xff, 0xf4, 0xce));
    bar.setColor(QPalette::WindowText, QColor(0x20, 0x20, 0x20));
    setPalette(bar);
    setAccessibleName(tr("Notification"));
    setAccessibleDescription(text);

    label_->setWordWrap(true);
    label_->setTextFormat(Qt::PlainText);
    label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* dismiss = new QToolButton(this);
    dismiss->setText(QStringLiteral("×"));
    dismiss->setAutoRaise(true);
    dismiss->setToolTip(tr("Dismiss"));
    dismiss->setAccessibleName(tr("Dismiss notification"));
    connect(dismiss, &QToolButton::clicked, this, &InfoBar::finish);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(label_, 1);
    layout->addLayout(buttons_);
    layout->addWidget(dismiss);
}

QString InfoBar::text() const { return label_->text(); }

QPushButton* InfoBar::addAction(const QString& label, std::function<void()> action) {
    auto* button = new QPushButton(label, this);
    button->setAccessibleName(label);
    buttons_->addWidget(button);
    connect(button, &QPushButton::clicked, this, [this, action = std::move(action)] {
        if (finished_) return;
        if (action) action();
        finish();
    });
    return button;
}

void InfoBar::expireAfter(int seconds) {
    QTimer::singleShot(seconds * 1000, this, &InfoBar::finish);
}

bool InfoBar::trigger(const QString& label) {
    for (QPushButton* button : findChildren<QPushButton*>()) {
        if (button->text() == label) {
            button->click();
            return true;
        }
    }
    return false;
}

void InfoBar::finish() {
    if (finished_) return;
    finished_ = true;
    hide();
    emit closed(key_);
    deleteLater();
}

}  // namespace confab::client
