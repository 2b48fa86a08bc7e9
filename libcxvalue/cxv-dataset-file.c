/* cxv-dataset-file.c: saving a dataset to a SQLite file and opening it again
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The file is a SQLite database with one table per kind of record, one row
 * per record, integer columns holding exactly what the dataset's columns
 * hold: indices into the entity tables and the text pool, civil days,
 * minor units and enum numbers, NULL where a value is absent. Rows are
 * written in the sealed order, so that opening is a scan of each table in
 * rowid order into the index-based appends, and sealing the result finds
 * every kind sorted already. docs/file-format.md documents the schema.
 *
 * Saving writes a temporary file beside the destination with journaling
 * and syncing off (nothing can see it until it is complete), syncs it once,
 * and renames it over the destination: the destination is always either
 * the old file or the new one.
 *
 * Opening treats the file as hostile: it is opened read-only and
 * immutable (no lock, no journal or WAL read or created beside it), in
 * defensive mode without triggers, views or untrusted schema functions,
 * and every value is range-checked before it reaches the dataset. Every
 * statement is a constant; data only ever travels through bound
 * parameters and column reads. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cxv-dataset-private.h"
#include "cxv-error.h"
#include "cxv-version.h"

#define FORMAT_NAME "libcxvalue-dataset"
#define FORMAT_VERSION 1

/* "CXVD", so that file(1) and sqlite3 can tell the files apart. */
#define APPLICATION_ID 0x43585644

/* How many rows pass between two looks at the cancellable. */
#define CANCEL_CHECK_MASK 0xffff

static const char schema_sql[] =
  "CREATE TABLE format ("
  " key TEXT PRIMARY KEY NOT NULL,"
  " value TEXT NOT NULL);"
  "CREATE TABLE text ("
  " idx INTEGER PRIMARY KEY,"
  " value TEXT NOT NULL);"
  "CREATE TABLE customer ("
  " idx INTEGER PRIMARY KEY,"
  " id TEXT NOT NULL,"
  " segment INTEGER REFERENCES text (idx),"
  " acquired INTEGER,"
  " source INTEGER NOT NULL,"
  " referred_by INTEGER REFERENCES customer (idx));"
  "CREATE TABLE product ("
  " idx INTEGER PRIMARY KEY,"
  " code TEXT NOT NULL,"
  " category INTEGER REFERENCES text (idx),"
  " recurring INTEGER NOT NULL,"
  " all_segments_eligible INTEGER NOT NULL);"
  "CREATE TABLE product_segment ("
  " product INTEGER NOT NULL REFERENCES product (idx),"
  " segment INTEGER NOT NULL REFERENCES text (idx));"
  "CREATE TABLE initiative ("
  " idx INTEGER PRIMARY KEY,"
  " id TEXT NOT NULL,"
  " name INTEGER REFERENCES text (idx),"
  " in_sync INTEGER NOT NULL,"
  " start INTEGER NOT NULL,"
  " \"end\" INTEGER);"
  "CREATE TABLE holding ("
  " idx INTEGER PRIMARY KEY,"
  " customer INTEGER NOT NULL REFERENCES customer (idx),"
  " product INTEGER NOT NULL REFERENCES product (idx),"
  " start INTEGER NOT NULL,"
  " \"end\" INTEGER);"
  "CREATE TABLE revenue ("
  " idx INTEGER PRIMARY KEY,"
  " customer INTEGER NOT NULL REFERENCES customer (idx),"
  " product INTEGER REFERENCES product (idx),"
  " date INTEGER NOT NULL,"
  " kind INTEGER NOT NULL,"
  " amount INTEGER NOT NULL,"
  " cost INTEGER NOT NULL,"
  " initiative INTEGER REFERENCES initiative (idx));"
  "CREATE TABLE interaction ("
  " idx INTEGER PRIMARY KEY,"
  " customer INTEGER NOT NULL REFERENCES customer (idx),"
  " date INTEGER NOT NULL,"
  " channel INTEGER NOT NULL REFERENCES text (idx),"
  " channel_class INTEGER NOT NULL,"
  " kind INTEGER NOT NULL,"
  " resolved INTEGER NOT NULL,"
  " reason INTEGER REFERENCES text (idx),"
  " cost INTEGER NOT NULL);"
  "CREATE TABLE feedback ("
  " idx INTEGER PRIMARY KEY,"
  " customer INTEGER NOT NULL REFERENCES customer (idx),"
  " date INTEGER NOT NULL,"
  " instrument INTEGER NOT NULL,"
  " score REAL NOT NULL,"
  " comment INTEGER REFERENCES text (idx),"
  " topics INTEGER REFERENCES text (idx));"
  "CREATE TABLE usage ("
  " idx INTEGER PRIMARY KEY,"
  " customer INTEGER NOT NULL REFERENCES customer (idx),"
  " product INTEGER NOT NULL REFERENCES product (idx),"
  " date INTEGER NOT NULL,"
  " quantity REAL NOT NULL);"
  "CREATE TABLE referral ("
  " idx INTEGER PRIMARY KEY,"
  " referrer INTEGER NOT NULL REFERENCES customer (idx),"
  " referred INTEGER NOT NULL REFERENCES customer (idx),"
  " date INTEGER NOT NULL);";

/* ------------------------------------------------------------------ */
/* The tables, described once for the writer and the reader             */

typedef enum
{
  FIELD_ID,    /* the entity's own id or code: TEXT */
  FIELD_REF,   /* index of an entity of kind `arg`: INTEGER */
  FIELD_TEXT,  /* index into the text pool: INTEGER */
  FIELD_DATE,  /* civil day: INTEGER */
  FIELD_ENUM,  /* 0 to `arg`: INTEGER */
  FIELD_BOOL,  /* 0 or 1: INTEGER */
  FIELD_MONEY, /* minor units: INTEGER */
  FIELD_REAL,  /* REAL */
  FIELD_OPEN,  /* product: every segment is eligible, 0 or 1 */
} FieldType;

typedef struct
{
  const char *name;
  FieldType   type;
  gint8       source;    /* column of the CxvRecordTable, -1 for ID and OPEN */
  guint8      width;     /* its width in bytes */
  guint8      arg;
  gboolean    nullable;  /* NULL stands for CXV_NO_INDEX or CXV_DATE_NONE */
} Field;

