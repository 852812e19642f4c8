#include "confab/client/roster_panel.h"

#include <QAction>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QTreeView>
#include <QVBoxLayout>

#include "confab/client/account_settings.h"
#include "confab/client/contact_dialog.h"
#include "confab/client/dial_pad.h"
#include "confab/client/message_sender.h"
#include "confab/client/presence_selector.h"
#include "confab/client/roster_delegate.h"
#include "confab/client/roster_model.h"
#include "confab/client/xmpp_session.h"

namespace confab::client {

RosterPanel::RosterPanel(const ClientContext& context, QWidget* parent)
    : QWidget(parent),
      context_(context),
      presence_(new PresenceSelector(this)),
      filter_edit_(new QLineEdit(this)),
      view_(new QTreeView(this)),
      filter_(new RosterFilterModel(this)),
      start_conference_(new QAction(tr("Start conference call"), this)),
      call_(new QAction(tr("Call"), this)),
      join_call_(new QAction(tr("Join call"), this)),
      join_menu_(new QMenu(this)),
      join_by_chat_(join_menu_->addAction(tr("Join by chat"))),
      join_and_ring_(join_menu_->addAction(tr("Join and ring my phone"))),
      send_message_(new QAction(tr("Send message"), this)),
      add_contact_(new QAction(tr("Add contact…"), this)),
      rename_(new QAction(tr("Rename…"), this)),
      remove_(new QAction(tr("Remove"), this)),
      dial_pad_(new QAction(tr("Dial pad…"), this)) {
    filter_edit_->setPlaceholderText(tr("Filter contacts"));
    filter_edit_->setAccessibleName(tr("Filter contacts"));
    filter_edit_->setToolTip(tr("Type part of a name, address or status (Ctrl+F)"));
    filter_edit_->setClearButtonEnabled(true);

    filter_->setSourceModel(context_.roster);
    view_->setModel(filter_);
    view_->setItemDelegate(new RosterDelegate(view_));
    view_->setHeaderHidden(true);
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view_->setContextMenuPolicy(Qt::CustomContextMenu);
    view_->setAnimated(false);
    view_->setExpandsOnDoubleClick(false);
    view_->setAccessibleName(tr("Contacts"));
    view_->setToolTip(tr("Select buddies (Ctrl or Shift for several) and start a conference call; "
                         "Enter or double-click opens a chat"));
    view_->expandAll();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(presence_);
    layout->addWidget(filter_edit_);
    layout->addWidget(view_, 1);

    start_conference_->setToolTip(tr("Start a conference call with the selected buddies"));
    call_->setToolTip(tr("Call the selected buddy through the conference bridge"));
    join_call_->setToolTip(tr("Join the conference call this buddy is on"));
    join_call_->setMenu(join_menu_);
    join_by_chat_->setToolTip(tr("Ask the bridge to let you into the call; follow it by chat"));
    join_and_ring_->setToolTip(tr("Ask the bridge to let you into the call and to ring your phone"));
    send_message_->setToolTip(tr("Open a chat with the selected buddy"));
    add_contact_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    add_contact_->setToolTip(tr("Add a buddy to your contacts (Ctrl+N)"));
    dial_pad_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    dial_pad_->setToolTip(tr("Call a phone number (Ctrl+D)"));
    remove_->setShortcut(QKeySequence::Delete);
    remove_->setShortcutContext(Qt::WidgetShortcut);
    view_->addAction(remove_);
    rename_->setShortcut(QKeySequence(Qt::Key_F2));
    rename_->setShortcutContext(Qt::WidgetShortcut);
    view_->addAction(rename_);

    connect(filter_edit_, &QLineEdit::textChanged, this, [this](const QString& text) {
        filter_->setFilterText(text);
        view_->expandAll();
    });
    // Down from the filter goes to the list, so the keyboard can pick a match.
    connect(filter_edit_, &QLineEdit::returnPressed, this, [this] {
        view_->setFocus();
        if (!view_->currentIndex().isValid()) {
            const QModelIndex first_group = filter_->index(0, 0);
            view_->setCurrentIndex(filter_->index(0, 0, first_group).isValid() ? filter_->index(0, 0, first_group)
                                                                                 : first_group);
        }
    });
    connect(filter_, &QAbstractItemModel::modelReset, view_, &QTreeView::expandAll);
    connect(filter_, &QAbstractItemModel::rowsInserted, view_, &QTreeView::expandAll);
    connect(filter_, &QAbstractItemModel::layoutChanged, view_, &QTreeView::expandAll);
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RosterPanel::updateActions);
    connect(filter_, &QAbstractItemModel::dataChanged, this, &RosterPanel::updateActions);
    connect(view_, &QTreeView::activated, this, [this](const QModelIndex& index) {
        const QString jid = index.data(RosterModel::JidRole).toString();
        if (!jid.isEmpty()) emit openChatRequested(jid);
    });
    connect(view_, &QTreeView::customContextMenuRequested, this, &RosterPanel::showContextMenu);

