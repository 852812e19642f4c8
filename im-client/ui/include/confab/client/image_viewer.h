// ImageViewer: one shared image at full size in a scroll area, with zoom in,
// zoom out, fit to window (Ctrl++, Ctrl+-, Ctrl+0) and Save. The image was
// decoded with the limits of safe_image.h before it got here. GUI thread;
// a top-level window that deletes itself when closed.
#pragma once

#include <QByteArray>
#include <QDialog>
#include <QImage>

class QLabel;
class QScrollArea;

namespace confab::client {

class ImageViewer : public QDialog {
    Q_OBJECT
  public:
    // `original` (may be empty) is what Save writes as is, so nothing is
    // re-encoded; `file_name` is the suggested name.
    ImageViewer(const QImage& image, const QByteArray& original, const QString& file_name,
                QWidget* parent = nullptr);

    double zoom() const { return zoom_; }
    void zoomIn();
    void zoomOut();
    void fitToWindow();
    bool saveTo(const QString& path);

  protected:
    // Keeps "fit" fitted when the scroll area's viewport changes size.
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void setZoom(double zoom);
    void save();
    QImage image_;
    QByteArray original_;
    QString file_name_;
    QScrollArea* scroll_;
    QLabel* label_;
    double zoom_ = 1.0;
    bool fit_ = true;
};

}  // namespace confab::client
