// The system SQLite (libsqlite3-dev on Debian/Ubuntu, the SDK's copy on macOS).
#include <sqlite3.h>
