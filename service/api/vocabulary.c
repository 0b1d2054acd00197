/* The vocabulary as JSON. It is compiled in, so it is rendered once and
 * the same text is served to every caller. */
#include "paingen/api/vocabulary.h"

#include "paingen/api/edge.h"
#include "paingen/scoring/vocabulary.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static char *rendered; /* built once, lives as long as the process */
static size_t rendered_len;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static json_t *regions_of(unsigned mask)
{
    json_t *a = json_array();
    for (unsigned bit = REGION_LUMBAR; bit <= REGION_SHOULDER; bit <<= 1)
        if (mask & bit)
            json_array_append_new(a, json_string(vocab_region_name(bit)));
    return a;
}

static json_t *entry_json(const struct vocab_entry *e)
{
    json_t *o = json_pack("{s:s, s:s, s:o, s:s, s:s}", "code", e->code, "kind",
                          vocab_kind_name(e->kind), "regions", regions_of(e->regions), "label",
                          e->label, "description", e->description);
    if (e->kind == VOCAB_FINDING)
        json_object_set_new(o, "group", json_string(vocab_group_name(e->group)));
    if (e->kind == VOCAB_IMAGING_FINDING || e->kind == VOCAB_BLOCK_TARGET)
        json_object_set_new(o, "needs_level", json_boolean(e->needs_level));
    if (e->grades) {
        json_t *grades = json_array();
        for (const char *const *g = e->grades; *g; g++)
            json_array_append_new(grades, json_string(*g));
        json_object_set_new(o, "grade_scale", json_string(e->grade_scale));
        json_object_set_new(o, "grades", grades);
    }
    return o;
}

static void render(void)
{
    size_t n = 0;
    const struct vocab_entry *all = vocab_all(&n);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, entry_json(&all[i]));
    json_t *root = json_pack("{s:o}", "items", items);
    rendered = json_dumps(root, HTTP_JSON_FLAGS);
    json_decref(root);
    if (!rendered)
        abort();
    rendered_len = strlen(rendered);
}

void api_vocabulary_get(const struct http_req *req, struct http_res *res)
{
    if (!edge_no_query(req, res))
        return;
    pthread_once(&once, render);
    http_res_text(res, 200, "application/json", rendered, rendered_len);
    http_res_header(res, "Cache-Control", "public, max-age=300");
}