    connect(start_conference_, &QAction::triggered, this, [this] { startConference(selectedJids()); });
    connect(call_, &QAction::triggered, this, [this] {
        const QStringList jids = selectedJids();
        if (jids.size() == 1) startConference(jids);
    });
    connect(join_call_, &QAction::triggered, this, [this] {
        // The toolbar button itself (not its menu) joins by chat, the least intrusive way.
        const QString room = selectedOnCallRoom();
        if (!room.isEmpty()) joinCall(room, false);
    });
    connect(join_by_chat_, &QAction::triggered, this, [this] {
        const QString room = selectedOnCallRoom();
        if (!room.isEmpty()) joinCall(room, false);
    });
    connect(join_and_ring_, &QAction::triggered, this, [this] {
        const QString room = selectedOnCallRoom();
        if (!room.isEmpty()) joinCall(room, true);
    });
    connect(send_message_, &QAction::triggered, this, [this] {
        for (const QString& jid : selectedJids()) emit openChatRequested(jid);
    });
    connect(add_contact_, &QAction::triggered, this, &RosterPanel::addContact);
    connect(rename_, &QAction::triggered, this, &RosterPanel::renameContact);
    connect(remove_, &QAction::triggered, this, &RosterPanel::removeContacts);
    connect(dial_pad_, &QAction::triggered, this, &RosterPanel::openDialPad);

    XmppSession* session = context_.session;
    connect(presence_, &PresenceSelector::presenceChosen, this, [this](PresenceShow show, const QString& text) {
        context_.session->setPresence(show, text);
        if (context_.settings) {
            StoredAccount account = context_.settings->load();
            if (account.jid == context_.session->accountJid()) {
                account.last_show = show;
                account.last_status_text = text;
                context_.settings->save(account);
            }
        }
    });
    connect(session, &XmppSession::ownPresenceChanged, presence_, &PresenceSelector::setPresence);
    connect(session, &XmppSession::connectionStateChanged, this, &RosterPanel::updateActions);
    connect(session, &XmppSession::bridgeDiscovered, this, &RosterPanel::updateActions);
    updateActions();
}

QStringList RosterPanel::selectedJids() const {
    QModelIndexList source;
    for (const QModelIndex& index : view_->selectionModel()->selectedIndexes()) source << filter_->mapToSource(index);
    return context_.roster->jidsAt(source);
}

void RosterPanel::selectJids(const QStringList& jids) {
    QItemSelection selection;
    for (const QString& jid : jids) {
        const QModelIndex index = filter_->mapFromSource(context_.roster->indexOf(jid));
        if (index.isValid()) selection.select(index, index);
    }
    view_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    // Through the selection model: QAbstractItemView::setCurrentIndex would
    // apply the view's selection command (ClearAndSelect) and drop all but one.
    if (!selection.isEmpty()) {
        view_->selectionModel()->setCurrentIndex(selection.indexes().constFirst(), QItemSelectionModel::NoUpdate);
    }
}

void RosterPanel::focusFilter() {
    filter_edit_->setFocus();
    filter_edit_->selectAll();
}

QString RosterPanel::selectedOnCallRoom() const {
    const QStringList jids = selectedJids();
    if (jids.size() != 1) return {};
    const RosterContact* contact = context_.roster->contact(jids.constFirst());
    return contact ? contact->on_call_room : QString();
}

QStringList RosterPanel::knownGroups() const {
    QStringList groups;
    const RosterModel* roster = context_.roster;
    for (int row = 0; row < roster->rowCount(); ++row) {
        const QString name = roster->index(row, 0).data(RosterModel::GroupNameRole).toString();
        if (!name.isEmpty()) groups << name;
    }
    return groups;
}

