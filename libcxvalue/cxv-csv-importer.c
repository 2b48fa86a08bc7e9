/* cxv-csv-importer.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * CxvCsvImporter:
 *
 * Streams delimited text files of any size into a [class@Cxv.Dataset]
 * through a [class@Cxv.ColumnMapping].
 *
 * An import is all or nothing: when a row cannot be read or converted, or
 * the dataset refuses a record, the import fails with a #GError in
 * %CXV_IMPORT_ERROR naming the file, the line, the column and the value,
 * and the dataset is left exactly as it was before the import. With
 * [property@Cxv.CsvImporter:collect-rejects] set, such rows are skipped
 * instead and listed in [method@Cxv.CsvImporter.get_rejects]; a file that
 * cannot be parsed at all (an unterminated quote, bytes that are not
 * UTF-8) still fails whole.
 *
 * [property@Cxv.CsvImporter:progress] moves from 0 to 1 as the file is
 * read, and a #GCancellable stops the import (leaving the dataset as it
 * was). [method@Cxv.CsvImporter.import_file_async] runs the import in a
 * worker thread and reports progress in the caller's main context; the
 * dataset must not be touched until it completes.
 *
 * Since: 1.0
 */

#include "config.h"

#include <string.h>

#include "cxv-column-mapping-private.h"
#include "cxv-csv-importer.h"
#include "cxv-csv-reader-private.h"
#include "cxv-dataset-private.h"
#include "cxv-date-private.h"
#include "cxv-enum-types.h"
#include "cxv-error.h"
#include "cxv-money-private.h"
#include "cxv-progress-private.h"

/* Progress is published at most this often, in rows, to keep notify
 * handlers out of the hot loop. */
#define RESERVE_AFTER_ROWS 65536
#define PROGRESS_EVERY_ROWS 65536

struct _CxvCsvImporter
{
  GObject           parent_instance;

  CxvDataset       *dataset;
  CxvColumnMapping *mapping;
  gboolean          collect_rejects;

  double            progress;
  guint64           n_rows;
  CxvTable         *rejects;
  gboolean          busy;

  /* Where progress is reported during an async import. */
  GMainContext     *progress_context;
};