#define ID(n)           { n, FIELD_ID, -1, 0, 0, FALSE }
#define REF(n, c, k, o) { n, FIELD_REF, c, 4, k, o }
#define TEXT(n, c, o)   { n, FIELD_TEXT, c, 4, 0, o }
#define DATE(n, c, o)   { n, FIELD_DATE, c, 4, 0, o }
#define ENUM(n, c, max) { n, FIELD_ENUM, c, 1, max, FALSE }
#define BOOL(n, c)      { n, FIELD_BOOL, c, 1, 0, FALSE }
#define MONEY(n, c)     { n, FIELD_MONEY, c, 8, 0, FALSE }
#define REAL(n, c)      { n, FIELD_REAL, c, 8, 0, FALSE }

static const Field customer_fields[] = {
  ID ("id"), TEXT ("segment", CUS_SEGMENT, TRUE), DATE ("acquired", CUS_ACQUIRED, TRUE),
  ENUM ("source", CUS_SOURCE, CXV_ACQUISITION_WIN_BACK),
  REF ("referred_by", CUS_REFERRED_BY, CXV_RECORD_CUSTOMER, TRUE),
};
static const Field product_fields[] = {
  ID ("code"), TEXT ("category", PRO_CATEGORY, TRUE), BOOL ("recurring", PRO_RECURRING),
  { "all_segments_eligible", FIELD_OPEN, -1, 0, 0, FALSE },
};
static const Field initiative_fields[] = {
  ID ("id"), TEXT ("name", INI_NAME, TRUE), BOOL ("in_sync", INI_IN_SYNC),
  DATE ("start", INI_START, FALSE), DATE ("end", INI_END, TRUE),
};
static const Field holding_fields[] = {
  REF ("customer", HOL_CUSTOMER, CXV_RECORD_CUSTOMER, FALSE),
  REF ("product", HOL_PRODUCT, CXV_RECORD_PRODUCT, FALSE),
  DATE ("start", HOL_START, FALSE), DATE ("end", HOL_END, TRUE),
};
static const Field revenue_fields[] = {
  REF ("customer", REV_CUSTOMER, CXV_RECORD_CUSTOMER, FALSE),
  REF ("product", REV_PRODUCT, CXV_RECORD_PRODUCT, TRUE),
  DATE ("date", REV_DATE, FALSE), ENUM ("kind", REV_KIND, CXV_REVENUE_REFUND),
  MONEY ("amount", REV_AMOUNT), MONEY ("cost", REV_COST),
  /* 16 bits wide in memory, CXV_NO_INITIATIVE16 where absent */
  { "initiative", FIELD_REF, REV_INITIATIVE, 2, CXV_RECORD_INITIATIVE, TRUE },
};
static const Field interaction_fields[] = {
  REF ("customer", INT_CUSTOMER, CXV_RECORD_CUSTOMER, FALSE),
  DATE ("date", INT_DATE, FALSE), TEXT ("channel", INT_CHANNEL, FALSE),
  ENUM ("channel_class", INT_CLASS, CXV_CHANNEL_ASSISTED),
  ENUM ("kind", INT_KIND, CXV_INTERACTION_FEEDBACK), BOOL ("resolved", INT_RESOLVED),
  TEXT ("reason", INT_REASON, TRUE), MONEY ("cost", INT_COST),
};
static const Field feedback_fields[] = {
  REF ("customer", FEE_CUSTOMER, CXV_RECORD_CUSTOMER, FALSE),
  DATE ("date", FEE_DATE, FALSE), ENUM ("instrument", FEE_INSTRUMENT, CXV_INSTRUMENT_OTHER),
  REAL ("score", FEE_SCORE), TEXT ("comment", FEE_COMMENT, TRUE),
  TEXT ("topics", FEE_TOPICS, TRUE),
};
static const Field usage_fields[] = {
  REF ("customer", USE_CUSTOMER, CXV_RECORD_CUSTOMER, FALSE),
  REF ("product", USE_PRODUCT, CXV_RECORD_PRODUCT, FALSE),
  DATE ("date", USE_DATE, FALSE), REAL ("quantity", USE_QUANTITY),
};
static const Field referral_fields[] = {
  REF ("referrer", REF_REFERRER, CXV_RECORD_CUSTOMER, FALSE),
  REF ("referred", REF_REFERRED, CXV_RECORD_CUSTOMER, FALSE),
  DATE ("date", REF_DATE, FALSE),
};

#define MAX_FIELDS 8

/* Rows per INSERT when saving: one statement step per 64 rows spreads
 * SQLite's per-statement cost (a third of the work with one row a step). */
#define ROWS_PER_INSERT 64

typedef struct
{
  const char  *table;
  const Field *fields;
  guint        n_fields;
} FileTable;

#define TABLE(name, fields) { name, fields, G_N_ELEMENTS (fields) }

/* Indexed by CxvRecordKind. */
static const FileTable file_tables[CXV_N_RECORD_KINDS] = {
  [CXV_RECORD_CUSTOMER] = TABLE ("customer", customer_fields),
  [CXV_RECORD_PRODUCT] = TABLE ("product", product_fields),
  [CXV_RECORD_HOLDING] = TABLE ("holding", holding_fields),
  [CXV_RECORD_REVENUE] = TABLE ("revenue", revenue_fields),
  [CXV_RECORD_INTERACTION] = TABLE ("interaction", interaction_fields),
  [CXV_RECORD_FEEDBACK] = TABLE ("feedback", feedback_fields),
  [CXV_RECORD_USAGE] = TABLE ("usage", usage_fields),
  [CXV_RECORD_REFERRAL] = TABLE ("referral", referral_fields),
  [CXV_RECORD_INITIATIVE] = TABLE ("initiative", initiative_fields),
};

/* The statements are assembled from the table and column names above,
 * which are constants of this file, never from anything read or saved. */
static char *
select_sql (const FileTable *ft)
{
  GString *sql = g_string_new ("SELECT \"idx\"");

  for (guint f = 0; f < ft->n_fields; f++)
    g_string_append_printf (sql, ", \"%s\"", ft->fields[f].name);
  g_string_append_printf (sql, " FROM \"%s\" ORDER BY \"idx\"", ft->table);
  return g_string_free (sql, FALSE);
}

/* An INSERT of @n_rows rows, each (idx, fields…). */
static char *
insert_sql (const FileTable *ft, guint n_rows)
{
  GString *sql = g_string_new (NULL);

  g_string_append_printf (sql, "INSERT INTO \"%s\" (\"idx\"", ft->table);
  for (guint f = 0; f < ft->n_fields; f++)
    g_string_append_printf (sql, ", \"%s\"", ft->fields[f].name);
  g_string_append (sql, ") VALUES ");
  for (guint r = 0; r < n_rows; r++)
    {
      g_string_append (sql, r > 0 ? ", (?" : "(?");
      for (guint f = 0; f < ft->n_fields; f++)
        g_string_append (sql, ", ?");
      g_string_append_c (sql, ')');
    }
  return g_string_free (sql, FALSE);
}