void RosterPanel::updateActions() {
    const QStringList jids = selectedJids();
    const bool online = context_.session->connectionState() == ConnectionState::Connected;
    const bool have_bridge = !context_.session->bridgeJid().isEmpty();
    start_conference_->setEnabled(online && have_bridge && !jids.isEmpty());
    call_->setEnabled(online && have_bridge && jids.size() == 1);
    join_call_->setEnabled(online && !selectedOnCallRoom().isEmpty());
    join_by_chat_->setEnabled(join_call_->isEnabled());
    join_and_ring_->setEnabled(join_call_->isEnabled() && have_bridge);
    send_message_->setEnabled(!jids.isEmpty());
    rename_->setEnabled(online && jids.size() == 1);
    remove_->setEnabled(online && !jids.isEmpty());
    add_contact_->setEnabled(online);
    dial_pad_->setEnabled(online && have_bridge);
}

bool RosterPanel::startConference(const QStringList& participants) {
    const QString bridge = context_.session->bridgeJid();
    if (bridge.isEmpty()) {
        emit statusMessage(tr("No conference bridge is known on this server."));
        return false;
    }
    if (participants.isEmpty()) return false;
    sendAndRecord(context_, bridge, false, QStringLiteral("/call ") + participants.join(QLatin1Char(' ')));
    emit bridgeCommandSent(bridge);
    return true;
}

void RosterPanel::joinCall(const QString& room_jid, bool ring_my_phone) {
    const QString bridge = context_.session->bridgeJid();
    if (bridge.isEmpty()) {
        // No bridge to ask: try the room itself (works when it admits us).
        context_.session->joinRoom(room_jid, ownNick(context_));
        return;
    }
    // The room is members-only; the bridge makes us a member and invites us.
    emit joinCallRequested(room_jid, ring_my_phone);
    sendAndRecord(context_, bridge, false, QStringLiteral("/join ") + room_jid);
    emit bridgeCommandSent(bridge);
}

void RosterPanel::openDialPad() {
    DialPad pad(this);
    if (pad.exec() != QDialog::Accepted || pad.number().isEmpty()) return;
    startConference({pad.number()});
}

void RosterPanel::showContextMenu(const QPoint& position) {
    const QModelIndex index = view_->indexAt(position);
    if (index.isValid() && !view_->selectionModel()->isSelected(index)) {
        view_->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect);
        view_->setCurrentIndex(index);
    }
    updateActions();
    QMenu menu(this);
    if (!selectedJids().isEmpty()) {
        menu.addAction(send_message_);
        menu.addAction(call_);
        menu.addAction(start_conference_);
        if (join_call_->isEnabled()) {
            menu.addAction(join_by_chat_);
            menu.addAction(join_and_ring_);
        }
        menu.addSeparator();
        menu.addAction(rename_);
        menu.addAction(remove_);
        menu.addSeparator();
    }
    menu.addAction(add_contact_);
    menu.addAction(dial_pad_);
    menu.exec(view_->viewport()->mapToGlobal(position));
}

void RosterPanel::addContact() {
    ContactDialog dialog(ContactDialog::Mode::Add, knownGroups(), this);
    if (dialog.exec() != QDialog::Accepted) return;
    context_.session->addContact(dialog.jid(), dialog.name(), dialog.groups());
    emit statusMessage(tr("Asked %1 to share their presence.").arg(dialog.jid()));
}

void RosterPanel::renameContact() {
    const QStringList jids = selectedJids();
    if (jids.size() != 1) return;
    const RosterContact* contact = context_.roster->contact(jids.constFirst());
    if (!contact) return;
    ContactDialog dialog(ContactDialog::Mode::Rename, knownGroups(), this);
    dialog.setContact(contact->jid, contact->name, contact->groups.value(0));
    if (dialog.exec() != QDialog::Accepted) return;
    // Keeps any further groups the contact is in; the first one is what the dialog edits.
    QStringList groups = contact->groups;
    if (!groups.isEmpty()) groups.removeFirst();
    groups = dialog.groups() + groups;
    context_.session->updateContact(contact->jid, dialog.name(), groups);
}

void RosterPanel::removeContacts() {
    const QStringList jids = selectedJids();
    if (jids.isEmpty()) return;
    QStringList names;
    for (const QString& jid : jids) names << context_.roster->displayName(jid);
    const auto answer = QMessageBox::question(
        this, tr("Remove contact"),
        tr("Remove %1 from your contacts? They will no longer see your presence.").arg(names.join(QStringLiteral(", "))));
    if (answer != QMessageBox::Yes) return;
    for (const QString& jid : jids) context_.session->removeContact(jid);
}

}  // namespace confab::client
