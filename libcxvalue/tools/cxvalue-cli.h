/* cxvalue-cli.h: what the cxvalue subcommands in other files share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <cxvalue.h>

G_BEGIN_DECLS

enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

/* One line on stderr naming the problem; the exit status to return. */
int               usage_error    (const char *format, ...) G_GNUC_PRINTF (1, 2);
int               fail           (const char *format, ...) G_GNUC_PRINTF (1, 2);
int               fail_with_file (const char   *path,
                                  const GError *error);

GOptionContext   *new_context    (const char         *parameters,
                                  const char         *summary,
                                  const char         *description,
                                  const GOptionEntry *entries,
                                  gpointer            user_data);
/* Returns -1 to go on, or an exit status (after --help or a bad option). */
int               parse_options  (GOptionContext   *context,
                                  int              *argc,
                                  char           ***argv);

/* Reads the nick of a value of an enumeration (`quarter`, `week`). */
gboolean          parse_nick     (GType       type,
                                  const char *text,
                                  int        *value);

CxvColumnMapping *load_mapping   (const char  *name,
                                  GError     **error);
CxvDataset       *open_dataset   (const char *path,
                                  int        *status);
/* One dataset file, or CSV @files read through @mapping_name, sealed. */
CxvDataset       *read_input     (const char  *mapping_name,
                                  char       **files,
                                  int         *status);

char             *format_double  (double value,
                                  int    decimals);
void              render_table   (GString  *out,
                                  CxvTable *table);

/* A small JSON writer: keys in the order written, numbers exact. */
typedef struct
{
  GString *out;
  guint    depth;
  gboolean need_comma;
} JsonWriter;

void json_key    (JsonWriter *w, const char *key);
void json_open   (JsonWriter *w, const char *key, char bracket);
void json_close  (JsonWriter *w, char bracket);
void json_text   (JsonWriter *w, const char *key, const char *value);
void json_int    (JsonWriter *w, const char *key, gint64 value);
void json_double (JsonWriter *w, const char *key, double value);
void json_raw    (JsonWriter *w, const char *key, const char *json);
void json_table  (JsonWriter *w, const char *key, CxvTable *table);

/* Subcommands defined outside cxvalue.c. */
int cmd_clv     (int argc, char **argv);
int cmd_linkage (int argc, char **argv);

G_END_DECLS
