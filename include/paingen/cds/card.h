/* What every card paingen issues shares (CDS Hooks 2.0, "Card
 * Attributes"): a uuid, a summary under 140 characters, an indicator, a
 * source naming the model, GitHub-flavoured Markdown detail, and the
 * wording of the assessment's numbers and verdicts. */
#ifndef PAINGEN_CDS_CARD_H
#define PAINGEN_CDS_CARD_H

#include "paingen/core/buf.h"

#include <jansson.h>
#include <stdbool.h>

/* The specification: "<140-character summary". */
#define CDS_SUMMARY_MAX 139

/* A new random (version 4) UUID; aborts when the kernel gives no random
 * bytes (a card must not share another's). */
void cds_uuid_new(char out[37]);

/* A new card: uuid, summary (cut to CDS_SUMMARY_MAX characters, at a
 * character's boundary, ending "..." when cut), indicator ("info",
 * "warning", "critical"), detail (Markdown; omitted when NULL) and the
 * source: the paingen model of model_version, its card GET /v1/model
 * under public_url, and the topic (a CDS_CS_TOPIC code and display). */
json_t *cds_card_new(const char *summary, const char *indicator, const char *detail,
                     const char *public_url, const char *model_version, const char *topic,
                     const char *topic_display);

/* The card's uuid (borrowed). */
const char *cds_card_uuid(json_t *card);

/* Appends s to md as Markdown text: the characters GFM would read as
 * markup (and a table's '|') escaped with a backslash. */
void cds_md_text(struct buf *md, const char *s);

/* A probability 0..1 as a whole percentage ("84%", "<1%", ">99%"). */
void cds_percent(double p, char out[8]);

/* The card's indicator for a candidacy verdict ("contraindicated" ...):
 * critical for a contraindication, warning for a referral or a deferral,
 * info otherwise. */
const char *cds_verdict_indicator(const char *verdict);
/* A verdict in words ("conventional care first"); the code itself for
 * one the model does not have. */
const char *cds_verdict_words(const char *verdict);

/* The label of a generator code (the code itself when unknown). */
const char *cds_generator_label(const char *generator);
/* The label of a next step of kind "finding", "cluster" or "block". */
const char *cds_step_label(const char *kind, const char *code);

#endif
