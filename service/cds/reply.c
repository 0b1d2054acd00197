/* The answer to a hook call, and the record of the cards it carries. */
#include "paingen/cds/reply.h"

#include "paingen/api/app.h"
#include "paingen/api/auth.h"
#include "paingen/api/edge.h"
#include "paingen/cds/card.h"
#include "paingen/store/cds.h"

#include <stdio.h>
#include <stdlib.h>

void cds_issue_add(json_t *issued, json_t *card, json_t *latest)
{
    json_t *id = json_object_get(json_object_get(latest, "assessment"), "id");
    json_array_append_new(
        issued, json_pack("{s:o, s:O}", "card", card, "assessment_id", id ? id : json_null()));
}

static enum pg_err record(const struct http_req *req, const struct cds_call *call,
                          const char *service_id, const char *patient_id, json_t *issued)
{
    struct app *app = req->ctx;
    struct cds_issue issue = {auth_clinic(),       service_id,    call->hook_name,
                              call->hook_instance, auth_key_id(), patient_id};
    char *text = json_dumps(issued, HTTP_JSON_FLAGS);
    if (!text)
        abort();
    enum pg_err err = store_cds_cards_insert(app->pool, &issue, text);
    free(text);
    return err;
}

void cds_reply_cards(const struct http_req *req, struct http_res *res, const struct cds_call *call,
                     const char *service_id, const char *patient_id, json_t *issued)
{
    json_t *cards = json_array();
    size_t i;
    json_t *e;
    json_array_foreach(issued, i, e)
    {
        json_t *card = json_object_get(e, "card");
        char quoted[40];
        snprintf(quoted, sizeof quoted, "\"%s\"", cds_card_uuid(card));
        auth_note_resources(quoted);
        json_array_append(cards, card);
    }
    enum pg_err err = json_array_size(issued) && patient_id
                          ? record(req, call, service_id, patient_id, issued)
                          : PG_ERR_OK;
    if (err == PG_ERR_OK)
        http_res_json(res, 200, json_pack("{s:o}", "cards", cards));
    else {
        json_decref(cards);
        edge_reply_error(req, res, err, "card");
    }
}
