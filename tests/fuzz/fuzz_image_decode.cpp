// Fuzz target: decodeImage (the IM client's gate for images from the
// network) on arbitrary bytes, full size and as a thumbnail. Whatever it
// accepts must respect the limits it was given; whatever it refuses must say
// why and hold no image. Crashes, hangs and overreads in our format sniffing
// and JPEG/BMP completeness checks, and in the Qt plugins behind them, show
// up here. The corpus has valid images of each accepted format and the
// hostile ones of the unit tests (bomb, lying IHDR, truncations, svg, html).
#include <QByteArray>
#include <QtGlobal>
#include <cstddef>
#include <cstdint>

#include "confab/client/safe_image.h"
#include "fuzz_check.h"

namespace {

void dropQtMessages(QtMsgType, const QMessageLogContext&, const QString&) {
    // libpng and libjpeg complain about every broken input; that is expected.
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool quiet = [] {
        qInstallMessageHandler(dropQtMessages);
        return true;
    }();
    (void)quiet;

    // Raw data, not a copy: a read past `size` hits the sanitizer's redzone.
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data),
                                                     static_cast<qsizetype>(size));
    // Smaller limits than the client's, so the fuzzer spends its time on
    // parsing rather than on decoding legitimately large pictures.
    confab::client::ImageLimits limits;
    limits.max_encoded_bytes = 1024 * 1024;
    limits.max_width = 2048;
    limits.max_height = 2048;
    limits.max_pixels = 1'000'000;

    for (const int max_dimension : {0, 64}) {
        const confab::client::DecodedImage decoded = confab::client::decodeImage(bytes, limits, max_dimension);
        if (decoded.ok()) {
            FUZZ_CHECK(decoded.error.isEmpty());
            FUZZ_CHECK(!decoded.format.isEmpty());
            FUZZ_CHECK(decoded.image.width() <= limits.max_width);
            FUZZ_CHECK(decoded.image.height() <= limits.max_height);
            FUZZ_CHECK(static_cast<qint64>(decoded.image.width()) * decoded.image.height() <= limits.max_pixels);
            FUZZ_CHECK(decoded.original_size.width() <= limits.max_width);
            FUZZ_CHECK(decoded.original_size.height() <= limits.max_height);
            if (max_dimension > 0) {
                FUZZ_CHECK(decoded.image.width() <= max_dimension && decoded.image.height() <= max_dimension);
                (void)confab::client::looksLikeScreenshot(decoded.image);
            }
        } else {
            FUZZ_CHECK(!decoded.error.isEmpty());
            FUZZ_CHECK(decoded.image.isNull());
        }
    }
    return 0;
}
