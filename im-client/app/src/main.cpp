// confab: the Qt 6 IM client. Everything lives in confab-client-ui.
#include "confab/client/client_app.h"

int main(int argc, char** argv) { return confab::client::runClient(argc, argv); }