/* Entities first, initiatives and products before the events that name
 * them; customers last of the entities, their referrers linked after. */
static const CxvRecordKind load_order[CXV_N_RECORD_KINDS] = {
  CXV_RECORD_INITIATIVE, CXV_RECORD_PRODUCT, CXV_RECORD_CUSTOMER,
  CXV_RECORD_HOLDING, CXV_RECORD_REVENUE, CXV_RECORD_INTERACTION,
  CXV_RECORD_FEEDBACK, CXV_RECORD_USAGE, CXV_RECORD_REFERRAL,
};

static const char *
entity_id (CxvDataset *dataset, CxvRecordKind kind, guint32 index)
{
  switch (kind)
    {
    case CXV_RECORD_CUSTOMER:
      return cxv_dataset_get_customer_id (dataset, index);
    case CXV_RECORD_PRODUCT:
      return cxv_dataset_get_product_code (dataset, index);
    case CXV_RECORD_INITIATIVE:
      return cxv_dataset_get_initiative_id (dataset, index);
    default:
      g_assert_not_reached ();
    }
}

/* ------------------------------------------------------------------ */
/* Saving                                                               */

typedef struct
{
  CxvDataset   *dataset;
  const char   *path;
  sqlite3      *db;
  GCancellable *cancellable;
} Writer;

/* SQLite's message, with the system's words for a failed read or write
 * ("disk I/O error" alone does not say that the disk is full). */
static char *
describe_sqlite_error (sqlite3 *db)
{
  int system_errno = sqlite3_system_errno (db);

  if (system_errno != 0 && (sqlite3_extended_errcode (db) & 0xff) == SQLITE_IOERR)
    return g_strdup_printf ("%s (%s)", sqlite3_errmsg (db), g_strerror (system_errno));
  return g_strdup (sqlite3_errmsg (db));
}

static void
writer_set_error (Writer *w, GError **error, const char *doing)
{
  g_autofree char *message = describe_sqlite_error (w->db);

  g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE,
               "Cannot save the dataset to “%s”: %s: %s", w->path, doing, message);
}

