/* The command line's administration: clinics, API keys and people, run on a
 * connection that owns the tables (DATABASE_URL), outside any request.
 *
 *   paingen clinics create NAME         prints the new clinic's id
 *   paingen clinics list
 *   paingen keys create --clinic ID --role ROLE [--name NAME] [--expires TIME]
 *                                       prints the key, the only time it is shown
 *   paingen keys list
 *   paingen keys revoke ID
 *   paingen user create --clinic ID --email EMAIL --name NAME --role ROLE
 *                                       the password on standard input; prints the id
 *   paingen user list
 *   paingen user disable ID             and ends the person's sessions */
#ifndef PAINGEN_CLI_ADMIN_H
#define PAINGEN_CLI_ADMIN_H

#include "paingen/core/config.h"

/* Whether argv[1] names an administration command. */
int cli_is_admin(const char *command);
/* Runs it (argv[1] and on); the process exit status. */
int cli_admin(const struct config *c, int argc, char **argv);

#endif
