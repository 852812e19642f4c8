// DeliveryTransport: how a DeliveryWorker sends one request. HttpsTransport
// (https_transport.h) is the real one; unit tests drive the worker's retry
// and stop logic with a scripted one.
// Thread contract: post() is called on the worker's thread only;
// interrupt() from any thread, once, when the worker stops: it makes a
// post() in progress (connecting, TLS handshake, waiting for the answer)
// return promptly, and every later post() fail at once.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "confab/webhook/retry_policy.h"

namespace confab::webhook {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

class DeliveryTransport {
public:
    virtual ~DeliveryTransport() = default;
    virtual DeliveryOutcome post(const std::string& body, const HeaderList& headers) = 0;
    virtual void interrupt() = 0;
};

}  // namespace confab::webhook
