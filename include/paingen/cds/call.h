/* A CDS Hooks 2.0 service call (POST /cds-services/{id}): its body
 * decoded and checked against the hook's context as the hook's page
 * defines it (patient-view, encounter-start, order-select, order-sign). */
#ifndef PAINGEN_CDS_CALL_H
#define PAINGEN_CDS_CALL_H

#include "paingen/api/edge.h"

#include <jansson.h>
#include <stdbool.h>

/* The hooks paingen answers. */
enum cds_hook { CDS_PATIENT_VIEW, CDS_ENCOUNTER_START, CDS_ORDER_SELECT, CDS_ORDER_SIGN };

/* The longest patientId taken: the external_id it may become (migration
 * 0002); FHIR ids are at most 64 characters. */
#define CDS_ID_MAX           128
/* The most entries a draftOrders Bundle and selections may hold. */
#define CDS_MAX_ORDERS       100
/* The prefetch key of the Patient (discovery's template for every
 * service). Must match openapi.yaml. */
#define CDS_PREFETCH_PATIENT "patient"
/* The longest fhirAuthorization.access_token taken. */
#define CDS_TOKEN_MAX        4096

/* Everything borrowed from the body it was decoded from. */
struct cds_call {
    enum cds_hook hook;
    const char *hook_name;
    char hook_instance[37]; /* lower case */
    const char *fhir_server;
    const char *fhir_token; /* fhirAuthorization.access_token, or NULL */
    const char *user_id;
    const char *patient_id;
    const char *encounter_id; /* NULL when not sent */
    json_t *selections;       /* order-select: an array of "Type/id" */
    json_t *draft_orders;     /* order-select, order-sign: a Bundle */
    json_t *prefetch;         /* an object, or NULL */
};

/* The hook's name ("patient-view" ...), or NULL. */
const char *cds_hook_name(enum cds_hook h);
/* A hook's name parsed; false for one paingen does not answer. */
bool cds_hook_parse(const char *s, enum cds_hook *out);

/* Decodes body into call: errors into v (pointers into the body), each
 * prefetch key one of prefetch_keys (NULL-terminated). hooks is the mask
 * (1 << enum cds_hook) of the hooks the service answers. */
void cds_call_decode(struct validation *v, json_t *body, unsigned hooks,
                     const char *const *prefetch_keys, struct cds_call *call);

#endif
