#include "confab/client/desktop_windows.h"

#include <QGuiApplication>

#if defined(CONFAB_HAVE_XCB) && QT_CONFIG(xcb)
#define CONFAB_DESKTOP_WINDOWS_XCB 1
#include <xcb/xcb.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#endif

namespace confab::client {

#ifdef CONFAB_DESKTOP_WINDOWS_XCB
namespace {

// Titles are other programs' data: read at most this much of one.
constexpr uint32_t kMaxTitleLongs = 64;  // 256 bytes
// More windows than anyone can choose from in a list.
constexpr uint32_t kMaxWindows = 512;

struct FreeReply {
    void operator()(void* reply) const { std::free(reply); }
};
template <typename T>
using Reply = std::unique_ptr<T, FreeReply>;

struct Atoms {
    xcb_atom_t client_list_stacking = XCB_ATOM_NONE;
    xcb_atom_t client_list = XCB_ATOM_NONE;
    xcb_atom_t net_wm_name = XCB_ATOM_NONE;
    xcb_atom_t utf8_string = XCB_ATOM_NONE;
    xcb_atom_t window_type = XCB_ATOM_NONE;
    xcb_atom_t type_desktop = XCB_ATOM_NONE;
    xcb_atom_t type_dock = XCB_ATOM_NONE;
};

// XCB_ATOM_NONE when no client ever interned it: then no window has it.
xcb_atom_t existingAtom(xcb_connection_t* connection, const char* name) {
    const Reply<xcb_intern_atom_reply_t> reply(xcb_intern_atom_reply(
        connection, xcb_intern_atom(connection, 1, static_cast<uint16_t>(std::strlen(name)), name), nullptr));
    return reply ? reply->atom : xcb_atom_t{XCB_ATOM_NONE};
}

Atoms internAtoms(xcb_connection_t* connection) {
    Atoms atoms;
    atoms.client_list_stacking = existingAtom(connection, "_NET_CLIENT_LIST_STACKING");
    atoms.client_list = existingAtom(connection, "_NET_CLIENT_LIST");
    atoms.net_wm_name = existingAtom(connection, "_NET_WM_NAME");
    atoms.utf8_string = existingAtom(connection, "UTF8_STRING");
    atoms.window_type = existingAtom(connection, "_NET_WM_WINDOW_TYPE");
    atoms.type_desktop = existingAtom(connection, "_NET_WM_WINDOW_TYPE_DESKTOP");
    atoms.type_dock = existingAtom(connection, "_NET_WM_WINDOW_TYPE_DOCK");
    return atoms;
}

Reply<xcb_get_property_reply_t> property(xcb_connection_t* connection, xcb_window_t window, xcb_atom_t name,
                                         xcb_atom_t type, uint32_t max_longs) {
    if (name == XCB_ATOM_NONE) return {};
    return Reply<xcb_get_property_reply_t>(
        xcb_get_property_reply(connection, xcb_get_property(connection, 0, window, name, type, 0, max_longs), nullptr));
}

// A window list property (format 32, type WINDOW) of the root, or empty.
QList<xcb_window_t> windowList(xcb_connection_t* connection, xcb_window_t root, xcb_atom_t name) {
    QList<xcb_window_t> windows;
    const auto reply = property(connection, root, name, XCB_ATOM_WINDOW, kMaxWindows);
    if (!reply || reply->format != 32 || reply->type != XCB_ATOM_WINDOW) return windows;
    const auto* ids = static_cast<const xcb_window_t*>(xcb_get_property_value(reply.get()));
    const int count = xcb_get_property_value_length(reply.get()) / 4;
    for (int i = 0; i < count; ++i) windows << ids[i];
    return windows;
}

// Control characters (a newline in a title would break the row) become spaces.
QString cleanTitle(QString title) {
    for (QChar& c : title) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format) c = QLatin1Char(' ');
    }
    return title.simplified();
}

QString windowTitle(xcb_connection_t* connection, const Atoms& atoms, xcb_window_t window) {
    if (const auto name = property(connection, window, atoms.net_wm_name, atoms.utf8_string, kMaxTitleLongs);
        name && name->format == 8 && xcb_get_property_value_length(name.get()) > 0) {
        return cleanTitle(QString::fromUtf8(static_cast<const char*>(xcb_get_property_value(name.get())),
                                            xcb_get_property_value_length(name.get())));
    }
    const auto name = property(connection, window, XCB_ATOM_WM_NAME, XCB_GET_PROPERTY_TYPE_ANY, kMaxTitleLongs);
    if (!name || name->format != 8) return {};
    const auto* bytes = static_cast<const char*>(xcb_get_property_value(name.get()));
    const int length = xcb_get_property_value_length(name.get());
    // STRING is Latin-1 by definition; anything else (COMPOUND_TEXT, UTF8_STRING) is read as UTF-8.
    return cleanTitle(name->type == XCB_ATOM_STRING ? QString::fromLatin1(bytes, length)
                                                    : QString::fromUtf8(bytes, length));
}