static gboolean
writer_exec (Writer *w, const char *sql, const char *doing, GError **error)
{
  if (sqlite3_exec (w->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      writer_set_error (w, error, doing);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
writer_prepare (Writer *w, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v3 (w->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      writer_set_error (w, error, "preparing a statement");
      return NULL;
    }
  return stmt;
}

/* Runs a bound INSERT and makes it ready for the next row. */
static gboolean
writer_step (Writer *w, sqlite3_stmt *stmt, const char *table, GError **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      g_autofree char *doing = g_strdup_printf ("writing the %s table", table);
      writer_set_error (w, error, doing);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
writer_check_cancelled (Writer *w, guint32 row, GError **error)
{
  return (row & CANCEL_CHECK_MASK) != 0 ||
         !g_cancellable_set_error_if_cancelled (w->cancellable, error);
}

static gboolean
write_format (Writer *w, GError **error)
{
  g_autofree char *version = g_strdup_printf ("%d", FORMAT_VERSION);
  const char *rows[][2] = {
    { "format", FORMAT_NAME },
    { "format_version", version },
    { "writer", "libcxvalue " CXV_VERSION_S },
    { "currency", cxv_dataset_get_currency (w->dataset) },
  };
  sqlite3_stmt *stmt = writer_prepare (w, "INSERT INTO format VALUES (?1, ?2)", error);
  gboolean ok = stmt != NULL;

  for (guint i = 0; ok && i < G_N_ELEMENTS (rows); i++)
    {
      sqlite3_bind_text (stmt, 1, rows[i][0], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, rows[i][1], -1, SQLITE_STATIC);
      ok = writer_step (w, stmt, "format", error);
    }
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
write_texts (Writer *w, GError **error)
{
  guint32 n = cxv_dataset_get_n_texts (w->dataset);
  sqlite3_stmt *stmt = writer_prepare (w, "INSERT INTO text VALUES (?1, ?2)", error);
  gboolean ok = stmt != NULL;

  for (guint32 i = 0; ok && i < n; i++)
    {
      sqlite3_bind_int64 (stmt, 1, i);
      sqlite3_bind_text (stmt, 2, cxv_dataset_get_text (w->dataset, i), -1, SQLITE_STATIC);
      ok = writer_check_cancelled (w, i, error) && writer_step (w, stmt, "text", error);
    }
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
write_eligibility (Writer *w, GError **error)
{
  guint32 n = cxv_dataset_get_n_records (w->dataset, CXV_RECORD_PRODUCT);
  sqlite3_stmt *stmt = writer_prepare (w, "INSERT INTO product_segment VALUES (?1, ?2)", error);
  gboolean ok = stmt != NULL;

  for (guint32 p = 0; ok && p < n; p++)
    {
      guint n_segments;
      const guint32 *segments = cxv_dataset_get_eligible_segments (w->dataset, p, &n_segments);

      for (guint s = 0; ok && segments != NULL && s < n_segments; s++)
        {
          sqlite3_bind_int64 (stmt, 1, p);
          sqlite3_bind_int64 (stmt, 2, segments[s]);
          ok = writer_step (w, stmt, "product_segment", error);
        }
    }
  sqlite3_finalize (stmt);
  return ok;
}

static void
bind_field (Writer               *w,
            sqlite3_stmt         *stmt,
            int                   param,
            CxvRecordKind         kind,
            const Field          *field,
            const CxvRecordTable *t,
            guint32               row)
{
  const void *col = field->source >= 0 ? t->col[field->source] : NULL;

  switch (field->type)
    {
    case FIELD_ID:
      sqlite3_bind_text (stmt, param, entity_id (w->dataset, kind, row), -1, SQLITE_STATIC);
      break;
    case FIELD_OPEN:
      {
        guint n_segments;
        sqlite3_bind_int (stmt, param,
                          cxv_dataset_get_eligible_segments (w->dataset, row, &n_segments) == NULL);
      }
      break;
    case FIELD_REF:
    case FIELD_TEXT:
      {
        guint32 v = field->width == 2 ? ((const guint16 *) col)[row] : ((const guint32 *) col)[row];
        guint32 none = field->width == 2 ? CXV_NO_INITIATIVE16 : CXV_NO_INDEX;

        if (v == none)
          sqlite3_bind_null (stmt, param);
        else
          sqlite3_bind_int64 (stmt, param, v);
      }
      break;
    case FIELD_DATE:
      {
        CxvDate d = ((const CxvDate *) col)[row];

        if (d == CXV_DATE_NONE)
          sqlite3_bind_null (stmt, param);
        else
          sqlite3_bind_int (stmt, param, d);
      }
      break;
    case FIELD_ENUM:
    case FIELD_BOOL:
      sqlite3_bind_int (stmt, param, ((const guint8 *) col)[row]);
      break;
    case FIELD_MONEY:
      sqlite3_bind_int64 (stmt, param, ((const gint64 *) col)[row]);
      break;
    case FIELD_REAL:
      sqlite3_bind_double (stmt, param, ((const double *) col)[row]);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Binds record @row to the parameters from @param on. The first record
 * gets idx 0; the others a NULL idx, which SQLite turns into the largest
 * rowid plus one (the same number) by appending, without the B-tree search
 * an explicit rowid costs. */
static int
bind_row (Writer               *w,
          sqlite3_stmt         *stmt,
          int                   param,
          CxvRecordKind         kind,
          const CxvRecordTable *t,
          guint32               row)
{
  const FileTable *ft = &file_tables[kind];

  if (row == 0)
    sqlite3_bind_int64 (stmt, param, 0);
  else
    sqlite3_bind_null (stmt, param);
  param++;
  for (guint f = 0; f < ft->n_fields; f++)
    bind_field (w, stmt, param++, kind, &ft->fields[f], t, row);
  return param;
}

static gboolean
write_kind (Writer *w, CxvRecordKind kind, GError **error)
{
  const FileTable *ft = &file_tables[kind];
  const CxvRecordTable *t = cxv_dataset_get_table (w->dataset, kind);
  g_autofree char *one_sql = insert_sql (ft, 1);
  g_autofree char *many_sql = insert_sql (ft, ROWS_PER_INSERT);
  sqlite3_stmt *one = writer_prepare (w, one_sql, error);
  sqlite3_stmt *many = one != NULL ? writer_prepare (w, many_sql, error) : NULL;
  gboolean ok = one != NULL && many != NULL;
  guint32 row = 0;

  while (ok && t->n - row >= ROWS_PER_INSERT)
    {
      int param = 1;

      /* Batches start at multiples of 64, so this looks once in 1024 batches. */
      ok = writer_check_cancelled (w, row, error);
      for (guint i = 0; i < ROWS_PER_INSERT; i++, row++)
        param = bind_row (w, many, param, kind, t, row);
      ok = ok && writer_step (w, many, ft->table, error);
    }
  for (; ok && row < t->n; row++)
    {
      bind_row (w, one, 1, kind, t, row);
      ok = writer_step (w, one, ft->table, error);
    }

  sqlite3_finalize (one);
  sqlite3_finalize (many);
  return ok;
}

/* Fills the open database at w->db; the caller closes it. */
static gboolean
write_database (Writer *w, GError **error)
{
  /* Nothing sees the temporary file before it is complete and renamed, so
   * a journal would protect nothing; one fsync at the end makes it
   * durable. 16 KiB pages save faster than 4 KiB ones and keep the file of
   * a small dataset small (each table takes a page at least). */
  if (!writer_exec (w, "PRAGMA page_size = 16384;"
                       "PRAGMA journal_mode = OFF;"
                       "PRAGMA synchronous = OFF;"
                       "PRAGMA locking_mode = EXCLUSIVE;"
                       "PRAGMA cache_size = -32768;"
                       "PRAGMA application_id = " G_STRINGIFY (APPLICATION_ID) ";"
                       "PRAGMA user_version = " G_STRINGIFY (FORMAT_VERSION) ";",
                    "setting up the file", error) ||
      !writer_exec (w, "BEGIN", "setting up the file", error) ||
      !writer_exec (w, schema_sql, "creating the tables", error) ||
      !write_format (w, error) ||
      !write_texts (w, error) ||
      !write_eligibility (w, error))
    return FALSE;

  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    if (!write_kind (w, load_order[k], error))
      return FALSE;

  return writer_exec (w, "COMMIT", "writing the file", error);
}

/* Syncs the directory entry of a rename; file systems that cannot sync a
 * directory (EINVAL) already made it durable, or never will. */
static void
sync_directory (const char *dir)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0)
    return;
  (void) fsync (fd);
  g_close (fd, NULL);
}

static gboolean
set_errno_error (GError **error, int saved_errno, const char *format, const char *path)
{
  g_autofree char *what = g_strdup_printf (format, path);

  g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE,
               "%s: %s", what, g_strerror (saved_errno));
  return FALSE;
}

/**
 * cxv_dataset_save:
 * @self: a sealed #CxvDataset
 * @path: (type filename): the file to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Saves the dataset to a SQLite file at @path, replacing any file there.
 * The schema is documented in [the file format](file-format.html):
 * every record of every kind, the ids and texts, in index order, so that
 * [func@Cxv.Dataset.open] gives back the same dataset.
 *
 * Saving is atomic: the file is written beside @path under a temporary
 * name (`.NAME.XXXXXX`), synced to disk, and renamed over @path, so @path
 * holds either the previous file or the complete new one, whatever
 * happens. On failure or cancellation the temporary file is removed; only a
 * process killed while saving can leave it behind, and it may be deleted.
 *
 * The dataset may be read from other threads while it is being saved.
 *
 * Returns: %TRUE on success; %FALSE with @error set:
 *   %CXV_DATASET_ERROR_NOT_SEALED if the dataset is not sealed,
 *   %CXV_DATASET_ERROR_FILE naming the path and the cause if the file
 *   cannot be written, %G_IO_ERROR_CANCELLED if @cancellable was cancelled
 *
 * Since: 1.0
 */
gboolean
cxv_dataset_save (CxvDataset    *self,
                  const char    *path,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Writer w = { self, path, NULL, cancellable };
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  gboolean ok;
  int fd;

  g_return_val_if_fail (CXV_IS_DATASET (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cxv_dataset_get_sealed (self))
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_NOT_SEALED,
                   "Cannot save the dataset to “%s”: only a sealed dataset can be saved", path);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* In the destination's directory, so that rename() stays on one file
   * system; the name is cut so that the suffix cannot make it too long. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  if (strlen (base) > 200)
    base[200] = '\0';
  tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    return set_errno_error (error, errno, "Cannot save the dataset to “%s”", path);

  if (sqlite3_open_v2 (tmp_path, &w.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL)
      != SQLITE_OK)
    {
      writer_set_error (&w, error, "opening the temporary file");
      ok = FALSE;
    }
  else
    {
      sqlite3_extended_result_codes (w.db, TRUE);
      sqlite3_db_config (w.db, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
      sqlite3_db_config (w.db, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
      ok = write_database (&w, error);
    }

  if (sqlite3_close (w.db) != SQLITE_OK && ok)
    {
      writer_set_error (&w, error, "closing the file");
      ok = FALSE;
    }

  if (ok && fsync (fd) != 0)
    ok = set_errno_error (error, errno, "Cannot save the dataset to “%s”: syncing", path);
  if (close (fd) != 0 && ok)
    ok = set_errno_error (error, errno, "Cannot save the dataset to “%s”: closing", path);
  /* A last look, so that a cancellation that came during the final sync
   * still leaves the old file. */
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  if (ok && g_rename (tmp_path, path) != 0)
    ok = set_errno_error (error, errno, "Cannot save the dataset to “%s”: renaming", path);

  if (!ok)
    {
      g_unlink (tmp_path);
      return FALSE;
    }
  sync_directory (dir);
  return TRUE;
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (cxv_dataset_save (source_object, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * cxv_dataset_save_async:
 * @self: a sealed #CxvDataset
 * @path: (type filename): the file to write
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async) (closure user_data): called when the file is
 *   written
 * @user_data: data for @callback
 *
 * Saves the dataset in a worker thread, as [method@Cxv.Dataset.save] does.
 * A sealed dataset does not change, so it may be read while it is saved.
 * Call [method@Cxv.Dataset.save_finish] from @callback.
 *
 * Since: 1.0
 */
void
cxv_dataset_save_async (CxvDataset          *self,
                        const char          *path,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CXV_IS_DATASET (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cxv_dataset_save_async);
  g_task_set_name (task, "[cxv] save dataset");

  /* An unsealed dataset may still change under a worker thread; refuse it
   * here rather than there. */
  if (!cxv_dataset_get_sealed (self))
    {
      g_task_return_new_error (task, CXV_DATASET_ERROR, CXV_DATASET_ERROR_NOT_SEALED,
                               "Cannot save the dataset to “%s”: only a sealed dataset can be "
                               "saved", path);
      return;
    }

  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, save_thread);
}

/**
 * cxv_dataset_save_finish:
 * @self: a #CxvDataset
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Cxv.Dataset.save_async].
 *
 * Returns: %TRUE on success; %FALSE with @error set, as
 *   [method@Cxv.Dataset.save] fails
 *
 * Since: 1.0
 */
gboolean
cxv_dataset_save_finish (CxvDataset    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (CXV_IS_DATASET (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cxv_dataset_save_async, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Opening                                                              */

typedef struct
{
  const char   *path;
  sqlite3      *db;
  GCancellable *cancellable;
  CxvDataset   *dataset;

  /* Entities and texts loaded so far: the bounds of every reference. */
  guint32       n[CXV_N_RECORD_KINDS];
  guint32       n_texts;

  /* product_segment, as (product, segment) pairs in file order */
  GArray       *eligibility;
  /* Per customer, the referrer's index as read, linked once all are in */
  guint32      *referrers;
} Reader;

/* One row as read and checked: integers (indices, days, enums, amounts)
 * in v, reals in d, ids in s (valid until the next step). */
typedef struct
{
  gint64      v[MAX_FIELDS];
  double      d[MAX_FIELDS];
  const char *s[MAX_FIELDS];
} Row;

static void
reader_clear (Reader *r)
{
  sqlite3_close (r->db);
  g_clear_pointer (&r->eligibility, g_array_unref);
  g_clear_pointer (&r->referrers, g_free);
  g_clear_object (&r->dataset);
}

G_GNUC_PRINTF (5, 6)
static gboolean
reader_damaged (Reader      *r,
                GError     **error,
                const char  *table,
                guint64      row,
                const char  *format,
                ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE,
               "“%s” is damaged: table %s, row %" G_GUINT64_FORMAT ": %s",
               r->path, table, row, detail);
  return FALSE;
}

/* Reports what SQLite said: not a database, damaged, or unreadable. */
static gboolean
reader_sqlite_error (Reader *r, GError **error, int rc, const char *doing)
{
  g_autofree char *message = describe_sqlite_error (r->db);

  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE,
                   "“%s” is not a libcxvalue dataset: it is not a SQLite database (%s)",
                   r->path, message);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE,
                   "“%s” is damaged or truncated: %s: %s", r->path, doing, message);
      break;
    case SQLITE_ERROR:
      /* A missing table or column: some other SQLite database. */
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE,
                   "“%s” is not a libcxvalue dataset, or is damaged: %s: %s",
                   r->path, doing, message);
      break;
    default:
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE,
                   "Cannot read “%s”: %s: %s", r->path, doing, message);
      break;
    }
  return FALSE;
}

static sqlite3_stmt *
reader_prepare (Reader *r, const char *sql, const char *table, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (r->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      g_autofree char *doing = g_strdup_printf ("reading the %s table", table);
      reader_sqlite_error (r, error, rc, doing);
      return NULL;
    }
  return stmt;
}

/* Steps to the next row: 1 for a row, 0 at the end, -1 on error. */
static int
reader_step (Reader *r, sqlite3_stmt *stmt, const char *table, guint64 row, GError **error)
{
  int rc;

  if ((row & CANCEL_CHECK_MASK) == 0 &&
      g_cancellable_set_error_if_cancelled (r->cancellable, error))
    return -1;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return 1;
  if (rc == SQLITE_DONE)
    return 0;

  {
    g_autofree char *doing = g_strdup_printf ("reading the %s table", table);
    reader_sqlite_error (r, error, rc, doing);
  }
  return -1;
}

/* Checks that a row's idx is its position: indices are dense. */
static gboolean
check_idx (Reader *r, sqlite3_stmt *stmt, const char *table, guint64 row, GError **error)
{
  sqlite3_value *idx = sqlite3_column_value (stmt, 0);

  if (sqlite3_value_type (idx) != SQLITE_INTEGER || (guint64) sqlite3_value_int64 (idx) != row)
    return reader_damaged (r, error, table, row, "idx is not %" G_GUINT64_FORMAT
                           " (the rows must be numbered from 0 without gaps)", row);
  return TRUE;
}

/* A TEXT value that the dataset can take: not empty, no NUL, UTF-8. */
static const char *
value_text (sqlite3_value *value)
{
  const char *text;
  int len;

  if (sqlite3_value_type (value) != SQLITE_TEXT)
    return NULL;
  text = (const char *) sqlite3_value_text (value);
  len = sqlite3_value_bytes (value);
  if (text == NULL || len == 0 || memchr (text, '\0', len) != NULL ||
      !g_utf8_validate_len (text, len, NULL))
    return NULL;
  return text;
}

static const char *
field_type_name (int type)
{
  switch (type)
    {
    case SQLITE_INTEGER:
      return "an integer";
    case SQLITE_FLOAT:
      return "a real";
    case SQLITE_TEXT:
      return "text";
    case SQLITE_BLOB:
      return "a blob";
    default:
      return "NULL";
    }
}

/* Reads and checks field @f of the current row into @row. */
static gboolean
read_field (Reader        *r,
            sqlite3_stmt  *stmt,
            CxvRecordKind  kind,
            guint          f,
            guint64        n_row,
            Row           *row,
            GError       **error)
{
  const FileTable *ft = &file_tables[kind];
  const Field *field = &ft->fields[f];
  /* One column_value() and value_*() calls on it cost half of the
   * column_*() calls, each of which looks the column up again. The value
   * is "unprotected", which matters only for a connection that several
   * threads share; this one is the reader's own. */
  sqlite3_value *value = sqlite3_column_value (stmt, (int) f + 1);
  int type = sqlite3_value_type (value);
  gint64 v, lo = 0, hi;

  if (type == SQLITE_NULL && field->nullable)
    {
      row->v[f] = field->type == FIELD_DATE ? (gint64) CXV_DATE_NONE : (gint64) CXV_NO_INDEX;
      return TRUE;
    }

  switch (field->type)
    {
    case FIELD_ID:
      row->s[f] = value_text (value);
      if (row->s[f] == NULL)
        return reader_damaged (r, error, ft->table, n_row,
                               "%s is not a non-empty UTF-8 text", field->name);
      return TRUE;
    case FIELD_REAL:
      if (type != SQLITE_FLOAT && type != SQLITE_INTEGER)
        return reader_damaged (r, error, ft->table, n_row, "%s is %s, not a number",
                               field->name, field_type_name (type));
      row->d[f] = sqlite3_value_double (value);
      return TRUE;
    case FIELD_REF:
      /* Referrers may name customers further down the table: their bound
       * is checked once every customer is in. */
      hi = field->arg == kind ? (gint64) G_MAXUINT32 - 3 : (gint64) r->n[field->arg] - 1;
      break;
    case FIELD_TEXT:
      hi = (gint64) r->n_texts - 1;
      break;
    case FIELD_DATE:
      lo = CXV_DATE_MIN;
      hi = CXV_DATE_MAX;
      break;
    case FIELD_ENUM:
      hi = field->arg;
      break;
    case FIELD_BOOL:
    case FIELD_OPEN:
      hi = 1;
      break;
    case FIELD_MONEY:
      lo = G_MININT64;
      hi = G_MAXINT64;
      break;
    default:
      g_assert_not_reached ();
    }

  if (type != SQLITE_INTEGER)
    return reader_damaged (r, error, ft->table, n_row, "%s is %s, not an integer",
                           field->name, field_type_name (type));
  v = sqlite3_value_int64 (value);
  if (v < lo || v > hi)
    {
      if (hi < lo)
        return reader_damaged (r, error, ft->table, n_row,
                               "%s is %" G_GINT64_FORMAT ", but the file has none to refer to",
                               field->name, v);
      return reader_damaged (r, error, ft->table, n_row,
                             "%s is %" G_GINT64_FORMAT ", outside %" G_GINT64_FORMAT
                             " to %" G_GINT64_FORMAT, field->name, v, lo, hi);
    }
  row->v[f] = v;
  return TRUE;
}

static void
replace_string (char **slot, const char *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
}

static gboolean
read_format (Reader *r, char **currency, GError **error)
{
  sqlite3_stmt *stmt = reader_prepare (r, "SELECT key, value FROM format", "format", error);
  g_autofree char *name = NULL;
  g_autofree char *version = NULL;
  guint64 n_row = 0, format_version;
  int more;

  if (stmt == NULL)
    return FALSE;
  while ((more = reader_step (r, stmt, "format", n_row++, error)) > 0)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);

      if (key == NULL || value == NULL)
        continue;
      if (strcmp (key, "format") == 0)
        replace_string (&name, value);
      else if (strcmp (key, "format_version") == 0)
        replace_string (&version, value);
      else if (strcmp (key, "currency") == 0)
        replace_string (currency, value);
    }
  sqlite3_finalize (stmt);
  if (more < 0)
    return FALSE;

  if (g_strcmp0 (name, FORMAT_NAME) != 0)
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE,
                   "“%s” is not a libcxvalue dataset: its format table does not name "
                   "the format " FORMAT_NAME, r->path);
      return FALSE;
    }
  if (version == NULL ||
      !g_ascii_string_to_unsigned (version, 10, 1, G_MAXUINT64, &format_version, NULL))
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE,
                   "“%s” is damaged: its format version is missing or not a number", r->path);
      return FALSE;
    }
  if (format_version > FORMAT_VERSION)
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_VERSION,
                   "“%s” was written by a newer libcxvalue (format %" G_GUINT64_FORMAT
                   "); this one reads format %d", r->path, format_version, FORMAT_VERSION);
      return FALSE;
    }
  if (*currency == NULL)
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE,
                   "“%s” is damaged: its format table names no currency", r->path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_texts (Reader *r, GError **error)
{
  sqlite3_stmt *stmt = reader_prepare (r, "SELECT idx, value FROM text ORDER BY idx", "text",
                                       error);
  guint64 n_row = 0;
  int more;

  if (stmt == NULL)
    return FALSE;
  while ((more = reader_step (r, stmt, "text", n_row, error)) > 0)
    {
      const char *text = value_text (sqlite3_column_value (stmt, 1));
      guint32 index;

      if (!check_idx (r, stmt, "text", n_row, error))
        break;
      if (text == NULL)
        {
          reader_damaged (r, error, "text", n_row, "the value is not a non-empty UTF-8 text");
          break;
        }
      if (n_row >= G_MAXUINT32 - 2)
        {
          reader_damaged (r, error, "text", n_row, "too many texts");
          break;
        }
      index = cxv_dataset_intern_text (r->dataset, text);
      if (index != n_row)
        {
          reader_damaged (r, error, "text", n_row, "the text repeats text %u", index);
          break;
        }
      n_row++;
    }
  sqlite3_finalize (stmt);
  r->n_texts = (guint32) n_row;
  return more == 0;
}

