// The administration pages: login, directory, dial policy, system, errors.
#include "html.h"

namespace confab::web {

namespace {

using html::esc;

std::string joinLines(const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& line : lines) {
        if (!text.empty()) text += '\n';
        text += line;
    }
    return text;
}

std::string joinComma(const std::vector<std::string>& items) {
    std::string text;
    for (const std::string& item : items) {
        if (!text.empty()) text += ", ";
        text += item;
    }
    return text;
}

std::string numberOfKind(const store::DirectoryUser& user, store::NumberKind kind) {
    for (const store::PhoneEntry& entry : user.numbers) {
        if (entry.kind == kind) return entry.number;
    }
    return "";
}

std::string preferredKind(const store::DirectoryUser& user) {
    const store::PhoneEntry* preferred = user.preferredNumber();
    return preferred != nullptr && preferred->kind == store::NumberKind::Mobile ? "mobile" : "work";
}

std::string numbersCell(const store::DirectoryUser& user) {
    if (user.numbers.empty()) return "<span class=\"muted-text\">chat only</span>";
    std::string cell = "<ul class=\"numbers\">";
    for (const store::PhoneEntry& entry : user.numbers) {
        cell += "<li><span class=\"number\">" + esc(entry.number) + "</span> <span class=\"kind\">" +
                esc(store::toString(entry.kind)) + "</span>";
        if (entry.preferred) cell += " <span class=\"chip preferred\">preferred</span>";
        cell += "</li>";
    }
    cell += "</ul>";
    return cell;
}

std::string directoryRow(const store::DirectoryUser& user, const std::string& csrf) {
    std::string row = "<tr data-jid=\"" + esc(user.jid) + "\"><td class=\"jid\">" + esc(user.jid) + "</td><td class=\"name\">" +
                      esc(user.display_name) + "</td><td>" + numbersCell(user) + "</td><td>" + esc(user.source) + "</td>";
    // The edit button carries the user's fields; app.js copies them into the form.
    row += "<td class=\"actions\"><button type=\"button\" class=\"button edit-user\" data-jid=\"" + esc(user.jid) +
           "\" data-name=\"" + esc(user.display_name) + "\" data-work=\"" +
           esc(numberOfKind(user, store::NumberKind::Work)) + "\" data-mobile=\"" +
           esc(numberOfKind(user, store::NumberKind::Mobile)) + "\" data-preferred=\"" + esc(preferredKind(user)) +
           "\">Edit</button>";
    row += "<form method=\"post\" action=\"/directory/delete\" class=\"inline\" data-confirm=\"" +
           esc("Delete " + user.jid + " from the directory?") + "\">" + html::csrfField(csrf) +
           "<input type=\"hidden\" name=\"jid\" value=\"" + esc(user.jid) +
           "\"><button type=\"submit\" class=\"button danger\">Delete</button></form></td></tr>\n";
    return row;
}

std::string textField(std::string_view id, std::string_view name, std::string_view label, std::string_view type,
                      const std::string& value, std::string_view extra) {
    std::string text = "<div class=\"field\"><label for=\"";
    text += id;
    text += "\">";
    text += label;
    text += "</label><input id=\"";
    text += id;
    text += "\" name=\"";
    text += name;
    text += "\" type=\"";
    text += type;
    text += "\" value=\"" + esc(value) + "\"";
    text += extra;
    text += "></div>";
    return text;
}

std::string textArea(std::string_view id, std::string_view name, std::string_view label, const std::vector<std::string>& lines,
                     std::string_view hint) {
    std::string text = "<div class=\"field wide\"><label for=\"";
    text += id;
    text += "\">";
    text += label;
    text += "</label><textarea id=\"";
    text += id;
    text += "\" name=\"";
    text += name;
    text += "\" rows=\"4\" spellcheck=\"false\">";
    // A leading newline right after <textarea> is dropped by the parser, so
    // the content starts on the same line.
    text += esc(joinLines(lines));
    text += "</textarea>";
    if (!hint.empty()) {
        text += "<p class=\"hint\">";
        text += hint;
        text += "</p>";
    }
    text += "</div>";
    return text;
}

std::string checkbox(std::string_view id, std::string_view name, std::string_view label, bool checked) {
    std::string text = "<div class=\"field check\"><input type=\"checkbox\" id=\"";
    text += id;
    text += "\" name=\"";
    text += name;
    text += "\" value=\"on\"";
    if (checked) text += " checked";
    text += "><label for=\"";
    text += id;
    text += "\">";
    text += label;
    text += "</label></div>";
    return text;
}

}  // namespace

