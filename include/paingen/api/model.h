/* GET /v1/model: the whole evidence table of the scoring model. */
#ifndef PAINGEN_API_MODEL_H
#define PAINGEN_API_MODEL_H

#include "paingen/core/jsonw.h"
#include "paingen/http/exchange.h"
#include "paingen/scoring/model.h"

#include <jansson.h>

void api_model_get(const struct http_req *req, struct http_res *res);

/* A source as JSON {citation, quality, note} (new reference); null for
 * NULL. */
json_t *api_model_source_json(const struct source *s);
/* The same, written as the member name of w. */
void api_model_source_write(struct jsonw *w, const char *name, const struct source *s);

#endif