static gboolean
read_eligibility (Reader *r, GError **error)
{
  sqlite3_stmt *stmt = reader_prepare (r, "SELECT product, segment FROM product_segment "
                                       "ORDER BY rowid", "product_segment", error);
  guint64 n_row = 0;
  int more;

  if (stmt == NULL)
    return FALSE;
  r->eligibility = g_array_new (FALSE, FALSE, sizeof (guint32) * 2);
  while ((more = reader_step (r, stmt, "product_segment", n_row, error)) > 0)
    {
      gint64 product = sqlite3_column_int64 (stmt, 0);
      gint64 segment = sqlite3_column_int64 (stmt, 1);
      guint32 pair[2];

      /* Products come later; their bound is checked as they are read. */
      if (sqlite3_column_type (stmt, 0) != SQLITE_INTEGER || product < 0 ||
          product >= G_MAXUINT32 - 2 ||
          (r->eligibility->len > 0 &&
           product < g_array_index (r->eligibility, guint32, 2 * (r->eligibility->len - 1))))
        {
          reader_damaged (r, error, "product_segment", n_row,
                          "the product is not an index at or after the previous row's");
          break;
        }
      if (sqlite3_column_type (stmt, 1) != SQLITE_INTEGER || segment < 0 ||
          segment >= r->n_texts)
        {
          reader_damaged (r, error, "product_segment", n_row,
                          "the segment is not a text index below %u", r->n_texts);
          break;
        }
      pair[0] = (guint32) product;
      pair[1] = (guint32) segment;
      g_array_append_val (r->eligibility, pair);
      n_row++;
    }
  sqlite3_finalize (stmt);
  return more == 0;
}

