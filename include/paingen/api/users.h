/* The clinic's people, for its admin: create (with a password of at
 * least PASSWORD_MIN_CHARS characters), list, read, disable (which ends
 * their sessions). People sign in with api/sessions.h. */
#ifndef PAINGEN_API_USERS_H
#define PAINGEN_API_USERS_H

#include "paingen/http/exchange.h"

#include <stdbool.h>

#define USERS_EMAIL_MAX 254 /* characters, as RFC 5321 allows a path */
#define USERS_NAME_MAX  200

void api_users_create(const struct http_req *req, struct http_res *res);
void api_users_list(const struct http_req *req, struct http_res *res);
void api_users_get(const struct http_req *req, struct http_res *res);
void api_users_disable(const struct http_req *req, struct http_res *res);

/* An address to sign in with: at most USERS_EMAIL_MAX bytes, one '@'
 * with something on either side, no white space or control character,
 * and a domain that neither starts nor ends with a dot. Its form only:
 * nothing is sent to it. */
bool users_email_valid(const char *s);

/* Why a new password cannot be used (a 422's words), or NULL. */
const char *users_password_problem(const char *password);

#endif