bool isDesktopOrDock(xcb_connection_t* connection, const Atoms& atoms, xcb_window_t window) {
    const auto types = property(connection, window, atoms.window_type, XCB_ATOM_ATOM, 16);
    if (!types || types->format != 32) return false;
    const auto* values = static_cast<const xcb_atom_t*>(xcb_get_property_value(types.get()));
    const int count = xcb_get_property_value_length(types.get()) / 4;
    for (int i = 0; i < count; ++i) {
        if (values[i] != XCB_ATOM_NONE && (values[i] == atoms.type_desktop || values[i] == atoms.type_dock)) return true;
    }
    return false;
}

// The root of the X screen Qt uses: the one DISPLAY names (":0.1" is screen 1).
xcb_window_t rootWindow(xcb_connection_t* connection) {
    int screen_number = 0;
    char* host = nullptr;
    int display = 0;
    if (!xcb_parse_display(nullptr, &host, &display, &screen_number)) screen_number = 0;
    std::free(host);
    xcb_screen_iterator_t screens = xcb_setup_roots_iterator(xcb_get_setup(connection));
    xcb_window_t first = XCB_WINDOW_NONE;
    for (int index = 0; screens.rem > 0; xcb_screen_next(&screens), ++index) {
        if (first == XCB_WINDOW_NONE) first = screens.data->root;
        if (index == screen_number) return screens.data->root;
    }
    return first;
}

QList<DesktopWindow> listX11Windows(xcb_connection_t* connection) {
    QList<DesktopWindow> result;
    const xcb_window_t root = rootWindow(connection);
    if (root == XCB_WINDOW_NONE) return result;
    const Atoms atoms = internAtoms(connection);

    // Topmost first: the stacking lists and the query tree go bottom to top.
    QList<xcb_window_t> candidates = windowList(connection, root, atoms.client_list_stacking);
    if (candidates.isEmpty()) candidates = windowList(connection, root, atoms.client_list);
    else std::reverse(candidates.begin(), candidates.end());
    const bool managed = !candidates.isEmpty();
    if (!managed) {
        // No window manager says which windows are applications: the root's
        // own children, which are the top-level windows then.
        const Reply<xcb_query_tree_reply_t> tree(
            xcb_query_tree_reply(connection, xcb_query_tree(connection, root), nullptr));
        if (!tree) return result;
        const xcb_window_t* children = xcb_query_tree_children(tree.get());
        const int total = xcb_query_tree_children_length(tree.get());
        for (int i = total - 1; i >= 0 && candidates.size() < static_cast<qsizetype>(kMaxWindows); --i) {
            candidates << children[i];
        }
    }

    for (const xcb_window_t window : candidates) {
        const Reply<xcb_get_window_attributes_reply_t> attributes(xcb_get_window_attributes_reply(
            connection, xcb_get_window_attributes(connection, window), nullptr));
        if (!attributes || attributes->map_state != XCB_MAP_STATE_VIEWABLE ||
            attributes->_class == XCB_WINDOW_CLASS_INPUT_ONLY) {
            continue;  // gone, minimised, on another workspace, or not drawn at all
        }
        if (!managed && attributes->override_redirect) continue;  // menus, tooltips, notifications
        const Reply<xcb_get_geometry_reply_t> geometry(
            xcb_get_geometry_reply(connection, xcb_get_geometry(connection, window), nullptr));
        if (!geometry || geometry->width < kMinimumWindowSize || geometry->height < kMinimumWindowSize) continue;
        const Reply<xcb_translate_coordinates_reply_t> position(xcb_translate_coordinates_reply(
            connection, xcb_translate_coordinates(connection, window, root, 0, 0), nullptr));
        if (!position) continue;
        const QString title = windowTitle(connection, atoms, window);
        if (title.isEmpty() || isDesktopOrDock(connection, atoms, window)) continue;
        result.append({static_cast<WId>(window), title,
                       QRect(position->dst_x, position->dst_y, geometry->width, geometry->height)});
    }
    return result;
}

}  // namespace
#endif

QList<DesktopWindow> desktopWindows() {
#ifdef CONFAB_DESKTOP_WINDOWS_XCB
    auto* x11 = qGuiApp ? qGuiApp->nativeInterface<QNativeInterface::QX11Application>() : nullptr;
    if (x11 && x11->connection()) return listX11Windows(x11->connection());
#endif
    return {};
}

}  // namespace confab::client
