/* Router cases from data/routes.tsv against a small fixed table, and
 * request targets from data/targets.tsv. */
#include "unit.h"

#include "paingen/http/router.h"

#include <string.h>

static void noop(const struct http_req *req, struct http_res *res)
{
    (void)req;
    (void)res;
}

static const struct route table[] = {
    {HTTP_GET, "/healthz", noop, 0},
    {HTTP_GET, "/v1/patients", noop, 0},
    {HTTP_POST, "/v1/patients", noop, 0},
    {HTTP_GET, "/v1/patients/{id}", noop, 0},
    {HTTP_PUT, "/v1/patients/{id}", noop, 0},
    {HTTP_GET, "/v1/patients/{id}/consultations/{cid}", noop, 0},
};

static enum http_method method_of(const char *s)
{
    static const enum http_method all[] = {HTTP_GET,    HTTP_POST, HTTP_PUT,    HTTP_PATCH,
                                           HTTP_DELETE, HTTP_HEAD, HTTP_OPTIONS};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(s, http_method_name(all[i])) == 0)
            return all[i];
    return 0;
}

/* fields: method, path, result, route template or Allow, params */
static void row(char **f, int n, int line)
{
    if (n < 4) {
        CHECK_MSG(0, "routes.tsv:%d: expected 4 or 5 fields", line);
        return;
    }
    struct route_match m;
    enum pg_err err =
        router_match(table, sizeof table / sizeof table[0], method_of(f[0]), f[1], &m);
    const char *want = f[2];
    const char *got = err == PG_ERR_OK                   ? "OK"
                      : err == PG_ERR_NOT_FOUND          ? "NOT_FOUND"
                      : err == PG_ERR_METHOD_NOT_ALLOWED ? "METHOD_NOT_ALLOWED"
                                                         : "?";
    CHECK_MSG(strcmp(got, want) == 0, "routes.tsv:%d: %s %s gave %s, want %s", line, f[0], f[1],
              got, want);
    if (err == PG_ERR_OK) {
        CHECK_MSG(strcmp(table[m.index].path, f[3]) == 0, "routes.tsv:%d: matched %s, want %s",
                  line, table[m.index].path, f[3]);
        char params[256] = "";
        size_t used = 0;
        for (size_t i = 0; i < m.n_params; i++)
            used += (size_t)snprintf(params + used, sizeof params - used, "%s%s=%s", i ? "," : "",
                                     m.params[i].key, m.params[i].value);
        const char *want_params = n > 4 ? f[4] : "";
        CHECK_MSG(strcmp(params, want_params) == 0, "routes.tsv:%d: params '%s', want '%s'", line,
                  params, want_params);
    } else if (err == PG_ERR_METHOD_NOT_ALLOWED) {
        char allow[96];
        router_allow_string(m.allow, allow, sizeof allow);
        CHECK_MSG(strcmp(allow, f[3]) == 0, "routes.tsv:%d: Allow '%s', want '%s'", line, allow,
                  f[3]);
    }
}

/* fields: the target as sent, then OK or the start of the refusal */
static void target_row(char **f, int n, int line)
{
    if (n != 2) {
        CHECK_MSG(0, "targets.tsv:%d: expected 2 fields", line);
        return;
    }
    char why[160] = "";
    bool ok = router_check_target(f[0], why, sizeof why);
    const char *got = ok ? "OK" : why;
    CHECK_MSG(strncmp(got, f[1], strlen(f[1])) == 0 && (ok == (strcmp(f[1], "OK") == 0)),
              "targets.tsv:%d: %s gave '%s', want '%s'", line, f[0], got, f[1]);
}

/* Ids in capitals name the same resources: the path is lowered there,
 * and nowhere else. */
static void canonical_paths(void)
{
    static const char *const cases[][2] = {
        {"/v1/patients/0B9E2F4C-1D2A-4C3B-9E8F-7A6B5C4D3E2F",
         "/v1/patients/0b9e2f4c-1d2a-4c3b-9e8f-7a6b5c4d3e2f"},
        {"/v1/consultations/0B9e2F4C-1D2A-4C3B-9E8F-7A6B5C4D3E2F/Findings",
         "/v1/consultations/0b9e2f4c-1d2a-4c3b-9e8f-7a6b5c4d3e2f/Findings"},
        {"/V1/PATIENTS", "/V1/PATIENTS"},
        {"/v1/patients/0B9E2F4C-1D2A-4C3B-9E8F-7A6B5C4D3E2FA", /* 37 characters: no id */
         "/v1/patients/0B9E2F4C-1D2A-4C3B-9E8F-7A6B5C4D3E2FA"},
        {"/v1/patients/ABCDEFAB+ABCD+ABCD+ABCD+ABCDEFABCDEF",
         "/v1/patients/ABCDEFAB+ABCD+ABCD+ABCD+ABCDEFABCDEF"},
        {"/0B9E2F4C-1D2A-4C3B-9E8F-7A6B5C4D3E2F/", "/0b9e2f4c-1d2a-4c3b-9e8f-7a6b5c4d3e2f/"},
        {"/", "/"},
        {"", ""},
    };
    char out[ROUTER_MAX_PATH + 1];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool ok = router_path_canonical(cases[i][0], out);
        CHECK_MSG(ok && strcmp(out, cases[i][1]) == 0, "canonical '%s' = '%s', want '%s'",
                  cases[i][0], ok ? out : "(false)", cases[i][1]);
    }
    char too_long[ROUTER_MAX_PATH + 2];
    memset(too_long, 'a', sizeof too_long - 1);
    too_long[sizeof too_long - 1] = '\0';
    CHECK(!router_path_canonical(too_long, out));
}

void test_router(void)
{
    CHECK(unit_each_row("routes.tsv", row) > 10);
    CHECK(unit_each_row("targets.tsv", target_row) > 10);
    canonical_paths();
}
