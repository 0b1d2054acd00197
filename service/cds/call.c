/* A hook call's body: the members the specification defines (anything
 * else is named in a 422), the hook's context by its own table, the
 * prefetch keys the service asked for. */
#include "paingen/cds/call.h"

#include "paingen/core/parse.h"
#include "paingen/core/utf8.h"
#include "paingen/http/client.h"

#include <stdio.h>
#include <string.h>

static const char *const hook_names[] = {
    [CDS_PATIENT_VIEW] = "patient-view",
    [CDS_ENCOUNTER_START] = "encounter-start",
    [CDS_ORDER_SELECT] = "order-select",
    [CDS_ORDER_SIGN] = "order-sign",
};
#define N_HOOKS (sizeof hook_names / sizeof hook_names[0])

const char *cds_hook_name(enum cds_hook h) { return (unsigned)h < N_HOOKS ? hook_names[h] : NULL; }

bool cds_hook_parse(const char *s, enum cds_hook *out)
{
    for (size_t i = 0; s && i < N_HOOKS; i++)
        if (strcmp(hook_names[i], s) == 0) {
            *out = (enum cds_hook)i;
            return true;
        }
    return false;
}

/* A context field's requirements, per hook (each hook's page: Context). */
enum need { NO, OPT, REQ };
static const struct {
    const char *key;
    enum need need[N_HOOKS]; /* by enum cds_hook */
} context_fields[] = {
    {"userId", {REQ, REQ, REQ, REQ}},      {"patientId", {REQ, REQ, REQ, REQ}},
    {"encounterId", {OPT, REQ, OPT, OPT}}, {"selections", {NO, NO, REQ, NO}},
    {"draftOrders", {NO, NO, REQ, REQ}},
};
#define N_CONTEXT (sizeof context_fields / sizeof context_fields[0])

/* The context member key as a string of 1..max characters; NULL (an
 * error when required or mistyped) otherwise. */
static const char *context_string(struct validation *v, json_t *context, const char *key,
                                  bool required, size_t max)
{
    char ptr[64];
    snprintf(ptr, sizeof ptr, "/context/%s", key);
    json_t *value = json_object_get(context, key);
    if (!value) {
        if (required)
            validation_add(v, ptr, "required by this hook");
        return NULL;
    }
    const char *s = json_string_value(value);
    size_t n = s ? utf8_length(s) : 0;
    if (!s || n == 0 || n > max || strlen(s) != json_string_length(value)) {
        validation_add(v, ptr, "must be a string of 1 to %zu characters, without NUL", max);
        return NULL;
    }
    return s;
}

/* order-select's selections: references "Type/id" into draftOrders. */
static void check_selections(struct validation *v, json_t *selections)
{
    size_t i;
    json_t *s;
    json_array_foreach(selections, i, s)
    {
        const char *ref = json_string_value(s);
        if (!ref || !strchr(ref, '/') || strlen(ref) != json_string_length(s) ||
            strlen(ref) > 200) {
            char ptr[48];
            snprintf(ptr, sizeof ptr, "/context/selections/%zu", i);
            validation_add(v, ptr, "must be a reference \"Type/id\" to an order of draftOrders");
        }
    }
}

/* draftOrders: a Bundle whose entries hold resources (what they order is
 * read by cds/orders.h). */
static void check_bundle(struct validation *v, json_t *bundle)
{
    json_t *entry = json_object_get(bundle, "entry");
    const char *type = json_string_value(json_object_get(bundle, "resourceType"));
    if (!json_is_object(bundle) || !type || strcmp(type, "Bundle") != 0) {
        validation_add(v, "/context/draftOrders", "must be a FHIR Bundle");
        return;
    }
    if (entry && (!json_is_array(entry) || json_array_size(entry) > CDS_MAX_ORDERS)) {
        validation_add(v, "/context/draftOrders/entry", "must be an array of at most %d entries",
                       CDS_MAX_ORDERS);
        return;
    }
    size_t i;
    json_t *e;
    json_array_foreach(entry, i, e)
    {
        json_t *r = json_object_get(e, "resource");
        if (!json_is_object(r) || !json_is_string(json_object_get(r, "resourceType"))) {
            char ptr[64];
            snprintf(ptr, sizeof ptr, "/context/draftOrders/entry/%zu/resource", i);
            validation_add(v, ptr, "must be a FHIR resource");
        }
    }
}

static void decode_context(struct validation *v, json_t *context, struct cds_call *call)
{
    if (!json_is_object(context)) {
        validation_add(v, "/context", context ? "must be an object" : "required");
        return;
    }
    const char *key;
    json_t *value;
    json_object_foreach(context, key, value)
    {
        size_t i = 0;
        while (i < N_CONTEXT && strcmp(context_fields[i].key, key) != 0)
            i++;
        if (i == N_CONTEXT || context_fields[i].need[call->hook] == NO) {
            char ptr[160];
            snprintf(ptr, sizeof ptr, "/context/%s", key);
            validation_add(v, ptr, "not a context field of %s", call->hook_name);
        }
    }
    enum cds_hook h = call->hook;
    call->user_id = context_string(v, context, "userId", true, 255);
    call->patient_id = context_string(v, context, "patientId", true, CDS_ID_MAX);
    call->encounter_id = context_string(v, context, "encounterId", h == CDS_ENCOUNTER_START, 255);
    if (h == CDS_ORDER_SELECT) {
        call->selections = json_object_get(context, "selections");
        if (!json_is_array(call->selections) ||
            json_array_size(call->selections) > CDS_MAX_ORDERS) {
            validation_add(v, "/context/selections", "required: an array of at most %d references",
                           CDS_MAX_ORDERS);
            call->selections = NULL;
        } else {
            check_selections(v, call->selections);
        }
    }
    if (h == CDS_ORDER_SELECT || h == CDS_ORDER_SIGN) {
        call->draft_orders = json_object_get(context, "draftOrders");
        check_bundle(v, call->draft_orders);
    }
}

