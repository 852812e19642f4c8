#include "confab/client/image_viewer.h"

#include <cmath>

#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QShortcut>
#include <QStandardPaths>
#include <QToolButton>
#include <QVBoxLayout>

namespace confab::client {
namespace {

constexpr double kMinZoom = 0.05;
constexpr double kMaxZoom = 8.0;
// The scaled copy on screen may hold at most this many pixels (64 MiB at 4
// bytes each, e.g. 4096 x 4096): without it, 8x of a 4000x3000 photo would
// ask for 3 GiB, and every zoom step would take seconds.
constexpr double kMaxScaledPixels = 16.0 * 1024 * 1024;

}  // namespace

ImageViewer::ImageViewer(const QImage& image, const QByteArray& original, const QString& file_name,
                         QWidget* parent)
    : QDialog(parent),
      image_(image),
      original_(original),
      file_name_(file_name),
      scroll_(new QScrollArea(this)),
      label_(new QLabel(this)) {
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(file_name.isEmpty() ? tr("Image") : file_name);
    setSizeGripEnabled(true);
    label_->setAlignment(Qt::AlignCenter);
    label_->setAccessibleName(tr("Image, %1 by %2 pixels").arg(image.width()).arg(image.height()));
    scroll_->setWidget(label_);
    scroll_->setAlignment(Qt::AlignCenter);
    scroll_->setBackgroundRole(QPalette::Dark);
    scroll_->setAccessibleName(tr("Image"));

    auto make_button = [this](const QString& text, const QString& tip, auto slot) {
        auto* button = new QToolButton(this);
        button->setText(text);
        button->setToolTip(tip);
        button->setAccessibleName(tip);
        connect(button, &QToolButton::clicked, this, slot);
        return button;
    };
    auto* tools = new QHBoxLayout;
    tools->addWidget(make_button(tr("Zoom in"), tr("Zoom in (Ctrl++)"), &ImageViewer::zoomIn));
    tools->addWidget(make_button(tr("Zoom out"), tr("Zoom out (Ctrl+-)"), &ImageViewer::zoomOut));
    tools->addWidget(make_button(tr("Fit"), tr("Fit to window (Ctrl+0)"), &ImageViewer::fitToWindow));
    tools->addStretch();
    tools->addWidget(make_button(tr("Save…"), tr("Save the image (Ctrl+S)"), &ImageViewer::save));
    auto* close = new QPushButton(tr("Close"), this);
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    tools->addWidget(close);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(tools);
    layout->addWidget(scroll_, 1);

    new QShortcut(QKeySequence::ZoomIn, this, [this] { zoomIn(); });
    new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Equal), this, [this] { zoomIn(); });
    new QShortcut(QKeySequence::ZoomOut, this, [this] { zoomOut(); });
    new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_0), this, [this] { fitToWindow(); });
    new QShortcut(QKeySequence::Save, this, [this] { save(); });
    scroll_->viewport()->installEventFilter(this);
    resize(800, 600);
    fitToWindow();
}

void ImageViewer::zoomIn() {
    fit_ = false;
    setZoom(zoom_ * 1.25);
}

void ImageViewer::zoomOut() {
    fit_ = false;
    setZoom(zoom_ / 1.25);
}

void ImageViewer::fitToWindow() {
    fit_ = true;
    if (image_.isNull()) return;
    const QSize room = scroll_->viewport()->size() - QSize(4, 4);
    const double fit = qMin(double(room.width()) / image_.width(), double(room.height()) / image_.height());
    setZoom(qMin(1.0, fit));
}

bool ImageViewer::eventFilter(QObject* watched, QEvent* event) {
    if (watched == scroll_->viewport() && event->type() == QEvent::Resize && fit_) fitToWindow();
    return QDialog::eventFilter(watched, event);
}

void ImageViewer::setZoom(double zoom) {
    const double pixels = image_.isNull() ? 1.0 : double(image_.width()) * image_.height() *
                                                      devicePixelRatioF() * devicePixelRatioF();
    const double max_zoom = qMax(kMinZoom, qMin(kMaxZoom, std::sqrt(kMaxScaledPixels / pixels)));
    zoom_ = qBound(kMinZoom, zoom, max_zoom);
    if (image_.isNull()) {
        label_->setText(tr("No image"));
        return;
    }
    // Scale in device pixels so the picture stays sharp on high-DPI screens.
    const double ratio = devicePixelRatioF();
    const QSize logical = (QSizeF(image_.size()) * zoom_).toSize().expandedTo(QSize(1, 1));
    QImage scaled = image_.scaled(logical * ratio, Qt::KeepAspectRatio,
                                  zoom_ < 1.0 ? Qt::SmoothTransformation : Qt::FastTransformation);
    scaled.setDevicePixelRatio(ratio);
    label_->setPixmap(QPixmap::fromImage(scaled));
    label_->resize(logical);
}

bool ImageViewer::saveTo(const QString& path) {
    if (!original_.isEmpty()) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
        return file.write(original_) == original_.size() && file.flush();
    }
    return image_.save(path);
}

void ImageViewer::save() {
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    const QString name = QFileInfo(file_name_).fileName();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save image"), folder + QLatin1Char('/') + (name.isEmpty() ? QStringLiteral("image.png") : name));
    if (path.isEmpty()) return;
    if (!saveTo(path)) QMessageBox::warning(this, tr("Save image"), tr("Could not write %1.").arg(path));
}

}  // namespace confab::client
