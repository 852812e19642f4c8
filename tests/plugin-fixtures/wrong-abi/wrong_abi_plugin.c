/* A descriptor from a future plugin ABI whose init would crash the bridge
   if it were ever called: the loader must stop at abi_version. */
#include <stdlib.h>

#include "confab/plugin.h"

static int wrong_abi_init(const confab_host *host) {
    (void)host;
    abort();
}

static void wrong_abi_close(void) { abort(); }

CONFAB_PLUGIN_DESCRIPTOR(wrong_abi) = {
    CONFAB_PLUGIN_ABI_VERSION + 998u,
    "wrong-abi",
    "built for ABI 999",
    wrong_abi_init,
    wrong_abi_close,
};