/* Each key one the service asked for; each value a resource, or null
 * (the EHR has no data for it). */
static void decode_prefetch(struct validation *v, json_t *prefetch,
                            const char *const *prefetch_keys, struct cds_call *call)
{
    if (!prefetch)
        return;
    if (!json_is_object(prefetch)) {
        validation_add(v, "/prefetch", "must be an object");
        return;
    }
    const char *key;
    json_t *value;
    json_object_foreach(prefetch, key, value)
    {
        char ptr[160];
        snprintf(ptr, sizeof ptr, "/prefetch/%s", key);
        bool asked = false;
        for (const char *const *k = prefetch_keys; *k && !asked; k++)
            asked = strcmp(*k, key) == 0;
        if (!asked)
            validation_add(v, ptr, "not a prefetch key of this service (see GET /cds-services)");
        else if (!json_is_null(value) && !json_is_string(json_object_get(value, "resourceType")))
            validation_add(v, ptr, "must be a FHIR resource or null");
    }
    call->prefetch = prefetch;
}

/* An OAuth 2.0 bearer token as RFC 6750 (2.1) has it (b64token): what
 * may go into an Authorization header as it is. */
static bool b64token(const char *s)
{
    size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/");
    if (n == 0)
        return false;
    return s[n + strspn(s + n, "=")] == '\0';
}

static void decode_authorization(struct validation *v, json_t *auth, struct cds_call *call)
{
    static const char *const fields[] = {"access_token", "token_type", "expires_in", "scope",
                                         "subject",      "patient",    NULL};
    if (!json_is_object(auth)) {
        validation_add(v, "/fhirAuthorization", "must be an object");
        return;
    }
    for (const char *const *f = fields; *f; f++) {
        json_t *m = json_object_get(auth, *f);
        bool required = strcmp(*f, "patient") != 0;
        bool ok = strcmp(*f, "expires_in") == 0 ? json_is_integer(m) : json_is_string(m);
        if ((m || required) && !ok) {
            char ptr[64];
            snprintf(ptr, sizeof ptr, "/fhirAuthorization/%s", *f);
            validation_add(v, ptr, m ? "has the wrong type" : "required");
        }
    }
    const char *token = json_string_value(json_object_get(auth, "access_token"));
    if (token && (strlen(token) > CDS_TOKEN_MAX || !b64token(token)))
        validation_add(v, "/fhirAuthorization/access_token",
                       "must be an OAuth 2.0 bearer token (RFC 6750 b64token) of at most %d "
                       "characters",
                       CDS_TOKEN_MAX);
    else
        call->fhir_token = token;
}

void cds_call_decode(struct validation *v, json_t *body, unsigned hooks,
                     const char *const *prefetch_keys, struct cds_call *call)
{
    static const char *const fields[] = {
        "hook",    "hookInstance", "fhirServer", "fhirAuthorization",
        "context", "prefetch",     "extension",  NULL};
    *call = (struct cds_call){0};
    validate_known_fields(v, body, fields);
    const char *hook = validate_string(v, body, "hook", true, 64);
    enum cds_hook h = CDS_PATIENT_VIEW;
    if (hook && (!cds_hook_parse(hook, &h) || !(hooks & (1u << h)))) {
        char list[128] = "";
        for (size_t i = 0; i < N_HOOKS; i++)
            if (hooks & (1u << i))
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                         list[0] ? ", " : "", hook_names[i]);
        validation_add(v, "/hook", "this service answers %s", list);
        hook = NULL;
    }
    const char *instance = validate_string(v, body, "hookInstance", true, 64);
    if (instance && !parse_uuid(instance, call->hook_instance))
        validation_add(v, "/hookInstance", "must be a UUID");
    call->fhir_server = validate_string(v, body, "fhirServer", false, HTTP_CLIENT_URL_MAX);
    json_t *auth = json_object_get(body, "fhirAuthorization");
    if (auth) {
        decode_authorization(v, auth, call);
        if (!call->fhir_server)
            validation_add(v, "/fhirServer", "required with fhirAuthorization");
    }
    json_t *extension = json_object_get(body, "extension");
    if (extension && !json_is_object(extension))
        validation_add(v, "/extension", "must be an object");
    decode_prefetch(v, json_object_get(body, "prefetch"), prefetch_keys, call);
    if (!hook) { /* the context's fields depend on the hook */
        if (!json_object_get(body, "context"))
            validation_add(v, "/context", "required");
        return;
    }
    call->hook = h;
    call->hook_name = hook_names[h];
    decode_context(v, json_object_get(body, "context"), call);
}
