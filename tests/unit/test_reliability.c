/* The reliability diagram: one point and interval per populated bin with
 * its count, the diagonal, the recalibration curve when fitted, text
 * escaped, and a document that says so when there is nothing to draw. */
#include "unit.h"

#include "paingen/api/reliability.h"

#include <string.h>

static int count(const char *s, const char *what)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
        n++;
    return n;
}

void test_reliability(void)
{
    /* 20 at 0.2 with 4 events, 20 at 0.6 with 12: two bins, right on
     * average and in spread (a = 0, b = 1) */
    struct calib_obs o[40];
    for (int i = 0; i < 20; i++) {
        o[i] = (struct calib_obs){0.2, i < 4};
        o[20 + i] = (struct calib_obs){0.6, i < 12};
    }
    struct calib_summary s;
    calib_summarise(o, 40, &s);
    const char *lines[] = {"scope <all> & more", NULL};
    struct buf svg = {0};
    reliability_svg(&s, "Title \"quoted\"", lines, &svg);
    const char *t = svg.data;
    CHECK(t && strncmp(t, "<?xml version=\"1.0\"", 19) == 0 && strstr(t, "</svg>\n"));
    CHECK(count(t, "class=\"bin\"") == 2 && count(t, ">n=20<") == 2);
    CHECK(strstr(t, "class=\"diagonal\"") && strstr(t, "class=\"recalibration\""));
    CHECK(strstr(t, "scope &lt;all&gt; &amp; more") && !strstr(t, "<all>"));
    CHECK(strstr(t, "Title &quot;quoted&quot;"));
    buf_cleanup(&svg);

    /* nothing verified: no bin, no curve, and a sentence saying so */
    calib_summarise(o, 0, &s);
    reliability_svg(&s, "Empty", NULL, &svg);
    CHECK(count(svg.data, "class=\"bin\"") == 0 && !strstr(svg.data, "recalibration"));
    CHECK(strstr(svg.data, "No block-verified assessment") != NULL);
    buf_cleanup(&svg);
}