std::string renderLoginPage(const std::string& error, const std::string& login_csrf, const std::string& username) {
    std::string body = "<section class=\"login card\">\n<h1>Confab admin</h1>\n";
    if (!error.empty()) body += "<p class=\"flash error\" role=\"alert\" id=\"login-error\">" + esc(error) + "</p>\n";
    body += "<form method=\"post\" action=\"/login\" id=\"login-form\">" + html::csrfField(login_csrf);
    body += textField("username", "username", "User name", "text", username,
                      " required maxlength=\"64\" autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\"");
    body += textField("password", "password", "Password", "password", "", " required maxlength=\"1024\" autocomplete=\"current-password\"");
    body += "<button type=\"submit\" class=\"button primary\">Log in</button></form>\n</section>\n";
    return html::layout(nullptr, "Log in", html::NavItem::None, "page-login", body);
}

std::string renderDirectoryPage(const PageContext& context, const std::vector<store::DirectoryUser>& users,
                                const std::vector<std::string>& import_errors) {
    std::string body = "<div class=\"page-head\"><h1>Directory</h1><p class=\"summary\">" + std::to_string(users.size()) +
                       (users.size() == 1 ? " user" : " users") + "</p></div>\n";
    if (!import_errors.empty()) {
        body += "<section class=\"import-errors flash error\" id=\"import-errors\" role=\"alert\"><h2>Lines with errors</h2><ul>";
        for (const std::string& line : import_errors) body += "<li>" + esc(line) + "</li>";
        body += "</ul></section>\n";
    }
    body += "<div class=\"columns\">\n<section class=\"card\">\n<h2 id=\"user-form-title\">Add or edit a user</h2>\n"
            "<form method=\"post\" action=\"/directory\" id=\"user-form\" class=\"stacked\">" +
            html::csrfField(context.csrf_token);
    body += textField("u-jid", "jid", "JID", "text", "", " required maxlength=\"320\" placeholder=\"alice@example.com\" spellcheck=\"false\"");
    body += textField("u-name", "name", "Name", "text", "", " required maxlength=\"200\"");
    body += textField("u-work", "work", "Work number", "tel", "", " maxlength=\"64\" placeholder=\"+15551234567\"");
    body += textField("u-mobile", "mobile", "Mobile number", "tel", "", " maxlength=\"64\"");
    body += "<fieldset class=\"field\"><legend>Preferred number</legend>"
            "<label class=\"radio\"><input type=\"radio\" name=\"preferred\" value=\"work\" id=\"u-pref-work\" checked> work</label>"
            "<label class=\"radio\"><input type=\"radio\" name=\"preferred\" value=\"mobile\" id=\"u-pref-mobile\"> mobile</label></fieldset>";
    body += "<p class=\"hint\">Saving a JID that exists replaces that user's name and numbers.</p>"
            "<div class=\"buttons\"><button type=\"submit\" class=\"button primary\">Save</button>"
            "<button type=\"reset\" class=\"button\">Clear</button></div></form>\n</section>\n";
    body += "<section class=\"card\">\n<h2>Import CSV</h2>\n<form method=\"post\" action=\"/directory/import\" "
            "enctype=\"multipart/form-data\" id=\"import-form\" class=\"stacked\">" +
            html::csrfField(context.csrf_token) +
            "<div class=\"field\"><label for=\"csv-file\">CSV file</label><input id=\"csv-file\" name=\"csv\" type=\"file\" "
            "accept=\".csv,text/csv\" required></div>"
            "<p class=\"hint\">Header <code>jid,display_name,work,mobile,preferred</code>. All or nothing: one bad line "
            "refuses the whole file and the lines at fault are listed.</p>"
            "<div class=\"buttons\"><button type=\"submit\" class=\"button primary\">Import</button></div></form>\n</section>\n</div>\n";
    if (users.empty()) {
        body += "<p class=\"empty-note\">The directory is empty.</p>\n";
    } else {
        body += "<div class=\"table-wrap\"><table class=\"data directory\" id=\"directory\">\n<thead><tr><th scope=\"col\">JID</th>"
                "<th scope=\"col\">Name</th><th scope=\"col\">Numbers</th><th scope=\"col\">Source</th><th scope=\"col\">Actions</th>"
                "</tr></thead>\n<tbody>\n";
        for (const store::DirectoryUser& user : users) body += directoryRow(user, context.csrf_token);
        body += "</tbody>\n</table></div>\n";
    }
    return html::layout(&context, "Directory", html::NavItem::Directory, "page-directory", body);
}

