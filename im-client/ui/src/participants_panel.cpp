#include "confab/client/participants_panel.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QShortcut>
#include <QVBoxLayout>

#include "confab/client/conference_model.h"
#include "confab/client/message_sender.h"
#include "confab/client/participant_delegate.h"
#include "confab/client/xmpp_session.h"

namespace confab::client {
namespace {

QString formatDuration(qint64 seconds) {
    if (seconds < 0) seconds = 0;
    const qint64 hours = seconds / 3600;
    const qint64 minutes = (seconds / 60) % 60;
    const qint64 secs = seconds % 60;
    if (hours > 0) {
        return QStringLiteral("%1:%2:%3").arg(hours).arg(minutes, 2, 10, QLatin1Char('0')).arg(secs, 2, 10, QLatin1Char('0'));
    }
    return QStringLiteral("%1:%2").arg(minutes, 2, 10, QLatin1Char('0')).arg(secs, 2, 10, QLatin1Char('0'));
}

bool looksLikePhoneNumber(const QString& text) {
    static const QRegularExpression number(QStringLiteral("^\\+?[0-9 ()\\-.]{3,}$"));
    return number.match(text).hasMatch();
}

}  // namespace

ParticipantsPanel::ParticipantsPanel(const ClientContext& context, ConferenceModel* model, QWidget* parent)
    : QWidget(parent),
      context_(context),
      model_(model),
      subject_label_(new QLabel(this)),
      timer_label_(new QLabel(this)),
      count_label_(new QLabel(this)),
      locked_label_(new QLabel(tr("Locked"), this)),
      // The dot is U+25CF BLACK CIRCLE, painted red: the word says it too, so
      // the badge does not rely on colour.
      recording_label_(new QLabel(tr("\u25CF Recording"), this)),
      talking_label_(new QLabel(this)),
      view_(new QListView(this)),
      moderator_controls_(new QWidget(this)),
      add_button_(new QPushButton(tr("Add participant…"), moderator_controls_)),
      lock_button_(new QPushButton(tr("Lock"), moderator_controls_)),
      end_button_(new QPushButton(tr("End call"), moderator_controls_)) {
    setAccessibleName(tr("Conference participants"));
    QFont subject_font = subject_label_->font();
    subject_font.setBold(true);
    subject_font.setPointSizeF(subject_font.pointSizeF() * 1.2);
    subject_label_->setFont(subject_font);
    subject_label_->setWordWrap(true);
    subject_label_->setTextFormat(Qt::PlainText);
    subject_label_->setAccessibleName(tr("Conference subject"));
    QFont timer_font = timer_label_->font();
    timer_font.setBold(true);
    timer_font.setFamily(QStringLiteral("monospace"));
    timer_label_->setFont(timer_font);
    timer_label_->setAccessibleName(tr("Call duration"));
    timer_label_->setToolTip(tr("Time since the first participant connected"));
    count_label_->setAccessibleName(tr("Participants on the call"));
    locked_label_->setStyleSheet(
        QStringLiteral("QLabel { background: #5a5a5a; color: white; border-radius: 4px; padding: 1px 6px; }"));
    locked_label_->setAccessibleName(tr("The conference is locked"));
    locked_label_->setToolTip(tr("No one can be added while the conference is locked"));
    recording_label_->setTextFormat(Qt::PlainText);
    recording_label_->setStyleSheet(QStringLiteral(
        "QLabel { color: #c62828; background: #fdecea; border: 1px solid #c62828; border-radius: 4px;"
        " padding: 1px 6px; font-weight: bold; }"));
    recording_label_->setAccessibleName(tr("This conference is being recorded"));
    recording_label_->setToolTip(tr("This conference is being recorded"));
    talking_label_->setTextFormat(Qt::PlainText);
    talking_label_->setWordWrap(true);
    talking_label_->setAccessibleName(tr("Who is talking"));

    view_->setModel(model_);
    view_->setItemDelegate(new ParticipantDelegate(view_));
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setContextMenuPolicy(Qt::CustomContextMenu);
    view_->setUniformItemSizes(true);
    view_->setAccessibleName(tr("Participants"));
    view_->setToolTip(tr("Right-click (or the Menu key) for moderator actions"));
    connect(view_, &QListView::customContextMenuRequested, this, &ParticipantsPanel::showContextMenu);
    auto* menu_key = new QShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F10), view_, nullptr, nullptr,
                                   Qt::WidgetShortcut);
    connect(menu_key, &QShortcut::activated, this, [this] {
        showContextMenu(view_->visualRect(view_->currentIndex()).center());
    });

    add_button_->setAccessibleName(tr("Add participant"));
    add_button_->setToolTip(tr("Invite a buddy or dial a phone number (/invite)"));
    lock_button_->setToolTip(tr("While locked, no one can be added (/lock, /unlock)"));
    end_button_->setAccessibleName(tr("End the conference call"));
    end_button_->setToolTip(tr("Hang up everyone and close the room (/end)"));
    end_button_->setStyleSheet(QStringLiteral("QPushButton { color: #b00020; }"));
    connect(add_button_, &QPushButton::clicked, this, &ParticipantsPanel::askForParticipant);
    connect(lock_button_, &QPushButton::clicked, this,
            [this] { sendRoomCommand(model_->locked() ? QStringLiteral("/unlock") : QStringLiteral("/lock")); });
    connect(end_button_, &QPushButton::clicked, this, [this] {
        if (QMessageBox::question(this, tr("End call"), tr("Hang up everyone and end this conference?")) ==
            QMessageBox::Yes) {
            sendRoomCommand(QStringLiteral("/end"));
        }
    });

    auto* status_row = new QHBoxLayout;
    status_row->addWidget(timer_label_);
    status_row->addWidget(count_label_, 1);
    status_row->addWidget(recording_label_);
    status_row->addWidget(locked_label_);
    auto* controls = new QHBoxLayout(moderator_controls_);
    controls->setContentsMargins(0, 0, 0, 0);
    controls->addWidget(add_button_);
    controls->addWidget(lock_button_);
    controls->addStretch();
    controls->addWidget(end_button_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(subject_label_);
    layout->addLayout(status_row);
    layout->addWidget(talking_label_);
    layout->addWidget(view_, 1);
    layout->addWidget(moderator_controls_);

    connect(model_, &ConferenceModel::summaryChanged, this, &ParticipantsPanel::updateHeader);
    connect(model_, &ConferenceModel::talkingChanged, this, &ParticipantsPanel::updateHeader);
    connect(model_, &QAbstractItemModel::modelReset, this, &ParticipantsPanel::updateHeader);
    connect(model_, &QAbstractItemModel::rowsInserted, this, &ParticipantsPanel::updateHeader);
    connect(model_, &QAbstractItemModel::dataChanged, this, &ParticipantsPanel::updateHeader);
    clock_.setInterval(1000);
    connect(&clock_, &QTimer::timeout, this, &ParticipantsPanel::updateTimer);
    clock_.start();
    updateHeader();
}

