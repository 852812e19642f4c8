#include "confab/client/dial_pad.h"

#include <QGridLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QToolButton>
#include <QVBoxLayout>

namespace confab::client {
namespace {

struct Key {
    const char* digit;
    const char* letters;
};
constexpr Key kKeys[] = {{"1", ""},    {"2", "ABC"}, {"3", "DEF"},  {"4", "GHI"},
                         {"5", "JKL"}, {"6", "MNO"}, {"7", "PQRS"}, {"8", "TUV"},
                         {"9", "WXYZ"}, {"*", ""},   {"0", "+"},    {"#", ""}};

}  // namespace

DialPad::DialPad(QWidget* parent)
    : QDialog(parent), number_edit_(new QLineEdit(this)), call_button_(new QPushButton(tr("Call"), this)) {
    setWindowTitle(tr("Dial pad"));
    number_edit_->setPlaceholderText(tr("Phone number"));
    number_edit_->setAccessibleName(tr("Phone number to call"));
    number_edit_->setToolTip(tr("Type or paste a number, e.g. +1 555 123 4567"));
    number_edit_->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[0-9*#+ ()\\-.]{0,40}")), number_edit_));
    QFont big = number_edit_->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    number_edit_->setFont(big);

    auto* backspace = new QToolButton(this);
    backspace->setText(QStringLiteral("⌫"));
    backspace->setToolTip(tr("Delete the last digit"));
    backspace->setAccessibleName(tr("Backspace"));
    connect(backspace, &QToolButton::clicked, number_edit_, &QLineEdit::backspace);

    auto* grid = new QGridLayout;
    int position = 0;
    for (const Key& key : kKeys) {
        const QString digit = QString::fromLatin1(key.digit);
        const QString letters = QString::fromLatin1(key.letters);
        auto* button = new QPushButton(letters.isEmpty() ? digit : digit + QLatin1Char('\n') + letters, this);
        button->setMinimumSize(56, 44);
        button->setAccessibleName(digit == QLatin1String("*")   ? tr("Star")
                                  : digit == QLatin1String("#") ? tr("Hash")
                                                                : digit);
        button->setFocusPolicy(Qt::TabFocus);
        connect(button, &QPushButton::clicked, this, [this, digit] { press(digit); });
        grid->addWidget(button, position / 3, position % 3);
        ++position;
    }
    auto* plus = new QPushButton(QStringLiteral("+"), this);
    plus->setAccessibleName(tr("Plus"));
    plus->setToolTip(tr("International prefix"));
    plus->setFocusPolicy(Qt::TabFocus);
    connect(plus, &QPushButton::clicked, this, [this] { press(QStringLiteral("+")); });
    grid->addWidget(plus, 4, 0);
    grid->addWidget(backspace, 4, 2);

    call_button_->setDefault(true);
    call_button_->setAccessibleName(tr("Call this number"));
    call_button_->setEnabled(false);
    auto* cancel = new QPushButton(tr("Cancel"), this);
    connect(call_button_, &QPushButton::clicked, this, &QDialog::accept);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(number_edit_, &QLineEdit::textChanged, this, [this] {
        call_button_->setEnabled(number().contains(QRegularExpression(QStringLiteral("[0-9]"))));
    });

    auto* row = new QHBoxLayout;
    row->addWidget(number_edit_, 1);
    auto* actions = new QHBoxLayout;
    actions->addStretch();
    actions->addWidget(cancel);
    actions->addWidget(call_button_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addLayout(grid);
    layout->addLayout(actions);
    number_edit_->setFocus();
}

QString DialPad::number() const {
    QString text = number_edit_->text();
    text.remove(QRegularExpression(QStringLiteral("[\\s()\\-.]")));
    return text;
}

void DialPad::press(const QString& key) {
    number_edit_->insert(key);
    number_edit_->setFocus();
}

}  // namespace confab::client
