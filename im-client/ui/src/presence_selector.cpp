#include "confab/client/presence_selector.h"

#include <QComboBox>
#include <QLineEdit>
#include <QVBoxLayout>

#include "confab/client/presence_icon.h"

namespace confab::client {

PresenceSelector::PresenceSelector(QWidget* parent)
    : QWidget(parent), show_box_(new QComboBox(this)), status_edit_(new QLineEdit(this)) {
    for (const PresenceShow show :
         {PresenceShow::Available, PresenceShow::Away, PresenceShow::DoNotDisturb}) {
        show_box_->addItem(presenceIcon(show), presenceLabel(show), static_cast<int>(show));
    }
    show_box_->setAccessibleName(tr("My presence"));
    show_box_->setToolTip(tr("What your contacts see: available, away or busy"));
    status_edit_->setPlaceholderText(tr("Status message"));
    status_edit_->setAccessibleName(tr("My status message"));
    status_edit_->setToolTip(tr("A short text your contacts see next to your name; Enter to apply"));
    status_edit_->setClearButtonEnabled(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(show_box_);
    layout->addWidget(status_edit_);

    connect(show_box_, &QComboBox::activated, this, &PresenceSelector::emitChoice);
    connect(status_edit_, &QLineEdit::editingFinished, this, [this] {
        if (status_edit_->isModified()) emitChoice();
        status_edit_->setModified(false);
    });
}

void PresenceSelector::setPresence(PresenceShow show, const QString& status_text) {
    updating_ = true;
    if (show == PresenceShow::Chat) show = PresenceShow::Available;
    if (show == PresenceShow::ExtendedAway) show = PresenceShow::Away;
    const int index = show_box_->findData(static_cast<int>(show));
    if (index >= 0) show_box_->setCurrentIndex(index);
    if (status_edit_->text() != status_text) status_edit_->setText(status_text);
    status_edit_->setModified(false);
    updating_ = false;
}

PresenceShow PresenceSelector::show() const {
    return static_cast<PresenceShow>(show_box_->currentData().toInt());
}

QString PresenceSelector::statusText() const { return status_edit_->text().trimmed(); }

void PresenceSelector::emitChoice() {
    if (updating_) return;
    emit presenceChosen(show(), statusText());
}

}  // namespace confab::client
