/* cxvalue.c: the cxvalue command line
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* `cxvalue SUBCOMMAND [OPTION…]`: one GOptionContext per subcommand, human
 * tables on stdout by default and `--json` for machines, one line on
 * stderr for every failure. Exit status: 0 success, 1 failure (a bad file,
 * a failed import), 2 usage error (unknown subcommand or option, missing or
 * malformed argument).
 *
 * No command leaves a half-written output: datasets go through
 * cxv_dataset_save(), which is atomic, and CSV files are written to a
 * temporary file in the target's directory and renamed over it only once
 * complete.
 *
 * The demo report is a list of sections (report_sections[]), each built
 * from the dataset into facts and CxvTables and rendered either as text or
 * as JSON; an analysis joins the report by adding a section there. */

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>

#include "cxvalue-cli.h"

/* The demo's sample, about the size the issue asks for: big enough to look
 * like a real business, small enough to simulate and report in a second. */
#define DEMO_CUSTOMERS 20000
#define DEMO_MONTHS 24

/* ------------------------------------------------------------------ */
/* Record kinds                                                         */

/* In the order an import needs: initiatives, products and customers are
 * declared before the records that refer to them, so that each keeps its
 * index. The file stem is also the name of the kind's preset mapping,
 * `cxvalue-<stem>`. */
static const struct
{
  CxvRecordKind  kind;
  const char    *stem;
} import_order[] = {
  { CXV_RECORD_INITIATIVE, "initiatives" },
  { CXV_RECORD_PRODUCT, "products" },
  { CXV_RECORD_CUSTOMER, "customers" },
  { CXV_RECORD_HOLDING, "holdings" },
  { CXV_RECORD_REVENUE, "revenue" },
  { CXV_RECORD_INTERACTION, "interactions" },
  { CXV_RECORD_FEEDBACK, "feedback" },
  { CXV_RECORD_USAGE, "usage" },
  { CXV_RECORD_REFERRAL, "referrals" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (import_order) == CXV_N_RECORD_KINDS);

static const char *const kind_labels[CXV_N_RECORD_KINDS] = {
  [CXV_RECORD_CUSTOMER] = "customers",
  [CXV_RECORD_PRODUCT] = "products",
  [CXV_RECORD_HOLDING] = "holdings",
  [CXV_RECORD_REVENUE] = "revenue events",
  [CXV_RECORD_INTERACTION] = "interactions",
  [CXV_RECORD_FEEDBACK] = "feedback answers",
  [CXV_RECORD_USAGE] = "usage records",
  [CXV_RECORD_REFERRAL] = "referrals",
  [CXV_RECORD_INITIATIVE] = "initiatives",
};

static const char *
enum_nick (GType type,
           int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value (klass, value);

  /* Nicks are static strings of the registered type. */
  return v != NULL ? v->value_nick : "?";
}

/* Accepts a kind's nick (`revenue`, `customer`) or its file stem
 * (`customers`). */
static gboolean
parse_kind (const char    *text,
            CxvRecordKind *kind)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (CXV_TYPE_RECORD_KIND);
  GEnumValue *v = g_enum_get_value_by_nick (klass, text);

  if (v != NULL)
    {
      *kind = v->value;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (import_order); i++)
    if (g_strcmp0 (import_order[i].stem, text) == 0)
      {
        *kind = import_order[i].kind;
        return TRUE;
      }
  return FALSE;
}

static char *
list_kind_nicks (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (CXV_TYPE_RECORD_KIND);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < klass->n_values; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", klass->values[i].value_nick);
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------ */
/* Messages                                                             */

static const char *command_name = NULL;

/* One line: whatever the message holds, line breaks become spaces. */
static void
print_problem (const char *message)
{
  g_autofree char *line = g_strdup (message);

  g_strdelimit (line, "\r\n", ' ');
  g_strchomp (line);
  if (command_name != NULL)
    g_printerr ("cxvalue %s: %s\n", command_name, line);
  else
    g_printerr ("cxvalue: %s\n", line);
}

int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (command_name != NULL)
    line = g_strdup_printf ("%s (see “cxvalue %s --help”)", message, command_name);
  else
    line = g_strdup_printf ("%s (see “cxvalue --help”)", message);
  print_problem (line);
  return EXIT_USAGE;
}

int
fail (const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  print_problem (message);
  return EXIT_FAILED;
}

/* A failure about @path: the library's messages mostly name the file
 * already; when one does not, the path goes first. */
int
fail_with_file (const char   *path,
                const GError *error)
{
  if (path != NULL && strstr (error->message, path) == NULL)
    return fail ("%s: %s", path, error->message);
  return fail ("%s", error->message);
}

/* ------------------------------------------------------------------ */
/* Options                                                              */

static gboolean opt_help;

static const GOptionEntry help_entries[] = {
  { "help", 'h', 0, G_OPTION_ARG_NONE, &opt_help, "Show this help", NULL },
  G_OPTION_ENTRY_NULL
};

/* A context whose main group hands @user_data to callback options. */
GOptionContext *
new_context (const char         *parameters,
             const char         *summary,
             const char         *description,
             const GOptionEntry *entries,
             gpointer            user_data)
{
  GOptionContext *context = g_option_context_new (parameters);
  GOptionGroup *group = g_option_group_new (NULL, NULL, NULL, user_data, NULL);

  g_option_group_add_entries (group, entries);
  g_option_group_add_entries (group, help_entries);
  g_option_context_set_main_group (context, group);
  /* Help is an ordinary option here, so that `--help` returns from the
   * subcommand like any other path, instead of exit() inside GLib. */
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_summary (context, summary);
  if (description != NULL)
    g_option_context_set_description (context, description);
  return context;
}

/* Parses, and answers `--help`. Returns -1 to go on, or an exit status. */
int
parse_options (GOptionContext   *context,
               int              *argc,
               char           ***argv)
{
  g_autoptr(GError) error = NULL;

  opt_help = FALSE;
  if (!g_option_context_parse (context, argc, argv, &error))
    return usage_error ("%s", error->message);
  if (opt_help)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      g_print ("%s", help);
      return EXIT_OK;
    }
  return -1;
}

/* Reads a whole number of an option in [min, max]. */
static gboolean
parse_count (const char *option,
             const char *text,
             guint64     min,
             guint64     max,
             guint64    *out,
             int        *status)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, min, max, out, &error))
    {
      *status = usage_error ("%s: “%s” is not a whole number from %" G_GUINT64_FORMAT " to %"
                             G_GUINT64_FORMAT, option, text, min, max);
      return FALSE;
    }
  return TRUE;
}

/* The bounds a simulator property accepts, read from its GParamSpec so
 * the command and the library cannot disagree. */
static void
simulator_bounds (const char *property,
                  guint64    *min,
                  guint64    *max)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (CXV_TYPE_SIMULATOR);
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_CLASS (klass), property);

  if (pspec != NULL && G_IS_PARAM_SPEC_UINT (pspec))
    {
      *min = MAX (*min, G_PARAM_SPEC_UINT (pspec)->minimum);
      *max = MIN (*max, G_PARAM_SPEC_UINT (pspec)->maximum);
    }
}

/* ------------------------------------------------------------------ */
/* Number and table formatting                                          */

/* Groups the digits of the integer part of @text by thousands. */
static char *
group_digits (const char *text)
{
  const char *digits = text + (*text == '-');
  gsize n = strspn (digits, "0123456789");
  GString *out = g_string_new (NULL);

  g_string_append_len (out, text, digits - text);
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  g_string_append (out, digits + n);
  return g_string_free (out, FALSE);
}

static char *
format_count (gint64 value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  return group_digits (text);
}

static char *
format_money (gint64 amount,
              int    decimals)
{
  g_autofree char *text = cxv_money_format (amount, decimals);
  return group_digits (text);
}

/* The decimals that show @value to four significant digits, without
 * trailing zeros: 0.1234 needs 4, 2.5 needs 1, 93.1 needs 1, 20000 none. */
static int
double_decimals (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  int decimals;
  char *end;

  if (!isfinite (value) || value == 0)
    return 0;
  decimals = CLAMP (3 - (int) floor (log10 (fabs (value))), 0, 6);
  g_snprintf (buf, sizeof buf, "%.*f", decimals, value);
  for (end = buf + strlen (buf) - 1; decimals > 0 && *end == '0'; end--)
    decimals--;
  return decimals;
}

/* Every double of a column is shown with the same decimals, so that the
 * decimal points line up. */
char *
format_double (double value,
               int    decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return g_strdup (isnan (value) ? "n/a" : value > 0 ? "inf" : "-inf");
  g_snprintf (buf, sizeof buf, "%.*f", decimals, value);
  return group_digits (buf);
}

static int
column_decimals (CxvTable *table,
                 guint     column)
{
  int decimals = 0;

  if (cxv_table_get_column_type (table, column) != CXV_COLUMN_DOUBLE)
    return 0;
  for (guint r = 0; r < cxv_table_get_n_rows (table); r++)
    if (!cxv_table_is_null (table, r, column))
      decimals = MAX (decimals, double_decimals (cxv_table_get_double (table, r, column)));
  return decimals;
}

static char *
format_date (CxvDate date)
{
  if (date == CXV_DATE_NONE)
    return g_strdup ("-");
  return cxv_date_to_iso8601 (date);
}

/* A cell of a result table as a person reads it. */
static char *
format_cell (CxvTable *table,
             guint     row,
             guint     column,
             int       decimals)
{
  if (cxv_table_is_null (table, row, column))
    return g_strdup ("-");

  switch (cxv_table_get_column_type (table, column))
    {
    case CXV_COLUMN_INT:
      return format_count (cxv_table_get_int (table, row, column));
    case CXV_COLUMN_DOUBLE:
      return format_double (cxv_table_get_double (table, row, column), decimals);
    case CXV_COLUMN_MONEY:
      {
        g_autofree char *text = cxv_table_format_cell (table, row, column);
        return group_digits (text);
      }
    case CXV_COLUMN_TEXT:
    case CXV_COLUMN_DATE:
    case CXV_COLUMN_BOOLEAN:
    default:
      return cxv_table_format_cell (table, row, column);
    }
}

static gboolean
column_is_numeric (CxvTable *table,
                   guint     column)
{
  CxvColumnType type = cxv_table_get_column_type (table, column);

  return type == CXV_COLUMN_INT || type == CXV_COLUMN_DOUBLE || type == CXV_COLUMN_MONEY;
}

static void
pad (GString    *out,
     const char *text,
     guint       width,
     gboolean    right)
{
  glong len = g_utf8_strlen (text, -1);
  guint fill = len < (glong) width ? width - (guint) len : 0;

  if (right)
    for (guint i = 0; i < fill; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (!right)
    for (guint i = 0; i < fill; i++)
      g_string_append_c (out, ' ');
}

/* Column names are identifiers (`mean_score`); people read them with
 * spaces. */
static char *
column_title (const char *name)
{
  char *title = g_strdup (name);

  g_strdelimit (title, "_", ' ');
  return title;
}

/* Renders @table with aligned columns, numbers to the right. */
void
render_table (GString  *out,
              CxvTable *table)
{
  guint n_columns = cxv_table_get_n_columns (table);
  guint n_rows = cxv_table_get_n_rows (table);
  g_autofree guint *widths = g_new0 (guint, n_columns);
  g_autofree int *decimals = g_new0 (int, n_columns);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  for (guint c = 0; c < n_columns; c++)
    {
      char *title = column_title (cxv_table_get_column_name (table, c));

      widths[c] = (guint) g_utf8_strlen (title, -1);
      decimals[c] = column_decimals (table, c);
      g_ptr_array_add (cells, title);
    }
  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < n_columns; c++)
      {
        char *text = format_cell (table, r, c, decimals[c]);

        widths[c] = MAX (widths[c], (guint) g_utf8_strlen (text, -1));
        g_ptr_array_add (cells, text);
      }

  for (guint r = 0; r <= n_rows; r++)
    {
      g_string_append (out, "  ");
      for (guint c = 0; c < n_columns; c++)
        {
          if (c > 0)
            g_string_append (out, "  ");
          pad (out, g_ptr_array_index (cells, r * n_columns + c),
               c + 1 < n_columns || column_is_numeric (table, c) ? widths[c] : 0,
               column_is_numeric (table, c));
        }
      g_string_append_c (out, '\n');
    }
}

/* ------------------------------------------------------------------ */
/* JSON                                                                 */

/* A small streaming writer. json-glib 1.6 prints 0.1 as
 * 0.10000000000000001 and 1e21 as the invalid 1e+21.0, so doubles are
 * written here in their shortest exact form, as CxvTable's JSON does. */

static void
json_string (GString    *out,
             const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

void
json_key (JsonWriter *w,
          const char *key)
{
  if (w->need_comma)
    g_string_append_c (w->out, ',');
  if (w->depth > 0)
    {
      g_string_append_c (w->out, '\n');
      for (guint i = 0; i < w->depth; i++)
        g_string_append (w->out, "  ");
    }
  if (key != NULL)
    {
      json_string (w->out, key);
      g_string_append (w->out, ": ");
    }
  w->need_comma = TRUE;
}

void
json_open (JsonWriter *w,
           const char *key,
           char        bracket)
{
  json_key (w, key);
  g_string_append_c (w->out, bracket);
  w->depth++;
  w->need_comma = FALSE;
}

void
json_close (JsonWriter *w,
            char        bracket)
{
  gboolean empty = !w->need_comma;

  w->depth--;
  if (!empty)
    {
      g_string_append_c (w->out, '\n');
      for (guint i = 0; i < w->depth; i++)
        g_string_append (w->out, "  ");
    }
  g_string_append_c (w->out, bracket);
  w->need_comma = TRUE;
}

void
json_text (JsonWriter *w,
           const char *key,
           const char *value)
{
  json_key (w, key);
  if (value == NULL)
    g_string_append (w->out, "null");
  else
    json_string (w->out, value);
}

void
json_int (JsonWriter *w,
          const char *key,
          gint64      value)
{
  json_key (w, key);
  g_string_append_printf (w->out, "%" G_GINT64_FORMAT, value);
}

void
json_double (JsonWriter *w,
             const char *key,
             double      value)
{
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  json_key (w, key);
  if (!isfinite (value))
    {
      g_string_append (w->out, "null");
      return;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, sizeof buf, formats[i], value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append (w->out, buf);
}

static void
json_date (JsonWriter *w,
           const char *key,
           CxvDate     date)
{
  g_autofree char *text = date == CXV_DATE_NONE ? NULL : cxv_date_to_iso8601 (date);
  json_text (w, key, text);
}

/* Money is a decimal string, so that it stays exact. */
static void
json_money (JsonWriter *w,
            const char *key,
            gint64      amount,
            int         decimals)
{
  g_autofree char *text = cxv_money_format (amount, decimals);
  json_text (w, key, text);
}

/* A document written by someone else, such as a CxvTable's JSON. */
void
json_raw (JsonWriter *w,
          const char *key,
          const char *json)
{
  json_key (w, key);
  g_string_append (w->out, json);
}

/* ------------------------------------------------------------------ */
/* Output files                                                         */

/* A file written in full or not at all: the bytes go to a temporary file
 * beside the target, which replaces the target only on commit. "-" is
 * standard output. */
typedef struct
{
  char          *path;
  char          *tmp_path;
  GOutputStream *stream;
} OutputFile;

static void
output_file_free (OutputFile *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->stream);
  if (self->tmp_path != NULL)
    g_unlink (self->tmp_path);
  g_free (self->tmp_path);
  g_free (self->path);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OutputFile, output_file_free)

static gboolean
set_errno_error (GError     **error,
                 const char  *path,
                 int          saved_errno)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: cannot write: %s",
               path, g_strerror (saved_errno));
  return FALSE;
}

static OutputFile *
output_file_new (const char  *path,
                 GError     **error)
{
  g_autoptr(OutputFile) self = g_new0 (OutputFile, 1);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  int fd, saved_errno;

  self->path = g_strdup (path);
  if (g_strcmp0 (path, "-") == 0)
    {
      self->stream = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
      return g_steal_pointer (&self);
    }

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, "%s: is a directory", path);
      return NULL;
    }
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  self->tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (self->tmp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      saved_errno = errno;
      g_clear_pointer (&self->tmp_path, g_free);
      set_errno_error (error, path, saved_errno);
      return NULL;
    }
  self->stream = g_unix_output_stream_new (fd, TRUE);
  return g_steal_pointer (&self);
}

static gboolean
output_file_commit (OutputFile  *self,
                    GError     **error)
{
  int fd;

  if (!g_output_stream_flush (self->stream, NULL, error))
    return FALSE;
  if (self->tmp_path == NULL)
    return TRUE;

  /* The data reaches the disk before the name does, so a crash leaves
   * the old file or the new one, never a truncated one. */
  fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (self->stream));
  if (fsync (fd) != 0)
    return set_errno_error (error, self->path, errno);
  if (!g_output_stream_close (self->stream, NULL, error))
    return FALSE;
  if (g_rename (self->tmp_path, self->path) != 0)
    return set_errno_error (error, self->path, errno);
  g_clear_pointer (&self->tmp_path, g_free);
  return TRUE;
}

/* The message of a failed write, naming the file. */
static void
prefix_path (GError     **error,
             const char  *path)
{
  if (error != NULL && *error != NULL && strstr ((*error)->message, path) == NULL)
    g_prefix_error (error, "%s: ", path);
}

/* Writes every kind of @dataset into @dir as <stem>.csv. The files are
 * renamed into place only once all of them are written. */
static gboolean
write_csv_dir (CxvDataset  *dataset,
               const char  *dir,
               GError     **error)
{
  g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) output_file_free);

  if (g_mkdir_with_parents (dir, 0777) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: cannot create the directory: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (import_order); i++)
    {
      g_autofree char *name = g_strconcat (import_order[i].stem, ".csv", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      OutputFile *output = output_file_new (path, error);

      if (output == NULL)
        return FALSE;
      g_ptr_array_add (outputs, output);
      if (!cxv_dataset_export_csv (dataset, import_order[i].kind, output->stream, NULL, error))
        {
          prefix_path (error, path);
          return FALSE;
        }
    }
  for (guint i = 0; i < outputs->len; i++)
    if (!output_file_commit (g_ptr_array_index (outputs, i), error))
      return FALSE;
  return TRUE;
}

