/* cxv-table.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * CxvTable:
 *
 * A table of named, typed columns: what every analysis hands back.
 *
 * Columns are added with [method@Cxv.Table.add_column], rows with
 * [method@Cxv.Table.append_row] (all cells null), and cells are filled
 * with the setter matching the column's [enum@Cxv.ColumnType]. Getters are
 * strict: reading an int column with [method@Cxv.Table.get_double] is a
 * programmer error. [method@Cxv.Table.get_number] reads any numeric column
 * as a double, for statistics.
 *
 * Storage is columnar: one array per column plus one null byte per cell,
 * so a column leaves the library as a `GBytes` without a copy
 * ([method@Cxv.Table.dup_column_data], [method@Cxv.Table.dup_null_mask])
 * and Python can wrap it with `numpy.frombuffer`.
 *
 * The table is also a [iface@Gio.ListModel] of [class@Cxv.TableRow] views,
 * made on demand, and it exports to CSV ([method@Cxv.Table.write_csv]) and
 * JSON ([method@Cxv.Table.write_json]).
 *
 * Money cells hold minor units; [property@Cxv.Table:currency] only says how
 * many decimals to show them with.
 *
 * A table is not thread-safe while it is being filled. Once complete it
 * may be read (getters, exports, `dup_` calls) from many threads at once.
 *
 * Since: 1.0
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cxv-date.h"
#include "cxv-money.h"
#include "cxv-table.h"
#include "cxv-table-row-private.h"

/* Exports are built in memory and handed to the stream in pieces of about
 * this size, so a large table never sits in memory twice. */
#define FLUSH_SIZE (64 * 1024)

/* One column's storage. While @shared is set, @data is owned by that
 * GBytes (handed out by dup_column_data()) and must be copied before it is
 * written to: what a caller holds never changes under it. */
typedef struct
{
  guint8 *data;
  GBytes *shared;
} Buffer;

typedef struct
{
  char          *name;
  CxvColumnType  type;
  gsize          element_size;
  Buffer         values;  /* Text: const char * into the table's string chunk */
  Buffer         nulls;   /* One byte per row, 1 = null */
} Column;

struct _CxvTable
{
  GObject       parent_instance;

  char         *name;
  char         *currency;
  int           decimals;

  GPtrArray    *columns;       /* (element-type Column) (owned) */
  GHashTable   *column_index;  /* column name (borrowed from Column) → index */
  guint         n_rows;
  gsize         row_capacity;  /* rows every column buffer has room for */

  /* Text cells point in here. Strings are interned, since result tables
   * repeat labels (segments, tiers, reasons), and never freed before the
   * table, so cxv_table_get_text() stays valid for the table's lifetime. */
  GStringChunk *strings;

  /* Only for handing out shared buffers: readers may run in parallel. */
  GMutex        share_lock;
};

static void cxv_table_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CxvTable, cxv_table, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      cxv_table_list_model_init))