static const char *
text_or_null (Reader *r, gint64 index)
{
  return index == CXV_NO_INDEX ? NULL : cxv_dataset_get_text (r->dataset, (guint32) index);
}

/* Declares product @p with the segments of its product_segment rows,
 * which start at *cursor. */
static gboolean
append_product (Reader *r, guint64 p, const Row *row, guint *cursor, GError **error)
{
  g_autoptr(GPtrArray) segments = g_ptr_array_new ();
  gboolean open = row->v[3];

  for (; *cursor < r->eligibility->len; (*cursor)++)
    {
      const guint32 *pair = &g_array_index (r->eligibility, guint32, 2 * *cursor);

      if (pair[0] != p)
        break;
      g_ptr_array_add (segments, (gpointer) cxv_dataset_get_text (r->dataset, pair[1]));
    }
  if (open && segments->len > 0)
    {
      /* read_kind() adds the path, table and row. */
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE,
                   "every segment is eligible, yet product_segment lists %u", segments->len);
      return FALSE;
    }
  /* Closed to every segment: the dataset skips the empty name and keeps an
   * empty list. */
  if (!open && segments->len == 0)
    g_ptr_array_add (segments, (gpointer) "");
  g_ptr_array_add (segments, NULL);

  return cxv_dataset_add_product (r->dataset, row->s[0], text_or_null (r, row->v[1]), row->v[2],
                                  open ? NULL : (const char * const *) segments->pdata, error);
}

