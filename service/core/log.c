/* JSON-lines logger on stderr. */
#include "paingen/core/log.h"

#include "paingen/core/buf.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static _Atomic int min_level = LOG_INFO;
static const char *const names[] = {"debug", "info", "warn", "error"};

bool log_level_parse(const char *s, enum log_level *out)
{
    for (int i = LOG_DEBUG; i <= LOG_ERROR; i++) {
        if (strcmp(s, names[i]) == 0) {
            *out = (enum log_level)i;
            return true;
        }
    }
    return false;
}

void log_set_level(enum log_level level) { atomic_store(&min_level, (int)level); }
bool log_enabled(enum log_level level) { return (int)level >= atomic_load(&min_level); }

static void emit(enum log_level level, const char *msg, const char *members)
{
    struct timespec ts;
    struct tm tm;
    char stamp[40];
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(stamp + n, sizeof stamp - n, ".%03ldZ", ts.tv_nsec / 1000000);

    struct buf b;
    buf_init(&b, 64 * 1024);
    buf_printf(&b, "{\"ts\":\"%s\",\"level\":\"%s\",\"msg\":", stamp, names[level]);
    buf_json_string(&b, msg);
    if (members && *members) {
        buf_puts(&b, ",");
        buf_puts(&b, members);
    }
    buf_puts(&b, "}\n");
    if (!b.overflow && write(STDERR_FILENO, b.data, b.len) < 0) {
        /* nowhere left to report a failing stderr */
    }
    buf_cleanup(&b);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    if (!log_enabled(level))
        return;
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    emit(level, msg, NULL);
}

void log_json(enum log_level level, const char *msg, const char *members)
{
    if (log_enabled(level))
        emit(level, msg, members);
}
