/* The reliability diagram in SVG 1.1: plain shapes and text, no script,
 * no external reference, sized by its viewBox. */
#include "paingen/api/reliability.h"

#include <string.h>

/* The plot area, in the document's units: 0..1 on both axes. */
#define LEFT   72.0
#define TOP    64.0
#define SIZE   400.0
#define WIDTH  520.0
#define HEIGHT 600.0

static double px(double p) { return LEFT + SIZE * p; }
static double py(double o) { return TOP + SIZE * (1 - o); }

/* s as XML character data (and attribute values). */
static void xml_text(struct buf *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': buf_puts(out, "&amp;"); break;
        case '<': buf_puts(out, "&lt;"); break;
        case '>': buf_puts(out, "&gt;"); break;
        case '"': buf_puts(out, "&quot;"); break;
        case '\'': buf_puts(out, "&apos;"); break;
        default:
            /* control characters are not allowed in XML 1.0 */
            if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n')
                buf_append(out, s, 1);
        }
    }
}

static void axes(struct buf *out)
{
    buf_printf(out,
               "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#fafafa\" "
               "stroke=\"#333\"/>\n",
               LEFT, TOP, SIZE, SIZE);
    for (int i = 0; i <= 5; i++) {
        double t = i / 5.0;
        buf_printf(out,
                   "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n"
                   "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
                   px(t), TOP, px(t), TOP + SIZE, LEFT, py(t), LEFT + SIZE, py(t));
        buf_printf(out,
                   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.1f</text>\n"
                   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>\n",
                   px(t), TOP + SIZE + 18, t, LEFT - 8, py(t) + 4, t);
    }
    buf_printf(out,
               "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">Predicted probability</text>\n"
               "<text transform=\"translate(%.1f %.1f) rotate(-90)\" text-anchor=\"middle\">"
               "Observed proportion (95%% Wilson interval)</text>\n",
               px(0.5), TOP + SIZE + 40, LEFT - 44, py(0.5));
    buf_printf(out,
               "<line class=\"diagonal\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
               "stroke=\"#888\" stroke-dasharray=\"6 4\"/>\n"
               "<text x=\"%.1f\" y=\"%.1f\" fill=\"#888\" transform=\"rotate(-45 %.1f %.1f)\">"
               "perfect calibration</text>\n",
               px(0), py(0), px(1), py(1), px(0.62), py(0.62) - 6, px(0.62), py(0.62) - 6);
}

/* The logistic recalibration curve, expit(a + b logit p), when fitted. */
static void curve(struct buf *out, const struct calib_fit *f)
{
    if (!f->ok)
        return;
    buf_puts(out, "<polyline class=\"recalibration\" fill=\"none\" stroke=\"#c0392b\" "
                  "stroke-width=\"1.5\" points=\"");
    for (int i = 1; i < 100; i++) {
        double p = i / 100.0, o = calib_expit(f->a + f->b * calib_logit(p));
        buf_printf(out, "%s%.1f,%.1f", i > 1 ? " " : "", px(p), py(o));
    }
    buf_puts(out, "\"/>\n");
}

static void bins(struct buf *out, const struct calib_summary *s)
{
    for (size_t i = 0; i < CALIB_BINS; i++) {
        const struct calib_bin *b = &s->bins[i];
        if (b->n == 0)
            continue;
        double x = px(b->mean_p);
        buf_printf(out,
                   "<g class=\"bin\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                   "stroke=\"#1f4e79\"/>"
                   "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1f4e79\"/>"
                   "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1f4e79\"/>",
                   x, py(b->ci_lo), x, py(b->ci_hi), x - 4, py(b->ci_lo), x + 4, py(b->ci_lo),
                   x - 4, py(b->ci_hi), x + 4, py(b->ci_hi));
        buf_printf(out,
                   "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#1f4e79\"/>"
                   "<text class=\"count\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                   "font-size=\"10\">n=%zu</text></g>\n",
                   x, py(b->observed), x, py(b->ci_hi) - 5, b->n);
    }
}

void reliability_svg(const struct calib_summary *s, const char *title, const char *const *lines,
                     struct buf *out)
{
    buf_printf(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 %.0f %.0f\" "
        "width=\"%.0f\" height=\"%.0f\" font-family=\"sans-serif\" font-size=\"12\" "
        "role=\"img\">\n<title>",
        WIDTH, HEIGHT, WIDTH, HEIGHT);
    xml_text(out, title);
    buf_puts(out, "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
    buf_printf(out, "<text x=\"%.1f\" y=\"28\" font-size=\"15\" font-weight=\"bold\">", LEFT);
    xml_text(out, title);
    buf_puts(out, "</text>\n");
    axes(out);
    if (s->n == 0)
        buf_printf(out,
                   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">No block-verified "
                   "assessment in this scope</text>\n",
                   px(0.5), py(0.5));
    curve(out, &s->slope);
    bins(out, s);
    for (int i = 0; lines && lines[i] && i < 4; i++) {
        buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\">", LEFT - 44, TOP + SIZE + 66 + 18.0 * i);
        xml_text(out, lines[i]);
        buf_puts(out, "</text>\n");
    }
    buf_puts(out, "</svg>\n");
}