static gboolean
append_row (Reader *r, CxvRecordKind kind, guint64 n_row, const Row *row, guint *cursor,
            GError **error)
{
  CxvDataset *ds = r->dataset;
  const gint64 *v = row->v;

  switch (kind)
    {
    case CXV_RECORD_CUSTOMER:
      r->referrers[n_row] = (guint32) v[4];
      return cxv_dataset_add_customer (ds, row->s[0], text_or_null (r, v[1]), (CxvDate) v[2],
                                       (CxvAcquisitionSource) v[3], NULL, error);
    case CXV_RECORD_PRODUCT:
      return append_product (r, n_row, row, cursor, error);
    case CXV_RECORD_INITIATIVE:
      return cxv_dataset_add_initiative (ds, row->s[0], text_or_null (r, v[1]), v[2],
                                         (CxvDate) v[3], (CxvDate) v[4], error);
    case CXV_RECORD_HOLDING:
      return cxv_dataset_append_holding (ds, v[0], v[1], (CxvDate) v[2], (CxvDate) v[3], error);
    case CXV_RECORD_REVENUE:
      return cxv_dataset_append_revenue (ds, v[0], v[1], (CxvDate) v[2], (CxvRevenueKind) v[3],
                                         v[4], v[5], v[6], error);
    case CXV_RECORD_INTERACTION:
      return cxv_dataset_append_interaction (ds, v[0], (CxvDate) v[1], v[2],
                                             (CxvChannelClass) v[3], (CxvInteractionKind) v[4],
                                             v[5], v[6], v[7], error);
    case CXV_RECORD_FEEDBACK:
      return cxv_dataset_append_feedback (ds, v[0], (CxvDate) v[1], (CxvInstrument) v[2],
                                          row->d[3], v[4], v[5], error);
    case CXV_RECORD_USAGE:
      return cxv_dataset_append_usage (ds, v[0], v[1], (CxvDate) v[2], row->d[3], error);
    case CXV_RECORD_REFERRAL:
      return cxv_dataset_append_referral (ds, v[0], v[1], (CxvDate) v[2], error);
    default:
      g_assert_not_reached ();
    }
}

/* Sizes @kind's columns once for the rows @table holds, rather than
 * growing them (a copy each time) as the rows come. Only a hint: a failure
 * here shows when the rows are read. */