QString ParticipantsPanel::timerText() const { return timer_label_->text(); }
QString ParticipantsPanel::countText() const { return count_label_->text(); }
QString ParticipantsPanel::talkingText() const { return talking_label_->text(); }
bool ParticipantsPanel::lockedBadgeVisible() const { return !locked_label_->isHidden(); }
bool ParticipantsPanel::recordingBadgeVisible() const { return !recording_label_->isHidden(); }
bool ParticipantsPanel::moderatorControlsVisible() const { return !moderator_controls_->isHidden(); }

void ParticipantsPanel::setSelfIsOwner(bool owner) {
    self_is_owner_ = owner;
    updateHeader();
}

bool ParticipantsPanel::canModerate() const { return model_->selfIsModerator() || self_is_owner_; }

void ParticipantsPanel::updateHeader() {
    const QString subject = model_->subject();
    subject_label_->setText(subject.isEmpty() ? tr("Conference call") : subject);
    const int legs = model_->connectedLegs();
    count_label_->setText(model_->active() ? tr("%n on the call", nullptr, legs) : tr("The call has ended"));
    locked_label_->setVisible(model_->locked() && model_->active());
    recording_label_->setVisible(model_->recording() && model_->active());
    const QStringList talkers = model_->talkers();
    talking_label_->setText(talkers.isEmpty() ? tr("Talking: no one") : tr("Talking: %1").arg(talkers.join(QStringLiteral(", "))));
    const bool moderator = canModerate() && model_->active();
    moderator_controls_->setVisible(moderator);
    lock_button_->setText(model_->locked() ? tr("Unlock") : tr("Lock"));
    lock_button_->setAccessibleName(model_->locked() ? tr("Unlock the conference") : tr("Lock the conference"));
    add_button_->setEnabled(!model_->locked());
    updateTimer();
}

