// Directory: who is who. Maps a user's bare JID to a display name and phone
// numbers, so "/call bob" can dial Bob's preferred number and an answered leg
// can be named in the room. Users come from a CSV import ("csv"), from the
// numbers they publish in their vCard ("vcard") or from an administrator
// ("admin"). Lookup rules and the vCard merge rules are in docs/directory.md.
//
// Thread contract: control thread only, like the Database it uses (see
// database.h). Every write runs in one transaction.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "confab/store/database.h"

namespace confab::store {

enum class NumberKind { Work, Mobile, Other };

// "work", "mobile", "other".
std::string_view toString(NumberKind kind);
// Inverse of toString, ASCII case-insensitive; nullopt for anything else.
std::optional<NumberKind> parseNumberKind(std::string_view text);

struct PhoneEntry {
    std::string number;  // E.164, e.g. "+15551234567"
    NumberKind kind = NumberKind::Work;
    bool preferred = false;

    bool operator==(const PhoneEntry&) const = default;
};

struct DirectoryUser {
    std::string jid;                  // bare JID, ASCII lower-cased: the key
    std::string display_name;         // any Unicode, stored byte for byte as given
    std::vector<PhoneEntry> numbers;  // exactly one preferred when non-empty
    std::string source;               // "csv", "vcard" or "admin"

    // The preferred number, or nullptr for a chat-only user.
    const PhoneEntry* preferredNumber() const;
};

// The most users findByName returns.
inline constexpr std::size_t kMaxNameMatches = 20;

class Directory {
  public:
    explicit Directory(Database& db);

    // Inserts or replaces the user with this JID, numbers included. The JID is
    // ASCII lower-cased first. Throws StoreError (nothing written) when: the
    // JID is not a bare JID (exactly one '@', non-empty local part and domain,
    // no '/', spaces, controls or "&'/:<>@ in the local part); the display
    // name is empty, not UTF-8 or holds control characters; source is not
    // csv/vcard/admin; a number is not E.164 or appears twice; or the numbers
    // are non-empty and not exactly one is preferred.
    void upsert(const DirectoryUser& user);
    // True when a user was removed (its numbers go with it).
    bool remove(const std::string& jid);

    // ASCII case-insensitive.
    std::optional<DirectoryUser> findByJid(const std::string& bare_jid) const;
    // The user owning `e164`. When several users share the number, the one
    // for whom it is the preferred number wins, then the lowest JID.
    std::optional<DirectoryUser> findByNumber(const std::string& e164) const;
    // Name lookup for "/call bob" or "/call Carol Smith". Case-insensitive
    // (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic) and whitespace-
    // collapsing. Tiers, best first; all users of the best tier that has any
    // are returned (at most kMaxNameMatches), ordered by display name, JID:
    //   1. the JID's local part (or the whole bare JID) equals the name;
    //   2. the display name equals the name;
    //   3. the display name, or one of its words, starts with the name
    //      ("car" and "smi" both find "Carol Smith"; so does "carol sm").
    std::vector<DirectoryUser> findByName(const std::string& name) const;
    // Every user, ordered by JID.
    std::vector<DirectoryUser> all() const;
    std::size_t size() const;

    // Merges the numbers a user published in their vCard (XEP-0054/0292 TEL,
    // already normalised to E.164 by the caller; a non-E.164 number throws).
    //  - unknown JID: the user is created with source "vcard";
    //  - source "vcard": the numbers are replaced, the name updated if given;
    //  - source "csv"/"admin": the administrator's data wins: the name stays,
    //    numbers not yet present are added, none is removed or changed.
    // Duplicate numbers in `numbers` count once. The preferred number: a csv/
    // admin user's existing preference stays; otherwise the first number
    // flagged preferred in `numbers`, else the first Work number, else the
    // first number. An empty display name for
    // a new user becomes the JID's local part. Throws StoreError (nothing
    // written) for a bad JID, a non-E.164 number, or a display name that
    // upsert() would refuse when that name is used.
    void mergeVcard(const std::string& jid, const std::string& display_name,
                    const std::vector<PhoneEntry>& numbers);

    Database& database() const { return db_; }

  private:
    std::optional<DirectoryUser> load(const std::string& jid) const;
    std::vector<DirectoryUser> loadAll(const std::vector<std::string>& jids) const;
    void write(const DirectoryUser& normalised);

    Database& db_;
};

}  // namespace confab::store