std::string renderPolicyPage(const PageContext& context, const PolicyView& policy, const std::string& error) {
    std::string body = "<div class=\"page-head\"><h1>Dial policy</h1></div>\n";
    if (!error.empty()) body += "<p class=\"flash error\" role=\"alert\" id=\"policy-error\">" + esc(error) + "</p>\n";
    body += "<form method=\"post\" action=\"/policy\" id=\"policy-form\" class=\"stacked\">" + html::csrfField(context.csrf_token);
    body += "<section class=\"card\"><h2>Who may start and what is blocked</h2>";
    body += textArea("p-start", "start_conference", "May start conferences", policy.start_conference,
                     "One bare JID (alice@example.com) or domain (example.com) per line.");
    body += textArea("p-blocked", "blocked_prefixes", "Blocked prefixes", policy.blocked_prefixes,
                     "One E.164 prefix per line, e.g. <code>+1900</code>. Blocked for everyone, whatever the role.");
    body += "</section>\n<section class=\"card\"><h2>Limits</h2><div class=\"grid\">";
    const auto number = [&](std::string_view id, std::string_view name, std::string_view label, std::uint32_t value,
                            std::string_view min, std::string_view max) {
        std::string extra = " required min=\"";
        extra += min;
        extra += "\" max=\"";
        extra += max;
        extra += "\" step=\"1\"";
        body += textField(id, name, label, "number", std::to_string(value), extra);
    };
    number("p-max-legs", "max_legs_per_conference", "Legs per conference", policy.max_legs_per_conference, "1", "1000");
    number("p-max-user", "max_concurrent_legs_per_user", "Concurrent legs per user", policy.max_concurrent_legs_per_user, "1", "1000");
    number("p-max-rate", "max_dials_per_minute", "Dials per minute per user", policy.max_dials_per_minute, "1", "10000");
    number("p-invite", "invitation_timeout_seconds", "Invitation timeout (s)", policy.invitation_timeout_seconds, "5", "600");
    body += "</div></section>\n";
    body += "<section class=\"card\"><h2>Roles</h2>";
    if (policy.roles.empty()) {
        body += "<p class=\"hint\">No roles are configured: everyone who may start conferences gets the default role "
                "(numbers of the default region, no international, no premium). Roles are added in the configuration file.</p>";
    }
    for (std::size_t index = 0; index < policy.roles.size(); ++index) {
        const PolicyRole& role = policy.roles[index];
        const std::string prefix = "role_" + std::to_string(index) + "_";
        const std::string id = "p-role-" + std::to_string(index);
        body += "<fieldset class=\"role\" data-role=\"" + esc(role.name) + "\"><legend>" + esc(role.name) + "</legend>";
        body += "<p class=\"members\">Members: " + esc(role.members.empty() ? std::string("(none)") : joinComma(role.members)) +
                "</p>";
        body += textArea(id + "-prefixes", prefix + "allowed_prefixes", "Allowed prefixes", role.allowed_prefixes,
                         "One E.164 prefix per line.");
        body += checkbox(id + "-intl", prefix + "allow_international", "International numbers", role.allow_international);
        body += checkbox(id + "-premium", prefix + "allow_premium", "Premium-rate numbers", role.allow_premium);
        body += "</fieldset>";
    }
    body += "</section>\n<p class=\"hint\">Changes are checked, audited and apply to new requests at once; calls in progress are not touched.</p>"
            "<div class=\"buttons\"><button type=\"submit\" class=\"button primary\">Save policy</button></div></form>\n";
    return html::layout(&context, "Dial policy", html::NavItem::Policy, "page-policy", body);
}

