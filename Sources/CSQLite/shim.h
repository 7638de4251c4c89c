#ifndef ATELIER_CSQLITE_SHIM_H
#define ATELIER_CSQLITE_SHIM_H
#include <sqlite3.h>

/* SQLITE_TRANSIENT is a macro casting -1 to a function pointer: Swift cannot import it. */
static inline sqlite3_destructor_type atelier_sqlite_transient(void) { return SQLITE_TRANSIENT; }

/* sqlite3_bind_text with SQLITE_TRANSIENT, so Swift never needs the destructor type. */
static inline int atelier_sqlite_bind_text(sqlite3_stmt *s, int i, const char *p, int n) {
    return sqlite3_bind_text(s, i, p, n, SQLITE_TRANSIENT);
}
static inline int atelier_sqlite_bind_blob(sqlite3_stmt *s, int i, const void *p, int n) {
    return sqlite3_bind_blob(s, i, p, n, SQLITE_TRANSIENT);
}
#endif
