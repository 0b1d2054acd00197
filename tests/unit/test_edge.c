/* The validator at the edge: pointers under an array's elements, restored
 * after them; the cap on listed errors and the 422 that counts them all. */
#include "unit.h"

#include "paingen/api/edge.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The pointer of the i-th error listed in v, "" when there is none. */
static const char *pointer_at(const struct validation *v, size_t i)
{
    const char *p = json_string_value(json_object_get(json_array_get(v->errors, i), "pointer"));
    return p ? p : "";
}

/* v's 422 as JSON (new reference), v's errors consumed. */
static json_t *reply(struct validation *v)
{
    struct http_req req = {.path = "/v1/things", .request_id = "unit"};
    struct http_res res = {0};
    validation_reply(v, &req, &res);
    json_t *body = json_loadb(res.body.data ? res.body.data : "", res.body.len, 0, NULL);
    CHECK(res.status == 422);
    buf_cleanup(&res.body);
    return body;
}

static void elements(void)
{
    static const char *const outer_fields[] = {"a", "inner", NULL};
    static const char *const inner_fields[] = {"b", NULL};
    json_t *body = json_loads("{\"outer\": [{\"a\": 1, \"zz\": 2}, 7,"
                              "  {\"a\": \"x\", \"inner\": [{\"b\": 1}, {\"b\": 1, \"q\": 0}]}],"
                              " \"top\": 1}",
                              0, NULL);
    CHECK(body != NULL);
    struct validation v = {0};
    json_t *outer = validate_array(&v, body, "outer", true, 10);
    struct validation_elements outer_elements = {
        .array = outer, .key = "outer", .fields = outer_fields};
    size_t seen = 0, inner_seen = 0;
    for (json_t *e; (e = validate_next_element(&v, &outer_elements));) {
        seen++;
        int64_t a;
        (void)validate_int(&v, e, "a", true, 0, 10, &a);
        json_t *inner = validate_array(&v, e, "inner", false, 10);
        struct validation_elements inner_elements = {
            .array = inner, .key = "inner", .fields = inner_fields};
        for (json_t *i; (i = validate_next_element(&v, &inner_elements));) {
            inner_seen++;
            CHECK(strcmp(v.prefix,
                         inner_elements.index ? "/outer/2/inner/1" : "/outer/2/inner/0") == 0);
        }
        CHECK(strcmp(v.prefix, outer_elements.index ? "/outer/2" : "/outer/0") == 0);
    }
    CHECK(seen == 2 && inner_seen == 2);
    CHECK(v.prefix[0] == '\0'); /* the loop's end restores the top */
    validation_add(&v, "/top", "after the elements");
    CHECK(v.count == 5 && json_array_size(v.errors) == 5);
    CHECK(strcmp(pointer_at(&v, 0), "/outer/0/zz") == 0);
    CHECK(strcmp(pointer_at(&v, 1), "/outer/1") == 0);
    CHECK(strcmp(pointer_at(&v, 2), "/outer/2/a") == 0);
    CHECK(strcmp(pointer_at(&v, 3), "/outer/2/inner/1/q") == 0);
    CHECK(strcmp(pointer_at(&v, 4), "/top") == 0);
    CHECK(!validation_ok(&v));
    validation_cleanup(&v);
    CHECK(validation_ok(&v) && v.count == 0);

    /* an absent array: no element, the prefix untouched */
    struct validation_elements none = {.array = NULL, .key = "missing", .fields = inner_fields};
    CHECK(validate_next_element(&v, &none) == NULL && v.prefix[0] == '\0');
    json_decref(body);
}

static void cap(void)
{
    struct validation v = {0};
    for (int i = 0; i < 120; i++)
        validation_add(&v, "/f", "error %d", i);
    CHECK(v.count == 120 && json_array_size(v.errors) == VALIDATION_MAX_ERRORS);
    json_t *body = reply(&v);
    CHECK(json_array_size(json_object_get(body, "errors")) == VALIDATION_MAX_ERRORS);
    const char *detail = json_string_value(json_object_get(body, "detail"));
    CHECK_MSG(detail && strcmp(detail, "120 invalid fields (the first 50 listed), first '/f'") == 0,
              "detail '%s'", detail ? detail : "(none)");
    CHECK(v.errors == NULL && v.count == 0);
    json_decref(body);

    for (int i = 0; i < VALIDATION_MAX_ERRORS; i++)
        validation_add(&v, "/g", "error %d", i);
    body = reply(&v);
    detail = json_string_value(json_object_get(body, "detail"));
    CHECK_MSG(detail && strcmp(detail, "50 invalid fields, first '/g'") == 0, "detail '%s'",
              detail ? detail : "(none)");
    json_decref(body);

    validation_add(&v, "/h", "one");
    body = reply(&v);
    detail = json_string_value(json_object_get(body, "detail"));
    CHECK_MSG(detail && strcmp(detail, "1 invalid field, first '/h'") == 0, "detail '%s'",
              detail ? detail : "(none)");
    json_decref(body);
}

/* A loop over the elements left before its end would put every later
 * error under the element: the validation's end refuses that, aborting. */
static void left_early(void)
{
    static const char *const fields[] = {"a", NULL};
    json_t *body = json_loads("{\"items\": [{\"a\": 1}, {\"a\": 2}]}", 0, NULL);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, STDERR_FILENO); /* the abort's log line */
        struct validation v = {0};
        json_t *in = validate_array(&v, body, "items", true, 10);
        struct validation_elements each = {.array = in, .key = "items", .fields = fields};
        for (json_t *e; (e = validate_next_element(&v, &each));)
            break;
        (void)validation_ok(&v);
        _exit(0);
    }
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
    json_decref(body);
}

void test_edge(void)
{
    elements();
    cap();
    left_early();
}