static gboolean
write_csv_file (CxvDataset     *dataset,
                CxvRecordKind   kind,
                const char     *path,
                GError        **error)
{
  g_autoptr(OutputFile) output = output_file_new (path, error);

  if (output == NULL)
    return FALSE;
  if (!cxv_dataset_export_csv (dataset, kind, output->stream, NULL, error) ||
      !output_file_commit (output, error))
    {
      prefix_path (error, path);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Progress on a terminal                                               */

/* A bar on stderr, drawn only when stderr is a terminal and only once a
 * task has run long enough to be worth one. */
typedef struct
{
  gboolean enabled;
  gboolean shown;
  gint64   start;
  gint64   last;
  char    *label;
} Progress;

static void
progress_begin (Progress   *p,
                const char *label)
{
  p->enabled = isatty (STDERR_FILENO);
  g_free (p->label);
  p->label = g_strdup (label);
  if (p->start == 0)
    p->start = g_get_monotonic_time ();
}

static void
progress_update (Progress   *p,
                 double      fraction,
                 const char *detail)
{
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GString) line = NULL;
  g_autofree char *label = NULL;
  guint filled;

  if (!p->enabled || now - p->start < G_USEC_PER_SEC / 3 ||
      (p->shown && now - p->last < G_USEC_PER_SEC / 10))
    return;
  p->last = now;
  p->shown = TRUE;
  fraction = CLAMP (fraction, 0.0, 1.0);
  filled = (guint) (fraction * 30);
  label = g_utf8_substring (p->label, 0, 28);
  line = g_string_new ("\r");
  pad (line, label, 28, FALSE);
  g_string_append (line, " [");
  for (guint i = 0; i < 30; i++)
    g_string_append_c (line, i < filled ? '#' : '.');
  g_string_append_printf (line, "] %3d%%  %s\033[K", (int) (fraction * 100), detail ? detail : "");
  fputs (line->str, stderr);
  fflush (stderr);
}

static void
progress_end (Progress *p)
{
  if (p->shown)
    {
      fputs ("\r\033[K", stderr);
      fflush (stderr);
    }
  g_clear_pointer (&p->label, g_free);
  p->shown = FALSE;
}

/* ------------------------------------------------------------------ */
/* Datasets                                                             */

CxvDataset *
open_dataset (const char *path,
              int        *status)
{
  g_autoptr(GError) error = NULL;
  CxvDataset *dataset;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      *status = fail ("%s: no such file", path);
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      *status = fail ("%s: is a directory, not a dataset file", path);
      return NULL;
    }
  dataset = cxv_dataset_open (path, NULL, &error);
  if (dataset == NULL)
    {
      *status = fail_with_file (path, error);
      return NULL;
    }
  return dataset;
}

static gboolean
save_dataset (CxvDataset *dataset,
              const char *path,
              int        *status)
{
  g_autoptr(GError) error = NULL;

  if (!cxv_dataset_save (dataset, path, NULL, &error))
    {
      *status = fail_with_file (path, error);
      return FALSE;
    }
  return TRUE;
}

/* The first and last day any record of @dataset mentions: acquisitions,
 * holdings, events, initiatives. */
static void
get_date_range (CxvDataset *dataset,
                CxvDate    *first,
                CxvDate    *last)
{
  static const struct { CxvRecordKind kind; const char *column; } date_columns[] = {
    { CXV_RECORD_CUSTOMER, "acquired" },
    { CXV_RECORD_HOLDING, "start" },
    { CXV_RECORD_HOLDING, "end" },
    { CXV_RECORD_REVENUE, "date" },
    { CXV_RECORD_INTERACTION, "date" },
    { CXV_RECORD_FEEDBACK, "date" },
    { CXV_RECORD_USAGE, "date" },
    { CXV_RECORD_REFERRAL, "date" },
    { CXV_RECORD_INITIATIVE, "start" },
    { CXV_RECORD_INITIATIVE, "end" },
  };

  *first = *last = CXV_DATE_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (date_columns); i++)
    {
      g_autoptr(GBytes) bytes = cxv_dataset_dup_column (dataset, date_columns[i].kind,
                                                        date_columns[i].column, NULL, NULL);
      gsize size = 0;
      const CxvDate *dates = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

      for (gsize j = 0; j < size / sizeof (CxvDate); j++)
        {
          if (dates[j] == CXV_DATE_NONE)
            continue;
          if (*first == CXV_DATE_NONE || dates[j] < *first)
            *first = dates[j];
          if (*last == CXV_DATE_NONE || dates[j] > *last)
            *last = dates[j];
        }
    }
}

/* A column of a sealed dataset, checked to have the element type the
 * caller reads it as. */
static gconstpointer
get_column (CxvDataset     *dataset,
            CxvRecordKind   kind,
            const char     *name,
            CxvElementType  expected,
            GPtrArray      *keep)
{
  CxvElementType type;
  GBytes *bytes = cxv_dataset_dup_column (dataset, kind, name, &type, NULL);

  g_assert (bytes != NULL && type == expected);
  g_ptr_array_add (keep, bytes);
  return g_bytes_get_data (bytes, NULL);
}

/* ------------------------------------------------------------------ */
/* The ledger                                                           */

/* The ledger's own bound on its windows (a hundred years), repeated here
 * so that a bad value is a usage error before any file is read. */
#define LEDGER_MAX_DAYS 36525

/* A column of a result table shown under another name: people read
 * "lost" and "end" where the library says `out` and `customers_end`. */
typedef struct
{
  const char *from;
  const char *to;
} ColumnPick;

/* The columns of the periods table a person reads first. */
static const ColumnPick ledger_period_columns[] = {
  { "period", "period" },
  { "customers_start", "start" },
  { "new", "new" },
  { "won_back", "won_back" },
  { "out", "lost" },
  { "customers_end", "end" },
  { "reconciled", "reconciled" },
  { "revenue", "revenue" },
  { "value_in", "value_in" },
  { "value_out", "value_out" },
  { "retention_rate", "retention" },
  { "refill_share", "refill_share" },
  { "nrr", "NRR" },
  { "grr", "GRR" },
};

static void
copy_cell (CxvTable *from,
           guint     from_row,
           guint     from_column,
           CxvTable *to,
           guint     to_row,
           guint     to_column)
{
  if (cxv_table_is_null (from, from_row, from_column))
    {
      cxv_table_set_null (to, to_row, to_column);
      return;
    }
  switch (cxv_table_get_column_type (from, from_column))
    {
    case CXV_COLUMN_INT:
      cxv_table_set_int (to, to_row, to_column, cxv_table_get_int (from, from_row, from_column));
      break;
    case CXV_COLUMN_DOUBLE:
      cxv_table_set_double (to, to_row, to_column,
                            cxv_table_get_double (from, from_row, from_column));
      break;
    case CXV_COLUMN_MONEY:
      cxv_table_set_money (to, to_row, to_column,
                           cxv_table_get_money (from, from_row, from_column));
      break;
    case CXV_COLUMN_DATE:
      cxv_table_set_date (to, to_row, to_column, cxv_table_get_date (from, from_row, from_column));
      break;
    case CXV_COLUMN_BOOLEAN:
      cxv_table_set_boolean (to, to_row, to_column,
                             cxv_table_get_boolean (from, from_row, from_column));
      break;
    case CXV_COLUMN_TEXT:
    default:
      cxv_table_set_text (to, to_row, to_column, cxv_table_get_text (from, from_row, from_column));
      break;
    }
}

/* A new table named @name with the columns @picks of @source, renamed,
 * and its first @max_rows rows. */
static CxvTable *
pick_columns (CxvTable         *source,
              const char       *name,
              const ColumnPick *picks,
              guint             n_picks,
              guint             max_rows)
{
  CxvTable *table = cxv_table_new (name);
  g_autofree guint *columns = g_new0 (guint, n_picks);
  guint n_rows = MIN (cxv_table_get_n_rows (source), max_rows);

  cxv_table_set_currency (table, cxv_table_get_currency (source));
  for (guint c = 0; c < n_picks; c++)
    {
      if (!cxv_table_lookup_column (source, picks[c].from, &columns[c]))
        g_error ("table “%s” has no column “%s”", cxv_table_get_name (source), picks[c].from);
      cxv_table_add_column (table, picks[c].to, cxv_table_get_column_type (source, columns[c]));
    }
  for (guint r = 0; r < n_rows; r++)
    {
      guint row = cxv_table_append_row (table);

      for (guint c = 0; c < n_picks; c++)
        copy_cell (source, r, columns[c], table, row, c);
    }
  return table;
}

/* Every column, renamed from identifiers to what people read. */
static CxvTable *
copy_rows (CxvTable   *source,
           const char *name,
           guint       max_rows)
{
  guint n = cxv_table_get_n_columns (source);
  g_autofree ColumnPick *picks = g_new0 (ColumnPick, n);

  for (guint c = 0; c < n; c++)
    picks[c].from = picks[c].to = cxv_table_get_column_name (source, c);
  return pick_columns (source, name, picks, n, max_rows);
}

/* What "in" and "out" mean, in words, for the text output. */
static char *
describe_activity (CxvActivity activity,
                   guint       inactivity_days)
{
  if (activity == CXV_ACTIVITY_NON_CONTRACTUAL)
    return g_strdup_printf ("non-contractual: in at a purchase, out after %u days without one",
                            inactivity_days);
  return g_strdup ("contractual: in while holding a product, out when the last holding ends");
}

/* ------------------------------------------------------------------ */
/* The report                                                           */

typedef struct
{
  CxvDataset   *dataset;
  CxvSimulator *simulator;
  const char   *currency;
  int           decimals;
} ReportContext;

/* What a section shows: facts (one value each, a single-row table) and
 * tables. Both render as text or JSON. */
typedef struct
{
  CxvTable  *facts;
  GPtrArray *tables;
} Section;

typedef struct
{
  const char *id;
  const char *title;
  void      (*build) (ReportContext *ctx,
                      Section       *section);
} SectionSpec;

static guint
add_fact (Section       *section,
          const char    *name,
          CxvColumnType  type)
{
  guint column = cxv_table_add_column (section->facts, name, type);

  if (cxv_table_get_n_rows (section->facts) == 0)
    cxv_table_append_row (section->facts);
  return column;
}

static void
fact_int (Section    *section,
          const char *name,
          gint64      value)
{
  cxv_table_set_int (section->facts, 0, add_fact (section, name, CXV_COLUMN_INT), value);
}

static void
fact_text (Section    *section,
           const char *name,
           const char *value)
{
  cxv_table_set_text (section->facts, 0, add_fact (section, name, CXV_COLUMN_TEXT), value);
}

static void
fact_double (Section    *section,
             const char *name,
             double      value)
{
  cxv_table_set_double (section->facts, 0, add_fact (section, name, CXV_COLUMN_DOUBLE), value);
}

static void
fact_date (Section    *section,
           const char *name,
           CxvDate     value)
{
  guint column = add_fact (section, name, CXV_COLUMN_DATE);

  if (value == CXV_DATE_NONE)
    cxv_table_set_null (section->facts, 0, column);
  else
    cxv_table_set_date (section->facts, 0, column, value);
}

static void
fact_money (Section    *section,
            const char *name,
            gint64      value)
{
  cxv_table_set_money (section->facts, 0, add_fact (section, name, CXV_COLUMN_MONEY), value);
}

static CxvTable *
section_table (ReportContext *ctx,
               Section       *section,
               const char    *name)
{
  CxvTable *table = cxv_table_new (name);

  cxv_table_set_currency (table, ctx->currency);
  g_ptr_array_add (section->tables, table);
  return table;
}

static double
percent (gint64 part,
         gint64 whole)
{
  /* One decimal is what a reader compares; the JSON keeps the same. */
  return whole != 0 ? round (1000.0 * (double) part / (double) whole) / 10.0 : 0.0;
}

static void
build_simulation (ReportContext *ctx,
                  Section       *section)
{
  CxvDate start = cxv_simulator_get_start_date (ctx->simulator);
  /* Text: a seed may exceed what a JSON reader holds exactly in a double. */
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                           cxv_simulator_get_seed (ctx->simulator));

  fact_int (section, "customers", cxv_simulator_get_n_customers (ctx->simulator));
  fact_int (section, "months", cxv_simulator_get_n_months (ctx->simulator));
  fact_text (section, "seed", seed);
  fact_date (section, "start_date", start);
  fact_text (section, "currency", ctx->currency);
}

static void
build_records (ReportContext *ctx,
               Section       *section)
{
  CxvTable *table = section_table (ctx, section, "records");
  gint64 total = 0;

  cxv_table_add_column (table, "kind", CXV_COLUMN_TEXT);
  cxv_table_add_column (table, "records", CXV_COLUMN_INT);
  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    {
      guint row = cxv_table_append_row (table);
      guint n = cxv_dataset_get_n_records (ctx->dataset, k);

      cxv_table_set_text (table, row, 0, enum_nick (CXV_TYPE_RECORD_KIND, k));
      cxv_table_set_int (table, row, 1, n);
      total += n;
    }
  fact_int (section, "total", total);
}

static void
build_period (ReportContext *ctx,
              Section       *section)
{
  CxvDate first, last;

  get_date_range (ctx->dataset, &first, &last);
  fact_date (section, "first_date", first);
  fact_date (section, "last_date", last);
}

#define N_REVENUE_KINDS (CXV_REVENUE_REFUND + 1)

static void
build_revenue (ReportContext *ctx,
               Section       *section)
{
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  guint n = cxv_dataset_get_n_records (ctx->dataset, CXV_RECORD_REVENUE);
  const guint8 *kind = get_column (ctx->dataset, CXV_RECORD_REVENUE, "kind", CXV_ELEMENT_UINT8,
                                   keep);
  const gint64 *amount = get_column (ctx->dataset, CXV_RECORD_REVENUE, "amount",
                                     CXV_ELEMENT_INT64, keep);
  gint64 sums[N_REVENUE_KINDS] = { 0 }, counts[N_REVENUE_KINDS] = { 0 }, total = 0;
  CxvTable *table;

  for (guint i = 0; i < n; i++)
    {
      sums[kind[i]] += amount[i];
      counts[kind[i]]++;
      total += amount[i];
    }
  g_assert (total == cxv_dataset_get_revenue_total (ctx->dataset));

  fact_money (section, "total", total);
  fact_int (section, "events", n);

  table = section_table (ctx, section, "revenue_by_kind");
  cxv_table_add_column (table, "kind", CXV_COLUMN_TEXT);
  cxv_table_add_column (table, "events", CXV_COLUMN_INT);
  cxv_table_add_column (table, "amount", CXV_COLUMN_MONEY);
  cxv_table_add_column (table, "percent", CXV_COLUMN_DOUBLE);
  for (guint k = 0; k < N_REVENUE_KINDS; k++)
    {
      guint row = cxv_table_append_row (table);

      cxv_table_set_text (table, row, 0, enum_nick (CXV_TYPE_REVENUE_KIND, k));
      cxv_table_set_int (table, row, 1, counts[k]);
      cxv_table_set_money (table, row, 2, sums[k]);
      cxv_table_set_double (table, row, 3, percent (sums[k], total));
    }
}

static void
build_customers (ReportContext *ctx,
                 Section       *section)
{
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  guint n = cxv_dataset_get_n_records (ctx->dataset, CXV_RECORD_CUSTOMER);
  const guint32 *segment = get_column (ctx->dataset, CXV_RECORD_CUSTOMER, "segment",
                                       CXV_ELEMENT_UINT32, keep);
  const guint8 *source = get_column (ctx->dataset, CXV_RECORD_CUSTOMER, "source",
                                     CXV_ELEMENT_UINT8, keep);
  g_autoptr(GArray) segments = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GHashTable) segment_counts = g_hash_table_new (NULL, NULL);
  gint64 source_counts[CXV_ACQUISITION_WIN_BACK + 1] = { 0 };
  CxvTable *table;

  for (guint i = 0; i < n; i++)
    {
      /* Keys are text index + 1, so that "no segment" is a key too. */
      gpointer key = GUINT_TO_POINTER (segment[i] + 1);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (segment_counts, key));

      if (count == 0)
        g_array_append_val (segments, segment[i]);
      g_hash_table_insert (segment_counts, key, GUINT_TO_POINTER (count + 1));
      source_counts[source[i]]++;
    }

  fact_int (section, "customers", n);

  table = section_table (ctx, section, "customers_by_segment");
  cxv_table_add_column (table, "segment", CXV_COLUMN_TEXT);
  cxv_table_add_column (table, "customers", CXV_COLUMN_INT);
  cxv_table_add_column (table, "percent", CXV_COLUMN_DOUBLE);
  for (guint i = 0; i < segments->len; i++)
    {
      guint32 s = g_array_index (segments, guint32, i);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (segment_counts,
                                                           GUINT_TO_POINTER (s + 1)));
      guint row = cxv_table_append_row (table);

      cxv_table_set_text (table, row, 0, cxv_dataset_get_text (ctx->dataset, s));
      cxv_table_set_int (table, row, 1, count);
      cxv_table_set_double (table, row, 2, percent (count, n));
    }

  table = section_table (ctx, section, "customers_by_source");
  cxv_table_add_column (table, "source", CXV_COLUMN_TEXT);
  cxv_table_add_column (table, "customers", CXV_COLUMN_INT);
  cxv_table_add_column (table, "percent", CXV_COLUMN_DOUBLE);
  for (guint s = 0; s < G_N_ELEMENTS (source_counts); s++)
    {
      guint row = cxv_table_append_row (table);

      cxv_table_set_text (table, row, 0, enum_nick (CXV_TYPE_ACQUISITION_SOURCE, s));
      cxv_table_set_int (table, row, 1, source_counts[s]);
      cxv_table_set_double (table, row, 2, percent (source_counts[s], n));
    }
}