G_DEFINE_FINAL_TYPE (CxvCsvImporter, cxv_csv_importer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATASET,
  PROP_MAPPING,
  PROP_COLLECT_REJECTS,
  PROP_PROGRESS,
  PROP_N_ROWS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum { REJ_FILE, REJ_LINE, REJ_COLUMN, REJ_VALUE, REJ_REASON };

/* One converted field of the current row; the member is the field's
 * type's. */
typedef struct
{
  gboolean    present;
  union
  {
    char     *text;          /* ID, TEXT: points into the row or the mapping */
    CxvDate   date;
    gint64    money;
    double    number;
    gboolean  boolean;
    int       enum_value;
    char    **list;          /* LIST: owned */
  };
} FieldValue;

/* The last id, text or day a field resolved or parsed, with the result.
 * Files tend to list a customer's records together, so most rows repeat
 * the previous row's ids and often its day: comparing a few bytes then
 * replaces a lookup among a million ids, or a parse. A rollback can forget
 * ids, so it starts a new generation, which empties every cache. */
#define CACHE_TEXT 48

typedef struct
{
  guint    generation;
  guint32  value;           /* an index, or a day */
  gsize    len;
  char     text[CACHE_TEXT];
} FieldCache;

typedef struct
{
  CxvCsvImporter      *self;
  CxvCompiledMapping  *mapping;
  CxvCsvReader        *reader;
  const char          *display_name;
  char               **header;
  guint                n_columns;
  int                  decimals;
  goffset              size;
  char                 line_text[24];
  FieldCache          *caches;       /* per record, per field */
  guint                generation;   /* of caches; 0 is never current */
} ImportRun;

/* ------------------------------------------------------------------ */
/* Progress                                                             */

static void
publish_progress (GObject *object, double progress, guint64 n_rows)
{
  CxvCsvImporter *self = CXV_CSV_IMPORTER (object);

  /* Both values change before either is notified, so a handler of one
   * sees the other up to date. */
  g_object_freeze_notify (object);
  if (self->progress != progress)
    {
      self->progress = progress;
      g_object_notify_by_pspec (object, properties[PROP_PROGRESS]);
    }
  if (self->n_rows != n_rows)
    {
      self->n_rows = n_rows;
      g_object_notify_by_pspec (object, properties[PROP_N_ROWS]);
    }
  g_object_thaw_notify (object);
}

static void
report_progress (CxvCsvImporter *self, double progress, guint64 n_rows)
{
  cxv_progress_report (G_OBJECT (self), self->progress_context, publish_progress, progress,
                       n_rows);
}

/* ------------------------------------------------------------------ */
/* Field caches                                                         */

static gboolean
cache_hit (ImportRun *run, const FieldCache *cache, const char *text, gsize len, guint32 *value)
{
  if (cache->generation != run->generation || cache->len != len ||
      memcmp (cache->text, text, len) != 0)
    return FALSE;
  *value = cache->value;
  return TRUE;
}

static void
cache_store (ImportRun *run, FieldCache *cache, const char *text, gsize len, guint32 value)
{
  if (len > sizeof cache->text)
    return;
  memcpy (cache->text, text, len);
  cache->len = len;
  cache->value = value;
  cache->generation = run->generation;
}

/* ------------------------------------------------------------------ */
/* Conversion                                                           */

static const char *
cell (ImportRun *run, int index, gsize *len)
{
  return cxv_csv_reader_get_field (run->reader, (guint) index, len);
}

/* Trims ASCII spaces in place: cells are NUL-terminated in the reader's
 * buffer, so the end can be cut by writing a NUL. */
static char *
trim (char *text, gsize *len)
{
  while (*len > 0 && (text[0] == ' ' || text[0] == '\t'))
    {
      text++;
      (*len)--;
    }
  while (*len > 0 && (text[*len - 1] == ' ' || text[*len - 1] == '\t'))
    text[--(*len)] = '\0';
  return text;
}

static gboolean
word_in (const char *text, char **words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, words[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Evaluates @condition on the current row into *@holds. Fails only for
 * "is": a cell that is neither a true word nor a false word is an error,
 * not a quiet false. */
static gboolean
condition_holds (ImportRun *run, const CxvCondition *condition, gboolean *holds,
                 const char **bad_value)
{
  gsize len;
  char *text = trim ((char *) cell (run, condition->column.index, &len), &len);

  switch (condition->op)
    {
    case CXV_CONDITION_IN:
      *holds = g_strv_contains ((const char * const *) condition->values, text);
      return TRUE;
    case CXV_CONDITION_NOT_IN:
      *holds = !g_strv_contains ((const char * const *) condition->values, text);
      return TRUE;
    case CXV_CONDITION_NOT_EMPTY:
      *holds = len > 0;
      return TRUE;
    case CXV_CONDITION_TRUE:
    case CXV_CONDITION_FALSE:
      if (word_in (text, run->mapping->true_words))
        *holds = condition->op == CXV_CONDITION_TRUE;
      else if (word_in (text, run->mapping->false_words))
        *holds = condition->op == CXV_CONDITION_FALSE;
      else
        {
          *bad_value = text;
          return FALSE;
        }
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/* Records where a row went wrong, for the error message and the rejects. */
typedef struct
{
  int       code;
  char     *column;
  char     *value;
  char     *reason;
} RowProblem;

static void
row_problem_clear (RowProblem *problem)
{
  g_clear_pointer (&problem->column, g_free);
  g_clear_pointer (&problem->value, g_free);
  g_clear_pointer (&problem->reason, g_free);
}

static char *
describe_column (ImportRun *run, int index)
{
  if (run->header != NULL)
    return g_strdup_printf ("“%s” (%d)", run->header[index], index + 1);
  return g_strdup_printf ("%d", index + 1);
}

static gboolean
field_problem (RowProblem *problem, ImportRun *run, const CxvCompiledField *field,
               const char *value, int code, const char *format, ...) G_GNUC_PRINTF (6, 7);

static gboolean
field_problem (RowProblem *problem, ImportRun *run, const CxvCompiledField *field,
               const char *value, int code, const char *format, ...)
{
  va_list args;

  problem->code = code;
  if (field->column.index >= 0)
    problem->column = describe_column (run, field->column.index);
  else
    problem->column = g_strdup_printf ("“%s” (no column)", field->spec->name);
  problem->value = g_strdup (value);
  va_start (args, format);
  problem->reason = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

static gboolean
condition_problem (RowProblem *problem, ImportRun *run, const CxvColumnRef *column,
                   const char *value)
{
  problem->code = CXV_IMPORT_ERROR_INVALID_VALUE;
  problem->column = describe_column (run, column->index);
  problem->value = g_strdup (value);
  problem->reason = g_strdup_printf ("“%s” is neither a true word nor a false word", value);
  return FALSE;
}

static gboolean
convert_field (ImportRun              *run,
               const CxvCompiledField *field,
               FieldCache             *cache,
               FieldValue             *out,
               RowProblem             *problem)
{
  const CxvCompiledMapping *m = run->mapping;
  char *text;
  gsize len;

  memset (out, 0, sizeof *out);
  if (!field->present)
    return TRUE;
  if (field->when != NULL)
    {
      gboolean holds = FALSE;
      const char *bad = NULL;

      if (!condition_holds (run, field->when, &holds, &bad))
        return condition_problem (problem, run, &field->when->column, bad);
      if (!holds && field->spec->required)
        return field_problem (problem, run, field, "", CXV_IMPORT_ERROR_INVALID_VALUE,
                              "the required field “%s” has no value: its condition does not "
                              "hold", field->spec->name);
      if (!holds)
        return TRUE;
    }

  if (field->column.index >= 0)
    {
      text = (char *) cell (run, field->column.index, &len);
      text = trim (text, &len);
    }
  else if (field->line_number)
    {
      len = (gsize) g_snprintf (run->line_text, sizeof run->line_text, "%" G_GUINT64_FORMAT,
                                cxv_csv_reader_get_line (run->reader));
      text = run->line_text;
    }
  else
    {
      text = field->constant;
      len = strlen (text);
    }

  if (field->map != NULL)
    {
      const char *mapped = g_hash_table_lookup (field->map, text);

      if (mapped == NULL)
        mapped = field->map_other;
      if (mapped != NULL)
        {
          text = (char *) mapped;
          len = strlen (text);
        }
    }

  if (len == 0 && field->default_text != NULL)
    {
      text = field->default_text;
      len = strlen (text);
    }

  if (len == 0)
    {
      if (field->spec->required)
        return field_problem (problem, run, field, "", CXV_IMPORT_ERROR_INVALID_VALUE,
                              "the required field “%s” is empty", field->spec->name);
      return TRUE;
    }

  out->present = TRUE;
  switch (field->spec->type)
    {
    case CXV_FIELD_ID:
    case CXV_FIELD_TEXT:
      out->text = text;
      return TRUE;

    case CXV_FIELD_DATE:
      if (field->months_before != CXV_DATE_NONE)
        {
          int months;

          if (!cxv_parse_month_count (text, &months))
            return field_problem (problem, run, field, text, CXV_IMPORT_ERROR_INVALID_VALUE,
                                  "“%s” is not a count of months", text);
          out->date = cxv_date_add_months (field->months_before, -months);
          if (out->date == CXV_DATE_NONE)
            return field_problem (problem, run, field, text, CXV_IMPORT_ERROR_INVALID_VALUE,
                                  "%s months before the reference date is before year 1", text);
          return TRUE;
        }
      else
        {
          const char *format = field->format ? field->format : m->date_format;
          guint32 day;

          /* Rows of a customer often share a day. */
          if (cache_hit (run, cache, text, len, &day))
            {
              out->date = (CxvDate) day;
              return TRUE;
            }
          if (!cxv_date_parse_pattern (text, len, format, TRUE, &out->date))
            return field_problem (problem, run, field, text, CXV_IMPORT_ERROR_INVALID_VALUE,
                                  "“%s” is not a real day in the format “%s”", text, format);
          cache_store (run, cache, text, len, (guint32) out->date);
          return TRUE;
        }

    case CXV_FIELD_MONEY:
      switch (cxv_money_parse_len (text, len, run->decimals, m->decimal_mark, m->rounding,
                                   &out->money))
        {
        case CXV_MONEY_OK:
          if (field->negate)
            out->money = -out->money;
          return TRUE;
        case CXV_MONEY_SYNTAX:
          return field_problem (problem, run, field, text, CXV_IMPORT_ERROR_INVALID_VALUE,
                                "“%s” is not a decimal amount", text);
        case CXV_MONEY_OVERFLOW:
          return field_problem (problem, run, field, text, CXV_IMPORT_ERROR_OVERFLOW,
                                "“%s” does not fit in 64-bit minor units", text);
        case CXV_MONEY_PRECISION:
          return field_problem (problem, run, field, text, CXV_IMPORT_ERROR_PRECISION,
                                "“%s” has more than the %d decimals of %s; set rounding to "
                                "“half-even” to round it", text, run->decimals,
                                cxv_dataset_get_currency (run->self->dataset));
        default:
          g_assert_not_reached ();
        }

    case CXV_FIELD_NUMBER:
      if (!cxv_number_parse_len (text, len, m->decimal_mark, &out->number))
        return field_problem (problem, run, field, text, CXV_IMPORT_ERROR_INVALID_VALUE,
                              "“%s” is not a number", text);
      return TRUE;

    case CXV_FIELD_BOOL:
      if (word_in (text, m->true_words))
        out->boolean = TRUE;
      else if (word_in (text, m->false_words))
        out->boolean = FALSE;
      else
        return field_problem (problem, run, field, text, CXV_IMPORT_ERROR_INVALID_VALUE,
                              "“%s” is neither a true word nor a false word", text);
      return TRUE;

    case CXV_FIELD_ENUM:
      {
        const GEnumClass *klass = field->enum_class;

        for (guint i = 0; i < klass->n_values; i++)
          if (g_ascii_strcasecmp (klass->values[i].value_nick, text) == 0)
            {
              out->enum_value = klass->values[i].value;
              return TRUE;
            }
        return field_problem (problem, run, field, text, CXV_IMPORT_ERROR_INVALID_VALUE,
                              "“%s” is not a %s value; map it with “map”", text,
                              field->spec->name);
      }

    case CXV_FIELD_LIST:
      {
        char **parts = g_strsplit_set (text, field->split ? field->split : ";|", -1);
        guint n = 0;

        /* Drop empty parts and trim the rest. */
        for (guint i = 0; parts[i] != NULL; i++)
          {
            g_strstrip (parts[i]);
            if (*parts[i] != '\0')
              parts[n++] = parts[i];
            else
              g_free (parts[i]);
          }
        parts[n] = NULL;
        out->list = parts;
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

/* ------------------------------------------------------------------ */
/* Appending                                                            */

static gboolean
ensure_ids (ImportRun *run, const CxvCompiledRecord *record, const FieldValue *v,
            GError **error)
{
  CxvDataset *ds = run->self->dataset;

  if (!record->create_ids)
    return TRUE;

  for (guint f = 0; f < record->n_fields; f++)
    {
      const char *name = record->fields[f].spec->name;

      if (record->fields[f].spec->type != CXV_FIELD_ID || !v[f].present)
        continue;
      if ((strcmp (name, "customer") == 0 || strcmp (name, "referrer") == 0 ||
           strcmp (name, "referred") == 0 || strcmp (name, "referred_by") == 0) &&
          !cxv_dataset_ensure_customer (ds, v[f].text, error))
        return FALSE;
      if (strcmp (name, "product") == 0 && !cxv_dataset_ensure_product (ds, v[f].text, error))
        return FALSE;
    }
  return TRUE;
}

/* cxv_dataset_resolve() through the field's cache. On a miss, the id after
 * the cached one is tried first: files sorted by customer usually list
 * customers in the order they were declared. */
static gboolean
resolve_id (ImportRun *run, FieldCache *cache, CxvRecordKind kind, const char *id,
            gboolean declare, guint32 *index, GError **error)
{
  gsize len;
  guint32 hint = CXV_NO_INDEX;

  if (id == NULL)
    return cxv_dataset_resolve (run->self->dataset, kind, id, declare, index, error);
  len = strlen (id);
  if (cache_hit (run, cache, id, len, index))
    return TRUE;
  if (cache->generation == run->generation && cache->value < CXV_NO_INDEX - 1)
    hint = cache->value + 1;
  if (!cxv_dataset_resolve_hinted (run->self->dataset, kind, id, declare, hint, index, error))
    return FALSE;
  cache_store (run, cache, id, len, *index);
  return TRUE;
}

/* cxv_dataset_intern_text() through the field's cache; NULL and "" are
 * CXV_NO_INDEX. The reader has checked the file is UTF-8. */
static guint32
intern_text (ImportRun *run, FieldCache *cache, const char *text)
{
  gsize len;
  guint32 index;

  if (text == NULL || *text == '\0')
    return CXV_NO_INDEX;
  len = strlen (text);
  if (!cache_hit (run, cache, text, len, &index))
    {
      index = cxv_dataset_intern_text (run->self->dataset, text);
      cache_store (run, cache, text, len, index);
    }
  return index;
}

#define TEXT(i) (v[i].present ? v[i].text : NULL)
#define DATE_OR_NONE(i) (v[i].present ? v[i].date : CXV_DATE_NONE)
#define MONEY_OR_ZERO(i) (v[i].present ? v[i].money : 0)

/* Appends one record. The bulk kinds resolve their ids here, through the
 * caches, and append by index; with create_ids they declare on the way
 * (the caller rolls back on failure). The others go through the public
 * calls. */
static gboolean
append_record (ImportRun *run, const CxvCompiledRecord *record, FieldCache *cache,
               const FieldValue *v, GError **error)
{
  CxvDataset *ds = run->self->dataset;
  gboolean create = record->create_ids;
  guint32 c, p = CXV_NO_INDEX, ini = CXV_NO_INDEX;

  switch (record->kind)
    {
    case CXV_RECORD_HOLDING:
    case CXV_RECORD_REVENUE:
    case CXV_RECORD_INTERACTION:
    case CXV_RECORD_USAGE:
      break;
    default:
      if (!ensure_ids (run, record, v, error))
        return FALSE;
    }

  /* Field positions follow the field tables of cxv-column-mapping.c. */
  switch (record->kind)
    {
    case CXV_RECORD_CUSTOMER:
      return cxv_dataset_add_customer (ds, TEXT (0), TEXT (1), DATE_OR_NONE (2),
                                       v[3].present ? v[3].enum_value : CXV_ACQUISITION_UNKNOWN,
                                       TEXT (4), error);
    case CXV_RECORD_PRODUCT:
      return cxv_dataset_add_product (ds, TEXT (0), TEXT (1), v[2].present && v[2].boolean,
                                      (const char * const *) v[3].list, error);
    case CXV_RECORD_HOLDING:
      return resolve_id (run, &cache[0], CXV_RECORD_CUSTOMER, TEXT (0), create, &c, error) &&
             resolve_id (run, &cache[1], CXV_RECORD_PRODUCT, TEXT (1), create, &p, error) &&
             cxv_dataset_append_holding (ds, c, p, v[2].date, DATE_OR_NONE (3), error);
    case CXV_RECORD_REVENUE:
      return resolve_id (run, &cache[0], CXV_RECORD_CUSTOMER, TEXT (0), create, &c, error) &&
             (!v[1].present ||
              resolve_id (run, &cache[1], CXV_RECORD_PRODUCT, TEXT (1), create, &p, error)) &&
             (!v[6].present ||
              resolve_id (run, &cache[6], CXV_RECORD_INITIATIVE, TEXT (6), FALSE, &ini, error)) &&
             cxv_dataset_append_revenue (ds, c, p, v[2].date, v[3].enum_value, v[4].money,
                                         MONEY_OR_ZERO (5), ini, error);
    case CXV_RECORD_INTERACTION:
      return resolve_id (run, &cache[0], CXV_RECORD_CUSTOMER, TEXT (0), create, &c, error) &&
             cxv_dataset_append_interaction (ds, c, v[1].date,
                                             intern_text (run, &cache[2], TEXT (2)),
                                             v[3].enum_value, v[4].enum_value,
                                             v[5].present ? v[5].boolean : TRUE,
                                             intern_text (run, &cache[6], TEXT (6)),
                                             MONEY_OR_ZERO (7), error);
    case CXV_RECORD_FEEDBACK:
      return cxv_dataset_add_feedback (ds, TEXT (0), v[1].date, v[2].enum_value, v[3].number,
                                       TEXT (4), (const char * const *) v[5].list, error);
    case CXV_RECORD_USAGE:
      return resolve_id (run, &cache[0], CXV_RECORD_CUSTOMER, TEXT (0), create, &c, error) &&
             resolve_id (run, &cache[1], CXV_RECORD_PRODUCT, TEXT (1), create, &p, error) &&
             cxv_dataset_append_usage (ds, c, p, v[2].date, v[3].number, error);
    case CXV_RECORD_REFERRAL:
      return cxv_dataset_add_referral (ds, TEXT (0), TEXT (1), v[2].date, error);
    case CXV_RECORD_INITIATIVE:
      return cxv_dataset_add_initiative (ds, TEXT (0), TEXT (1), v[2].boolean, v[3].date,
                                         DATE_OR_NONE (4), error);
    default:
      g_assert_not_reached ();
    }
}

#undef TEXT
#undef DATE_OR_NONE
#undef MONEY_OR_ZERO

/* Frees the lists among the first @n values. */
static void
clear_values (const CxvCompiledRecord *record, FieldValue *values, guint n)
{
  for (guint f = 0; f < n; f++)
    if (record->fields[f].spec->type == CXV_FIELD_LIST && values[f].present)
      {
        g_clear_pointer (&values[f].list, g_strfreev);
        values[f].present = FALSE;
      }
}

/* Undoes the current row; the ids it added may be gone, so the caches
 * start again. */
static void
rollback_row (ImportRun *run, const CxvDatasetSavepoint *sp)
{
  cxv_dataset_rollback (run->self->dataset, sp);
  run->generation++;
}

/* Converts and appends every record of the current row, all or nothing. */
static gboolean
import_row (ImportRun *run, RowProblem *problem)
{
  CxvDatasetSavepoint sp;
  gboolean saved = FALSE;

  for (guint r = 0; r < run->mapping->records->len; r++)
    {
      const CxvCompiledRecord *record = g_ptr_array_index (run->mapping->records, r);
      /* Not cleared first: a row's worth of stores costs more than the
       * conversion of some of its fields, and each conversion sets its
       * value whole. */
      FieldValue values[CXV_MAX_FIELDS];
      guint n_converted = 0;
      g_autoptr(GError) local_error = NULL;
      gboolean skip = FALSE, ok = TRUE;

      for (guint c = 0; c < record->when->len && !skip; c++)
        {
          const CxvCondition *condition = g_ptr_array_index (record->when, c);
          gboolean holds = FALSE;
          const char *bad = NULL;

          if (!condition_holds (run, condition, &holds, &bad))
            {
              if (saved)
                rollback_row (run, &sp);
              return condition_problem (problem, run, &condition->column, bad);
            }
          skip = !holds;
        }
      if (skip)
        continue;

      for (; n_converted < record->n_fields && ok; n_converted++)
        ok = convert_field (run, &record->fields[n_converted],
                            &run->caches[r * CXV_MAX_FIELDS + n_converted], &values[n_converted],
                            problem);
      if (!ok)
        {
          clear_values (record, values, n_converted);
          if (saved)
            rollback_row (run, &sp);
          return FALSE;
        }

      if (!saved)
        {
          cxv_dataset_savepoint (run->self->dataset, &sp);
          saved = TRUE;
        }
      ok = append_record (run, record, &run->caches[r * CXV_MAX_FIELDS], values,
                          &local_error);
      clear_values (record, values, record->n_fields);
      if (!ok)
        {
          GEnumClass *klass = g_type_class_ref (CXV_TYPE_RECORD_KIND);

          problem->code = CXV_IMPORT_ERROR_REJECTED;
          problem->column = g_strdup_printf ("%s record", g_enum_get_value (klass, record->kind)->value_nick);
          problem->reason = g_strdup (local_error->message);
          g_type_class_unref (klass);
          rollback_row (run, &sp);
          return FALSE;
        }
    }
  return TRUE;
}

static void
add_reject (CxvCsvImporter *self, const char *file, guint64 line, const RowProblem *problem)
{
  guint row;

  if (self->rejects == NULL)
    {
      self->rejects = cxv_table_new ("rejects");
      cxv_table_add_column (self->rejects, "file", CXV_COLUMN_TEXT);
      cxv_table_add_column (self->rejects, "line", CXV_COLUMN_INT);
      cxv_table_add_column (self->rejects, "column", CXV_COLUMN_TEXT);
      cxv_table_add_column (self->rejects, "value", CXV_COLUMN_TEXT);
      cxv_table_add_column (self->rejects, "reason", CXV_COLUMN_TEXT);
    }
  row = cxv_table_append_row (self->rejects);
  cxv_table_set_text (self->rejects, row, REJ_FILE, file);
  cxv_table_set_int (self->rejects, row, REJ_LINE, (gint64) line);
  cxv_table_set_text (self->rejects, row, REJ_COLUMN, problem->column);
  cxv_table_set_text (self->rejects, row, REJ_VALUE, problem->value);
  cxv_table_set_text (self->rejects, row, REJ_REASON, problem->reason);
}

/* ------------------------------------------------------------------ */
/* The import                                                           */

static char **
read_header (ImportRun *run)
{
  guint n = cxv_csv_reader_get_n_fields (run->reader);
  char **header = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      gsize len;
      char *name = trim ((char *) cell (run, (int) i, &len), &len);
      header[i] = g_strndup (name, len);
    }
  return header;
}

/* After the first rows of a file of known size (@bytes of it): the records
 * they made, scaled to the whole file with a little to spare, reserved at
 * once. */
static void
reserve_for_file (ImportRun *run, const guint32 *n_before, guint64 bytes)
{
  double scale;

  if (bytes == 0 || (guint64) run->size <= bytes)
    return;
  scale = (double) run->size / (double) bytes * 1.02;
  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    {
      guint32 n_now = cxv_dataset_get_n_records (run->self->dataset, (CxvRecordKind) k);
      double want = n_before[k] + (double) (n_now - n_before[k]) * scale;

      if (n_now > n_before[k] && want < G_MAXUINT32)
        cxv_dataset_reserve (run->self->dataset, (CxvRecordKind) k, (guint32) want);
    }
}

static gboolean
run_import (ImportRun     *run,
            GCancellable  *cancellable,
            GError       **error)
{
  CxvCsvImporter *self = run->self;
  g_autoptr(GError) local_error = NULL;
  guint64 n_rows = 0;
  guint32 n_before[CXV_N_RECORD_KINDS];
  gboolean first = TRUE;

  report_progress (self, 0.0, 0);

  if (run->mapping->header)
    {
      if (!cxv_csv_reader_next (run->reader, cancellable, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          g_set_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_EMPTY,
                       "%s: the file is empty; the mapping expects a header line",
                       run->display_name);
          return FALSE;
        }
      run->header = read_header (run);
      run->n_columns = g_strv_length (run->header);
      if (!cxv_compiled_mapping_resolve (run->mapping, (const char * const *) run->header,
                                         run->n_columns, run->display_name, error))
        return FALSE;
      first = FALSE;
    }

  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    n_before[k] = cxv_dataset_get_n_records (self->dataset, (CxvRecordKind) k);

  while (cxv_csv_reader_next (run->reader, cancellable, &local_error))
    {
      RowProblem problem = { 0 };
      guint n_fields = cxv_csv_reader_get_n_fields (run->reader);
      guint64 line = cxv_csv_reader_get_line (run->reader);
      gboolean ok;

      if (first)
        {
          run->n_columns = n_fields;
          if (!cxv_compiled_mapping_resolve (run->mapping, NULL, n_fields, run->display_name,
                                             error))
            return FALSE;
          first = FALSE;
        }

      n_rows++;
      if (n_fields != run->n_columns)
        {
          problem.code = CXV_IMPORT_ERROR_COLUMN_COUNT;
          problem.column = g_strdup ("(row)");
          problem.value = g_strdup ("");
          problem.reason = g_strdup_printf ("the row has %u columns, %s %u", n_fields,
                                            run->header ? "the header has" : "the first row has",
                                            run->n_columns);
          ok = FALSE;
        }
      else
        ok = import_row (run, &problem);

      if (!ok)
        {
          if (!self->collect_rejects)
            {
              if (problem.code == CXV_IMPORT_ERROR_COLUMN_COUNT)
                g_set_error (error, CXV_IMPORT_ERROR, problem.code, "%s:%" G_GUINT64_FORMAT
                             ": %s", run->display_name, line, problem.reason);
              else if (problem.value != NULL)
                g_set_error (error, CXV_IMPORT_ERROR, problem.code, "%s:%" G_GUINT64_FORMAT
                             ": column %s: value “%s”: %s", run->display_name, line,
                             problem.column, problem.value, problem.reason);
              else
                g_set_error (error, CXV_IMPORT_ERROR, problem.code, "%s:%" G_GUINT64_FORMAT
                             ": %s: %s", run->display_name, line, problem.column,
                             problem.reason);
              row_problem_clear (&problem);
              return FALSE;
            }
          add_reject (self, run->display_name, line, &problem);
          row_problem_clear (&problem);
        }

      if (n_rows == RESERVE_AFTER_ROWS && run->size > 0)
        reserve_for_file (run, n_before, cxv_csv_reader_get_bytes_read (run->reader));

      if (n_rows % PROGRESS_EVERY_ROWS == 0)
        report_progress (self, run->size > 0
                         ? MIN (1.0, (double) cxv_csv_reader_get_bytes_read (run->reader) / run->size)
                         : 0.0, n_rows);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (n_rows == 0)
    {
      g_set_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_EMPTY,
                   "%s: the file has no data rows%s", run->display_name,
                   run->header ? ", only a header" : "");
      return FALSE;
    }

  report_progress (self, 1.0, n_rows);
  return TRUE;
}

static gboolean
import_stream (CxvCsvImporter  *self,
               GInputStream    *stream,
               const char      *display_name,
               goffset          size,
               GCancellable    *cancellable,
               GError         **error)
{
  g_autoptr(CxvCompiledMapping) mapping = NULL;
  CxvDatasetSavepoint sp;
  ImportRun run = { 0 };
  gboolean ok;

  if (self->busy)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           "The importer is already importing");
      return FALSE;
    }

  mapping = cxv_column_mapping_compile (self->mapping, error);
  if (mapping == NULL)
    return FALSE;
  if (mapping->currency != NULL &&
      strcmp (mapping->currency, cxv_dataset_get_currency (self->dataset)) != 0)
    {
      g_set_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_MAPPING,
                   "%s: the mapping's amounts are in %s but the dataset's are in %s",
                   display_name, mapping->currency, cxv_dataset_get_currency (self->dataset));
      return FALSE;
    }
  if (cxv_dataset_get_sealed (self->dataset))
    {
      g_set_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_REJECTED,
                   "%s: the dataset is sealed and cannot take more records", display_name);
      return FALSE;
    }

  g_clear_object (&self->rejects);
  self->busy = TRUE;
  run.self = self;
  run.mapping = mapping;
  run.display_name = display_name;
  run.decimals = cxv_dataset_get_decimals (self->dataset);
  run.size = size;
  run.caches = g_new0 (FieldCache, mapping->records->len * CXV_MAX_FIELDS);
  run.generation = 1;
  run.reader = cxv_csv_reader_new (stream, display_name, mapping->delimiter, mapping->quote);

  cxv_dataset_savepoint (self->dataset, &sp);
  ok = run_import (&run, cancellable, error);
  if (!ok)
    cxv_dataset_rollback (self->dataset, &sp);

  cxv_csv_reader_free (run.reader);
  g_strfreev (run.header);
  g_free (run.caches);
  self->busy = FALSE;
  return ok;
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
cxv_csv_importer_dispose (GObject *object)
{
  CxvCsvImporter *self = (CxvCsvImporter *) object;

  g_clear_object (&self->dataset);
  g_clear_object (&self->mapping);
  g_clear_object (&self->rejects);
  g_clear_pointer (&self->progress_context, g_main_context_unref);

  G_OBJECT_CLASS (cxv_csv_importer_parent_class)->dispose (object);
}

static void
cxv_csv_importer_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CxvCsvImporter *self = CXV_CSV_IMPORTER (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    case PROP_MAPPING:
      g_value_set_object (value, self->mapping);
      break;
    case PROP_COLLECT_REJECTS:
      g_value_set_boolean (value, self->collect_rejects);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_N_ROWS:
      g_value_set_uint64 (value, self->n_rows);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_csv_importer_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CxvCsvImporter *self = CXV_CSV_IMPORTER (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      self->dataset = g_value_dup_object (value);
      break;
    case PROP_MAPPING:
      self->mapping = g_value_dup_object (value);
      break;
    case PROP_COLLECT_REJECTS:
      cxv_csv_importer_set_collect_rejects (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_csv_importer_class_init (CxvCsvImporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS |
                   G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = cxv_csv_importer_dispose;
  object_class->get_property = cxv_csv_importer_get_property;
  object_class->set_property = cxv_csv_importer_set_property;

  /**
   * CxvCsvImporter:dataset:
   *
   * The dataset records are appended to.
   *
   * Since: 1.0
   */
  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL, CXV_TYPE_DATASET, co);

  /**
   * CxvCsvImporter:mapping:
   *
   * The mapping from the file's columns to the records' fields.
   *
   * Since: 1.0
   */
  properties[PROP_MAPPING] =
    g_param_spec_object ("mapping", NULL, NULL, CXV_TYPE_COLUMN_MAPPING, co);

  /**
   * CxvCsvImporter:collect-rejects:
   *
   * Whether rows that cannot be imported are skipped and listed in
   * [method@Cxv.CsvImporter.get_rejects] rather than failing the import.
   * Default: false, all or nothing.
   *
   * Since: 1.0
   */
  properties[PROP_COLLECT_REJECTS] =
    g_param_spec_boolean ("collect-rejects", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * CxvCsvImporter:progress:
   *
   * The share of the current file read, from 0 to 1, updated every 65,536
   * rows and at the end. 0 throughout for a stream of unknown size.
   *
   * Since: 1.0
   */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0, ro);

  /**
   * CxvCsvImporter:n-rows:
   *
   * The data rows read so far from the current file (or the last one),
   * rejected rows included, updated with [property@Cxv.CsvImporter:progress].
   *
   * Since: 1.0
   */
  properties[PROP_N_ROWS] =
    g_param_spec_uint64 ("n-rows", NULL, NULL, 0, G_MAXUINT64, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cxv_csv_importer_init (CxvCsvImporter *self)
{
}

/**
 * cxv_csv_importer_new:
 * @dataset: the dataset to fill
 * @mapping: the mapping of the files to import
 *
 * Creates an importer.
 *
 * Returns: (transfer full): a new importer
 *
 * Since: 1.0
 */
CxvCsvImporter *
cxv_csv_importer_new (CxvDataset       *dataset,
                      CxvColumnMapping *mapping)
{
  g_return_val_if_fail (CXV_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (CXV_IS_COLUMN_MAPPING (mapping), NULL);

  return g_object_new (CXV_TYPE_CSV_IMPORTER, "dataset", dataset, "mapping", mapping, NULL);
}

/**
 * cxv_csv_importer_get_dataset:
 * @self: a #CxvCsvImporter
 *
 * Gets [property@Cxv.CsvImporter:dataset].
 *
 * Returns: (transfer none): the dataset
 *
 * Since: 1.0
 */
CxvDataset *
cxv_csv_importer_get_dataset (CxvCsvImporter *self)
{
  g_return_val_if_fail (CXV_IS_CSV_IMPORTER (self), NULL);

  return self->dataset;
}

/**
 * cxv_csv_importer_get_mapping:
 * @self: a #CxvCsvImporter
 *
 * Gets [property@Cxv.CsvImporter:mapping].
 *
 * Returns: (transfer none): the mapping
 *
 * Since: 1.0
 */
CxvColumnMapping *
cxv_csv_importer_get_mapping (CxvCsvImporter *self)
{
  g_return_val_if_fail (CXV_IS_CSV_IMPORTER (self), NULL);

  return self->mapping;
}

/**
 * cxv_csv_importer_get_collect_rejects:
 * @self: a #CxvCsvImporter
 *
 * Gets [property@Cxv.CsvImporter:collect-rejects].
 *
 * Returns: whether rejected rows are collected instead of failing
 *
 * Since: 1.0
 */
gboolean
cxv_csv_importer_get_collect_rejects (CxvCsvImporter *self)
{
  g_return_val_if_fail (CXV_IS_CSV_IMPORTER (self), FALSE);

  return self->collect_rejects;
}

/**
 * cxv_csv_importer_set_collect_rejects:
 * @self: a #CxvCsvImporter
 * @collect_rejects: whether to collect rejected rows instead of failing
 *
 * Sets [property@Cxv.CsvImporter:collect-rejects].
 *
 * Since: 1.0
 */
void
cxv_csv_importer_set_collect_rejects (CxvCsvImporter *self,
                                      gboolean        collect_rejects)
{
  g_return_if_fail (CXV_IS_CSV_IMPORTER (self));

  collect_rejects = !!collect_rejects;
  if (self->collect_rejects == collect_rejects)
    return;
  self->collect_rejects = collect_rejects;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLLECT_REJECTS]);
}

/**
 * cxv_csv_importer_get_progress:
 * @self: a #CxvCsvImporter
 *
 * Gets [property@Cxv.CsvImporter:progress].
 *
 * Returns: the share of the file read, 0 to 1
 *
 * Since: 1.0
 */
double
cxv_csv_importer_get_progress (CxvCsvImporter *self)
{
  g_return_val_if_fail (CXV_IS_CSV_IMPORTER (self), 0.0);

  return self->progress;
}

/**
 * cxv_csv_importer_get_n_rows:
 * @self: a #CxvCsvImporter
 *
 * Gets [property@Cxv.CsvImporter:n-rows].
 *
 * Returns: the data rows read
 *
 * Since: 1.0
 */
guint64
cxv_csv_importer_get_n_rows (CxvCsvImporter *self)
{
  g_return_val_if_fail (CXV_IS_CSV_IMPORTER (self), 0);

  return self->n_rows;
}

/**
 * cxv_csv_importer_get_rejects:
 * @self: a #CxvCsvImporter
 *
 * Gets the rows the last import skipped, with
 * [property@Cxv.CsvImporter:collect-rejects] set: a table with the columns
 * `file`, `line`, `column`, `value` and `reason`.
 *
 * Returns: (transfer none) (nullable): the rejected rows, or %NULL if
 *   there were none
 *
 * Since: 1.0
 */
CxvTable *
cxv_csv_importer_get_rejects (CxvCsvImporter *self)
{
  g_return_val_if_fail (CXV_IS_CSV_IMPORTER (self), NULL);

  return self->rejects;
}

/**
 * cxv_csv_importer_import_stream:
 * @self: a #CxvCsvImporter
 * @stream: the text to import
 * @display_name: the name used in messages, such as the file's path
 * @size: the stream's length in bytes for progress, or -1 if unknown
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Imports every row of @stream through the mapping.
 *
 * Returns: %TRUE on success; %FALSE with @error set, in which case the
 *   dataset is exactly as it was before the call
 *
 * Since: 1.0
 */
gboolean
cxv_csv_importer_import_stream (CxvCsvImporter  *self,
                                GInputStream    *stream,
                                const char      *display_name,
                                goffset          size,
                                GCancellable    *cancellable,
                                GError         **error)
{
  g_return_val_if_fail (CXV_IS_CSV_IMPORTER (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (display_name != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return import_stream (self, stream, display_name, size, cancellable, error);
}

/**
 * cxv_csv_importer_import_file:
 * @self: a #CxvCsvImporter
 * @file: the file to import
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Imports every row of @file through the mapping.
 *
 * Returns: %TRUE on success; %FALSE with @error set, in which case the
 *   dataset is exactly as it was before the call
 *
 * Since: 1.0
 */
gboolean
cxv_csv_importer_import_file (CxvCsvImporter  *self,
                              GFile           *file,
                              GCancellable    *cancellable,
                              GError         **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CXV_IS_CSV_IMPORTER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_file_get_parse_name (file);
  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      /* Cancellation keeps its own code so callers can tell it apart. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_FAILED, "%s: %s", name,
                     local_error->message);
      return FALSE;
    }
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable,
                                         NULL);

  return import_stream (self, G_INPUT_STREAM (stream), name,
                        info != NULL ? g_file_info_get_size (info) : -1, cancellable, error);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CxvCsvImporter *self = source_object;
  GError *error = NULL;

  if (cxv_csv_importer_import_file (self, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * cxv_csv_importer_import_file_async:
 * @self: a #CxvCsvImporter
 * @file: the file to import
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the import completes
 * @user_data: data for @callback
 *
 * Imports @file in a worker thread. Progress is reported in the thread-
 * default main context of the caller. Neither the dataset nor the
 * importer may be used until @callback runs.
 *
 * Since: 1.0
 */
void
cxv_csv_importer_import_file_async (CxvCsvImporter      *self,
                                    GFile               *file,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CXV_IS_CSV_IMPORTER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cxv_csv_importer_import_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_set_return_on_cancel (task, FALSE);

  /* Cleared by _finish() (or dispose): until then the worker posts its
   * progress to this context. */
  if (self->progress_context == NULL)
    self->progress_context = g_main_context_ref_thread_default ();
  g_task_run_in_thread (task, import_thread);
}

/**
 * cxv_csv_importer_import_file_finish:
 * @self: a #CxvCsvImporter
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Cxv.CsvImporter.import_file_async].
 *
 * Returns: %TRUE on success; %FALSE with @error set, the dataset unchanged
 *
 * Since: 1.0
 */
gboolean
cxv_csv_importer_import_file_finish (CxvCsvImporter  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (CXV_IS_CSV_IMPORTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cxv_csv_importer_import_file_async, FALSE);

  g_clear_pointer (&self->progress_context, g_main_context_unref);
  return g_task_propagate_boolean (G_TASK (result), error);
}