std::string renderSystemPage(const PageContext& context, const SystemView& system,
                             const std::vector<store::AuditRecord>& audit) {
    const HealthView& health = system.health;
    std::string body = "<div class=\"page-head\"><h1>System</h1></div>\n<div class=\"columns\">\n";
    body += "<section class=\"card\"><h2>Status</h2><dl class=\"facts\" id=\"system-status\">";
    const auto fact = [&](std::string_view label, const std::string& value) {
        body += "<dt>";
        body += label;
        body += "</dt><dd>" + esc(value) + "</dd>";
    };
    fact("Version", health.version);
    fact("Uptime", html::formatUptime(health.uptime_seconds));
    fact("Live conferences", std::to_string(health.live_conferences));
    fact("Live legs", std::to_string(health.live_legs));
    fact("Media thread CPU", html::formatMeasure(health.media_cpu_percent, 1) + " %");
    fact("Mixer tick p99", html::formatMeasure(health.tick_p99_ms, 2) + " ms");
    fact("XMPP", (health.xmpp_connected ? "up: " : "down: ") + health.xmpp_status);
    fact("SIP", health.sip_status);
    body += "</dl><p class=\"hint\">Prometheus metrics: <a href=\"/metrics\">/metrics</a></p></section>\n";
    body += "<section class=\"card\"><h2>Configuration</h2><pre class=\"config\" id=\"config-summary\">" +
            esc(joinLines(system.config_summary)) + "</pre></section>\n</div>\n";
    body += "<section class=\"card\"><h2>Plugins</h2>";
    if (system.plugins.empty()) {
        body += "<p class=\"empty-note\">No plugins enabled ([plugins] enable in the config).</p>";
    } else {
        body += "<ul id=\"plugins\">";
        for (const std::string& line : system.plugins) body += "<li>" + esc(line) + "</li>";
        body += "</ul>";
    }
    body += "</section>\n";
    body += "<section class=\"card\"><h2>Recent log</h2><pre class=\"log\" id=\"recent-log\">" + esc(joinLines(system.recent_log)) +
            "</pre></section>\n";
    body += "<section class=\"card\"><h2>Recent admin and user actions</h2>";
    if (audit.empty()) {
        body += "<p class=\"empty-note\">Nothing audited yet.</p>";
    } else {
        body += "<div class=\"table-wrap\"><table class=\"data audit\" id=\"audit\"><thead><tr><th scope=\"col\">When</th>"
                "<th scope=\"col\">Who</th><th scope=\"col\">Action</th><th scope=\"col\">Detail</th><th scope=\"col\">Result</th>"
                "</tr></thead><tbody>\n";
        for (const store::AuditRecord& record : audit) {
            body += "<tr><td><time datetime=\"" + esc(html::isoTime(record.at)) + "\">" + esc(html::formatTime(record.at)) +
                    "</time></td><td>" + esc(record.actor_jid) + "</td><td>" +
                    esc(record.action) + "</td><td>" + esc(record.detail) + "</td><td>";
            body += record.allowed ? "<span class=\"chip good\">allowed</span>" : "<span class=\"chip bad\">refused</span>";
            if (!record.reason.empty()) body += " " + esc(record.reason);
            body += "</td></tr>\n";
        }
        body += "</tbody></table></div>";
    }
    body += "</section>\n";
    return html::layout(&context, "System", html::NavItem::System, "page-system", body);
}

std::string renderErrorPage(const PageContext* context, int status, const std::string& message) {
    std::string title;
    switch (status) {
        case 400: title = "Bad request"; break;
        case 401: title = "Not logged in"; break;
        case 403: title = "Forbidden"; break;
        case 404: title = "Not found"; break;
        case 405: title = "Method not allowed"; break;
        case 413: title = "Request too large"; break;
        case 429: title = "Too many requests"; break;
        default: title = status >= 500 ? "Server error" : "Error"; break;
    }
    std::string body = "<section class=\"card error-page\"><h1>" + std::to_string(status) + " " + esc(title) + "</h1><p>" +
                       esc(message) + "</p><p><a href=\"" + std::string(context != nullptr ? "/" : "/login") + "\">" +
                       (context != nullptr ? "Back to the dashboard" : "Log in") + "</a></p></section>\n";
    return html::layout(context, title, html::NavItem::None, "page-error", body);
}

}  // namespace confab::web
