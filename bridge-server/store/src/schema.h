// The store's schema and its migrations. The schema version is PRAGMA
// user_version: 0 is an empty file, each migration step moves the file one
// version forward inside one transaction. A later version adds a step to
// kMigrations; existing steps are never edited.
#pragma once

namespace confab::store {

class Database;

// Brings the schema to Database::kSchemaVersion. Throws StoreError when the
// file has a newer version than this build knows, or a step fails (that step
// is rolled back; earlier steps stay).
void migrateSchema(Database& db);

}  // namespace confab::store
