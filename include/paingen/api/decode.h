/* A fast path for decoding request bodies: the plain JSON that clients
 * send (printable ASCII, integers, no escapes) read straight into the
 * tree json_loadb would build, at a fraction of its cost (jansson reads
 * byte by byte through a stream and a string buffer). Anything else is
 * left to json_loadb, which also words the errors. */
#ifndef PAINGEN_API_DECODE_H
#define PAINGEN_API_DECODE_H

#include <jansson.h>
#include <stddef.h>

/* text[0..len) as one JSON object whose arrays and objects nest at most
 * max_depth levels (the object itself is the first): a new reference to
 * the tree json_loadb(JSON_REJECT_DUPLICATES) gives, members in the same
 * order. NULL for anything else, to be decoded with json_loadb: not
 * JSON, another type at the top, deeper, a real number or an integer of
 * more than 18 digits, a string with an escape, a control character or a
 * byte beyond ASCII, a key given twice. */
json_t *decode_plain_object(const char *text, size_t len, int max_depth);

#endif
