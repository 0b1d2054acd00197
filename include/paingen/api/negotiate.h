/* Content negotiation between the representations an operation offers
 * (the calibration report: JSON, or its reliability diagram as SVG). */
#ifndef PAINGEN_API_NEGOTIATE_H
#define PAINGEN_API_NEGOTIATE_H

/* Which of offered (media types, NULL-terminated; the earlier preferred
 * on equal weights) an Accept header chooses, by RFC 9110 12.5.1: each
 * offered type takes the weight of the most specific range that matches
 * it (its type and subtype, then its type's wildcard, then the wildcard of
 * all types; of two as specific, the higher weight), and the highest
 * weight above 0 wins. Returns its index;
 * 0 when accept is NULL or blank; -1 when none is acceptable (406), or
 * the header is past this parser's bounds (more than
 * NEGOTIATE_MAX_RANGES ranges, or a range over 256 bytes). Parameters
 * other than q are not compared. */
int negotiate_media(const char *accept, const char *const *offered);

#define NEGOTIATE_MAX_RANGES 32

#endif
