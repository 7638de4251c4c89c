#ifndef ATELIER_CNCURSES_SHIM_H
#define ATELIER_CNCURSES_SHIM_H
/* Required: SwiftPM drops pkg-config -D flags, and without this the wide API is hidden. */
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

/* glibc hides these behind _XOPEN_SOURCE. */
extern int wcwidth(wchar_t c);
extern int wcswidth(const wchar_t *s, size_t n);

/* Swift 6 sees these globals as shared mutable state; only the terminal loop touches them. */
extern WINDOW *stdscr __attribute__((swift_attr("nonisolated(unsafe)")));
extern WINDOW *curscr __attribute__((swift_attr("nonisolated(unsafe)")));
extern int LINES __attribute__((swift_attr("nonisolated(unsafe)")));
extern int COLS __attribute__((swift_attr("nonisolated(unsafe)")));
extern int COLORS __attribute__((swift_attr("nonisolated(unsafe)")));
extern int COLOR_PAIRS __attribute__((swift_attr("nonisolated(unsafe)")));

static inline attr_t atelier_nc_bold(void) { return A_BOLD; }
static inline attr_t atelier_nc_dim(void) { return A_DIM; }
static inline attr_t atelier_nc_reverse(void) { return A_REVERSE; }
static inline attr_t atelier_nc_underline(void) { return A_UNDERLINE; }
static inline attr_t atelier_nc_italic(void) { return A_ITALIC; }
static inline void atelier_nc_getmaxyx(WINDOW *w, int *y, int *x) { int a, b; getmaxyx(w, a, b); *y = a; *x = b; }
#endif
