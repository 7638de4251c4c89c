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
static inline int atelier_nc_ok(void) { return OK; }
static inline int atelier_nc_err(void) { return ERR; }
/* tigetstr returns (char *)-1 for "not a string capability" and NULL for "absent". */
static inline const char *atelier_nc_tigetstr(const char *name) {
    char *value = tigetstr(name);
    if (value == NULL || value == (char *)-1) { return NULL; }
    return value;
}

/* ---- Crash guard: restores the terminal from a signal handler, async-signal-safely. ----
 * The state lives in a function-local static, and static inline functions are emitted once
 * per object file that uses them: ONLY Sources/TerminalIO/CrashGuard.swift may call the
 * atelier_guard_* functions, so there is exactly one copy of the state. */
#include <termios.h>
#include <signal.h>
#include <unistd.h>
#include <string.h>

typedef struct {
    volatile sig_atomic_t armed;
    int tty_in;
    int tty_out;
    int log_fd;
    struct termios saved;
    char restore[512];
    size_t restore_length;
    struct sigaction previous[NSIG];
    int installed[NSIG];
} atelier_guard_state;

static inline atelier_guard_state *atelier_guard_state_get(void) {
    static atelier_guard_state state = { .armed = 0, .tty_in = -1, .tty_out = -1, .log_fd = -1 };
    return &state;
}

/* Puts the terminal back: saved termios, then the terminfo strings captured at start. */
static inline void atelier_guard_restore(void) {
    atelier_guard_state *g = atelier_guard_state_get();
    if (!g->armed) { return; }
    g->armed = 0;
    if (g->restore_length > 0 && g->tty_out >= 0) {
        ssize_t ignored = write(g->tty_out, g->restore, g->restore_length);
        (void)ignored;
    }
    if (g->tty_in >= 0) { tcsetattr(g->tty_in, TCSANOW, &g->saved); }
}

static inline void atelier_guard_write_number(int fd, int value) {
    char digits[12];
    int length = 0;
    if (value < 0) { value = -value; }
    do { digits[length++] = (char)('0' + value % 10); value /= 10; } while (value > 0 && length < 11);
    char text[12];
    for (int i = 0; i < length; i++) { text[i] = digits[length - 1 - i]; }
    ssize_t ignored = write(fd, text, (size_t)length);
    (void)ignored;
}

static inline void atelier_guard_on_crash(int signal_number) {
    atelier_guard_state *g = atelier_guard_state_get();
    atelier_guard_restore();
    if (g->log_fd >= 0) {
        static const char head[] = "\natelier: crashed with signal ";
        static const char tail[] = "; the terminal was restored. The runtime's report (if any) follows.\n";
        ssize_t ignored = write(g->log_fd, head, sizeof head - 1);
        atelier_guard_write_number(g->log_fd, signal_number);
        ignored = write(g->log_fd, tail, sizeof tail - 1);
        (void)ignored;
    }
    if (signal_number > 0 && signal_number < NSIG && g->installed[signal_number]) {
        sigaction(signal_number, &g->previous[signal_number], NULL);
        g->installed[signal_number] = 0;
    } else {
        signal(signal_number, SIG_DFL);
    }
    raise(signal_number);
}

/* Saves the terminal modes of `tty_in` (call before newterm changes them); -1 if not a tty. */
static inline int atelier_guard_save(int tty_in) {
    atelier_guard_state *g = atelier_guard_state_get();
    if (tcgetattr(tty_in, &g->saved) != 0) { g->tty_in = -1; return -1; }
    g->tty_in = tty_in;
    return 0;
}

/* Stores the restore bytes and arms the handlers for crash signals. */
static inline void atelier_guard_arm(int tty_out, int log_fd, const char *restore, size_t restore_length) {
    atelier_guard_state *g = atelier_guard_state_get();
    g->tty_out = tty_out;
    g->log_fd = log_fd;
    if (restore_length > sizeof g->restore) { restore_length = sizeof g->restore; }
    if (restore_length > 0) { memcpy(g->restore, restore, restore_length); }
    g->restore_length = restore_length;
    g->armed = 1;
    const int signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        int number = signals[i];
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = atelier_guard_on_crash;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESETHAND;
        if (sigaction(number, &action, &g->previous[number]) == 0) { g->installed[number] = 1; }
    }
}

/* Normal exit: puts the previous handlers back and forgets the state (no restore bytes written). */
static inline void atelier_guard_disarm(void) {
    atelier_guard_state *g = atelier_guard_state_get();
    g->armed = 0;
    for (int number = 1; number < NSIG; number++) {
        if (g->installed[number]) {
            sigaction(number, &g->previous[number], NULL);
            g->installed[number] = 0;
        }
    }
    g->log_fd = -1;
}

/* The saved termios, applied again (after endwin, so `stty -g` matches the start exactly). */
static inline void atelier_guard_reapply_termios(void) {
    atelier_guard_state *g = atelier_guard_state_get();
    if (g->tty_in >= 0) { tcsetattr(g->tty_in, TCSANOW, &g->saved); }
}
/* ---- Pseudo-terminals, for driving the real adapter headless (tests, benchmark). ----
 * glibc hides these behind _XOPEN_SOURCE; the ioctl request macros do not import. */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <stdlib.h>
extern int posix_openpt(int flags);
extern int grantpt(int fd);
extern int unlockpt(int fd);
extern char *ptsname(int fd);

static inline int atelier_pty_resize(int fd, unsigned short rows, unsigned short columns) {
    struct winsize size;
    memset(&size, 0, sizeof size);
    size.ws_row = rows;
    size.ws_col = columns;
    return ioctl(fd, TIOCSWINSZ, &size);
}

/* Opens a pseudo-terminal pair; 0 on success, -1 with errno set. */
static inline int atelier_pty_open(int *controller, int *terminal, unsigned short rows, unsigned short columns) {
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) { return -1; }
    if (grantpt(master) != 0 || unlockpt(master) != 0) { close(master); return -1; }
    const char *name = ptsname(master);
    if (name == NULL) { close(master); return -1; }
    int slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0) { close(master); return -1; }
    atelier_pty_resize(slave, rows, columns);
    *controller = master;
    *terminal = slave;
    return 0;
}
#endif
