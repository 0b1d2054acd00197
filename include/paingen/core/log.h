/* Structured logging: one JSON object per line on stderr, so a log
 * shipper can parse every line without guessing. */
#ifndef PAINGEN_CORE_LOG_H
#define PAINGEN_CORE_LOG_H

#include <stdbool.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Parses "debug" | "info" | "warn" | "error". */
bool log_level_parse(const char *s, enum log_level *out);
void log_set_level(enum log_level level);
bool log_enabled(enum log_level level);

/* A plain message: {"ts":..,"level":..,"msg":..}. */
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A message with extra members already rendered as JSON members, e.g.
 * "\"status\":200,\"route\":\"/healthz\"" (no braces). Written in one
 * write(2), so lines from several threads never interleave. */
void log_json(enum log_level level, const char *msg, const char *members);

#endif