#define N_INTERACTION_KINDS (CXV_INTERACTION_FEEDBACK + 1)

static void
build_interactions (ReportContext *ctx,
                    Section       *section)
{
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  guint n = cxv_dataset_get_n_records (ctx->dataset, CXV_RECORD_INTERACTION);
  const guint8 *kind = get_column (ctx->dataset, CXV_RECORD_INTERACTION, "kind",
                                   CXV_ELEMENT_UINT8, keep);
  const guint8 *channel_class = get_column (ctx->dataset, CXV_RECORD_INTERACTION,
                                            "channel_class", CXV_ELEMENT_UINT8, keep);
  const gint64 *cost = get_column (ctx->dataset, CXV_RECORD_INTERACTION, "cost",
                                   CXV_ELEMENT_INT64, keep);
  const guint8 *resolved = get_column (ctx->dataset, CXV_RECORD_INTERACTION, "resolved",
                                       CXV_ELEMENT_UINT8, keep);
  gint64 counts[N_INTERACTION_KINDS][2] = { { 0 } }, unresolved[N_INTERACTION_KINDS] = { 0 };
  gint64 class_counts[2] = { 0 }, class_cost[2] = { 0 }, total_cost = 0;
  CxvTable *table;

  for (guint i = 0; i < n; i++)
    {
      counts[kind[i]][channel_class[i]]++;
      unresolved[kind[i]] += !resolved[i];
      class_counts[channel_class[i]]++;
      class_cost[channel_class[i]] += cost[i];
      total_cost += cost[i];
    }

  fact_int (section, "interactions", n);
  fact_money (section, "cost", total_cost);

  table = section_table (ctx, section, "interactions_by_kind");
  cxv_table_add_column (table, "kind", CXV_COLUMN_TEXT);
  cxv_table_add_column (table, "low_cost", CXV_COLUMN_INT);
  cxv_table_add_column (table, "assisted", CXV_COLUMN_INT);
  cxv_table_add_column (table, "total", CXV_COLUMN_INT);
  cxv_table_add_column (table, "unresolved", CXV_COLUMN_INT);
  for (guint k = 0; k < N_INTERACTION_KINDS; k++)
    {
      guint row = cxv_table_append_row (table);
      gint64 low = counts[k][CXV_CHANNEL_LOW_COST], assisted = counts[k][CXV_CHANNEL_ASSISTED];

      cxv_table_set_text (table, row, 0, enum_nick (CXV_TYPE_INTERACTION_KIND, k));
      cxv_table_set_int (table, row, 1, low);
      cxv_table_set_int (table, row, 2, assisted);
      cxv_table_set_int (table, row, 3, low + assisted);
      cxv_table_set_int (table, row, 4, unresolved[k]);
    }

  table = section_table (ctx, section, "interactions_by_channel_class");
  cxv_table_add_column (table, "channel_class", CXV_COLUMN_TEXT);
  cxv_table_add_column (table, "interactions", CXV_COLUMN_INT);
  cxv_table_add_column (table, "percent", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (table, "cost", CXV_COLUMN_MONEY);
  for (guint c = 0; c < G_N_ELEMENTS (class_counts); c++)
    {
      guint row = cxv_table_append_row (table);

      cxv_table_set_text (table, row, 0, enum_nick (CXV_TYPE_CHANNEL_CLASS, c));
      cxv_table_set_int (table, row, 1, class_counts[c]);
      cxv_table_set_double (table, row, 2, percent (class_counts[c], n));
      cxv_table_set_money (table, row, 3, class_cost[c]);
    }
}

#define N_INSTRUMENTS (CXV_INSTRUMENT_OTHER + 1)

static void
build_feedback (ReportContext *ctx,
                Section       *section)
{
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  guint n = cxv_dataset_get_n_records (ctx->dataset, CXV_RECORD_FEEDBACK);
  const guint8 *instrument = get_column (ctx->dataset, CXV_RECORD_FEEDBACK, "instrument",
                                         CXV_ELEMENT_UINT8, keep);
  const double *score = get_column (ctx->dataset, CXV_RECORD_FEEDBACK, "score",
                                    CXV_ELEMENT_DOUBLE, keep);
  gint64 counts[N_INSTRUMENTS] = { 0 };
  double sums[N_INSTRUMENTS] = { 0 };
  CxvTable *table;

  for (guint i = 0; i < n; i++)
    {
      counts[instrument[i]]++;
      sums[instrument[i]] += score[i];
    }

  fact_int (section, "answers", n);

  table = section_table (ctx, section, "feedback_by_instrument");
  cxv_table_add_column (table, "instrument", CXV_COLUMN_TEXT);
  cxv_table_add_column (table, "answers", CXV_COLUMN_INT);
  cxv_table_add_column (table, "mean_score", CXV_COLUMN_DOUBLE);
  for (guint k = 0; k < N_INSTRUMENTS; k++)
    {
      guint row = cxv_table_append_row (table);

      cxv_table_set_text (table, row, 0, enum_nick (CXV_TYPE_INSTRUMENT, k));
      cxv_table_set_int (table, row, 1, counts[k]);
      if (counts[k] > 0)
        cxv_table_set_double (table, row, 2, sums[k] / (double) counts[k]);
      else
        cxv_table_set_null (table, row, 2);
    }
}

/* Customers in and out: the ledger by quarter, with the definitions it
 * defaults to, and the five experiences that preceded the most revenue
 * lost. */
static void
build_ledger (ReportContext *ctx,
              Section       *section)
{
  g_autoptr(CxvLedger) ledger = cxv_ledger_new (ctx->dataset);
  g_autoptr(GError) error = NULL;
  g_autofree char *definition = NULL;

  cxv_ledger_set_period (ledger, CXV_PERIOD_QUARTER);
  if (!cxv_ledger_run (ledger, NULL, &error))
    {
      fact_text (section, "error", error->message);
      return;
    }
  definition = describe_activity (cxv_ledger_get_activity (ledger),
                                  cxv_ledger_get_inactivity_days (ledger));
  fact_text (section, "definition", definition);
  fact_int (section, "window_days", cxv_ledger_get_window_days (ledger));
  fact_int (section, "departures", cxv_table_get_n_rows (cxv_ledger_get_departures (ledger)));
  fact_int (section, "findings", (gint64) cxv_ledger_get_n_findings (ledger));
  g_ptr_array_add (section->tables,
                   pick_columns (cxv_ledger_get_periods (ledger), "ledger_by_quarter",
                                 ledger_period_columns, G_N_ELEMENTS (ledger_period_columns),
                                 G_MAXUINT));
  g_ptr_array_add (section->tables,
                   copy_rows (cxv_ledger_get_experiences (ledger), "top_experiences", 5));
}

/* The long retention table (cohort, age, …) as a grid: one row per
 * cohort, its size, then @column at each age. */
static CxvTable *
pivot_retention (CxvTable   *retention,
                 const char *name,
                 const char *column)
{
  CxvTable *grid = cxv_table_new (name);
  guint n = cxv_table_get_n_rows (retention);
  guint c_cohort, c_age, c_customers, c_value;
  gint64 max_age = -1;
  const char *current = NULL;
  guint row = 0;

  if (!cxv_table_lookup_column (retention, "cohort", &c_cohort) ||
      !cxv_table_lookup_column (retention, "age", &c_age) ||
      !cxv_table_lookup_column (retention, "customers", &c_customers) ||
      !cxv_table_lookup_column (retention, column, &c_value))
    g_error ("unexpected columns in the cohort retention table");

  for (guint r = 0; r < n; r++)
    max_age = MAX (max_age, cxv_table_get_int (retention, r, c_age));
  cxv_table_add_column (grid, "cohort", CXV_COLUMN_TEXT);
  cxv_table_add_column (grid, "customers", CXV_COLUMN_INT);
  for (gint64 a = 0; a <= max_age; a++)
    {
      g_autofree char *title = g_strdup_printf ("+%" G_GINT64_FORMAT, a);
      cxv_table_add_column (grid, title, CXV_COLUMN_DOUBLE);
    }
  for (guint r = 0; r < n; r++)
    {
      const char *cohort = cxv_table_get_text (retention, r, c_cohort);
      gint64 age = cxv_table_get_int (retention, r, c_age);

      if (current == NULL || g_strcmp0 (cohort, current) != 0)
        {
          current = cohort;
          row = cxv_table_append_row (grid);
          cxv_table_set_text (grid, row, 0, cohort);
          cxv_table_set_int (grid, row, 1, cxv_table_get_int (retention, r, c_customers));
          for (gint64 a = 0; a <= max_age; a++)
            cxv_table_set_null (grid, row, 2 + (guint) a);
        }
      copy_cell (retention, r, c_value, grid, row, 2 + (guint) age);
    }
  return grid;
}

/* The score columns a person reads first. */
static const ColumnPick indicator_score_columns[] = {
  { "period", "period" },
  { "segment", "segment" },
  { "responses_nps", "NPS_answers" },
  { "nps", "NPS" },
  { "nps_low", "NPS_low" },
  { "nps_high", "NPS_high" },
  { "responses_csat", "CSAT_answers" },
  { "csat_share", "CSAT_4-5" },
  { "csat_mean", "CSAT_mean" },
  { "responses_ces", "CES_answers" },
  { "ces_mean", "CES_mean" },
};

/* The rows of @source whose text @column is @value, every column kept. */
static CxvTable *
rows_where (CxvTable   *source,
            const char *column,
            const char *value)
{
  CxvTable *table = cxv_table_new (cxv_table_get_name (source));
  guint n_columns = cxv_table_get_n_columns (source);
  guint key;

  if (!cxv_table_lookup_column (source, column, &key))
    g_error ("table “%s” has no column “%s”", cxv_table_get_name (source), column);
  cxv_table_set_currency (table, cxv_table_get_currency (source));
  for (guint c = 0; c < n_columns; c++)
    cxv_table_add_column (table, cxv_table_get_column_name (source, c),
                          cxv_table_get_column_type (source, c));
  for (guint r = 0; r < cxv_table_get_n_rows (source); r++)
    {
      guint row;

      if (cxv_table_is_null (source, r, key) ||
          g_strcmp0 (cxv_table_get_text (source, r, key), value) != 0)
        continue;
      row = cxv_table_append_row (table);
      for (guint c = 0; c < n_columns; c++)
        copy_cell (source, r, c, table, row, c);
    }
  return table;
}

/* Cohorts by quarter: new customers, and the share of each cohort still
 * active quarter after quarter. */
static void
build_cohorts (ReportContext *ctx,
               Section       *section)
{
  g_autoptr(CxvCohorts) cohorts = cxv_cohorts_new (ctx->dataset);
  g_autoptr(GError) error = NULL;

  cxv_cohorts_set_period (cohorts, CXV_PERIOD_QUARTER);
  if (!cxv_cohorts_run (cohorts, NULL, &error))
    {
      fact_text (section, "error", error->message);
      return;
    }
  g_ptr_array_add (section->tables, copy_rows (cxv_cohorts_get_new_customers (cohorts),
                                               "new_customers_by_quarter", G_MAXUINT));
  g_ptr_array_add (section->tables, pivot_retention (cxv_cohorts_get_retention (cohorts),
                                                     "customer_retention_by_cohort",
                                                     "customer_retention"));
}

/* NPS, CSAT and CES by quarter over every segment, and say vs do. */
static void
build_indicators (ReportContext *ctx,
                  Section       *section)
{
  g_autoptr(CxvIndicators) indicators = cxv_indicators_new (ctx->dataset);
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvTable) all = NULL;

  cxv_indicators_set_period (indicators, CXV_PERIOD_QUARTER);
  if (!cxv_indicators_run (indicators, NULL, &error))
    {
      fact_text (section, "error", error->message);
      return;
    }
  fact_int (section, "horizon_quarters", cxv_indicators_get_horizon (indicators));
  all = rows_where (cxv_indicators_get_scores (indicators), "segment", "all");
  g_ptr_array_add (section->tables,
                   pick_columns (all, "scores_by_quarter", indicator_score_columns,
                                 G_N_ELEMENTS (indicator_score_columns), G_MAXUINT));
  g_ptr_array_add (section->tables,
                   copy_rows (cxv_indicators_get_say_do (indicators), "say_do", G_MAXUINT));
}

/* The tier aggregates a person reads first. */
static const ColumnPick qore_tier_columns[] = {
  { "tier", "tier" },
  { "name", "name" },
  { "customers", "customers" },
  { "share", "share" },
  { "revenue", "revenue" },
  { "churn_rate", "churn_rate" },
  { "products_per_customer", "products_per_customer" },
  { "single_product_share", "single_product_share" },
};

/* The per-customer columns a person reads first. */
static const ColumnPick qore_customer_columns[] = {
  { "customer", "customer" },
  { "segment", "segment" },
  { "tier", "tier" },
  { "gaps", "gaps" },
};

/* The quality of revenue, in three readable groups of the periods table. */
static const ColumnPick quality_predictable_columns[] = {
  { "period", "period" },
  { "revenue", "revenue" },
  { "recurring_revenue", "recurring" },
  { "recurring_share", "recurring_share" },
  { "nrr", "NRR" },
  { "grr", "GRR" },
  { "tenured_share", "tenured_share" },
};

static const ColumnPick quality_profitable_columns[] = {
  { "period", "period" },
  { "revenue_cost", "revenue_cost" },
  { "gross_margin", "gross_margin" },
  { "cost_to_serve", "cost_to_serve" },
  { "margin_after_cost_to_serve", "margin_after_CTS" },
  { "customers", "customers" },
  { "contact_cost_per_customer", "cost_per_customer" },
  { "contacts", "contacts" },
  { "low_cost_share", "low_cost_share" },
};

static const ColumnPick quality_diverse_columns[] = {
  { "period", "period" },
  { "revenue_customers", "paying_customers" },
  { "largest_share", "largest_share" },
  { "largest_customers", "largest_customers" },
  { "concentrated", "concentrated" },
  { "top_n_share", "top_N_share" },
  { "top_decile_share", "top_decile_share" },
  { "herfindahl", "HHI" },
  { "gini", "Gini" },
  { "mean_products", "mean_products" },
};

/* The demo's few key columns, by quarter, over every segment. */
static const ColumnPick quality_demo_columns[] = {
  { "period", "period" },
  { "recurring_share", "recurring_share" },
  { "nrr", "NRR" },
  { "grr", "GRR" },
  { "gross_margin", "gross_margin" },
  { "margin_after_cost_to_serve", "margin_after_CTS" },
  { "low_cost_share", "low_cost_share" },
  { "largest_share", "largest_share" },
  { "top_decile_share", "top_decile_share" },
  { "herfindahl", "HHI" },
  { "gini", "Gini" },
};

/* Relationship tiers with the default rules: customers, revenue and churn
 * per tier. */
static void
build_qore (ReportContext *ctx,
            Section       *section)
{
  g_autoptr(CxvQore) qore = cxv_qore_new (ctx->dataset);
  g_autoptr(GError) error = NULL;

  if (!cxv_qore_run (qore, NULL, &error))
    {
      fact_text (section, "error", error->message);
      return;
    }
  fact_date (section, "evaluated_on", cxv_qore_get_evaluated_on (qore));
  fact_int (section, "window_days", cxv_qore_get_window_days (qore));
  fact_int (section, "churn_days", cxv_qore_get_churn_days (qore));
  fact_int (section, "customers", cxv_table_get_n_rows (cxv_qore_get_customers (qore)));
  g_ptr_array_add (section->tables,
                   pick_columns (cxv_qore_get_tiers (qore), "tiers", qore_tier_columns,
                                 G_N_ELEMENTS (qore_tier_columns), G_MAXUINT));
  g_ptr_array_add (section->tables,
                   copy_rows (cxv_qore_get_products (qore), "product_mix", G_MAXUINT));
}

/* Predictable, profitable, diverse: the key figures by quarter over every
 * segment. */
static void
build_revenue_quality (ReportContext *ctx,
                       Section       *section)
{
  g_autoptr(CxvRevenueQuality) quality = cxv_revenue_quality_new (ctx->dataset);
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvTable) all = NULL;

  cxv_revenue_quality_set_period (quality, CXV_PERIOD_QUARTER);
  if (!cxv_revenue_quality_run (quality, NULL, &error))
    {
      fact_text (section, "error", error->message);
      return;
    }
  all = rows_where (cxv_revenue_quality_get_periods (quality), "segment", "all");
  g_ptr_array_add (section->tables,
                   pick_columns (all, "quality_by_quarter", quality_demo_columns,
                                 G_N_ELEMENTS (quality_demo_columns), G_MAXUINT));
}

/* Revenue attribution by quarter: the parts, their shares and earned
 * growth. */
static const ColumnPick attribution_demo_columns[] = {
  { "period", "period" },
  { "total", "total" },
  { "cxm", "CXM" },
  { "csm", "CSM" },
  { "sales", "sales" },
  { "cxm_share", "CXM_share" },
  { "csm_share", "CSM_share" },
  { "sales_share", "sales_share" },
  { "earned_growth", "earned_growth" },
  { "earned_growth_ratio", "earned_growth_ratio" },
};

/* The demo's bootstrap: enough resamples for a readable 95 % interval,
 * few enough to keep the demo quick. */
#define DEMO_BOOTSTRAP_SAMPLES 400

/* Revenue credited to CX management, customer success and sales by
 * quarter with the default rules, the CXM revenue of each initiative, and
 * customers touched by in-sync initiatives against out-of-sync ones. */
