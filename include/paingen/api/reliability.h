/* The reliability diagram of a calibration summary, as an SVG document
 * the service writes itself: predicted probability against the share
 * observed, the diagonal of perfect calibration, each bin's mean with its
 * Wilson interval and count, and the fitted recalibration curve. */
#ifndef PAINGEN_API_RELIABILITY_H
#define PAINGEN_API_RELIABILITY_H

#include "paingen/core/buf.h"
#include "paingen/scoring/calibration.h"

/* Appends the document to out. title and each of the lines (plain text,
 * escaped here; NULL-terminated, at most 4 shown) are printed above and
 * below the plot. */
void reliability_svg(const struct calib_summary *s, const char *title, const char *const *lines,
                     struct buf *out);

#endif
