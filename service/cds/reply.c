/* The answer to a hook call. */
#include "paingen/cds/reply.h"

#include "paingen/api/auth.h"
#include "paingen/cds/card.h"

#include <stdio.h>

void cds_reply_cards(const struct http_req *req, struct http_res *res, const struct cds_call *call,
                     const char *service_id, json_t *latest, json_t *cards)
{
    (void)req;
    (void)call;
    (void)service_id;
    (void)latest;
    size_t i;
    json_t *card;
    json_array_foreach(cards, i, card)
    {
        char quoted[40];
        snprintf(quoted, sizeof quoted, "\"%s\"", cds_card_uuid(card));
        auth_note_resources(quoted);
    }
    http_res_json(res, 200, json_pack("{s:O}", "cards", cards));
}