static void
build_attribution (ReportContext *ctx,
                   Section       *section)
{
  g_autoptr(CxvAttribution) attribution = cxv_attribution_new (ctx->dataset);
  g_autoptr(GError) error = NULL;

  cxv_attribution_set_period (attribution, CXV_PERIOD_QUARTER);
  cxv_attribution_set_bootstrap_samples (attribution, DEMO_BOOTSTRAP_SAMPLES);
  if (!cxv_attribution_run (attribution, NULL, &error))
    {
      fact_text (section, "error", error->message);
      return;
    }
  fact_text (section, "precedence",
             enum_nick (CXV_TYPE_ATTRIBUTION_PRECEDENCE,
                        cxv_attribution_get_precedence (attribution)));
  fact_int (section, "save_window_days", cxv_attribution_get_save_window_days (attribution));
  fact_int (section, "bootstrap_samples", cxv_attribution_get_bootstrap_samples (attribution));
  g_ptr_array_add (section->tables,
                   pick_columns (cxv_attribution_get_summary (attribution),
                                 "attribution_by_quarter", attribution_demo_columns,
                                 G_N_ELEMENTS (attribution_demo_columns), G_MAXUINT));
  g_ptr_array_add (section->tables,
                   copy_rows (cxv_attribution_get_initiatives (attribution), "initiatives",
                              G_MAXUINT));
  g_ptr_array_add (section->tables,
                   copy_rows (cxv_attribution_get_comparison (attribution),
                              "in_sync_vs_out_of_sync", G_MAXUINT));
}

static void
build_ground_truth (ReportContext *ctx,
                    Section       *section)
{
  CxvTable *truth = cxv_simulator_dup_ground_truth (ctx->simulator);

  if (truth != NULL)
    g_ptr_array_add (section->tables, truth);
}

/* The demo's report. An analysis added to the library adds its section
 * here; each builds from the sealed dataset (and the simulator, whose
 * ground truth the analyses are expected to recover). */
static const ColumnPick linkage_model_columns[] = {
  { "term", "term" },
  { "odds_ratio", "odds_ratio" },
  { "odds_ratio_lower", "lower" },
  { "odds_ratio_upper", "upper" },
  { "p_value", "p" },
};

static const ColumnPick linkage_driver_columns[] = {
  { "driver", "driver" },
  { "rank", "rank" },
  { "shapley", "shapley" },
  { "shapley_lower", "lower" },
  { "shapley_upper", "upper" },
  { "relative_weight", "relative_weight" },
};

static const ColumnPick linkage_what_if_columns[] = {
  { "customers_moved", "customers_moved" },
  { "change", "churners" },
  { "change_lower", "lower" },
  { "change_upper", "upper" },
  { "revenue_kept", "revenue_kept" },
  { "revenue_kept_lower", "revenue_lower" },
  { "revenue_kept_upper", "revenue_upper" },
  { "contact_cost_saved", "contact_cost_saved" },
};

/* Churn in the quarter after the year's third quarter, linked to what
 * customers went through in it; and unresolved complaints priced. */
static void
build_linkage (ReportContext *ctx,
               Section       *section)
{
  g_autoptr(CxvLinkage) linkage = cxv_linkage_new (ctx->dataset);
  g_autoptr(CxvTable) what_if = NULL;
  g_autoptr(GError) error = NULL;
  CxvDate start = cxv_date_add_months (cxv_simulator_get_start_date (ctx->simulator), 12);
  const char *signals[] = {
    "complaints_unresolved", "complaints", "contacts_assisted", "contacts_low_cost", "products",
    NULL,
  };
  guint c_assumptions;

  cxv_linkage_set_start (linkage, start);
  cxv_linkage_set_end (linkage, cxv_date_add_months (start, 6));
  cxv_linkage_set_horizon_days (linkage, 91);
  cxv_linkage_set_signals (linkage, signals);
  cxv_linkage_set_bootstrap_samples (linkage, DEMO_BOOTSTRAP_SAMPLES / 4);
  if (!cxv_linkage_run (linkage, NULL, &error)
      || (what_if = cxv_linkage_what_if (linkage, "complaints_unresolved", 0, &error)) == NULL)
    {
      fact_text (section, "error", error->message);
      return;
    }
  fact_date (section, "window_start", start);
  fact_date (section, "window_end", cxv_date_add_months (start, 6) - 1);
  fact_int (section, "horizon_days", 91);
  fact_int (section, "customers", (gint64) cxv_linkage_get_n_rows (linkage));
  fact_text (section, "model", "logistic regression of churn");
  fact_double (section, "pseudo_r_squared", cxv_linkage_get_r_squared (linkage));
  g_ptr_array_add (section->tables,
                   pick_columns (cxv_linkage_get_model (linkage), "odds_ratios",
                                 linkage_model_columns, G_N_ELEMENTS (linkage_model_columns),
                                 G_MAXUINT));
  g_ptr_array_add (section->tables,
                   pick_columns (cxv_linkage_get_drivers (linkage), "key_drivers",
                                 linkage_driver_columns, G_N_ELEMENTS (linkage_driver_columns),
                                 G_MAXUINT));
  g_ptr_array_add (section->tables,
                   pick_columns (what_if, "unresolved_complaints_to_zero",
                                 linkage_what_if_columns, G_N_ELEMENTS (linkage_what_if_columns),
                                 G_MAXUINT));
  cxv_table_lookup_column (what_if, "assumptions", &c_assumptions);
  fact_text (section, "assumptions", cxv_table_get_text (what_if, 0, c_assumptions));
}

/* Contract renewals as an sBG model over the monthly cohorts, and what a
 * new customer is worth at the mean monthly revenue of an active one. */
static void
build_lifetime_value (ReportContext *ctx,
                      Section       *section)
{
  g_autoptr(CxvCohorts) cohorts = cxv_cohorts_new (ctx->dataset);
  g_autoptr(CxvClvSbg) sbg = cxv_clv_sbg_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvTable) projection = NULL;
  CxvTable *retention, *picked;
  guint c_active, c_revenue;
  double active_months = 0, revenue = 0, monthly, discount = 0.01;
  static const guint ages[] = { 1, 6, 12, 24, 36, 60 };

  cxv_cohorts_set_period (cohorts, CXV_PERIOD_MONTH);
  if (!cxv_cohorts_run (cohorts, NULL, &error)
      || !cxv_clv_sbg_fit_cohorts (sbg, cohorts, &error))
    {
      fact_text (section, "error", error->message);
      return;
    }
  retention = cxv_cohorts_get_retention (cohorts);
  cxv_table_lookup_column (retention, "active", &c_active);
  cxv_table_lookup_column (retention, "revenue", &c_revenue);
  for (guint r = 0; r < cxv_table_get_n_rows (retention); r++)
    {
      active_months += (double) cxv_table_get_int (retention, r, c_active);
      revenue += (double) cxv_table_get_money (retention, r, c_revenue);
    }
  monthly = active_months > 0 ? revenue / active_months / pow (10, ctx->decimals) : 0;

  fact_text (section, "model", "sBG over the monthly acquisition cohorts");
  fact_double (section, "alpha", cxv_clv_model_get_param (CXV_CLV_MODEL (sbg), "alpha"));
  fact_double (section, "beta", cxv_clv_model_get_param (CXV_CLV_MODEL (sbg), "beta"));
  fact_double (section, "log_likelihood", cxv_clv_model_get_log_likelihood (CXV_CLV_MODEL (sbg)));
  /* The mean churn probability and how unequal it is across customers
   * (polarisation 1 / (alpha + beta + 1): 0 when all churn alike). */
  {
    double a = cxv_clv_model_get_param (CXV_CLV_MODEL (sbg), "alpha");
    double b = cxv_clv_model_get_param (CXV_CLV_MODEL (sbg), "beta");

    fact_double (section, "mean_monthly_churn", a / (a + b));
    fact_double (section, "polarisation", 1 / (a + b + 1));
    fact_text (section, "identified",
               cxv_clv_model_get_identified (CXV_CLV_MODEL (sbg))
               ? "yes"
               : "no: alpha and beta run off together, every customer leaves at the same rate");
  }
  fact_int (section, "customers", (gint64) cxv_clv_model_get_n_customers (CXV_CLV_MODEL (sbg)));
  fact_double (section, "monthly_revenue_per_active_customer", monthly);
  fact_double (section, "monthly_discount_rate", discount);
  /* A new customer pays its first month for sure, then each renewal:
   * DEL = 1 + DERL(0) / (1 + d) (Fader and Hardie 2010). */
  {
    double del = 1 + cxv_clv_sbg_expected_residual_lifetime (sbg, discount, 0) / (1 + discount);

    fact_double (section, "expected_months_new_customer", del);
    fact_double (section, "lifetime_value_new_customer", monthly * del);
  }
  fact_double (section, "residual_value_after_12_renewals",
               cxv_clv_sbg_lifetime_value (sbg, monthly, discount, 12));

  /* The ledger's departures priced by the model: the lifetime value that
   * walked out beside the run-rate that did. */
  {
    g_autoptr(CxvLedger) ledger = cxv_ledger_new (ctx->dataset);
    CxvTable *periods;
    guint c_out = 0, c_lifetime = 0;
    gint64 out = 0, lifetime = 0;

    cxv_ledger_set_lifetime_model (ledger, sbg, discount);
    if (cxv_ledger_run (ledger, NULL, &error))
      {
        periods = cxv_ledger_get_periods (ledger);
        cxv_table_lookup_column (periods, "value_out", &c_out);
        cxv_table_lookup_column (periods, "lifetime_value_out", &c_lifetime);
        for (guint r = 0; r < cxv_table_get_n_rows (periods); r++)
          {
            out += cxv_table_get_money (periods, r, c_out);
            lifetime += cxv_table_get_money (periods, r, c_lifetime);
          }
        fact_money (section, "run_rate_out", out);
        fact_money (section, "lifetime_value_out", lifetime);
      }
    else
      g_clear_error (&error);
  }

  projection = cxv_clv_sbg_project (sbg, 60);
  picked = cxv_table_new ("survival_projection");
  cxv_table_add_column (picked, "month", CXV_COLUMN_INT);
  cxv_table_add_column (picked, "survival", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (picked, "retention", CXV_COLUMN_DOUBLE);
  for (guint i = 0; i < G_N_ELEMENTS (ages); i++)
    {
      guint row = cxv_table_append_row (picked);

      cxv_table_set_int (picked, row, 0, ages[i]);
      cxv_table_set_double (picked, row, 1, cxv_table_get_double (projection, ages[i], 1));
      cxv_table_set_double (picked, row, 2, cxv_table_get_double (projection, ages[i], 2));
    }
  g_ptr_array_add (section->tables, picked);
}

static const SectionSpec report_sections[] = {
  { "simulation", "What was simulated", build_simulation },
  { "records", "Records", build_records },
  { "period", "Period", build_period },
  { "revenue", "Revenue", build_revenue },
  { "customers", "Customers", build_customers },
  { "interactions", "Interactions", build_interactions },
  { "feedback", "Feedback", build_feedback },
  { "ledger", "Customers in and out", build_ledger },
  { "cohorts", "Cohorts", build_cohorts },
  { "indicators", "What customers say and what they do", build_indicators },
  { "qore", "Relationship tiers (QoRE)", build_qore },
  { "revenue_quality", "Quality of revenue", build_revenue_quality },
  { "attribution", "Revenue attribution", build_attribution },
  { "linkage", "Linking experience to churn", build_linkage },
  { "lifetime_value", "Lifetime value (contracts, sBG)", build_lifetime_value },
  { "ground_truth", "Ground truth planted by the simulator", build_ground_truth },
};

static void
section_clear (Section *section)
{
  g_clear_object (&section->facts);
  g_clear_pointer (&section->tables, g_ptr_array_unref);
}

static void
render_facts_text (GString  *out,
                   CxvTable *facts)
{
  guint n = cxv_table_get_n_columns (facts);
  guint width = 0;

  for (guint c = 0; c < n; c++)
    width = MAX (width, (guint) strlen (cxv_table_get_column_name (facts, c)));
  for (guint c = 0; c < n; c++)
    {
      g_autofree char *title = column_title (cxv_table_get_column_name (facts, c));
      g_autofree char *value = format_cell (facts, 0, c, column_decimals (facts, c));

      g_string_append (out, "  ");
      g_string_append (out, title);
      g_string_append_c (out, ':');
      pad (out, "", width - (guint) strlen (title) + 1, FALSE);
      g_string_append (out, value);
      if (cxv_table_get_column_type (facts, c) == CXV_COLUMN_MONEY)
        g_string_append_printf (out, " %s", cxv_table_get_currency (facts));
      g_string_append_c (out, '\n');
    }
}

static void
render_cell_json (JsonWriter *w,
                  CxvTable   *table,
                  guint       row,
                  guint       column,
                  int         decimals)
{
  const char *key = cxv_table_get_column_name (table, column);

  if (cxv_table_is_null (table, row, column))
    {
      json_text (w, key, NULL);
      return;
    }
  switch (cxv_table_get_column_type (table, column))
    {
    case CXV_COLUMN_INT:
      json_int (w, key, cxv_table_get_int (table, row, column));
      break;
    case CXV_COLUMN_DOUBLE:
      json_double (w, key, cxv_table_get_double (table, row, column));
      break;
    case CXV_COLUMN_MONEY:
      json_money (w, key, cxv_table_get_money (table, row, column), decimals);
      break;
    case CXV_COLUMN_DATE:
      json_date (w, key, cxv_table_get_date (table, row, column));
      break;
    case CXV_COLUMN_BOOLEAN:
      json_key (w, key);
      g_string_append (w->out, cxv_table_get_boolean (table, row, column) ? "true" : "false");
      break;
    case CXV_COLUMN_TEXT:
    default:
      json_text (w, key, cxv_table_get_text (table, row, column));
      break;
    }
}

static void
run_report (ReportContext *ctx,
            gboolean       json,
            GString       *out)
{
  JsonWriter w = { out, 0, FALSE };

  if (json)
    json_open (&w, NULL, '{');
  else
    g_string_append (out, "cxvalue demo: a simulated internet service provider\n");

  for (guint i = 0; i < G_N_ELEMENTS (report_sections); i++)
    {
      const SectionSpec *spec = &report_sections[i];
      Section section = { cxv_table_new (spec->id),
                          g_ptr_array_new_with_free_func (g_object_unref) };

      cxv_table_set_currency (section.facts, ctx->currency);
      spec->build (ctx, &section);

      if (json)
        {
          json_open (&w, spec->id, '{');
          if (cxv_table_get_n_rows (section.facts) > 0)
            for (guint c = 0; c < cxv_table_get_n_columns (section.facts); c++)
              render_cell_json (&w, section.facts, 0, c, ctx->decimals);
          for (guint t = 0; t < section.tables->len; t++)
            {
              CxvTable *table = g_ptr_array_index (section.tables, t);
              g_autofree char *text = cxv_table_to_json (table, FALSE);

              json_raw (&w, cxv_table_get_name (table), text);
            }
          json_close (&w, '}');
        }
      else
        {
          g_string_append_printf (out, "\n%s\n", spec->title);
          if (cxv_table_get_n_rows (section.facts) > 0)
            render_facts_text (out, section.facts);
          for (guint t = 0; t < section.tables->len; t++)
            {
              CxvTable *table = g_ptr_array_index (section.tables, t);

              if (t > 0 || cxv_table_get_n_rows (section.facts) > 0)
                g_string_append_c (out, '\n');
              render_table (out, table);
            }
        }
      section_clear (&section);
    }

  if (json)
    {
      json_close (&w, '}');
      g_string_append_c (out, '\n');
    }
}

/* ------------------------------------------------------------------ */
/* Simulation                                                           */

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
  Progress     *progress;
} SimulationWait;

static void
simulation_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SimulationWait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static void
simulation_progress (GObject    *simulator,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  SimulationWait *wait = user_data;

  progress_update (wait->progress, cxv_simulator_get_progress (CXV_SIMULATOR (simulator)), NULL);
}

/* Runs @simulator; on a terminal in a worker thread, with a bar. */
static CxvDataset *
simulate (CxvSimulator  *simulator,
          GError       **error)
{
  Progress progress = { 0 };
  SimulationWait wait = { 0 };
  CxvDataset *dataset;
  gulong handler;

  progress_begin (&progress, "simulating");
  if (!progress.enabled)
    {
      progress_end (&progress);
      dataset = cxv_simulator_run (simulator, NULL, error);
    }
  else
    {
      g_autoptr(GMainContext) context = g_main_context_new ();

      g_main_context_push_thread_default (context);
      wait.loop = g_main_loop_new (context, FALSE);
      wait.progress = &progress;
      handler = g_signal_connect (simulator, "notify::progress",
                                  G_CALLBACK (simulation_progress), &wait);
      cxv_simulator_run_async (simulator, NULL, simulation_done, &wait);
      g_main_loop_run (wait.loop);
      g_signal_handler_disconnect (simulator, handler);
      dataset = cxv_simulator_run_finish (simulator, wait.result, error);
      g_clear_object (&wait.result);
      g_main_loop_unref (wait.loop);
      g_main_context_pop_thread_default (context);
      progress_end (&progress);
    }

  if (dataset != NULL && !cxv_dataset_seal (dataset, error))
    g_clear_object (&dataset);
  return dataset;
}

typedef struct
{
  char *customers;
  char *months;
  char *seed;
  char *start;
} SimulationOptions;