enum {
  PROP_0,
  PROP_NAME,
  PROP_CURRENCY,
  PROP_N_ROWS,
  PROP_N_COLUMNS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const column_type_names[] = {
  [CXV_COLUMN_TEXT] = "text",
  [CXV_COLUMN_INT] = "int",
  [CXV_COLUMN_DOUBLE] = "double",
  [CXV_COLUMN_MONEY] = "money",
  [CXV_COLUMN_DATE] = "date",
  [CXV_COLUMN_BOOLEAN] = "boolean",
};

static const double powers_of_ten[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6 };

/* Buffers */

static void
buffer_clear (Buffer *buffer)
{
  if (buffer->shared != NULL)
    g_clear_pointer (&buffer->shared, g_bytes_unref);
  else
    g_free (buffer->data);
  buffer->data = NULL;
}

/* Gives @buffer a private copy of its @used bytes in an allocation of
 * @capacity bytes, leaving the old one to the GBytes that owns it. */
static void
buffer_unshare (Buffer *buffer,
                gsize   used,
                gsize   capacity)
{
  guint8 *copy = g_malloc (capacity);

  if (used > 0)
    memcpy (copy, buffer->data, used);
  g_clear_pointer (&buffer->shared, g_bytes_unref);
  buffer->data = copy;
}

static void
buffer_resize (Buffer *buffer,
               gsize   used,
               gsize   capacity)
{
  if (buffer->shared != NULL)
    buffer_unshare (buffer, used, capacity);
  else
    buffer->data = g_realloc (buffer->data, capacity);
}

static GBytes *
buffer_share (Buffer *buffer,
              gsize   used)
{
  /* A zero-size GBytes needs no storage; sharing one would only pin it. */
  if (used == 0)
    return g_bytes_new (NULL, 0);

  if (buffer->shared == NULL)
    buffer->shared = g_bytes_new_with_free_func (buffer->data, used, g_free, buffer->data);

  return g_bytes_ref (buffer->shared);
}

/* Columns */

static gsize
element_size_for_type (CxvColumnType type)
{
  switch (type)
    {
    case CXV_COLUMN_TEXT:
      return sizeof (const char *);
    case CXV_COLUMN_INT:
    case CXV_COLUMN_MONEY:
      return sizeof (gint64);
    case CXV_COLUMN_DOUBLE:
      return sizeof (double);
    case CXV_COLUMN_DATE:
      return sizeof (gint32);
    case CXV_COLUMN_BOOLEAN:
      return sizeof (guint8);
    default:
      g_assert_not_reached ();
    }
}

static void
column_free (gpointer data)
{
  Column *column = data;

  buffer_clear (&column->values);
  buffer_clear (&column->nulls);
  g_free (column->name);
  g_free (column);
}

static inline Column *
get_column (CxvTable *self,
            guint     column)
{
  return g_ptr_array_index (self->columns, column);
}

static inline gboolean
cell_is_null (const Column *column,
              guint         row)
{
  return column->nulls.data[row] != 0;
}

/* Called before any write to a column's cells. */
static inline void
column_make_writable (CxvTable *self,
                      Column   *column)
{
  if (G_UNLIKELY (column->values.shared != NULL))
    buffer_unshare (&column->values,
                    self->n_rows * column->element_size,
                    self->row_capacity * column->element_size);
  if (G_UNLIKELY (column->nulls.shared != NULL))
    buffer_unshare (&column->nulls, self->n_rows, self->row_capacity);
}

/* Null cells hold 0 (NaN for doubles) so that column data read as an
 * array is well defined without the mask. */
static void
column_store_null (Column *column,
                   guint   row)
{
  switch (column->type)
    {
    case CXV_COLUMN_TEXT:
      ((const char **) (gpointer) column->values.data)[row] = NULL;
      break;
    case CXV_COLUMN_INT:
    case CXV_COLUMN_MONEY:
      ((gint64 *) (gpointer) column->values.data)[row] = 0;
      break;
    case CXV_COLUMN_DOUBLE:
      ((double *) (gpointer) column->values.data)[row] = NAN;
      break;
    case CXV_COLUMN_DATE:
      ((gint32 *) (gpointer) column->values.data)[row] = 0;
      break;
    case CXV_COLUMN_BOOLEAN:
      column->values.data[row] = 0;
      break;
    default:
      g_assert_not_reached ();
    }
  column->nulls.data[row] = 1;
}

#define CELL(column, ctype, row) (((ctype *) (gpointer) (column)->values.data)[row])

/* Formatting */

/* The shortest text that reads back as the same double. A double with 15
 * significant digits or fewer survives text → double → text (DBL_DIG), so
 * %.15g is exact whenever the shortest form is that short; the nearest
 * 16-digit text round-trips whenever any does; 17 digits always do. */
static void
append_double (GString *out,
               double   value)
{
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, sizeof buf, formats[i], value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append (out, buf);
}

/* Appends the CSV text of a non-null cell, unquoted. */
static void
append_cell (CxvTable *self,
             Column   *column,
             guint     row,
             GString  *out)
{
  switch (column->type)
    {
    case CXV_COLUMN_TEXT:
      g_string_append (out, CELL (column, const char *, row));
      break;
    case CXV_COLUMN_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, CELL (column, gint64, row));
      break;
    case CXV_COLUMN_DOUBLE:
      {
        double value = CELL (column, double, row);

        /* The spellings pandas and most CSV readers take. */
        if (isnan (value))
          g_string_append (out, "NaN");
        else if (isinf (value))
          g_string_append (out, value > 0 ? "inf" : "-inf");
        else
          append_double (out, value);
      }
      break;
    case CXV_COLUMN_MONEY:
      {
        g_autofree char *text = cxv_money_format (CELL (column, gint64, row),
                                                  self->decimals);
        g_string_append (out, text);
      }
      break;
    case CXV_COLUMN_DATE:
      {
        g_autofree char *text = cxv_date_to_iso8601 (CELL (column, gint32, row));
        g_string_append (out, text);
      }
      break;
    case CXV_COLUMN_BOOLEAN:
      g_string_append (out, CELL (column, guint8, row) ? "true" : "false");
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Output sinks: everything in memory (@stream NULL) or flushed to a stream
 * in pieces. */

typedef struct
{
  GString       *buffer;
  GOutputStream *stream;
  GCancellable  *cancellable;
} Sink;

static gboolean
sink_flush (Sink      *sink,
            gboolean   force,
            GError   **error)
{
  if (sink->stream == NULL || (!force && sink->buffer->len < FLUSH_SIZE))
    return TRUE;

  /* Not every stream looks at its cancellable; check it here so
   * cancelling stops a long export between pieces. */
  if (g_cancellable_set_error_if_cancelled (sink->cancellable, error))
    return FALSE;

  if (!g_output_stream_write_all (sink->stream, sink->buffer->str, sink->buffer->len,
                                  NULL, sink->cancellable, error))
    return FALSE;

  g_string_truncate (sink->buffer, 0);
  return TRUE;
}

/* CSV */

static void
csv_append_field (GString    *out,
                  const char *text)
{
  /* An empty string is quoted so that it reads back as text, not as a
   * null cell, which is written as nothing at all. */
  if (*text != '\0' && strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static gboolean
csv_write (CxvTable  *self,
           Sink      *sink,
           GError   **error)
{
  GString *out = sink->buffer;

  for (guint c = 0; c < self->columns->len; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      csv_append_field (out, get_column (self, c)->name);
    }
  g_string_append_c (out, '\n');

  for (guint r = 0; r < self->n_rows; r++)
    {
      for (guint c = 0; c < self->columns->len; c++)
        {
          Column *column = get_column (self, c);

          if (c > 0)
            g_string_append_c (out, ',');
          if (cell_is_null (column, r))
            continue;
          /* Only text needs quoting: numbers, amounts, dates and booleans
           * never contain a comma, a quote or a line break. */
          if (column->type == CXV_COLUMN_TEXT)
            csv_append_field (out, CELL (column, const char *, r));
          else
            append_cell (self, column, r, out);
        }
      g_string_append_c (out, '\n');

      if (!sink_flush (sink, FALSE, error))
        return FALSE;
    }

  return sink_flush (sink, TRUE, error);
}

/* JSON. Written here rather than through JsonGenerator: json-glib 1.6
 * prints 1e21 as "1e+21.0", which is not JSON, and 0.1 as
 * 0.10000000000000001; this writer gives the same shortest doubles as the
 * CSV and streams rows instead of building the whole document as nodes. */

static void
json_append_string (GString    *out,
                    const char *text)
{
  const char *p = text;

  g_string_append_c (out, '"');
  while (*p != '\0')
    {
      const char *start = p;
      guchar c;

      while (*p != '\0' && *p != '"' && *p != '\\' && (guchar) *p >= 0x20)
        p++;
      g_string_append_len (out, start, p - start);
      if (*p == '\0')
        break;

      c = (guchar) *p++;
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          g_string_append_printf (out, "\\u%04x", c);
          break;
        }
    }
  g_string_append_c (out, '"');
}

static void
json_append_cell (CxvTable *self,
                  Column   *column,
                  guint     row,
                  GString  *out)
{
  if (cell_is_null (column, row))
    {
      g_string_append (out, "null");
      return;
    }

  switch (column->type)
    {
    case CXV_COLUMN_TEXT:
      json_append_string (out, CELL (column, const char *, row));
      break;
    case CXV_COLUMN_INT:
    case CXV_COLUMN_BOOLEAN:
      append_cell (self, column, row, out);
      break;
    case CXV_COLUMN_DOUBLE:
      {
        double value = CELL (column, double, row);

        /* JSON has no NaN or infinity. */
        if (isfinite (value))
          append_double (out, value);
        else
          g_string_append (out, "null");
      }
      break;
    case CXV_COLUMN_MONEY:
    case CXV_COLUMN_DATE:
      /* Amounts are strings so that no JSON reader turns them into binary
       * floats; dates are ISO 8601 strings. Neither needs escaping. */
      g_string_append_c (out, '"');
      append_cell (self, column, row, out);
      g_string_append_c (out, '"');
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
json_write (CxvTable  *self,
            gboolean   pretty,
            Sink      *sink,
            GError   **error)
{
  GString *out = sink->buffer;
  /* Pretty output puts each column and each row on its own line. */
  const char *open = pretty ? "{\n  " : "{";
  const char *member_sep = pretty ? ",\n  " : ",";
  const char *item_start = pretty ? "\n    " : "";
  const char *item_sep = pretty ? ",\n    " : ",";
  const char *list_end = pretty ? "\n  ]" : "]";
  const char *colon = pretty ? ": " : ":";
  const char *comma = pretty ? ", " : ",";

  g_string_append (out, open);
  g_string_append_printf (out, "\"name\"%s", colon);
  json_append_string (out, self->name);
  g_string_append_printf (out, "%s\"currency\"%s", member_sep, colon);
  if (self->currency != NULL)
    json_append_string (out, self->currency);
  else
    g_string_append (out, "null");

  g_string_append_printf (out, "%s\"columns\"%s[", member_sep, colon);
  for (guint c = 0; c < self->columns->len; c++)
    {
      Column *column = get_column (self, c);

      g_string_append (out, c == 0 ? item_start : item_sep);
      g_string_append_printf (out, "{\"name\"%s", colon);
      json_append_string (out, column->name);
      g_string_append_printf (out, "%s\"type\"%s\"%s\"}",
                              comma, colon, column_type_names[column->type]);
    }
  if (self->columns->len > 0)
    g_string_append (out, list_end);
  else
    g_string_append_c (out, ']');

  g_string_append_printf (out, "%s\"rows\"%s[", member_sep, colon);
  for (guint r = 0; r < self->n_rows; r++)
    {
      g_string_append (out, r == 0 ? item_start : item_sep);
      g_string_append_c (out, '{');
      for (guint c = 0; c < self->columns->len; c++)
        {
          Column *column = get_column (self, c);

          if (c > 0)
            g_string_append (out, comma);
          json_append_string (out, column->name);
          g_string_append (out, colon);
          json_append_cell (self, column, r, out);
        }
      g_string_append_c (out, '}');

      if (!sink_flush (sink, FALSE, error))
        return FALSE;
    }
  if (self->n_rows > 0)
    g_string_append (out, list_end);
  else
    g_string_append_c (out, ']');

  g_string_append (out, pretty ? "\n}\n" : "}");

  return sink_flush (sink, TRUE, error);
}

/* GListModel */

static GType
cxv_table_get_item_type (GListModel *model)
{
  return CXV_TYPE_TABLE_ROW;
}

static guint
cxv_table_get_n_items (GListModel *model)
{
  return CXV_TABLE (model)->n_rows;
}

static gpointer
cxv_table_get_item (GListModel *model,
                    guint       position)
{
  CxvTable *self = CXV_TABLE (model);

  if (position >= self->n_rows)
    return NULL;

  return cxv_table_row_new (self, position);
}

static void
cxv_table_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cxv_table_get_item_type;
  iface->get_n_items = cxv_table_get_n_items;
  iface->get_item = cxv_table_get_item;
}

/* GObject */

static void
cxv_table_constructed (GObject *object)
{
  CxvTable *self = CXV_TABLE (object);

  G_OBJECT_CLASS (cxv_table_parent_class)->constructed (object);

  if (self->name == NULL)
    self->name = g_strdup ("");
}

static void
cxv_table_finalize (GObject *object)
{
  CxvTable *self = CXV_TABLE (object);

  g_clear_pointer (&self->column_index, g_hash_table_unref);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_mutex_clear (&self->share_lock);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->currency, g_free);

  G_OBJECT_CLASS (cxv_table_parent_class)->finalize (object);
}

static void
cxv_table_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CxvTable *self = CXV_TABLE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_CURRENCY:
      g_value_set_string (value, self->currency);
      break;
    case PROP_N_ROWS:
      g_value_set_uint (value, self->n_rows);
      break;
    case PROP_N_COLUMNS:
      g_value_set_uint (value, self->columns->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_table_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CxvTable *self = CXV_TABLE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_assert (self->name == NULL);
      self->name = g_value_dup_string (value);
      break;
    case PROP_CURRENCY:
      cxv_table_set_currency (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_table_class_init (CxvTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = cxv_table_constructed;
  object_class->finalize = cxv_table_finalize;
  object_class->get_property = cxv_table_get_property;
  object_class->set_property = cxv_table_set_property;

  /**
   * CxvTable:name:
   *
   * The name of the table, such as `qore_customers`: what an export calls
   * it (the `name` member of the JSON, a file or SQLite table name).
   *
   * Since: 1.0
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CxvTable:currency:
   *
   * The ISO 4217 code of the currency of the money columns, or %NULL.
   *
   * Money cells hold minor units; the currency gives the number of
   * decimals they are formatted and converted with (2 for USD, 0 for JPY,
   * 3 for KWD, see [func@Cxv.currency_get_decimals]). Without a currency
   * money has 2 decimals. Changing it does not convert any amount.
   *
   * Since: 1.0
   */
  properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CxvTable:n-rows:
   *
   * The number of rows.
   *
   * Since: 1.0
   */
  properties[PROP_N_ROWS] =
    g_param_spec_uint ("n-rows", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * CxvTable:n-columns:
   *
   * The number of columns.
   *
   * Since: 1.0
   */
  properties[PROP_N_COLUMNS] =
    g_param_spec_uint ("n-columns", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cxv_table_init (CxvTable *self)
{
  self->decimals = 2;
  self->columns = g_ptr_array_new_with_free_func (column_free);
  self->column_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->strings = g_string_chunk_new (4096);
  g_mutex_init (&self->share_lock);
}

/* Public API */

/**
 * cxv_table_new:
 * @name: the name of the table
 *
 * Creates an empty table, with no columns, no rows and no currency.
 *
 * Returns: (transfer full): a new table
 *
 * Since: 1.0
 */
CxvTable *
cxv_table_new (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (CXV_TYPE_TABLE, "name", name, NULL);
}

/**
 * cxv_table_get_name:
 * @self: a table
 *
 * Gets the name of the table.
 *
 * Returns: the name, empty if none was given
 *
 * Since: 1.0
 */
const char *
cxv_table_get_name (CxvTable *self)
{
  g_return_val_if_fail (CXV_IS_TABLE (self), NULL);

  return self->name;
}

/**
 * cxv_table_get_currency:
 * @self: a table
 *
 * Gets the currency of the money columns.
 *
 * Returns: (nullable): the ISO 4217 code, or %NULL
 *
 * Since: 1.0
 */
const char *
cxv_table_get_currency (CxvTable *self)
{
  g_return_val_if_fail (CXV_IS_TABLE (self), NULL);

  return self->currency;
}

/**
 * cxv_table_set_currency:
 * @self: a table
 * @currency: (nullable): an ISO 4217 code such as `EUR`, or %NULL
 *
 * Sets the currency the money columns are formatted in. See
 * [property@Cxv.Table:currency].
 *
 * Since: 1.0
 */
void
cxv_table_set_currency (CxvTable   *self,
                        const char *currency)
{
  g_return_if_fail (CXV_IS_TABLE (self));
  g_return_if_fail (currency == NULL || cxv_currency_get_decimals (currency) >= 0);

  if (g_strcmp0 (self->currency, currency) == 0)
    return;

  g_free (self->currency);
  self->currency = g_strdup (currency);
  self->decimals = currency != NULL ? cxv_currency_get_decimals (currency) : 2;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENCY]);
}

/**
 * cxv_table_add_column:
 * @self: a table
 * @name: the name of the column, unique in the table, non-empty UTF-8
 * @type: the type of the column's cells
 *
 * Adds a column after the existing ones. Cells of the rows already in the
 * table are null in it.
 *
 * Returns: the index of the new column
 *
 * Since: 1.0
 */
guint
cxv_table_add_column (CxvTable      *self,
                      const char    *name,
                      CxvColumnType  type)
{
  Column *column;
  guint position;

  g_return_val_if_fail (CXV_IS_TABLE (self), G_MAXUINT);
  g_return_val_if_fail (name != NULL && *name != '\0', G_MAXUINT);
  g_return_val_if_fail (g_utf8_validate (name, -1, NULL), G_MAXUINT);
  g_return_val_if_fail (type >= CXV_COLUMN_TEXT && type <= CXV_COLUMN_BOOLEAN, G_MAXUINT);
  g_return_val_if_fail (!g_hash_table_contains (self->column_index, name), G_MAXUINT);
  g_return_val_if_fail (self->columns->len < G_MAXUINT, G_MAXUINT);

  column = g_new0 (Column, 1);
  column->name = g_strdup (name);
  column->type = type;
  column->element_size = element_size_for_type (type);
  if (self->row_capacity > 0)
    {
      column->values.data = g_malloc_n (self->row_capacity, column->element_size);
      column->nulls.data = g_malloc (self->row_capacity);
    }
  for (guint r = 0; r < self->n_rows; r++)
    column_store_null (column, r);

  position = self->columns->len;
  g_ptr_array_add (self->columns, column);
  g_hash_table_insert (self->column_index, column->name, GUINT_TO_POINTER (position));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_COLUMNS]);

  return position;
}

/**
 * cxv_table_get_n_columns:
 * @self: a table
 *
 * Gets the number of columns.
 *
 * Returns: the number of columns
 *
 * Since: 1.0
 */
guint
cxv_table_get_n_columns (CxvTable *self)
{
  g_return_val_if_fail (CXV_IS_TABLE (self), 0);

  return self->columns->len;
}

/**
 * cxv_table_get_n_rows:
 * @self: a table
 *
 * Gets the number of rows.
 *
 * Returns: the number of rows
 *
 * Since: 1.0
 */
guint
cxv_table_get_n_rows (CxvTable *self)
{
  g_return_val_if_fail (CXV_IS_TABLE (self), 0);

  return self->n_rows;
}

/**
 * cxv_table_get_column_name:
 * @self: a table
 * @column: a column index
 *
 * Gets the name of a column.
 *
 * Returns: the name
 *
 * Since: 1.0
 */
const char *
cxv_table_get_column_name (CxvTable *self,
                           guint     column)
{
  g_return_val_if_fail (CXV_IS_TABLE (self), NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);

  return get_column (self, column)->name;
}

/**
 * cxv_table_get_column_type:
 * @self: a table
 * @column: a column index
 *
 * Gets the type of a column.
 *
 * Returns: the type
 *
 * Since: 1.0
 */
CxvColumnType
cxv_table_get_column_type (CxvTable *self,
                           guint     column)
{
  g_return_val_if_fail (CXV_IS_TABLE (self), CXV_COLUMN_TEXT);
  g_return_val_if_fail (column < self->columns->len, CXV_COLUMN_TEXT);

  return get_column (self, column)->type;
}

/**
 * cxv_table_lookup_column:
 * @self: a table
 * @name: a column name
 * @column: (out) (optional): return location for the column index
 *
 * Finds a column by name.
 *
 * Returns: %TRUE if the table has a column called @name
 *
 * Since: 1.0
 */
gboolean
cxv_table_lookup_column (CxvTable   *self,
                         const char *name,
                         guint      *column)
{
  gpointer value;

  g_return_val_if_fail (CXV_IS_TABLE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!g_hash_table_lookup_extended (self->column_index, name, NULL, &value))
    return FALSE;

  if (column != NULL)
    *column = GPOINTER_TO_UINT (value);
  return TRUE;
}

/* Grows every column to @capacity rows. */
static void
set_row_capacity (CxvTable *self,
                  gsize     capacity)
{
  for (guint c = 0; c < self->columns->len; c++)
    {
      Column *column = get_column (self, c);

      buffer_resize (&column->values, self->n_rows * column->element_size,
                     capacity * column->element_size);
      buffer_resize (&column->nulls, self->n_rows, capacity);
    }
  self->row_capacity = capacity;
}

/**
 * cxv_table_reserve_rows:
 * @self: a table
 * @n_rows: the number of rows the table will hold
 *
 * Makes room for @n_rows rows in all, so that appending up to that many
 * grows each column once instead of step by step. Only a hint: the table
 * and its rows are unchanged, and more rows can still be appended.
 *
 * Since: 1.0
 */
void
cxv_table_reserve_rows (CxvTable *self,
                        guint     n_rows)
{
  gsize capacity = n_rows, limit = G_MAXSIZE / sizeof (gint64);

  g_return_if_fail (CXV_IS_TABLE (self));

  /* The limit keeps byte sizes of the widest column in a gsize on 32-bit
   * systems. */
  if (capacity > limit)
    capacity = limit;
  if (capacity > self->row_capacity)
    set_row_capacity (self, capacity);
}

/**
 * cxv_table_append_row:
 * @self: a table
 *
 * Appends a row whose cells are all null, and emits
 * [signal@Gio.ListModel::items-changed] for it.
 *
 * Returns: the index of the new row
 *
 * Since: 1.0
 */
guint
cxv_table_append_row (CxvTable *self)
{
  guint row;

  g_return_val_if_fail (CXV_IS_TABLE (self), G_MAXUINT);
  g_return_val_if_fail (self->n_rows < G_MAXUINT, G_MAXUINT);

  row = self->n_rows;

  if (self->row_capacity == row)
    {
      gsize capacity = MAX (16, self->row_capacity * 2);

      /* Row indices are guints; the second bound keeps byte sizes of the
       * widest column in a gsize on 32-bit systems. */
      capacity = MIN (capacity, (gsize) G_MAXUINT);
      capacity = MIN (capacity, G_MAXSIZE / sizeof (gint64));
      g_return_val_if_fail (capacity > row, G_MAXUINT);
      set_row_capacity (self, capacity);
    }

  for (guint c = 0; c < self->columns->len; c++)
    {
      Column *column = get_column (self, c);

      column_make_writable (self, column);
      column_store_null (column, row);
    }

  self->n_rows++;

  g_list_model_items_changed (G_LIST_MODEL (self), row, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ROWS]);

  return row;
}

/**
 * cxv_table_set_text:
 * @self: a table
 * @row: a row index
 * @column: the index of a %CXV_COLUMN_TEXT column
 * @value: (nullable): UTF-8 text, or %NULL for a null cell
 *
 * Sets a text cell. An empty string is a value, not a null.
 *
 * Since: 1.0
 */
void
cxv_table_set_text (CxvTable   *self,
                    guint       row,
                    guint       column,
                    const char *value)
{
  Column *col;

  g_return_if_fail (CXV_IS_TABLE (self));
  g_return_if_fail (row < self->n_rows);
  g_return_if_fail (column < self->columns->len);
  col = get_column (self, column);
  g_return_if_fail (col->type == CXV_COLUMN_TEXT);
  g_return_if_fail (value == NULL || g_utf8_validate (value, -1, NULL));

  column_make_writable (self, col);
  if (value == NULL)
    {
      column_store_null (col, row);
      return;
    }
  CELL (col, const char *, row) = g_string_chunk_insert_const (self->strings, value);
  col->nulls.data[row] = 0;
}

/**
 * cxv_table_set_int:
 * @self: a table
 * @row: a row index
 * @column: the index of a %CXV_COLUMN_INT column
 * @value: the value
 *
 * Sets an integer cell.
 *
 * Since: 1.0
 */
void
cxv_table_set_int (CxvTable *self,
                   guint     row,
                   guint     column,
                   gint64    value)
{
  Column *col;

  g_return_if_fail (CXV_IS_TABLE (self));
  g_return_if_fail (row < self->n_rows);
  g_return_if_fail (column < self->columns->len);
  col = get_column (self, column);
  g_return_if_fail (col->type == CXV_COLUMN_INT);

  column_make_writable (self, col);
  CELL (col, gint64, row) = value;
  col->nulls.data[row] = 0;
}

/**
 * cxv_table_set_double:
 * @self: a table
 * @row: a row index
 * @column: the index of a %CXV_COLUMN_DOUBLE column
 * @value: the value
 *
 * Sets a double cell. NaN and infinities are values, not nulls: a CSV
 * export writes them as `NaN`, `inf` and `-inf`, a JSON export as `null`.
 *
 * Since: 1.0
 */
void
cxv_table_set_double (CxvTable *self,
                      guint     row,
                      guint     column,
                      double    value)
{
  Column *col;

  g_return_if_fail (CXV_IS_TABLE (self));
  g_return_if_fail (row < self->n_rows);
  g_return_if_fail (column < self->columns->len);
  col = get_column (self, column);
  g_return_if_fail (col->type == CXV_COLUMN_DOUBLE);

  column_make_writable (self, col);
  CELL (col, double, row) = value;
  col->nulls.data[row] = 0;
}

/**
 * cxv_table_set_money:
 * @self: a table
 * @row: a row index
 * @column: the index of a %CXV_COLUMN_MONEY column
 * @value: the amount in minor units of the table's currency
 *
 * Sets a money cell: 1234 is 12.34 in a 2-decimal currency.
 *
 * Since: 1.0
 */
void
cxv_table_set_money (CxvTable *self,
                     guint     row,
                     guint     column,
                     gint64    value)
{
  Column *col;

  g_return_if_fail (CXV_IS_TABLE (self));
  g_return_if_fail (row < self->n_rows);
  g_return_if_fail (column < self->columns->len);
  col = get_column (self, column);
  g_return_if_fail (col->type == CXV_COLUMN_MONEY);

  column_make_writable (self, col);
  CELL (col, gint64, row) = value;
  col->nulls.data[row] = 0;
}

/**
 * cxv_table_set_date:
 * @self: a table
 * @row: a row index
 * @column: the index of a %CXV_COLUMN_DATE column
 * @value: a valid date, or [const@Cxv.DATE_NONE] for a null cell
 *
 * Sets a date cell.
 *
 * Since: 1.0
 */
void
cxv_table_set_date (CxvTable *self,
                    guint     row,
                    guint     column,
                    CxvDate   value)
{
  Column *col;

  g_return_if_fail (CXV_IS_TABLE (self));
  g_return_if_fail (row < self->n_rows);
  g_return_if_fail (column < self->columns->len);
  col = get_column (self, column);
  g_return_if_fail (col->type == CXV_COLUMN_DATE);
  g_return_if_fail (value == CXV_DATE_NONE || cxv_date_is_valid (value));

  column_make_writable (self, col);
  if (value == CXV_DATE_NONE)
    {
      column_store_null (col, row);
      return;
    }
  CELL (col, gint32, row) = value;
  col->nulls.data[row] = 0;
}

/**
 * cxv_table_set_boolean:
 * @self: a table
 * @row: a row index
 * @column: the index of a %CXV_COLUMN_BOOLEAN column
 * @value: the value
 *
 * Sets a boolean cell.
 *
 * Since: 1.0
 */
void
cxv_table_set_boolean (CxvTable *self,
                       guint     row,
                       guint     column,
                       gboolean  value)
{
  Column *col;

  g_return_if_fail (CXV_IS_TABLE (self));
  g_return_if_fail (row < self->n_rows);
  g_return_if_fail (column < self->columns->len);
  col = get_column (self, column);
  g_return_if_fail (col->type == CXV_COLUMN_BOOLEAN);

  column_make_writable (self, col);
  CELL (col, guint8, row) = value ? 1 : 0;
  col->nulls.data[row] = 0;
}

/**
 * cxv_table_set_null:
 * @self: a table
 * @row: a row index
 * @column: a column index
 *
 * Makes a cell of any type null.
 *
 * Since: 1.0
 */
void
cxv_table_set_null (CxvTable *self,
                    guint     row,
                    guint     column)
{
  Column *col;

  g_return_if_fail (CXV_IS_TABLE (self));
  g_return_if_fail (row < self->n_rows);
  g_return_if_fail (column < self->columns->len);
  col = get_column (self, column);

  column_make_writable (self, col);
  column_store_null (col, row);
}

/**
 * cxv_table_get_text:
 * @self: a table
 * @row: a row index
 * @column: the index of a %CXV_COLUMN_TEXT column
 *
 * Gets a text cell. The string stays valid as long as the table, even if
 * the cell is set again.
 *
 * Returns: (nullable): the text, or %NULL for a null cell
 *
 * Since: 1.0
 */
const char *
cxv_table_get_text (CxvTable *self,
                    guint     row,
                    guint     column)
{
  Column *col;

  g_return_val_if_fail (CXV_IS_TABLE (self), NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);
  col = get_column (self, column);
  g_return_val_if_fail (col->type == CXV_COLUMN_TEXT, NULL);

  return CELL (col, const char *, row);
}

/**
 * cxv_table_get_int:
 * @self: a table
 * @row: a row index
 * @column: the index of a %CXV_COLUMN_INT column
 *
 * Gets an integer cell.
 *
 * Returns: the value, 0 for a null cell
 *
 * Since: 1.0
 */
gint64
cxv_table_get_int (CxvTable *self,
                   guint     row,
                   guint     column)
{
  Column *col;

  g_return_val_if_fail (CXV_IS_TABLE (self), 0);
  g_return_val_if_fail (row < self->n_rows, 0);
  g_return_val_if_fail (column < self->columns->len, 0);
  col = get_column (self, column);
  g_return_val_if_fail (col->type == CXV_COLUMN_INT, 0);

  return CELL (col, gint64, row);
}

/**
 * cxv_table_get_double:
 * @self: a table
 * @row: a row index
 * @column: the index of a %CXV_COLUMN_DOUBLE column
 *
 * Gets a double cell. For other numeric columns use
 * [method@Cxv.Table.get_number].
 *
 * Returns: the value, NaN for a null cell
 *
 * Since: 1.0
 */
double
cxv_table_get_double (CxvTable *self,
                      guint     row,
                      guint     column)
{
  Column *col;

  g_return_val_if_fail (CXV_IS_TABLE (self), NAN);
  g_return_val_if_fail (row < self->n_rows, NAN);
  g_return_val_if_fail (column < self->columns->len, NAN);
  col = get_column (self, column);
  g_return_val_if_fail (col->type == CXV_COLUMN_DOUBLE, NAN);

  return CELL (col, double, row);
}

/**
 * cxv_table_get_money:
 * @self: a table
 * @row: a row index
 * @column: the index of a %CXV_COLUMN_MONEY column
 *
 * Gets a money cell.
 *
 * Returns: the amount in minor units, 0 for a null cell
 *
 * Since: 1.0
 */
gint64
cxv_table_get_money (CxvTable *self,
                     guint     row,
                     guint     column)
{
  Column *col;

  g_return_val_if_fail (CXV_IS_TABLE (self), 0);
  g_return_val_if_fail (row < self->n_rows, 0);
  g_return_val_if_fail (column < self->columns->len, 0);
  col = get_column (self, column);
  g_return_val_if_fail (col->type == CXV_COLUMN_MONEY, 0);

  return CELL (col, gint64, row);
}

/**
 * cxv_table_get_date:
 * @self: a table
 * @row: a row index
 * @column: the index of a %CXV_COLUMN_DATE column
 *
 * Gets a date cell.
 *
 * Returns: the date, [const@Cxv.DATE_NONE] for a null cell
 *
 * Since: 1.0
 */
CxvDate
cxv_table_get_date (CxvTable *self,
                    guint     row,
                    guint     column)
{
  Column *col;

  g_return_val_if_fail (CXV_IS_TABLE (self), CXV_DATE_NONE);
  g_return_val_if_fail (row < self->n_rows, CXV_DATE_NONE);
  g_return_val_if_fail (column < self->columns->len, CXV_DATE_NONE);
  col = get_column (self, column);
  g_return_val_if_fail (col->type == CXV_COLUMN_DATE, CXV_DATE_NONE);

  if (cell_is_null (col, row))
    return CXV_DATE_NONE;
  return CELL (col, gint32, row);
}

/**
 * cxv_table_get_boolean:
 * @self: a table
 * @row: a row index
 * @column: the index of a %CXV_COLUMN_BOOLEAN column
 *
 * Gets a boolean cell.
 *
 * Returns: the value, %FALSE for a null cell
 *
 * Since: 1.0
 */
gboolean
cxv_table_get_boolean (CxvTable *self,
                       guint     row,
                       guint     column)
{
  Column *col;

  g_return_val_if_fail (CXV_IS_TABLE (self), FALSE);
  g_return_val_if_fail (row < self->n_rows, FALSE);
  g_return_val_if_fail (column < self->columns->len, FALSE);
  col = get_column (self, column);
  g_return_val_if_fail (col->type == CXV_COLUMN_BOOLEAN, FALSE);

  return CELL (col, guint8, row) != 0;
}

/**
 * cxv_table_is_null:
 * @self: a table
 * @row: a row index
 * @column: a column index
 *
 * Checks whether a cell of any type is null.
 *
 * Returns: %TRUE if the cell is null
 *
 * Since: 1.0
 */
gboolean
cxv_table_is_null (CxvTable *self,
                   guint     row,
                   guint     column)
{
  g_return_val_if_fail (CXV_IS_TABLE (self), TRUE);
  g_return_val_if_fail (row < self->n_rows, TRUE);
  g_return_val_if_fail (column < self->columns->len, TRUE);

  return cell_is_null (get_column (self, column), row);
}

/**
 * cxv_table_get_number:
 * @self: a table
 * @row: a row index
 * @column: the index of a column of any type but %CXV_COLUMN_TEXT
 *
 * Reads a numeric cell as a double, for statistics: ints as they are,
 * money in major units of the table's currency (1234 is 12.34 in USD),
 * dates as days since 1970-01-01, booleans as 0 or 1.
 *
 * Money converts exactly up to 2^53 minor units; beyond that the result is
 * the nearest double.
 *
 * Returns: the value, NaN for a null cell
 *
 * Since: 1.0
 */
double
cxv_table_get_number (CxvTable *self,
                      guint     row,
                      guint     column)
{
  Column *col;

  g_return_val_if_fail (CXV_IS_TABLE (self), NAN);
  g_return_val_if_fail (row < self->n_rows, NAN);
  g_return_val_if_fail (column < self->columns->len, NAN);
  col = get_column (self, column);
  g_return_val_if_fail (col->type != CXV_COLUMN_TEXT, NAN);

  if (cell_is_null (col, row))
    return NAN;

  switch (col->type)
    {
    case CXV_COLUMN_INT:
      return (double) CELL (col, gint64, row);
    case CXV_COLUMN_DOUBLE:
      return CELL (col, double, row);
    case CXV_COLUMN_MONEY:
      /* One correctly rounded division: exact operands give the double
       * nearest to the decimal amount (12.34, not 12.340000000000002). */
      return (double) CELL (col, gint64, row) / powers_of_ten[self->decimals];
    case CXV_COLUMN_DATE:
      return (double) CELL (col, gint32, row);
    case CXV_COLUMN_BOOLEAN:
      return CELL (col, guint8, row) ? 1.0 : 0.0;
    case CXV_COLUMN_TEXT:
    default:
      g_assert_not_reached ();
    }
}

/**
 * cxv_table_format_cell:
 * @self: a table
 * @row: a row index
 * @column: a column index
 *
 * Formats a cell as a CSV export writes it, before any quoting: text as
 * it is, ints in decimal, doubles in the shortest form that reads back as
 * the same double (`0.1`, `1e+21`; `NaN`, `inf`, `-inf`), money with the
 * currency's decimals (`12.34`, `-0.05`), dates as `YYYY-MM-DD`, booleans
 * as `true` or `false`. A null cell is the empty string.
 *
 * Returns: (transfer full): the text of the cell
 *
 * Since: 1.0
 */
char *
cxv_table_format_cell (CxvTable *self,
                       guint     row,
                       guint     column)
{
  GString *out;
  Column *col;

  g_return_val_if_fail (CXV_IS_TABLE (self), NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);
  col = get_column (self, column);

  if (cell_is_null (col, row))
    return g_strdup ("");

  out = g_string_new (NULL);
  append_cell (self, col, row, out);
  return g_string_free (out, FALSE);
}

/**
 * cxv_table_dup_column_data:
 * @self: a table
 * @column: a column index
 * @element_type: (out) (optional): return location for the type of the
 *   elements
 *
 * Gets the cells of a numeric column as one array in native byte order,
 * one element per row: int and money columns as %CXV_ELEMENT_INT64 (money
 * in minor units), double columns as %CXV_ELEMENT_DOUBLE, date columns as
 * %CXV_ELEMENT_INT32 (days since 1970-01-01), boolean columns as
 * %CXV_ELEMENT_UINT8 (0 or 1). Null cells hold 0, or NaN in a double
 * column; [method@Cxv.Table.dup_null_mask] tells them apart.
 *
 * The bytes share the table's storage, without a copy, until the table
 * changes; a later change copies the column first, so the bytes never
 * change. In Python, `numpy.frombuffer` wraps them as they are.
 *
 * Returns: (transfer full) (nullable): the column data, or %NULL for a
 *   text column (@element_type is then left alone)
 *
 * Since: 1.0
 */
GBytes *
cxv_table_dup_column_data (CxvTable       *self,
                           guint           column,
                           CxvElementType *element_type)
{
  static const CxvElementType element_types[] = {
    [CXV_COLUMN_INT] = CXV_ELEMENT_INT64,
    [CXV_COLUMN_DOUBLE] = CXV_ELEMENT_DOUBLE,
    [CXV_COLUMN_MONEY] = CXV_ELEMENT_INT64,
    [CXV_COLUMN_DATE] = CXV_ELEMENT_INT32,
    [CXV_COLUMN_BOOLEAN] = CXV_ELEMENT_UINT8,
  };
  Column *col;
  GBytes *bytes;

  g_return_val_if_fail (CXV_IS_TABLE (self), NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);
  col = get_column (self, column);

  /* Pointers into the table's memory are no data to hand out. */
  if (col->type == CXV_COLUMN_TEXT)
    return NULL;

  g_mutex_lock (&self->share_lock);
  bytes = buffer_share (&col->values, self->n_rows * col->element_size);
  g_mutex_unlock (&self->share_lock);

  if (element_type != NULL)
    *element_type = element_types[col->type];
  return bytes;
}

/**
 * cxv_table_dup_null_mask:
 * @self: a table
 * @column: a column index
 *
 * Gets which cells of a column are null: one byte per row, 1 for a null
 * cell, 0 otherwise (%CXV_ELEMENT_UINT8). Shared with the table as
 * [method@Cxv.Table.dup_column_data] is.
 *
 * Returns: (transfer full): the null mask
 *
 * Since: 1.0
 */
GBytes *
cxv_table_dup_null_mask (CxvTable *self,
                         guint     column)
{
  GBytes *bytes;

  g_return_val_if_fail (CXV_IS_TABLE (self), NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);

  g_mutex_lock (&self->share_lock);
  bytes = buffer_share (&get_column (self, column)->nulls, self->n_rows);
  g_mutex_unlock (&self->share_lock);

  return bytes;
}

/**
 * cxv_table_write_csv:
 * @self: a table
 * @stream: the stream to write to
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the table as CSV (RFC 4180): a header line of column names, then
 * one line per row, each line ending in `\n`. Cells are written as
 * [method@Cxv.Table.format_cell] gives them; a null cell is an empty
 * field. Fields holding a comma, a double quote, CR or LF are put in
 * double quotes with inner quotes doubled, and so is the empty string, so
 * that it reads back as text rather than as null (`""`).
 *
 * The stream is not closed.
 *
 * Returns: %TRUE on success, %FALSE with @error set if writing failed or
 *   was cancelled
 *
 * Since: 1.0
 */
gboolean
cxv_table_write_csv (CxvTable      *self,
                     GOutputStream *stream,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GString) buffer = NULL;
  Sink sink;

  g_return_val_if_fail (CXV_IS_TABLE (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  buffer = g_string_sized_new (FLUSH_SIZE + 1024);
  sink = (Sink) { buffer, stream, cancellable };
  return csv_write (self, &sink, error);
}

/**
 * cxv_table_save_csv:
 * @self: a table
 * @path: (type filename): the file to write
 * @error: return location for a #GError
 *
 * Writes the table as CSV (see [method@Cxv.Table.write_csv]) to a file
 * through g_file_replace(). An existing file is replaced atomically, a
 * symbolic link by a regular file: readers see the old file or the new
 * one, never a mix, and the old file is left in place if saving fails. A
 * new file that cannot be written completely is removed.
 *
 * Returns: %TRUE on success, %FALSE with @error set in %G_IO_ERROR
 *
 * Since: 1.0
 */
gboolean
cxv_table_save_csv (CxvTable    *self,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  gboolean existed;

  g_return_val_if_fail (CXV_IS_TABLE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file = g_file_new_for_path (path);
  existed = g_file_query_exists (file, NULL);

  /* Without G_FILE_CREATE_REPLACE_DESTINATION, GIO rewrites a linked file
   * in place, which is not atomic. */
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  if (stream == NULL)
    return FALSE;

  if (!cxv_table_write_csv (self, G_OUTPUT_STREAM (stream), NULL, error))
    {
      g_autoptr(GCancellable) cancelled = g_cancellable_new ();

      /* A plain close (or the last unref) would rename the temporary file
       * over @path; closing through a cancelled cancellable removes it. */
      g_cancellable_cancel (cancelled);
      g_output_stream_close (G_OUTPUT_STREAM (stream), cancelled, NULL);

      /* A new file is written in place, there being nothing to protect. */
      if (!existed)
        g_file_delete (file, NULL, NULL);
      return FALSE;
    }

  return g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

/**
 * cxv_table_to_csv:
 * @self: a table
 *
 * Formats the table as CSV in memory, as [method@Cxv.Table.write_csv]
 * writes it.
 *
 * Returns: (transfer full): the CSV text
 *
 * Since: 1.0
 */
char *
cxv_table_to_csv (CxvTable *self)
{
  GString *buffer;
  Sink sink;

  g_return_val_if_fail (CXV_IS_TABLE (self), NULL);

  buffer = g_string_new (NULL);
  sink = (Sink) { buffer, NULL, NULL };
  if (!csv_write (self, &sink, NULL))
    g_assert_not_reached ();
  return g_string_free (buffer, FALSE);
}

/**
 * cxv_table_to_json:
 * @self: a table
 * @pretty: whether to lay the document out on several lines
 *
 * Formats the table as JSON in memory, as [method@Cxv.Table.write_json]
 * writes it.
 *
 * Returns: (transfer full): the JSON text
 *
 * Since: 1.0
 */
char *
cxv_table_to_json (CxvTable *self,
                   gboolean  pretty)
{
  GString *buffer;
  Sink sink;

  g_return_val_if_fail (CXV_IS_TABLE (self), NULL);

  buffer = g_string_new (NULL);
  sink = (Sink) { buffer, NULL, NULL };
  if (!json_write (self, pretty, &sink, NULL))
    g_assert_not_reached ();
  return g_string_free (buffer, FALSE);
}

/**
 * cxv_table_write_json:
 * @self: a table
 * @stream: the stream to write to
 * @pretty: whether to lay the document out on several lines: one line
 *   per column and per row, ending with a newline
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the table as one JSON object:
 *
 * ```json
 * {
 *   "name": "revenue_by_tier",
 *   "currency": "USD",
 *   "columns": [
 *     {"name": "tier", "type": "text"},
 *     {"name": "revenue", "type": "money"}
 *   ],
 *   "rows": [
 *     {"tier": "trust", "revenue": "1234.56"},
 *     {"tier": null, "revenue": "-0.05"}
 *   ]
 * }
 * ```
 *
 * `currency` is `null` without one; column types are `text`, `int`,
 * `double`, `money`, `date` and `boolean`. Each row is an object keyed by
 * column name. Money is a decimal string with the currency's decimals, so
 * that it stays exact; dates are `YYYY-MM-DD` strings; ints are integers;
 * doubles are numbers in their shortest exact form, `null` for NaN and
 * infinities; booleans are `true` or `false`; null cells are `null`.
 *
 * The stream is not closed.
 *
 * Returns: %TRUE on success, %FALSE with @error set if writing failed or
 *   was cancelled
 *
 * Since: 1.0
 */
gboolean
cxv_table_write_json (CxvTable      *self,
                      GOutputStream *stream,
                      gboolean       pretty,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GString) buffer = NULL;
  Sink sink;

  g_return_val_if_fail (CXV_IS_TABLE (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  buffer = g_string_sized_new (FLUSH_SIZE + 1024);
  sink = (Sink) { buffer, stream, cancellable };
  return json_write (self, pretty, &sink, error);
}
