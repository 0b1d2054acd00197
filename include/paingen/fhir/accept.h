/* Content negotiation of the FHIR export: which Accept headers its one
 * representation, application/fhir+json, answers. */
#ifndef PAINGEN_FHIR_ACCEPT_H
#define PAINGEN_FHIR_ACCEPT_H

#include <stdbool.h>

#define FHIR_MEDIA_TYPE "application/fhir+json"

/* True when accept (an Accept header; NULL or blank when absent) admits
 * application/fhir+json (RFC 9110 12.5.1): the most specific media range
 * that matches it has a weight above 0. Ranges that match:
 * application/fhir+json, application/json (FHIR's JSON by its generic
 * name) and application/json+fhir (its name before R3), then the
 * wildcard of application types, then the wildcard of all types; a range
 * with a fhirVersion parameter matches only for R4 ("4.0", "4.0.1").
 * Anything else (XML, Turtle, HTML, another FHIR version) is false: the
 * caller answers 406. So is a header past this parser's bounds (more than
 * FHIR_ACCEPT_MAX_RANGES ranges, or a range over 256 bytes). */
bool fhir_accept_ok(const char *accept);

#define FHIR_ACCEPT_MAX_RANGES 32

#endif