static void
simulation_options_clear (SimulationOptions *options)
{
  g_clear_pointer (&options->customers, g_free);
  g_clear_pointer (&options->months, g_free);
  g_clear_pointer (&options->seed, g_free);
  g_clear_pointer (&options->start, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SimulationOptions, simulation_options_clear)

/* The simulator's own default seed, so that the help cannot go stale. */
static char *
describe_seed_option (void)
{
  g_autoptr(CxvSimulator) simulator = cxv_simulator_new ();

  return g_strdup_printf ("Seed: the same seed gives the same data (default %" G_GUINT64_FORMAT
                          ")", cxv_simulator_get_seed (simulator));
}

/* Configures @simulator from the options, or returns FALSE with the
 * usage error reported in *@status. */
static gboolean
configure_simulator (CxvSimulator            *simulator,
                     const SimulationOptions *options,
                     int                     *status)
{
  guint64 customers = DEMO_CUSTOMERS, months = DEMO_MONTHS, seed = 0;
  guint64 min_customers = 1, max_customers = G_MAXUINT32;
  guint64 min_months = 1, max_months = 1200;

  simulator_bounds ("n-customers", &min_customers, &max_customers);
  simulator_bounds ("n-months", &min_months, &max_months);
  if (!parse_count ("--customers", options->customers, min_customers, max_customers, &customers,
                    status) ||
      !parse_count ("--months", options->months, min_months, max_months, &months, status) ||
      !parse_count ("--seed", options->seed, 0, G_MAXUINT64, &seed, status))
    return FALSE;

  cxv_simulator_set_n_customers (simulator, (guint) customers);
  cxv_simulator_set_n_months (simulator, (guint) months);
  if (options->seed != NULL)
    cxv_simulator_set_seed (simulator, seed);
  if (options->start != NULL)
    {
      g_autoptr(GError) error = NULL;
      CxvDate start;

      if (!cxv_date_parse_iso8601 (options->start, &start, &error))
        {
          *status = usage_error ("--start: “%s” is not a date (YYYY-MM-DD)", options->start);
          return FALSE;
        }
      cxv_simulator_set_start_date (simulator, start);
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* cxvalue demo                                                         */

static int
cmd_demo (int    argc,
          char **argv)
{
  g_auto(SimulationOptions) sim = { NULL };
  g_autofree char *seed_help = describe_seed_option ();
  g_autofree char *save = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "customers", 'n', 0, G_OPTION_ARG_STRING, &sim.customers,
      "Simulate N customers (default 20000)", "N" },
    { "months", 'm', 0, G_OPTION_ARG_STRING, &sim.months,
      "Simulate M months (default 24)", "M" },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &sim.seed,
      seed_help, "S" },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &save, "Also save the dataset to FILE", "FILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the report as JSON", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CxvSimulator) simulator = cxv_simulator_new ();
  g_autoptr(CxvDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = NULL;
  ReportContext ctx;
  int status;

  context = new_context (NULL,
                         "Simulate the built-in sample, an internet service provider, and print "
                         "a\nreport: what was simulated, the records, revenue, customers, "
                         "interactions,\nfeedback, the ledger of customers in and out by "
                         "quarter, acquisition\ncohorts, NPS/CSAT/CES and say vs do, and the "
                         "effects the simulator planted\nfor the analyses to recover.",
                         NULL, entries, NULL);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return usage_error ("unexpected argument “%s”", argv[1]);
  if (!configure_simulator (simulator, &sim, &status))
    return status;

  dataset = simulate (simulator, &error);
  if (dataset == NULL)
    return fail ("the simulation failed: %s", error->message);
  if (save != NULL && !save_dataset (dataset, save, &status))
    return status;

  ctx = (ReportContext) {
    .dataset = dataset,
    .simulator = simulator,
    .currency = cxv_dataset_get_currency (dataset),
    .decimals = cxv_dataset_get_decimals (dataset),
  };
  out = g_string_new (NULL);
  run_report (&ctx, json, out);
  if (save != NULL && !json)
    g_string_append_printf (out, "\nSaved the dataset to %s\n", save);
  fputs (out->str, stdout);
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* cxvalue simulate                                                     */

static int
cmd_simulate (int    argc,
              char **argv)
{
  g_auto(SimulationOptions) sim = { NULL };
  g_autofree char *seed_help = describe_seed_option ();
  g_autofree char *output = NULL;
  g_autofree char *csv_dir = NULL;
  const GOptionEntry entries[] = {
    { "customers", 'n', 0, G_OPTION_ARG_STRING, &sim.customers,
      "Simulate N customers (default 20000)", "N" },
    { "months", 'm', 0, G_OPTION_ARG_STRING, &sim.months,
      "Simulate M months (default 24)", "M" },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &sim.seed,
      seed_help, "S" },
    { "start", 0, 0, G_OPTION_ARG_STRING, &sim.start,
      "First day of the simulation (YYYY-MM-DD)", "DATE" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Save the dataset to FILE.cxv",
      "FILE.cxv" },
    { "csv-dir", 0, 0, G_OPTION_ARG_FILENAME, &csv_dir,
      "Write one CSV per kind of record into DIR", "DIR" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CxvSimulator) simulator = cxv_simulator_new ();
  g_autoptr(CxvDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  guint64 total = 0;
  int status;

  context = new_context (NULL,
                         "Simulate a sample dataset and save it, as a dataset file or as CSV "
                         "files\nthat “cxvalue import --csv-dir” reads back.",
                         "Give -o, --csv-dir or both.", entries, NULL);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (argc > 1)
    return usage_error ("unexpected argument “%s”", argv[1]);
  if (output == NULL && csv_dir == NULL)
    return usage_error ("say where to write: -o FILE.cxv or --csv-dir DIR");
  if (!configure_simulator (simulator, &sim, &status))
    return status;

  dataset = simulate (simulator, &error);
  if (dataset == NULL)
    return fail ("the simulation failed: %s", error->message);
  if (csv_dir != NULL && !write_csv_dir (dataset, csv_dir, &error))
    return fail ("%s", error->message);
  if (output != NULL && !save_dataset (dataset, output, &status))
    return status;

  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    total += cxv_dataset_get_n_records (dataset, k);
  {
    g_autofree char *customers = format_count (cxv_dataset_get_n_records (dataset,
                                                                          CXV_RECORD_CUSTOMER));
    g_autofree char *records = format_count ((gint64) total);

    g_print ("Simulated %s customers over %u months (seed %" G_GUINT64_FORMAT "): %s records\n",
             customers, cxv_simulator_get_n_months (simulator),
             cxv_simulator_get_seed (simulator), records);
  }
  if (output != NULL)
    g_print ("Saved %s\n", output);
  if (csv_dir != NULL)
    g_print ("Wrote %u CSV files into %s\n", CXV_N_RECORD_KINDS, csv_dir);
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* cxvalue import                                                       */

typedef struct
{
  char             *path;
  char             *mapping_name;
  CxvColumnMapping *mapping;
  gboolean          own_format;   /* a cxvalue-* preset: a header-only file has no records */
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_free (job->path);
  g_free (job->mapping_name);
  g_clear_object (&job->mapping);
  g_free (job);
}

typedef struct
{
  GPtrArray *mappings;   /* names given with --mapping, in order */
  GPtrArray *files;      /* ImportJob, mapping_name from the latest --mapping */
  gboolean   file_before_mapping;
} ImportArgs;

static gboolean
import_mapping_cb (const char  *option,
                   const char  *value,
                   gpointer     data,
                   GError     **error)
{
  ImportArgs *args = data;

  g_ptr_array_add (args->mappings, g_strdup (value));
  return TRUE;
}

static gboolean
import_file_cb (const char  *option,
                const char  *value,
                gpointer     data,
                GError     **error)
{
  ImportArgs *args = data;
  ImportJob *job = g_new0 (ImportJob, 1);

  job->path = g_strdup (value);
  if (args->mappings->len > 0)
    job->mapping_name = g_strdup (g_ptr_array_index (args->mappings, args->mappings->len - 1));
  else
    args->file_before_mapping = TRUE;
  g_ptr_array_add (args->files, job);
  return TRUE;
}

static gboolean
is_own_preset (const char *name)
{
  return g_str_has_prefix (name, "cxvalue-");
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* MAPPING is a path to a JSON file, or the name of a preset. */
CxvColumnMapping *
load_mapping (const char  *name,
              GError     **error)
{
  g_auto(GStrv) presets = NULL;
  g_autofree char *list = NULL;

  if (g_file_test (name, G_FILE_TEST_EXISTS) || strchr (name, G_DIR_SEPARATOR) != NULL ||
      g_str_has_suffix (name, ".json"))
    {
      CxvColumnMapping *mapping = cxv_column_mapping_new_from_file (name, error);

      prefix_path (error, name);
      return mapping;
    }

  presets = cxv_column_mapping_list_presets ();
  if (g_strv_contains ((const char * const *) presets, name))
    return cxv_column_mapping_new_preset (name, error);

  qsort (presets, g_strv_length (presets), sizeof (char *), compare_names);
  list = g_strjoinv (", ", presets);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               "%s: no such mapping file, and no preset of that name (presets: %s)", name, list);
  return NULL;
}

/* Gathers the rejects of every file in one table of the importer's
 * columns (file, line, column, value, reason). */
static void
append_rejects (CxvTable **all,
                CxvTable  *table)
{
  guint n_columns = cxv_table_get_n_columns (table);

  if (*all == NULL)
    {
      *all = cxv_table_new (cxv_table_get_name (table));
      for (guint c = 0; c < n_columns; c++)
        cxv_table_add_column (*all, cxv_table_get_column_name (table, c),
                              cxv_table_get_column_type (table, c));
    }
  for (guint r = 0; r < cxv_table_get_n_rows (table); r++)
    {
      guint row = cxv_table_append_row (*all);

      for (guint c = 0; c < n_columns; c++)
        if (cxv_table_is_null (table, r, c))
          cxv_table_set_null (*all, row, c);
        else if (cxv_table_get_column_type (table, c) == CXV_COLUMN_INT)
          cxv_table_set_int (*all, row, c, cxv_table_get_int (table, r, c));
        else
          cxv_table_set_text (*all, row, c, cxv_table_get_text (table, r, c));
    }
}

static void
import_progress (GObject    *importer,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  CxvCsvImporter *self = CXV_CSV_IMPORTER (importer);
  Progress *progress = user_data;
  g_autofree char *rows = format_count ((gint64) cxv_csv_importer_get_n_rows (self));
  g_autofree char *detail = g_strdup_printf ("%s rows", rows);

  progress_update (progress, cxv_csv_importer_get_progress (self), detail);
}

static int
cmd_import (int    argc,
            char **argv)
{
  ImportArgs args = {
    g_ptr_array_new_with_free_func (g_free),
    g_ptr_array_new_with_free_func ((GDestroyNotify) import_job_free),
    FALSE,
  };
  g_autoptr(GPtrArray) mappings = args.mappings;
  g_autoptr(GPtrArray) files = args.files;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new ();
  g_autoptr(GPtrArray) dir_jobs = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                  import_job_free);
  g_autofree char *output = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *csv_dir = NULL;
  g_autofree char *rejects_path = NULL;
  gboolean collect_rejects = FALSE;
  const GOptionEntry entries[] = {
    { "mapping", 'm', 0, G_OPTION_ARG_CALLBACK, import_mapping_cb,
      "Read the next files with MAPPING (JSON file or preset)", "MAPPING" },
    { "csv-dir", 0, 0, G_OPTION_ARG_FILENAME, &csv_dir,
      "Import the CSV files cxvalue wrote into DIR", "DIR" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Save the dataset to FILE.cxv",
      "FILE.cxv" },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &currency,
      "Currency of the amounts (see below)", "CODE" },
    { "collect-rejects", 0, 0, G_OPTION_ARG_NONE, &collect_rejects,
      "Skip and report rows that cannot be imported", NULL },
    { "rejects", 0, 0, G_OPTION_ARG_FILENAME, &rejects_path,
      "Write the skipped rows to FILE.csv", "FILE.csv" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_CALLBACK, import_file_cb, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CxvDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvTable) rejects = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  Progress progress = { 0 };
  guint64 total_rows = 0;
  int status;

  context = new_context ("--mapping MAPPING FILE… -o FILE.cxv",
                         "Import CSV files into one dataset, seal it and save it. The import "
                         "is all\nor nothing: if any file fails, nothing is written.",
                         "Each FILE is read with the latest --mapping before it; with a "
                         "single\n--mapping, every FILE is. MAPPING is a JSON file (see the "
                         "CxvColumnMapping\ndocumentation) or a preset; the presets "
                         "cxvalue-customers, cxvalue-revenue …\nread what “cxvalue export” "
                         "writes, and --csv-dir imports a directory of them.\nThe dataset's "
                         "currency is --currency, else the first a mapping names,\nelse USD."
                         "\n\n"
                         "Examples:\n"
                         "  cxvalue import --mapping cdnow CDNOW_sample.txt -o cdnow.cxv\n"
                         "  cxvalue import -m a.json a.csv -m b.json b.csv -o both.cxv\n"
                         "  cxvalue import --csv-dir sample/ -o sample.cxv",
                         entries, &args);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;

  if (files->len == 0 && csv_dir == NULL)
    return usage_error ("give the files to import (FILE… with --mapping, or --csv-dir DIR)");
  if (files->len > 0 && mappings->len == 0)
    return usage_error ("say how to read %s with --mapping MAPPING",
                        ((ImportJob *) g_ptr_array_index (files, 0))->path);
  if (args.file_before_mapping && mappings->len > 1)
    return usage_error ("%s comes before any --mapping; with several mappings, each file "
                        "follows its own", ((ImportJob *) g_ptr_array_index (files, 0))->path);
  if (output == NULL)
    return usage_error ("say where to save the dataset with -o FILE.cxv");
  if (rejects_path != NULL && !collect_rejects)
    return usage_error ("--rejects needs --collect-rejects");
  if (currency != NULL && cxv_currency_get_decimals (currency) < 0)
    return usage_error ("--currency: “%s” is not an ISO 4217 currency code", currency);

  /* With a single mapping, files before it use it too. */
  for (guint i = 0; i < files->len; i++)
    {
      ImportJob *job = g_ptr_array_index (files, i);

      if (job->mapping_name == NULL)
        job->mapping_name = g_strdup (g_ptr_array_index (mappings, 0));
    }

  if (csv_dir != NULL)
    {
      if (!g_file_test (csv_dir, G_FILE_TEST_IS_DIR))
        return fail ("%s: no such directory", csv_dir);
      for (guint i = 0; i < G_N_ELEMENTS (import_order); i++)
        {
          g_autofree char *name = g_strconcat (import_order[i].stem, ".csv", NULL);
          g_autofree char *path = g_build_filename (csv_dir, name, NULL);
          ImportJob *job;

          if (!g_file_test (path, G_FILE_TEST_EXISTS))
            continue;
          job = g_new0 (ImportJob, 1);
          job->path = g_steal_pointer (&path);
          job->mapping_name = g_strconcat ("cxvalue-", import_order[i].stem, NULL);
          g_ptr_array_add (dir_jobs, job);
        }
      if (dir_jobs->len == 0)
        return fail ("%s: holds none of the files cxvalue writes (customers.csv, "
                     "products.csv, …)", csv_dir);
    }
  for (guint i = 0; i < dir_jobs->len; i++)
    g_ptr_array_add (jobs, g_ptr_array_index (dir_jobs, i));
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (jobs, g_ptr_array_index (files, i));

  /* Every mapping and file is checked before any row is read. */
  for (guint i = 0; i < jobs->len; i++)
    {
      ImportJob *job = g_ptr_array_index (jobs, i);

      job->mapping = load_mapping (job->mapping_name, &error);
      if (job->mapping == NULL)
        return fail ("%s", error->message);
      if (!cxv_column_mapping_validate (job->mapping, &error))
        return fail_with_file (job->mapping_name, error);
      job->own_format = is_own_preset (job->mapping_name);
      if (currency == NULL && cxv_column_mapping_get_currency (job->mapping) != NULL)
        currency = g_strdup (cxv_column_mapping_get_currency (job->mapping));
      if (!g_file_test (job->path, G_FILE_TEST_EXISTS))
        return fail ("%s: no such file", job->path);
      if (g_file_test (job->path, G_FILE_TEST_IS_DIR))
        return fail ("%s: is a directory, not a CSV file", job->path);
    }

  dataset = cxv_dataset_new (currency != NULL ? currency : "USD", &error);
  if (dataset == NULL)
    return fail ("%s", error->message);

  for (guint i = 0; i < jobs->len; i++)
    {
      ImportJob *job = g_ptr_array_index (jobs, i);
      g_autoptr(CxvCsvImporter) importer = cxv_csv_importer_new (dataset, job->mapping);
      g_autoptr(GFile) file = g_file_new_for_path (job->path);
      g_autofree char *base = g_path_get_basename (job->path);
      g_autofree char *label = g_strdup_printf ("[%u/%u] %s", i + 1, jobs->len, base);
      g_autofree char *rows = NULL;
      gulong handler;
      gboolean ok;

      cxv_csv_importer_set_collect_rejects (importer, collect_rejects);
      progress_begin (&progress, label);
      handler = g_signal_connect (importer, "notify::progress", G_CALLBACK (import_progress),
                                  &progress);
      ok = cxv_csv_importer_import_file (importer, file, NULL, &error);
      g_signal_handler_disconnect (importer, handler);

      /* What cxvalue exports for a kind without records is a header
       * alone: no records, not a mistake. */
      if (!ok && job->own_format &&
          g_error_matches (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_EMPTY) &&
          strstr (error->message, "only a header") != NULL)
        {
          g_clear_error (&error);
          ok = TRUE;
        }
      if (!ok)
        {
          progress_end (&progress);
          return fail_with_file (job->path, error);
        }

      if (cxv_csv_importer_get_rejects (importer) != NULL)
        append_rejects (&rejects, cxv_csv_importer_get_rejects (importer));

      total_rows += cxv_csv_importer_get_n_rows (importer);
      rows = format_count ((gint64) cxv_csv_importer_get_n_rows (importer));
      g_string_append_printf (report, "  %-40s %12s rows  (%s)\n", job->path, rows,
                              job->mapping_name);
    }
  progress_end (&progress);

  if (!cxv_dataset_seal (dataset, &error))
    return fail ("the imported records do not fit together: %s", error->message);

  if (rejects != NULL)
    {
      guint n = cxv_table_get_n_rows (rejects);
      g_autofree char *first = cxv_table_format_cell (rejects, 0, 0);

      if (rejects_path != NULL)
        {
          g_autoptr(OutputFile) out = output_file_new (rejects_path, &error);

          if (out == NULL || !cxv_table_write_csv (rejects, out->stream, NULL, &error) ||
              !output_file_commit (out, &error))
            return fail_with_file (rejects_path, error);
        }
      g_printerr ("cxvalue import: skipped %u row%s that could not be imported; the first: "
                  "%s:%" G_GINT64_FORMAT ": %s: %s%s%s\n",
                  n, n == 1 ? "" : "s", first, cxv_table_get_int (rejects, 0, 1),
                  cxv_table_get_text (rejects, 0, 2), cxv_table_get_text (rejects, 0, 4),
                  rejects_path ? "; all are in " : "", rejects_path ? rejects_path : "");
    }

  if (!save_dataset (dataset, output, &status))
    return status;

  {
    g_autofree char *rows = format_count ((gint64) total_rows);

    g_print ("%sImported %s rows from %u file%s; saved %s\n", report->str, rows, jobs->len,
             jobs->len == 1 ? "" : "s", output);
  }
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* cxvalue info                                                         */

static int
cmd_info (int    argc,
          char **argv)
{
  gboolean json = FALSE;
  g_auto(GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CxvDataset) dataset = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *path;
  CxvDate first, last;
  gint64 total;
  int decimals, status;

  context = new_context ("FILE.cxv",
                         "Describe a dataset file: records of each kind, the period they "
                         "cover,\nthe currency and the revenue total.", NULL, entries, NULL);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (rest == NULL || rest[0] == NULL)
    return usage_error ("give the dataset file to describe");
  if (rest[1] != NULL)
    return usage_error ("unexpected argument “%s”: info describes one file", rest[1]);
  path = rest[0];

  dataset = open_dataset (path, &status);
  if (dataset == NULL)
    return status;

  get_date_range (dataset, &first, &last);
  total = cxv_dataset_get_revenue_total (dataset);
  decimals = cxv_dataset_get_decimals (dataset);

  if (json)
    {
      JsonWriter w = { out, 0, FALSE };

      json_open (&w, NULL, '{');
      json_text (&w, "file", path);
      json_text (&w, "currency", cxv_dataset_get_currency (dataset));
      json_int (&w, "decimals", decimals);
      json_open (&w, "records", '{');
      for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
        json_int (&w, enum_nick (CXV_TYPE_RECORD_KIND, k), cxv_dataset_get_n_records (dataset, k));
      json_close (&w, '}');
      json_date (&w, "first_date", first);
      json_date (&w, "last_date", last);
      json_money (&w, "revenue_total", total, decimals);
      json_close (&w, '}');
      g_string_append_c (out, '\n');
    }
  else
    {
      g_autofree char *first_text = format_date (first);
      g_autofree char *last_text = format_date (last);
      g_autofree char *total_text = format_money (total, decimals);

      g_string_append_printf (out, "File:           %s\n", path);
      g_string_append_printf (out, "Currency:       %s (%d decimals)\n",
                              cxv_dataset_get_currency (dataset), decimals);
      g_string_append_printf (out, "Period:         %s to %s\n", first_text, last_text);
      g_string_append_printf (out, "Revenue total:  %s %s\n", total_text,
                              cxv_dataset_get_currency (dataset));
      g_string_append (out, "\nRecords\n");
      for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
        {
          g_autofree char *count = format_count (cxv_dataset_get_n_records (dataset, k));

          g_string_append_printf (out, "  %-18s %12s\n", kind_labels[k], count);
        }
    }
  fputs (out->str, stdout);
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* cxvalue export                                                       */

static int
cmd_export (int    argc,
            char **argv)
{
  g_autofree char *kind_text = NULL;
  g_autofree char *output = NULL;
  g_autofree char *csv_dir = NULL;
  g_auto(GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind_text,
      "The kind of record to write (see below)", "KIND" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write the CSV to OUT.csv; “-” is standard output", "OUT.csv" },
    { "csv-dir", 0, 0, G_OPTION_ARG_FILENAME, &csv_dir,
      "Write every kind instead, one CSV each, into DIR", "DIR" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CxvDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  CxvRecordKind kind = CXV_RECORD_CUSTOMER;
  int status;

  context = new_context ("FILE.cxv --kind KIND -o OUT.csv",
                         "Write the records of one kind of a dataset file as CSV, with a header "
                         "line;\n“cxvalue import” reads it back with the kind's preset "
                         "(cxvalue-customers,\ncxvalue-revenue, …).",
                         "KIND is one of customer, product, holding, revenue, interaction, "
                         "feedback,\nusage, referral and initiative (or the file names "
                         "customers, products, …).\n\nAmounts are exact decimals, dates "
                         "YYYY-MM-DD, enums by nick, booleans true or\nfalse, absent values "
                         "empty.", entries, NULL);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if (rest == NULL || rest[0] == NULL)
    return usage_error ("give the dataset file to export");
  if (rest[1] != NULL)
    return usage_error ("unexpected argument “%s”", rest[1]);
  if (csv_dir != NULL && (kind_text != NULL || output != NULL))
    return usage_error ("--csv-dir writes every kind; it does not go with --kind or -o");
  if (csv_dir == NULL)
    {
      if (kind_text == NULL)
        return usage_error ("say which records to write with --kind KIND");
      if (!parse_kind (kind_text, &kind))
        {
          g_autofree char *nicks = list_kind_nicks ();
          return usage_error ("--kind: “%s” is not a kind of record (kinds: %s)", kind_text,
                              nicks);
        }
      if (output == NULL)
        return usage_error ("say where to write with -o OUT.csv (“-o -” for standard output)");
    }

  dataset = open_dataset (rest[0], &status);
  if (dataset == NULL)
    return status;

  if (csv_dir != NULL)
    {
      if (!write_csv_dir (dataset, csv_dir, &error))
        return fail ("%s", error->message);
    }
  else if (!write_csv_file (dataset, kind, output, &error))
    return fail ("%s", error->message);
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* cxvalue ledger                                                       */

/* Reads the nick of a value of @type (`quarter`, `non-contractual`). */
gboolean
parse_nick (GType       type,
            const char *text,
            int        *value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value_by_nick (klass, text);

  if (v == NULL)
    return FALSE;
  *value = v->value;
  return TRUE;
}

void
json_table (JsonWriter *w,
            const char *key,
            CxvTable   *table)
{
  g_autofree char *text = cxv_table_to_json (table, FALSE);

  json_raw (w, key, text);
}

/* ------------------------------------------------------------------ */
/* Options shared by the analyses                                       */

/* --period, --definition and --inactivity-days, as text until checked. */
typedef struct
{
  char *period;
  char *definition;
  char *inactivity;
} DefinitionOptions;

static void
definition_options_clear (DefinitionOptions *options)
{
  g_clear_pointer (&options->period, g_free);
  g_clear_pointer (&options->definition, g_free);
  g_clear_pointer (&options->inactivity, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DefinitionOptions, definition_options_clear)

#define DEFINITION_ENTRIES(o) \
  { "period", 'p', 0, G_OPTION_ARG_STRING, &(o).period, \
    "Periods to report by: month (default), quarter or year", "PERIOD" }, \
  { "definition", 'd', 0, G_OPTION_ARG_STRING, &(o).definition, \
    "What “in” and “out” mean: contractual (default) or non-contractual", "DEFINITION" }, \
  { "inactivity-days", 0, 0, G_OPTION_ARG_STRING, &(o).inactivity, \
    "Non-contractual: days without a purchase after which a customer is lost (default 90)", \
    "N" }

/* Checks the options; FALSE with the usage error in *@status. */
static gboolean
parse_definition_options (const DefinitionOptions *options,
                          CxvPeriod               *period,
                          CxvActivity             *activity,
                          guint                   *inactivity_days,
                          int                     *status)
{
  int p = CXV_PERIOD_MONTH, a = CXV_ACTIVITY_CONTRACTUAL;
  guint64 days = 90;

  if (options->period != NULL && !parse_nick (CXV_TYPE_PERIOD, options->period, &p))
    {
      *status = usage_error ("--period: “%s” is not a period (month, quarter or year)",
                             options->period);
      return FALSE;
    }
  if (options->definition != NULL && !parse_nick (CXV_TYPE_ACTIVITY, options->definition, &a))
    {
      *status = usage_error ("--definition: “%s” is not a definition (contractual or "
                             "non-contractual)", options->definition);
      return FALSE;
    }
  if (!parse_count ("--inactivity-days", options->inactivity, 1, LEDGER_MAX_DAYS, &days, status))
    return FALSE;
  if (options->inactivity != NULL && a != CXV_ACTIVITY_NON_CONTRACTUAL)
    {
      *status = usage_error ("--inactivity-days applies only to --definition non-contractual");
      return FALSE;
    }
  *period = (CxvPeriod) p;
  *activity = (CxvActivity) a;
  *inactivity_days = (guint) days;
  return TRUE;
}

/* The checked file argument, or NULL with the usage error in *@status. */
static const char *
single_file (char       **rest,
             const char  *command,
             int         *status)
{
  if (rest == NULL || rest[0] == NULL)
    {
      *status = usage_error ("give the dataset file to analyse");
      return NULL;
    }
  if (rest[1] != NULL)
    {
      *status = usage_error ("unexpected argument “%s”: %s analyses one file", rest[1], command);
      return NULL;
    }
  return rest[0];
}

static void
json_settings (JsonWriter  *w,
               const char  *path,
               CxvDataset  *dataset,
               CxvPeriod    period,
               CxvActivity  activity,
               guint        inactivity_days)
{
  json_text (w, "file", path);
  json_text (w, "currency", cxv_dataset_get_currency (dataset));
  json_text (w, "period", enum_nick (CXV_TYPE_PERIOD, period));
  json_text (w, "definition", enum_nick (CXV_TYPE_ACTIVITY, activity));
  if (activity == CXV_ACTIVITY_NON_CONTRACTUAL)
    json_int (w, "inactivity_days", inactivity_days);
}

static int
cmd_ledger (int    argc,
            char **argv)
{
  g_auto(DefinitionOptions) def = { NULL };
  g_autofree char *window_text = NULL;
  gboolean json = FALSE;
  gboolean departures = FALSE;
  double lifetime_discount = 0.0;
  g_auto(GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    DEFINITION_ENTRIES (def),
    { "window-days", 0, 0, G_OPTION_ARG_STRING, &window_text,
      "Days before a departure in which experiences count (default 90)", "N" },
    { "departures", 0, 0, G_OPTION_ARG_NONE, &departures,
      "Also list every departure and the experiences before it", NULL },
    { "lifetime-discount", 0, 0, G_OPTION_ARG_DOUBLE, &lifetime_discount,
      "Price departures in lifetime value (sBG over the monthly cohorts), discounting "
      "RATE a month", "RATE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CxvDataset) dataset = NULL;
  g_autoptr(CxvLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  CxvPeriod period;
  CxvActivity activity;
  guint inactivity_days;
  guint64 window_days = 90;
  const char *path;
  int status;

  context = new_context ("FILE.cxv",
                         "Customers as assets, period by period: customers at the start, new, "
                         "won\nback, lost and at the end, whether the count reconciles (start + "
                         "in − out\n= end), revenue, the run-rate that came in and went out, "
                         "retention, the\nshare of lost run-rate refilled, and net and gross "
                         "revenue retention (NRR,\nGRR). Then the experiences in the window "
                         "before each departure, ranked by\nthe revenue lost after them: which "
                         "experiences drove revenue out the door.",
                         "Contractual: a customer is in while it holds a product and goes out "
                         "when its\nlast holding ends. Non-contractual: in at a purchase, out "
                         "once\n--inactivity-days pass without another. A customer's first "
                         "spell counts as\nnew, any later one as won back.\n\n"
                         "Run-rates are 12 times the recurring revenue of the 30 days before "
                         "leaving\n(or after coming in). NRR is this period's recurring revenue "
                         "of the customers\nactive at its start over theirs in the period "
                         "before; GRR caps each\ncustomer at the period before, so it never "
                         "exceeds 1.\n\n"
                         "--lifetime-discount fits an sBG model to the monthly acquisition "
                         "cohorts\nand adds lifetime_value_out: what each departure would "
                         "still have paid,\ndiscounted, had it stayed as the model expects.\n\n"
                         "--json prints the periods and experiences tables in full, the "
                         "number of\ndata-quality findings and, with --departures, the "
                         "departures.", entries, NULL);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if ((path = single_file (rest, "ledger", &status)) == NULL)
    return status;
  if (!parse_definition_options (&def, &period, &activity, &inactivity_days, &status) ||
      !parse_count ("--window-days", window_text, 1, LEDGER_MAX_DAYS, &window_days, &status))
    return status;

  dataset = open_dataset (path, &status);
  if (dataset == NULL)
    return status;

  ledger = cxv_ledger_new (dataset);
  cxv_ledger_set_period (ledger, period);
  cxv_ledger_set_activity (ledger, activity);
  cxv_ledger_set_inactivity_days (ledger, inactivity_days);
  cxv_ledger_set_window_days (ledger, (guint) window_days);
  if (lifetime_discount != 0.0)
    {
      g_autoptr(CxvCohorts) cohorts = cxv_cohorts_new (dataset);
      g_autoptr(CxvClvSbg) sbg = cxv_clv_sbg_new ();

      if (!isfinite (lifetime_discount) || lifetime_discount <= 0.0 || lifetime_discount >= 1.0)
        return usage_error ("--lifetime-discount: %g is not a monthly rate between 0 and 1",
                            lifetime_discount);
      /* The model's period must be a month, whatever the ledger's is. */
      cxv_cohorts_set_period (cohorts, CXV_PERIOD_MONTH);
      cxv_cohorts_set_activity (cohorts, activity);
      cxv_cohorts_set_inactivity_days (cohorts, inactivity_days);
      if (!cxv_cohorts_run (cohorts, NULL, &error)
          || !cxv_clv_sbg_fit_cohorts (sbg, cohorts, &error))
        return fail ("%s: lifetime model: %s", path, error->message);
      cxv_ledger_set_lifetime_model (ledger, sbg, lifetime_discount);
    }
  if (!cxv_ledger_run (ledger, NULL, &error))
    return fail_with_file (path, error);

  if (json)
    {
      JsonWriter w = { out, 0, FALSE };

      json_open (&w, NULL, '{');
      json_settings (&w, path, dataset, period, activity, inactivity_days);
      json_int (&w, "window_days", (gint64) window_days);
      json_table (&w, "periods", cxv_ledger_get_periods (ledger));
      json_table (&w, "experiences", cxv_ledger_get_experiences (ledger));
      json_int (&w, "findings", (gint64) cxv_ledger_get_n_findings (ledger));
      if (departures)
        json_table (&w, "departures", cxv_ledger_get_departures (ledger));
      json_close (&w, '}');
      g_string_append_c (out, '\n');
    }
  else
    {
      CxvTable *periods = cxv_ledger_get_periods (ledger);
      CxvTable *experiences = cxv_ledger_get_experiences (ledger);
      g_autoptr(GArray) picks = g_array_new (FALSE, FALSE, sizeof (ColumnPick));
      g_autoptr(CxvTable) shown = NULL;
      g_autofree char *definition = describe_activity (activity, inactivity_days);
      g_autofree char *findings = format_count ((gint64) cxv_ledger_get_n_findings (ledger));
      g_autofree char *n_departures =
        format_count (cxv_table_get_n_rows (cxv_ledger_get_departures (ledger)));
      gboolean lifetime = cxv_table_lookup_column (periods, "lifetime_value_out", NULL);

      /* With a lifetime model, its column after the run-rate that left. */
      for (guint i = 0; i < G_N_ELEMENTS (ledger_period_columns); i++)
        {
          static const ColumnPick lifetime_pick = { "lifetime_value_out", "lifetime_value_out" };

          g_array_append_val (picks, ledger_period_columns[i]);
          if (lifetime && g_str_equal (ledger_period_columns[i].from, "value_out"))
            g_array_append_val (picks, lifetime_pick);
        }
      shown = pick_columns (periods, "periods", (const ColumnPick *) (gpointer) picks->data,
                            picks->len, G_MAXUINT);

      g_string_append_printf (out, "File:        %s\n", path);
      g_string_append_printf (out, "Definition:  %s\n", definition);
      g_string_append_printf (out, "Amounts:     %s; value in and out are annual run-rates\n",
                              cxv_dataset_get_currency (dataset));
      g_string_append_printf (out, "\nCustomers in and out by %s\n",
                              enum_nick (CXV_TYPE_PERIOD, period));
      render_table (out, shown);
      g_string_append_printf (out, "\nWhich experiences drove revenue out the door "
                              "(%s departures, %u-day window)\n",
                              n_departures, (guint) window_days);
      if (cxv_table_get_n_rows (experiences) > 0)
        render_table (out, experiences);
      else
        g_string_append (out, "  no departure followed a recorded experience\n");
      if (departures)
        {
          g_string_append (out, "\nDepartures\n");
          render_table (out, cxv_ledger_get_departures (ledger));
        }
      g_string_append_printf (out, "\nData-quality findings: %s\n", findings);
    }
  fputs (out->str, stdout);
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* cxvalue cohorts                                                      */

static int
cmd_cohorts (int    argc,
             char **argv)
{
  g_auto(DefinitionOptions) def = { NULL };
  gboolean json = FALSE;
  g_auto(GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    DEFINITION_ENTRIES (def),
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CxvDataset) dataset = NULL;
  g_autoptr(CxvCohorts) cohorts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  CxvPeriod period;
  CxvActivity activity;
  guint inactivity_days;
  const char *path;
  int status;

  context = new_context ("FILE.cxv",
                         "Acquisition cohorts: the share of each cohort's customers still "
                         "active, and\nof its first period's revenue still coming in, period "
                         "after period; new and\nwon-back customers per period; growth of each "
                         "segment.",
                         "A cohort is the period of a customer's first spell of activity; "
                         "“+N” is N\nperiods later. --json prints the retention table in long "
                         "form (cohort, age,\ncustomers, active, customer_retention, revenue, "
                         "revenue_retention), the new\ncustomers and the segments.",
                         entries, NULL);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if ((path = single_file (rest, "cohorts", &status)) == NULL)
    return status;
  if (!parse_definition_options (&def, &period, &activity, &inactivity_days, &status))
    return status;

  dataset = open_dataset (path, &status);
  if (dataset == NULL)
    return status;
  cohorts = cxv_cohorts_new (dataset);
  cxv_cohorts_set_period (cohorts, period);
  cxv_cohorts_set_activity (cohorts, activity);
  cxv_cohorts_set_inactivity_days (cohorts, inactivity_days);
  if (!cxv_cohorts_run (cohorts, NULL, &error))
    return fail_with_file (path, error);

  if (json)
    {
      JsonWriter w = { out, 0, FALSE };

      json_open (&w, NULL, '{');
      json_settings (&w, path, dataset, period, activity, inactivity_days);
      json_table (&w, "retention", cxv_cohorts_get_retention (cohorts));
      json_table (&w, "new_customers", cxv_cohorts_get_new_customers (cohorts));
      json_table (&w, "segments", cxv_cohorts_get_segments (cohorts));
      json_close (&w, '}');
      g_string_append_c (out, '\n');
    }
  else
    {
      g_autofree char *definition = describe_activity (activity, inactivity_days);
      g_autoptr(CxvTable) customers = pivot_retention (cxv_cohorts_get_retention (cohorts),
                                                       "customer_retention",
                                                       "customer_retention");
      g_autoptr(CxvTable) revenue = pivot_retention (cxv_cohorts_get_retention (cohorts),
                                                     "revenue_retention", "revenue_retention");
      const char *unit = enum_nick (CXV_TYPE_PERIOD, period);

      g_string_append_printf (out, "File:        %s\n", path);
      g_string_append_printf (out, "Definition:  %s\n", definition);
      g_string_append_printf (out, "\nCustomers still active, by cohort and %ss since "
                              "acquisition\n", unit);
      render_table (out, customers);
      g_string_append_printf (out, "\nRevenue against the cohort's first %s\n", unit);
      render_table (out, revenue);
      g_string_append_printf (out, "\nNew customers by %s\n", unit);
      render_table (out, cxv_cohorts_get_new_customers (cohorts));
      g_string_append_printf (out, "\nGrowth by segment and %s\n", unit);
      render_table (out, cxv_cohorts_get_segments (cohorts));
    }
  fputs (out->str, stdout);
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* cxvalue indicators                                                   */

static int
cmd_indicators (int    argc,
                char **argv)
{
  g_auto(DefinitionOptions) def = { NULL };
  g_autofree char *horizon_text = NULL;
  gboolean json = FALSE;
  g_auto(GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    DEFINITION_ENTRIES (def),
    { "horizon", 0, 0, G_OPTION_ARG_STRING, &horizon_text,
      "Say vs do: periods after an answer to follow the customer (default 3)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CxvDataset) dataset = NULL;
  g_autoptr(CxvIndicators) indicators = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  CxvPeriod period;
  CxvActivity activity;
  guint inactivity_days;
  guint64 horizon = 3;
  const char *path;
  int status;

  context = new_context ("FILE.cxv",
                         "CX indicators per period and segment: NPS (promoters 9-10, "
                         "detractors 0-6)\nwith its 95 % interval, CSAT (share of 4-5, and "
                         "mean), CES (mean) and the\nanswers behind them. Then say vs do: "
                         "for promoters, passives and detractors\n(and CSAT and CES bands), "
                         "the share still customers and the revenue they\nbrought in the "
                         "periods after their first answer.",
                         "--definition says who is still a customer after an answer; "
                         "--json prints\nthe scores and say-vs-do tables in full.",
                         entries, NULL);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if ((path = single_file (rest, "indicators", &status)) == NULL)
    return status;
  if (!parse_definition_options (&def, &period, &activity, &inactivity_days, &status) ||
      !parse_count ("--horizon", horizon_text, 1, 1200, &horizon, &status))
    return status;

  dataset = open_dataset (path, &status);
  if (dataset == NULL)
    return status;
  indicators = cxv_indicators_new (dataset);
  cxv_indicators_set_period (indicators, period);
  cxv_indicators_set_activity (indicators, activity);
  cxv_indicators_set_inactivity_days (indicators, inactivity_days);
  cxv_indicators_set_horizon (indicators, (guint) horizon);
  if (!cxv_indicators_run (indicators, NULL, &error))
    return fail_with_file (path, error);

  if (json)
    {
      JsonWriter w = { out, 0, FALSE };

      json_open (&w, NULL, '{');
      json_settings (&w, path, dataset, period, activity, inactivity_days);
      json_int (&w, "horizon", (gint64) horizon);
      json_table (&w, "scores", cxv_indicators_get_scores (indicators));
      json_table (&w, "say_do", cxv_indicators_get_say_do (indicators));
      json_close (&w, '}');
      g_string_append_c (out, '\n');
    }
  else
    {
      g_autofree char *definition = describe_activity (activity, inactivity_days);
      CxvTable *scores = cxv_indicators_get_scores (indicators);
      g_autoptr(CxvTable) shown = pick_columns (scores, "scores", indicator_score_columns,
                                                G_N_ELEMENTS (indicator_score_columns),
                                                G_MAXUINT);
      const char *unit = enum_nick (CXV_TYPE_PERIOD, period);

      g_string_append_printf (out, "File:        %s\n", path);
      g_string_append_printf (out, "Definition:  %s\n", definition);
      g_string_append_printf (out, "\nWhat customers say, by %s and segment\n", unit);
      render_table (out, shown);
      g_string_append_printf (out, "\nWhat they do: %u %s%s after their first answer\n",
                              (guint) horizon, unit, horizon == 1 ? "" : "s");
      render_table (out, cxv_indicators_get_say_do (indicators));
    }
  fputs (out->str, stdout);
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* cxvalue qore                                                         */

/* `FROM:TO`, two dates; FALSE with the usage error in *@status. */
static gboolean
parse_migration (const char *text,
                 CxvDate    *from,
                 CxvDate    *to,
                 int        *status)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return TRUE;
  parts = g_strsplit (text, ":", -1);
  if (g_strv_length (parts) != 2 || !cxv_date_parse_iso8601 (parts[0], from, NULL) ||
      !cxv_date_parse_iso8601 (parts[1], to, NULL))
    {
      *status = usage_error ("--migration: “%s” is not two dates FROM:TO (YYYY-MM-DD:YYYY-MM-DD)",
                             text);
      return FALSE;
    }
  if (*from >= *to)
    {
      *status = usage_error ("--migration: “%s”: the first date must come before the second",
                             text);
      return FALSE;
    }
  return TRUE;
}

/* The long migration table (from_tier, to_tier, customers) as a grid: one
 * row per tier on the first date, one column per tier on the second. */
static CxvTable *
pivot_migration (CxvTable *migration)
{
  static const char * const names[] = { "not_active", "tier_0", "tier_1", "tier_2", "tier_3" };
  CxvTable *grid = cxv_table_new ("migration");
  guint c_from, c_to, c_customers;

  if (!cxv_table_lookup_column (migration, "from_tier", &c_from) ||
      !cxv_table_lookup_column (migration, "to_tier", &c_to) ||
      !cxv_table_lookup_column (migration, "customers", &c_customers))
    g_error ("the migration table lacks its columns");
  cxv_table_add_column (grid, "from", CXV_COLUMN_TEXT);
  for (guint t = 0; t < G_N_ELEMENTS (names); t++)
    cxv_table_add_column (grid, names[t], CXV_COLUMN_INT);
  for (guint t = 0; t < G_N_ELEMENTS (names); t++)
    {
      guint row = cxv_table_append_row (grid);
      g_autofree char *label = column_title (names[t]);

      cxv_table_set_text (grid, row, 0, label);
      for (guint c = 1; c <= G_N_ELEMENTS (names); c++)
        cxv_table_set_int (grid, row, c, 0);
    }
  for (guint r = 0; r < cxv_table_get_n_rows (migration); r++)
    {
      gint64 from = cxv_table_get_int (migration, r, c_from);
      gint64 to = cxv_table_get_int (migration, r, c_to);

      if (from < -1 || from > 3 || to < -1 || to > 3)
        continue;
      cxv_table_set_int (grid, (guint) (from + 1), (guint) (to + 2),
                         cxv_table_get_int (migration, r, c_customers));
    }
  return grid;
}

static int
cmd_qore (int    argc,
          char **argv)
{
  g_autofree char *window_text = NULL;
  g_autofree char *rules_path = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *migration_text = NULL;
  gboolean json = FALSE;
  gboolean customers = FALSE;
  g_auto(GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "customers", 0, 0, G_OPTION_ARG_NONE, &customers,
      "List every customer evaluated: tier and gaps", NULL },
    { "customer", 0, 0, G_OPTION_ARG_STRING, &customer,
      "Explain one customer's tier and gaps in plain words", "ID" },
    { "rules", 0, 0, G_OPTION_ARG_FILENAME, &rules_path,
      "Load the rules (thresholds, windows, actions) from a JSON file", "RULES.json" },
    { "window-days", 0, 0, G_OPTION_ARG_STRING, &window_text,
      "Days ending on the evaluation date that the signals read (default 365)", "N" },
    { "migration", 0, 0, G_OPTION_ARG_STRING, &migration_text,
      "Also count the customers moving between tiers from one date to another",
      "FROM:TO" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CxvDataset) dataset = NULL;
  g_autoptr(CxvQore) qore = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *explanation = NULL;
  g_autofree char *evaluated_on = NULL;
  g_autoptr(CxvTable) migration = NULL;
  CxvDate migration_from = CXV_DATE_NONE, migration_to = CXV_DATE_NONE;
  guint64 window_days = 0;
  CxvTable *tiers, *table, *products;
  const char *path;
  int status;

  context = new_context ("FILE.cxv",
                         "Relationship tiers (QoRE), from evidence only: 1 Evaluate (satisfied, "
                         "contacts\nthrough low-cost channels), 2 Engage (effective use, gives "
                         "input, engages\nwith education, advice or offers), 3 Trust (owns every "
                         "product line it is\neligible for, has referred customers); tier 0 "
                         "otherwise. Tiers are cumulative.\nBy default: customers, revenue, "
                         "churn and single-product customers per tier.",
                         "Customers are evaluated on the day churn-days (90) before the end of "
                         "the data,\nso that churn in the next period can be observed; the "
                         "signals read the\n--window-days ending that day. A signal without "
                         "data is \"no evidence\", never\ncounted as met. Every failing or "
                         "unevidenced signal is a gap, with the action\nthat addresses it.\n\n"
                         "--rules reads a JSON object of rule properties (window-days, "
                         "evaluation-date,\nchurn-days, activity, inactivity-days, min-csat, "
                         "min-nps, min-ces,\nlow-cost-share, usage-ratio, complex-kinds, "
                         "billing-reasons,\nno-evidence-unmet, actions); --window-days "
                         "overrides the rules' window.\n\n"
                         "--migration FROM:TO evaluates every customer on both dates with the "
                         "same\nrules and counts them by pair of tiers (\"not active\" on a date "
                         "where they were\nnot customers).\n\n"
                         "--json prints the tiers and product-mix tables in full, the migration "
                         "matrix in\nlong form, and with --customers every column of the "
                         "per-customer table (each\nsignal's value and whether it holds).",
                         entries, NULL);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if ((path = single_file (rest, "qore", &status)) == NULL)
    return status;
  if (!parse_count ("--window-days", window_text, 1, LEDGER_MAX_DAYS, &window_days, &status) ||
      !parse_migration (migration_text, &migration_from, &migration_to, &status))
    return status;
  if (customer != NULL && customers)
    return usage_error ("--customer and --customers are alternatives: give one");
  if (customer != NULL && *customer == '\0')
    return usage_error ("--customer: give a customer id");

  dataset = open_dataset (path, &status);
  if (dataset == NULL)
    return status;
  qore = cxv_qore_new (dataset);
  if (rules_path != NULL)
    {
      g_autofree char *rules = NULL;

      if (!g_file_get_contents (rules_path, &rules, NULL, &error))
        return fail_with_file (rules_path, error);
      if (!cxv_qore_load_rules (qore, rules, &error))
        return fail_with_file (rules_path, error);
    }
  if (window_text != NULL)
    cxv_qore_set_window_days (qore, (guint) window_days);
  if (!cxv_qore_run (qore, NULL, &error))
    return fail_with_file (path, error);
  if (migration_text != NULL)
    {
      migration = cxv_qore_migration (qore, migration_from, migration_to, NULL, &error);
      if (migration == NULL)
        return fail ("--migration: %s", error->message);
    }

  if (customer != NULL)
    {
      explanation = cxv_qore_explain_customer (qore, customer, &error);
      if (explanation == NULL)
        return fail ("%s", error->message);
    }

  tiers = cxv_qore_get_tiers (qore);
  table = cxv_qore_get_customers (qore);
  products = cxv_qore_get_products (qore);
  evaluated_on = format_date (cxv_qore_get_evaluated_on (qore));
  if (json)
    {
      JsonWriter w = { out, 0, FALSE };

      json_open (&w, NULL, '{');
      json_text (&w, "file", path);
      json_text (&w, "currency", cxv_dataset_get_currency (dataset));
      json_date (&w, "evaluated_on", cxv_qore_get_evaluated_on (qore));
      json_int (&w, "window_days", cxv_qore_get_window_days (qore));
      json_int (&w, "churn_days", cxv_qore_get_churn_days (qore));
      json_text (&w, "definition", enum_nick (CXV_TYPE_ACTIVITY, cxv_qore_get_activity (qore)));
      json_int (&w, "customers_evaluated", cxv_table_get_n_rows (table));
      json_table (&w, "tiers", tiers);
      json_table (&w, "products", products);
      if (migration != NULL)
        {
          json_open (&w, "migration", '{');
          json_date (&w, "from", migration_from);
          json_date (&w, "to", migration_to);
          json_table (&w, "matrix", migration);
          json_close (&w, '}');
        }
      if (customers)
        json_table (&w, "customers", table);
      if (customer != NULL)
        {
          g_autoptr(CxvTable) row = rows_where (table, "customer", customer);

          json_text (&w, "customer", customer);
          json_text (&w, "explanation", explanation);
          json_table (&w, "customer_row", row);
        }
      json_close (&w, '}');
      g_string_append_c (out, '\n');
    }
  else if (customer != NULL)
    {
      g_string_append (out, explanation);
      if (!g_str_has_suffix (explanation, "\n"))
        g_string_append_c (out, '\n');
    }
  else
    {
      g_autofree char *definition = describe_activity (cxv_qore_get_activity (qore),
                                                       cxv_qore_get_inactivity_days (qore));
      g_autofree char *n = format_count (cxv_table_get_n_rows (table));

      g_string_append_printf (out, "File:          %s\n", path);
      g_string_append_printf (out, "Definition:    %s\n", definition);
      g_string_append_printf (out, "Evaluated on:  %s (%s customers active that day)\n",
                              evaluated_on, n);
      g_string_append_printf (out, "Window:        the %u days ending that day; churn over "
                              "the %u days after it\n",
                              cxv_qore_get_window_days (qore), cxv_qore_get_churn_days (qore));
      if (customers)
        {
          g_autoptr(CxvTable) shown = pick_columns (table, "customers", qore_customer_columns,
                                                    G_N_ELEMENTS (qore_customer_columns),
                                                    G_MAXUINT);

          g_string_append (out, "\nCustomers, their tier and the gaps holding them back\n");
          render_table (out, shown);
        }
      else
        {
          g_autoptr(CxvTable) shown = pick_columns (tiers, "tiers", qore_tier_columns,
                                                    G_N_ELEMENTS (qore_tier_columns),
                                                    G_MAXUINT);

          g_string_append_printf (out, "\nRelationship tiers (revenue in %s over the window)\n",
                                  cxv_dataset_get_currency (dataset));
          render_table (out, shown);
          g_string_append (out, "\nProduct mix: holders, single-product holders, and "
                           "coverage of the eligible\n");
          render_table (out, products);
        }
      if (migration != NULL)
        {
          g_autoptr(CxvTable) grid = pivot_migration (migration);
          g_autofree char *from = format_date (migration_from);
          g_autofree char *to = format_date (migration_to);

          g_string_append_printf (out, "\nCustomers moving between tiers, from %s (rows) to %s "
                                  "(columns)\n", from, to);
          render_table (out, grid);
        }
    }
  fputs (out->str, stdout);
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* cxvalue revenue-quality                                              */

static int
cmd_revenue_quality (int    argc,
                     char **argv)
{
  g_auto(DefinitionOptions) def = { NULL };
  g_autofree char *segment = NULL;
  gboolean json = FALSE;
  g_auto(GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    DEFINITION_ENTRIES (def),
    { "segment", 's', 0, G_OPTION_ARG_STRING, &segment,
      "The segment to show, or all (default) for every customer", "NAME" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CxvDataset) dataset = NULL;
  g_autoptr(CxvRevenueQuality) quality = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(CxvTable) periods = NULL;
  g_autoptr(CxvTable) summary = NULL;
  CxvPeriod period;
  CxvActivity activity;
  guint inactivity_days;
  const char *path;
  int status;

  context = new_context ("FILE.cxv",
                         "The quality of revenue per period: how predictable (recurring share, "
                         "NRR,\nGRR, share from customers of more than 12 months), profitable "
                         "(gross margin,\ncost to serve, margin after it, low-cost contact "
                         "share) and diverse (largest\ncustomer's share, flagged above 15 %, "
                         "top-10 and top-decile share, Herfindahl\nindex, Gini, mean products "
                         "per customer) it is; then its volatility\n(coefficient of variation "
                         "of the period revenues).",
                         "--segment shows one segment's rows (a customer counts in the segment "
                         "it has\ntoday); \"all\", the default, is every customer. Shares are "
                         "0-1; the recurring\nshare can exceed 1 when refunds outweigh one-off "
                         "charges. --json prints every\ncolumn of the periods and summary "
                         "tables for that segment.",
                         entries, NULL);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;
  if ((path = single_file (rest, "revenue-quality", &status)) == NULL)
    return status;
  if (!parse_definition_options (&def, &period, &activity, &inactivity_days, &status))
    return status;
  if (segment != NULL && *segment == '\0')
    return usage_error ("--segment: give a segment name or all");
  if (segment == NULL)
    segment = g_strdup ("all");

  dataset = open_dataset (path, &status);
  if (dataset == NULL)
    return status;
  quality = cxv_revenue_quality_new (dataset);
  cxv_revenue_quality_set_period (quality, period);
  cxv_revenue_quality_set_activity (quality, activity);
  cxv_revenue_quality_set_inactivity_days (quality, inactivity_days);
  if (!cxv_revenue_quality_run (quality, NULL, &error))
    return fail_with_file (path, error);

  periods = rows_where (cxv_revenue_quality_get_periods (quality), "segment", segment);
  summary = rows_where (cxv_revenue_quality_get_summary (quality), "segment", segment);
  if (cxv_table_get_n_rows (summary) == 0)
    return fail ("%s: no segment “%s”", path, segment);

  if (json)
    {
      JsonWriter w = { out, 0, FALSE };

      json_open (&w, NULL, '{');
      json_settings (&w, path, dataset, period, activity, inactivity_days);
      json_text (&w, "segment", segment);
      json_double (&w, "concentration_flag",
                   cxv_revenue_quality_get_concentration_flag (quality));
      json_int (&w, "top_n", cxv_revenue_quality_get_top_n (quality));
      json_int (&w, "tenure_months", cxv_revenue_quality_get_tenure_months (quality));
      json_table (&w, "periods", periods);
      json_table (&w, "summary", summary);
      json_close (&w, '}');
      g_string_append_c (out, '\n');
    }
  else
    {
      g_autofree char *definition = describe_activity (activity, inactivity_days);
      const char *unit = enum_nick (CXV_TYPE_PERIOD, period);
      g_autoptr(CxvTable) predictable =
        pick_columns (periods, "predictable", quality_predictable_columns,
                      G_N_ELEMENTS (quality_predictable_columns), G_MAXUINT);
      g_autoptr(CxvTable) profitable =
        pick_columns (periods, "profitable", quality_profitable_columns,
                      G_N_ELEMENTS (quality_profitable_columns), G_MAXUINT);
      g_autoptr(CxvTable) diverse =
        pick_columns (periods, "diverse", quality_diverse_columns,
                      G_N_ELEMENTS (quality_diverse_columns), G_MAXUINT);
      g_autoptr(CxvTable) volatility =
        pick_columns (summary, "volatility",
                      (const ColumnPick[]) {
                        { "periods", "periods" },
                        { "revenue", "revenue" },
                        { "mean_revenue", "mean_revenue" },
                        { "sd_revenue", "sd_revenue" },
                        { "coefficient_of_variation", "coefficient_of_variation" },
                      }, 5, G_MAXUINT);

      g_string_append_printf (out, "File:        %s\n", path);
      g_string_append_printf (out, "Definition:  %s\n", definition);
      g_string_append_printf (out, "Segment:     %s\n", segment);
      g_string_append_printf (out, "Amounts:     %s\n", cxv_dataset_get_currency (dataset));
      g_string_append_printf (out, "\nPredictable, by %s (NRR and GRR from the second %s; "
                              "tenured: customers of more than %u months)\n", unit, unit,
                              cxv_revenue_quality_get_tenure_months (quality));
      render_table (out, predictable);
      g_string_append_printf (out, "\nProfitable, by %s (CTS: cost to serve)\n", unit);
      render_table (out, profitable);
      g_string_append_printf (out, "\nDiverse, by %s (concentrated: largest share above "
                              "%g %%; top N: the %u largest customers)\n", unit,
                              100.0 * cxv_revenue_quality_get_concentration_flag (quality),
                              cxv_revenue_quality_get_top_n (quality));
      render_table (out, diverse);
      g_string_append_printf (out, "\nVolatility of the revenue per %s\n", unit);
      render_table (out, volatility);
    }
  fputs (out->str, stdout);
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* cxvalue attribution                                                  */

static const struct
{
  CxvAttributionWorksheetList  list;
  const char                  *title;
} worksheet_lists[] = {
  { CXV_ATTRIBUTION_WORKSHEET_LIST_CXM_SWITCHED, "switched for aligned" },
  { CXV_ATTRIBUTION_WORKSHEET_LIST_CXM_EXPANDED, "expanded for aligned" },
  { CXV_ATTRIBUTION_WORKSHEET_LIST_CSM_EXPANDED, "expanded per CS" },
  { CXV_ATTRIBUTION_WORKSHEET_LIST_CSM_ACQUIRED, "acquired per CS" },
};

static const char *const worksheet_part_titles[] = {
  "CXM (CX management)",
  "CSM (customer success and support)",
  "Sales (the rest)",
};

/* One line of the worksheet's human form: a label, an amount, and the
 * share of the total when @total is positive. */
static void
worksheet_line (GString    *out,
                const char *label,
                gint64      amount,
                gint64      total,
                int         decimals)
{
  g_autofree char *text = format_money (amount, decimals);

  g_string_append (out, "  ");
  pad (out, label, 44, FALSE);
  g_string_append_c (out, ' ');
  pad (out, text, 20, TRUE);
  if (total > 0)
    g_string_append_printf (out, "  %5.1f %%", 100.0 * (double) amount / (double) total);
  g_string_append_c (out, '\n');
}

static void
worksheet_items (GString                 *out,
                 CxvAttributionWorksheet *ws,
                 guint                    first,
                 guint                    last,
                 int                      decimals)
{
  for (guint l = first; l <= last; l++)
    {
      CxvAttributionWorksheetList list = worksheet_lists[l].list;
      guint n = cxv_attribution_worksheet_get_n_items (ws, list);

      if (n == 0)
        continue;
      g_string_append_printf (out, "    %s\n", worksheet_lists[l].title);
      for (guint i = 0; i < n; i++)
        {
          const char *label = cxv_attribution_worksheet_get_item_label (ws, list, i);
          g_autofree char *line = g_strdup_printf ("    %s", *label != '\0' ? label : "(no label)");

          worksheet_line (out, line, cxv_attribution_worksheet_get_item_amount (ws, list, i), 0,
                          decimals);
        }
    }
}

static int
run_worksheet (const char *path,
               gboolean    json)
{
  g_autoptr(CxvAttributionWorksheet) ws = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *currency;
  gint64 total;
  int decimals;
  guint n_mismatches;

  ws = cxv_attribution_worksheet_new_from_file (path, &error);
  if (ws == NULL)
    return fail_with_file (path, error);
  currency = cxv_attribution_worksheet_get_currency (ws);
  decimals = cxv_attribution_worksheet_get_decimals (ws);
  total = cxv_attribution_worksheet_get_total_revenue (ws);
  n_mismatches = cxv_attribution_worksheet_get_n_mismatches (ws);

  if (json)
    {
      JsonWriter w = { out, 0, FALSE };

      json_open (&w, NULL, '{');
      json_text (&w, "currency", currency);
      for (guint p = CXV_ATTRIBUTION_WORKSHEET_PART_CXM; p <= CXV_ATTRIBUTION_WORKSHEET_PART_SALES; p++)
        json_money (&w, enum_nick (CXV_TYPE_ATTRIBUTION_WORKSHEET_PART, p),
                    cxv_attribution_worksheet_get_computed (ws, p), decimals);
      json_open (&w, "mismatches", '[');
      for (guint i = 0; i < n_mismatches; i++)
        {
          gint64 stated, computed;
          CxvAttributionWorksheetPart part =
            cxv_attribution_worksheet_get_mismatch (ws, i, &stated, &computed);

          json_open (&w, NULL, '{');
          json_text (&w, "part", enum_nick (CXV_TYPE_ATTRIBUTION_WORKSHEET_PART, part));
          json_money (&w, "stated", stated, decimals);
          json_money (&w, "computed", computed, decimals);
          json_close (&w, '}');
        }
      json_close (&w, ']');
      json_close (&w, '}');
      g_string_append_c (out, '\n');
    }
  else
    {
      double share = cxv_attribution_worksheet_get_study_share (ws);

      g_string_append_printf (out, "Worksheet:  %s\n", path);
      g_string_append_printf (out, "Amounts:    %s; parts computed from the items\n\n",
                              currency);
      worksheet_line (out, "All revenue", total, total, decimals);
      worksheet_line (out, worksheet_part_titles[0],
                      cxv_attribution_worksheet_get_computed (ws, CXV_ATTRIBUTION_WORKSHEET_PART_CXM),
                      total, decimals);
      worksheet_items (out, ws, 0, 1, decimals);
      worksheet_line (out, worksheet_part_titles[1],
                      cxv_attribution_worksheet_get_computed (ws, CXV_ATTRIBUTION_WORKSHEET_PART_CSM),
                      total, decimals);
      worksheet_items (out, ws, 2, 3, decimals);
      if (share >= 0)
        {
          g_autofree char *line = g_strdup_printf ("    study share %g %% of revenue − CXM",
                                                   share);

          worksheet_line (out, line, cxv_attribution_worksheet_get_study_amount (ws), 0,
                          decimals);
        }
      worksheet_line (out, worksheet_part_titles[2],
                      cxv_attribution_worksheet_get_computed (ws, CXV_ATTRIBUTION_WORKSHEET_PART_SALES),
                      total, decimals);

      if (n_mismatches == 0)
        g_string_append (out, "\nStated subtotals: none disagree with their items\n");
      else
        g_string_append (out, "\nStated subtotals that disagree with their items:\n");
      for (guint i = 0; i < n_mismatches; i++)
        {
          gint64 stated, computed;
          CxvAttributionWorksheetPart part =
            cxv_attribution_worksheet_get_mismatch (ws, i, &stated, &computed);
          g_autofree char *stated_text = format_money (stated, decimals);
          g_autofree char *computed_text = format_money (computed, decimals);

          g_string_append_printf (out, "  %s: stated %s, but the items give %s\n",
                                  enum_nick (CXV_TYPE_ATTRIBUTION_WORKSHEET_PART, part),
                                  stated_text, computed_text);
        }
    }
  fputs (out->str, stdout);
  return EXIT_OK;
}

/* Evidence mode: CxvAttribution over a dataset file. */
static int
run_evidence (char       **rest,
              const char  *period_text,
              gboolean     json)
{
  g_autoptr(CxvDataset) dataset = NULL;
  g_autoptr(CxvAttribution) attribution = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  int period = CXV_PERIOD_MONTH;
  const char *path;
  int status;

  if ((path = single_file (rest, "attribution", &status)) == NULL)
    return status;
  if (period_text != NULL && !parse_nick (CXV_TYPE_PERIOD, period_text, &period))
    return usage_error ("--period: “%s” is not a period (month, quarter or year)", period_text);

  dataset = open_dataset (path, &status);
  if (dataset == NULL)
    return status;
  attribution = cxv_attribution_new (dataset);
  cxv_attribution_set_period (attribution, period);
  if (!cxv_attribution_run (attribution, NULL, &error))
    return fail_with_file (path, error);

  if (json)
    {
      JsonWriter w = { out, 0, FALSE };

      json_open (&w, NULL, '{');
      json_text (&w, "file", path);
      json_text (&w, "currency", cxv_dataset_get_currency (dataset));
      json_text (&w, "period", enum_nick (CXV_TYPE_PERIOD, period));
      json_table (&w, "summary", cxv_attribution_get_summary (attribution));
      json_table (&w, "initiatives", cxv_attribution_get_initiatives (attribution));
      json_table (&w, "comparison", cxv_attribution_get_comparison (attribution));
      json_close (&w, '}');
      g_string_append_c (out, '\n');
    }
  else
    {
      g_string_append_printf (out, "File:     %s\n", path);
      g_string_append_printf (out, "Amounts:  %s\n", cxv_dataset_get_currency (dataset));
      g_string_append_printf (out, "\nRevenue credited to CXM, CSM and sales, and earned "
                              "growth, by %s\n", enum_nick (CXV_TYPE_PERIOD, period));
      render_table (out, cxv_attribution_get_summary (attribution));
      g_string_append (out, "\nCXM revenue by initiative\n");
      render_table (out, cxv_attribution_get_initiatives (attribution));
      g_string_append (out, "\nCustomers touched by in-sync against only out-of-sync "
                       "initiatives\n");
      render_table (out, cxv_attribution_get_comparison (attribution));
    }
  fputs (out->str, stdout);
  return EXIT_OK;
}

static int
cmd_attribution (int    argc,
                 char **argv)
{
  g_autofree char *worksheet = NULL;
  g_autofree char *period_text = NULL;
  gboolean json = FALSE;
  g_auto(GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "worksheet", 'w', 0, G_OPTION_ARG_FILENAME, &worksheet,
      "Attribute from a worksheet of estimates instead of a dataset", "FILE.json" },
    { "period", 'p', 0, G_OPTION_ARG_STRING, &period_text,
      "Evidence mode: periods to report by, month (default), quarter or year", "PERIOD" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  int status;

  context = new_context ("FILE.cxv | --worksheet FILE.json",
                         "Credit every unit of revenue once: to CX management (CXM), to "
                         "customer\nsuccess and support (CSM), or to sales.",
                         "--worksheet reads a worksheet of estimates, such as\n"
                         "examples/data/attribution-worksheet.json: CXM = the switched and\n"
                         "expanded for aligned items; CSM = the expanded and acquired per CS\n"
                         "items, plus the study share (0-100 %) of all revenue − CXM, rounded\n"
                         "to the minor unit with halves to even; sales = all revenue − CXM −\n"
                         "CSM. Stated subtotals that disagree with their items are listed.\n"
                         "--json prints {\"currency\", \"cxm\", \"csm\", \"sales\", "
                         "\"mismatches\":\n[{\"part\", \"stated\", \"computed\"}]} with "
                         "amounts as decimal strings.\n\n"
                         "Without --worksheet, the revenue of a dataset file is credited from\n"
                         "the evidence it records (see CxvAttribution), per period, with earned\n"
                         "growth, CXM revenue per initiative, and in-sync against out-of-sync\n"
                         "customers.",
                         entries, NULL);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;

  if (worksheet != NULL)
    {
      if (rest != NULL && rest[0] != NULL)
        return usage_error ("unexpected argument “%s”: --worksheet reads one worksheet, "
                            "not a dataset", rest[0]);
      if (period_text != NULL)
        return usage_error ("--period applies to a dataset, not to --worksheet");
      return run_worksheet (worksheet, json);
    }

  return run_evidence (rest, period_text, json);
}

/* ------------------------------------------------------------------ */
/* Dispatch                                                             */

static const struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} commands[] = {
  { "demo", cmd_demo, "Simulate the built-in sample and print a report of it" },
  { "simulate", cmd_simulate, "Simulate a sample dataset and save it (.cxv or CSV files)" },
  { "import", cmd_import, "Import CSV files through column mappings into a dataset file" },
  { "info", cmd_info, "Describe a dataset file" },
  { "export", cmd_export, "Write the records of one kind of a dataset file as CSV" },
  { "ledger", cmd_ledger, "Customers and value in and out, and the experiences before leaving" },
  { "cohorts", cmd_cohorts, "Retention of acquisition cohorts, new customers, segment growth" },
  { "indicators", cmd_indicators, "NPS, CSAT and CES by period and segment; say vs do" },
  { "qore", cmd_qore, "Relationship tiers from evidence, per tier or per customer" },
  { "revenue-quality", cmd_revenue_quality,
    "How predictable, profitable and diverse revenue is" },
  { "attribution", cmd_attribution,
    "Revenue credited to CX management, customer success or sales" },
  { "linkage", cmd_linkage,
    "Soft CX signals linked to outcomes: correlations, regression, key drivers" },
  { "clv", cmd_clv, "Lifetime value: fit sBG, BG/NBD, Pareto/NBD and Gamma-Gamma models" },
};

static void
print_usage (FILE *stream)
{
  g_autoptr(GString) out = g_string_new (NULL);
  int width = 0;

  g_string_append (out,
                   "Usage:\n"
                   "  cxvalue COMMAND [OPTION…]\n"
                   "\n"
                   "Link customer experience to money: simulate, import, describe and export\n"
                   "customer datasets with libcxvalue.\n"
                   "\n"
                   "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    width = MAX (width, (int) strlen (commands[i].name));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (out, "  %-*s %s\n", width, commands[i].name, commands[i].summary);
  g_string_append (out,
                   "\n"
                   "Options:\n"
                   "  -h, --help     Show this help\n"
                   "  -V, --version  Show the version\n"
                   "\n"
                   "“cxvalue COMMAND --help” describes a command. Exit status: 0 success,\n"
                   "1 failure, 2 usage error.\n");
  fputs (out->str, stream);
}

int
main (int    argc,
      char **argv)
{
  const char *name;
  g_autofree char *prgname = NULL;

  setlocale (LC_ALL, "");

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }

  name = argv[1];
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h"))
    {
      print_usage (stdout);
      return EXIT_OK;
    }
  if (g_str_equal (name, "--version") || g_str_equal (name, "-V"))
    {
      g_print ("cxvalue %s\n", CXV_VERSION_S);
      return EXIT_OK;
    }
  /* `cxvalue help COMMAND` is `cxvalue COMMAND --help`. */
  if (g_str_equal (name, "help"))
    {
      if (argc == 2)
        {
          print_usage (stdout);
          return EXIT_OK;
        }
      name = argv[1] = argv[2];
      argv[2] = (char *) "--help";
      argc = 3;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (name, commands[i].name))
      {
        command_name = commands[i].name;
        prgname = g_strdup_printf ("cxvalue %s", command_name);
        g_set_prgname (prgname);
        /* The command sees itself as argv[0]. */
        return commands[i].run (argc - 1, argv + 1);
      }

  if (name[0] == '-')
    return usage_error ("unknown option “%s”", name);
  return usage_error ("unknown command “%s”", name);
}
