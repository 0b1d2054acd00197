/* The parts of a card every service builds alike. */
#include "paingen/cds/card.h"

#include "paingen/cds/codes.h"
#include "paingen/core/crypto.h"
#include "paingen/scoring/candidacy.h"
#include "paingen/scoring/model.h"
#include "paingen/scoring/vocabulary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cds_uuid_new(char out[37])
{
    unsigned char b[16];
    if (!crypto_random(b, sizeof b))
        abort();
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
}

/* s cut to at most max characters (UTF-8 code points), "..." ending one
 * that was cut. */
static json_t *summary_text(const char *s, size_t max)
{
    size_t chars = 0, i = 0, cut = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xc0) == 0x80)
            continue; /* a continuation byte: same character */
        if (chars == max - 3)
            cut = i; /* where "..." would start */
        if (++chars > max)
            break;
    }
    if (chars <= max)
        return json_string(s);
    char out[4 * CDS_SUMMARY_MAX + 4];
    snprintf(out, sizeof out, "%.*s...", (int)cut, s);
    return json_string(out);
}

json_t *cds_card_new(const char *summary, const char *indicator, const char *detail,
                     const char *public_url, const char *model_version, const char *topic,
                     const char *topic_display)
{
    char uuid[37], label[96], url[2100];
    cds_uuid_new(uuid);
    snprintf(label, sizeof label, "paingen pain-generator model %s", model_version);
    snprintf(url, sizeof url, "%s/v1/model", public_url ? public_url : "");
    json_t *source = json_pack("{s:s, s:o}", "label", label, "topic",
                               fhir_coding(CDS_CS_TOPIC, topic, topic_display));
    if (public_url)
        json_object_set_new(source, "url", json_string(url));
    json_t *card =
        json_pack("{s:s, s:o, s:s, s:o}", "uuid", uuid, "summary",
                  summary_text(summary, CDS_SUMMARY_MAX), "indicator", indicator, "source", source);
    if (detail)
        json_object_set_new(card, "detail", json_string(detail));
    return card;
}

const char *cds_card_uuid(json_t *card) { return json_string_value(json_object_get(card, "uuid")); }

void cds_md_text(struct buf *md, const char *s)
{
    for (; s && *s; s++) {
        /* what is markup anywhere in a line (paingen's text never
         * starts one: '#', '-', '+' need no escape) */
        if (strchr("\\`*_[]<>|~", *s))
            buf_append(md, "\\", 1);
        buf_append(md, s, 1);
    }
}

void cds_percent(double p, char out[8])
{
    double pct = p * 100;
    if (pct > 0 && pct < 0.5)
        snprintf(out, 8, "<1%%");
    else if (pct < 100 && pct >= 99.5)
        snprintf(out, 8, ">99%%");
    else
        snprintf(out, 8, "%.0f%%", round(pct));
}

static const struct {
    enum verdict verdict;
    const char *indicator, *words;
} verdicts[] = {
    {VERDICT_CONTRAINDICATED, "critical", "contraindicated"},
    {VERDICT_REFER_SURGERY, "warning", "refer for surgical evaluation"},
    {VERDICT_DEFER, "warning", "defer treatment"},
    {VERDICT_CONVENTIONAL_FIRST, "info", "conventional care first"},
    {VERDICT_NEEDS_WORKUP, "info", "work-up not finished"},
    {VERDICT_CANDIDATE, "info", "candidate for treatment"},
};

static size_t verdict_index(const char *verdict)
{
    for (size_t i = 0; verdict && i < sizeof verdicts / sizeof verdicts[0]; i++)
        if (strcmp(verdict_name(verdicts[i].verdict), verdict) == 0)
            return i;
    return (size_t)-1;
}

const char *cds_verdict_indicator(const char *verdict)
{
    size_t i = verdict_index(verdict);
    return i == (size_t)-1 ? "info" : verdicts[i].indicator;
}

const char *cds_verdict_words(const char *verdict)
{
    size_t i = verdict_index(verdict);
    return i == (size_t)-1 ? (verdict ? verdict : "no verdict") : verdicts[i].words;
}

const char *cds_generator_label(const char *generator)
{
    const struct model_generator *g = model_generator_find(generator);
    return g ? g->label : generator ? generator : "?";
}

const char *cds_step_label(const char *kind, const char *code)
{
    if (!kind || !code)
        return code ? code : "?";
    if (strcmp(kind, "cluster") == 0) {
        size_t n;
        const struct model_cluster *c = model_clusters(&n);
        for (size_t i = 0; i < n; i++)
            if (strcmp(c[i].code, code) == 0)
                return c[i].label;
        return code;
    }
    const struct vocab_entry *e =
        vocab_find(strcmp(kind, "block") == 0 ? VOCAB_BLOCK_TARGET : VOCAB_FINDING, code);
    return e ? e->label : code;
}