void ParticipantsPanel::updateTimer() {
    const QDateTime started = model_->startedAt();
    if (!started.isValid()) {
        timer_label_->setText(QStringLiteral("--:--"));
        return;
    }
    if (!model_->active()) {
        clock_.stop();
        return;  // keeps the last duration shown
    }
    timer_label_->setText(formatDuration(started.secsTo(QDateTime::currentDateTimeUtc())));
}

QString ParticipantsPanel::commandTarget(const QModelIndex& index) const {
    const QString jid = index.data(ConferenceModel::JidRole).toString();
    if (!jid.isEmpty()) return jid;
    const QString number = index.data(ConferenceModel::NumberRole).toString();
    if (!number.isEmpty()) return number;
    const QString nick = index.data(ConferenceModel::NickRole).toString();
    return nick.contains(QLatin1Char(' ')) ? QLatin1Char('"') + nick + QLatin1Char('"') : nick;
}

void ParticipantsPanel::sendRoomCommand(const QString& command) {
    sendAndRecord(context_, model_->roomJid(), true, command);
}

void ParticipantsPanel::sendParticipantCommand(const QString& command, const QModelIndex& index) {
    const QString target = commandTarget(index);
    if (target.isEmpty()) return;
    sendRoomCommand(QLatin1Char('/') + command + QLatin1Char(' ') + target);
}

void ParticipantsPanel::inviteParticipant(const QString& who) {
    const QString trimmed = who.trimmed();
    if (trimmed.isEmpty()) return;
    const bool quote = trimmed.contains(QLatin1Char(' ')) && !looksLikePhoneNumber(trimmed) &&
                       !trimmed.startsWith(QLatin1Char('"'));
    sendRoomCommand(QStringLiteral("/invite ") + (quote ? QLatin1Char('"') + trimmed + QLatin1Char('"') : trimmed));
}

void ParticipantsPanel::askForParticipant() {
    bool ok = false;
    const QString who = QInputDialog::getText(this, tr("Add participant"),
                                              tr("Buddy name, address or phone number:"), QLineEdit::Normal,
                                              QString(), &ok);
    if (ok) inviteParticipant(who);
}

void ParticipantsPanel::showContextMenu(const QPoint& position) {
    if (!model_->active()) return;
    const bool moderator = canModerate();
    const QModelIndex index = view_->indexAt(position);
    QMenu menu(this);
    QAction* mute = nullptr;
    QAction* kick = nullptr;
    QAction* hangup = nullptr;
    bool muted = false;
    if (index.isValid()) {
        const QString own = context_.session ? context_.session->accountJid() : QString();
        const bool is_self = !own.isEmpty() && index.data(ConferenceModel::JidRole).toString() == own;
        // The bridge lets others act on their own line only.
        if (moderator || is_self) {
            muted = index.data(ConferenceModel::MutedRole).toBool();
            mute = menu.addAction(muted ? tr("Unmute") : tr("Mute"));
            kick = moderator && !is_self ? menu.addAction(tr("Kick")) : nullptr;
            hangup = menu.addAction(tr("Hang up"));
        }
    }
    // Also on the empty part of the list: the same as the Add participant button.
    QAction* add = nullptr;
    if (moderator) {
        if (!menu.isEmpty()) menu.addSeparator();
        add = menu.addAction(tr("Add participant…"));
        add->setEnabled(!model_->locked());
    }
    if (menu.isEmpty()) return;
    QAction* chosen = menu.exec(view_->viewport()->mapToGlobal(position));
    if (!chosen) return;
    if (chosen == mute) sendParticipantCommand(muted ? QStringLiteral("unmute") : QStringLiteral("mute"), index);
    if (chosen == kick) sendParticipantCommand(QStringLiteral("kick"), index);
    if (chosen == hangup) sendParticipantCommand(QStringLiteral("hangup"), index);
    if (chosen == add) askForParticipant();
}

}  // namespace confab::client