static void
reserve_rows (Reader *r, CxvRecordKind kind, const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (r->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    {
      sqlite3_int64 n = sqlite3_column_int64 (stmt, 0);

      if (n > 0 && n < G_MAXUINT32)
        cxv_dataset_reserve (r->dataset, kind, (guint32) n);
    }
  sqlite3_finalize (stmt);
}

static gboolean
read_kind (Reader *r, CxvRecordKind kind, GError **error)
{
  const FileTable *ft = &file_tables[kind];
  g_autofree char *sql = select_sql (ft);
  sqlite3_stmt *stmt = reader_prepare (r, sql, ft->table, error);
  guint64 n_row = 0;
  guint cursor = 0;
  gsize n_referrers = 0;
  int more;

  if (stmt == NULL)
    return FALSE;
  reserve_rows (r, kind, ft->table);

  while ((more = reader_step (r, stmt, ft->table, n_row, error)) > 0)
    {
      g_autoptr(GError) local_error = NULL;
      Row row;
      guint f;

      if (!check_idx (r, stmt, ft->table, n_row, error))
        break;
      for (f = 0; f < ft->n_fields; f++)
        if (!read_field (r, stmt, kind, f, n_row, &row, error))
          break;
      if (f < ft->n_fields)
        break;

      if (kind == CXV_RECORD_CUSTOMER && n_row >= n_referrers)
        {
          n_referrers = MAX (1024, n_referrers * 2);
          r->referrers = g_renew (guint32, r->referrers, n_referrers);
        }
      /* The dataset's own checks (duplicate ids, scores off their scale,
       * an interaction without a channel …) report damage too. */
      if (!append_row (r, kind, n_row, &row, &cursor, &local_error))
        {
          reader_damaged (r, error, ft->table, n_row, "%s", local_error->message);
          break;
        }
      n_row++;
    }
  sqlite3_finalize (stmt);
  if (more != 0)
    return FALSE;

  if (kind == CXV_RECORD_PRODUCT && cursor < r->eligibility->len)
    return reader_damaged (r, error, "product_segment", cursor,
                           "the product %u is not in the product table",
                           g_array_index (r->eligibility, guint32, 2 * cursor));
  r->n[kind] = (guint32) n_row;
  return TRUE;
}

/* Links each customer to its referrer, now that every index is known. */
static gboolean
link_referrers (Reader *r, GError **error)
{
  guint32 n = r->n[CXV_RECORD_CUSTOMER];

  for (guint32 c = 0; c < n; c++)
    {
      guint32 referrer = r->referrers[c];

      if (referrer == CXV_NO_INDEX)
        continue;
      if (referrer >= n || referrer == c)
        return reader_damaged (r, error, "customer", c,
                               "referred_by is %u, which is %s", referrer,
                               referrer == c ? "the customer itself" : "not a customer");
      cxv_dataset_set_referrer (r->dataset, c, referrer);
    }
  return TRUE;
}

/* Opens @path for reading as a hostile file: nothing beside it is read or
 * created, and nothing in it runs. */
static gboolean
reader_open (Reader *r, GError **error)
{
  g_autofree char *absolute = g_canonicalize_filename (r->path, NULL);
  g_autofree char *uri = NULL;
  g_autofree char *uri_with_mode = NULL;
  struct stat st;
  int fd, rc;

  /* For the operating system's own words on a missing or unreadable file,
   * which SQLite does not give. */
  fd = g_open (r->path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return set_errno_error (error, errno, "Cannot open “%s”", r->path);
  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;
      g_close (fd, NULL);
      return set_errno_error (error, saved_errno, "Cannot open “%s”", r->path);
    }
  g_close (fd, NULL);
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE,
                   "“%s” is not a libcxvalue dataset: it is not a regular file", r->path);
      return FALSE;
    }

  /* immutable=1: no locks, and no journal or WAL file is looked for, so a
   * planted "hot journal" next to the file is never replayed. Saves replace
   * files by rename, never in place, which is what immutable assumes. */
  uri = g_filename_to_uri (absolute, NULL, NULL);
  if (uri == NULL)
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE,
                   "Cannot open “%s”: the path cannot be made a URI", r->path);
      return FALSE;
    }
  uri_with_mode = g_strconcat (uri, "?immutable=1", NULL);

  rc = sqlite3_open_v2 (uri_with_mode, &r->db,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    return reader_sqlite_error (r, error, rc, "opening it");

  sqlite3_extended_result_codes (r->db, TRUE);
  sqlite3_db_config (r->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (r->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
  sqlite3_db_config (r->db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
  sqlite3_db_config (r->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (r->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
  /* Else a missing column "x" would read as the string 'x'. */
  sqlite3_db_config (r->db, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
  sqlite3_db_config (r->db, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
  /* A bound on what one value of a hostile file can make the reader
   * allocate; no text of a dataset comes near it. */
  sqlite3_limit (r->db, SQLITE_LIMIT_LENGTH, 64 * 1024 * 1024);

  /* The same as TRUSTED_SCHEMA, said twice on purpose: the option is what
   * counts, the pragma shows up in traces. */
  rc = sqlite3_exec (r->db, "PRAGMA trusted_schema = OFF", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return reader_sqlite_error (r, error, rc, "opening it");
  return TRUE;
}

/**
 * cxv_dataset_open:
 * @path: (type filename): a file written by [method@Cxv.Dataset.save]
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Opens a dataset file. The result is sealed and identical to the dataset
 * that was saved: the same currency, the same ids at the same indices,
 * every record of every kind with every field, the texts, the eligible
 * segments of products, referrers and initiatives.
 *
 * The file may come from anywhere: it is opened read-only, in SQLite's
 * defensive mode with triggers and views disabled, nothing in it is
 * executed, and every value is checked before the dataset takes it, so a
 * damaged or hostile file gives an error, never a crash.
 *
 * Returns: (transfer full): a new sealed dataset, or %NULL with @error
 *   set: %CXV_DATASET_ERROR_FILE naming the path and what is wrong (the
 *   file is missing or unreadable, is not SQLite, is not a dataset, is
 *   truncated or damaged, or holds a value out of range),
 *   %CXV_DATASET_ERROR_VERSION if a newer libcxvalue wrote it in a format
 *   this one cannot read, %G_IO_ERROR_CANCELLED if @cancellable was
 *   cancelled
 *
 * Since: 1.0
 */
CxvDataset *
cxv_dataset_open (const char    *path,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Reader r = { .path = path, .cancellable = cancellable };
  g_autofree char *currency = NULL;
  g_autoptr(GError) local_error = NULL;
  CxvDataset *dataset;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !reader_open (&r, error) ||
      !read_format (&r, &currency, error))
    goto fail;

  r.dataset = cxv_dataset_new (currency, &local_error);
  if (r.dataset == NULL)
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE,
                   "“%s” is damaged: %s", path, local_error->message);
      goto fail;
    }

  if (!read_texts (&r, error) || !read_eligibility (&r, error))
    goto fail;
  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    {
      if (!read_kind (&r, load_order[k], error))
        goto fail;
      if (load_order[k] == CXV_RECORD_CUSTOMER && !link_referrers (&r, error))
        goto fail;
    }

  if (!cxv_dataset_seal (r.dataset, &local_error))
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_FILE,
                   "“%s” is damaged: %s", path, local_error->message);
      goto fail;
    }

  dataset = g_steal_pointer (&r.dataset);
  reader_clear (&r);
  return dataset;

fail:
  reader_clear (&r);
  return NULL;
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  CxvDataset *dataset = cxv_dataset_open (task_data, cancellable, &error);

  if (dataset != NULL)
    g_task_return_pointer (task, dataset, g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * cxv_dataset_open_async:
 * @path: (type filename): a file written by [method@Cxv.Dataset.save]
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async) (closure user_data): called when the dataset
 *   is read
 * @user_data: data for @callback
 *
 * Opens a dataset file in a worker thread, as [func@Cxv.Dataset.open]
 * does. Call [func@Cxv.Dataset.open_finish] from @callback.
 *
 * Since: 1.0
 */
void
cxv_dataset_open_async (const char          *path,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cxv_dataset_open_async);
  g_task_set_name (task, "[cxv] open dataset");
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

/**
 * cxv_dataset_open_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Finishes [func@Cxv.Dataset.open_async].
 *
 * Returns: (transfer full): a new sealed dataset, or %NULL with @error
 *   set, as [func@Cxv.Dataset.open] fails
 *
 * Since: 1.0
 */
CxvDataset *
cxv_dataset_open_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cxv_dataset_open_async, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
