/* cxv-table-row.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * CxvTableRow:
 *
 * One row of a [class@Cxv.Table], as the table's [iface@Gio.ListModel]
 * hands it out.
 *
 * A row is a view: a reference to its table and an index, made on demand,
 * holding no cells of its own. It reads cells by column name, which suits
 * list widgets and scripting; for bulk work read the table by index or
 * take whole columns with [method@Cxv.Table.dup_column_data].
 *
 * Since: 1.0
 */

#include "config.h"

#include <math.h>

#include "cxv-table-row-private.h"

struct _CxvTableRow
{
  GObject   parent_instance;

  CxvTable *table;
  guint     index;
};

G_DEFINE_FINAL_TYPE (CxvTableRow, cxv_table_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TABLE,
  PROP_INDEX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cxv_table_row_dispose (GObject *object)
{
  CxvTableRow *self = CXV_TABLE_ROW (object);

  g_clear_object (&self->table);

  G_OBJECT_CLASS (cxv_table_row_parent_class)->dispose (object);
}

static void
cxv_table_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CxvTableRow *self = CXV_TABLE_ROW (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      g_value_set_object (value, self->table);
      break;
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_table_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CxvTableRow *self = CXV_TABLE_ROW (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      g_assert (self->table == NULL);
      self->table = g_value_dup_object (value);
      break;
    case PROP_INDEX:
      self->index = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_table_row_class_init (CxvTableRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cxv_table_row_dispose;
  object_class->get_property = cxv_table_row_get_property;
  object_class->set_property = cxv_table_row_set_property;

  /**
   * CxvTableRow:table:
   *
   * The table the row belongs to. The row keeps it alive.
   *
   * Since: 1.0
   */
  properties[PROP_TABLE] =
    g_param_spec_object ("table", NULL, NULL,
                         CXV_TYPE_TABLE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CxvTableRow:index:
   *
   * The index of the row in its table.
   *
   * Since: 1.0
   */
  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE |
                        G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cxv_table_row_init (CxvTableRow *self)
{
}

CxvTableRow *
cxv_table_row_new (CxvTable *table,
                   guint     row)
{
  g_return_val_if_fail (CXV_IS_TABLE (table), NULL);
  g_return_val_if_fail (row < cxv_table_get_n_rows (table), NULL);

  return g_object_new (CXV_TYPE_TABLE_ROW,
                       "table", table,
                       "index", row,
                       NULL);
}

/**
 * cxv_table_row_get_table:
 * @self: a row
 *
 * Gets the table the row belongs to.
 *
 * Returns: (transfer none): the table
 *
 * Since: 1.0
 */
CxvTable *
cxv_table_row_get_table (CxvTableRow *self)
{
  g_return_val_if_fail (CXV_IS_TABLE_ROW (self), NULL);

  return self->table;
}

/**
 * cxv_table_row_get_index:
 * @self: a row
 *
 * Gets the index of the row in its table.
 *
 * Returns: the row index
 *
 * Since: 1.0
 */
guint
cxv_table_row_get_index (CxvTableRow *self)
{
  g_return_val_if_fail (CXV_IS_TABLE_ROW (self), 0);

  return self->index;
}

/**
 * cxv_table_row_format:
 * @self: a row
 * @column: a column name
 *
 * Formats the row's cell in @column as [method@Cxv.Table.format_cell]
 * does: the empty string for a null cell.
 *
 * Returns: (transfer full) (nullable): the text of the cell, or %NULL if
 *   the table has no column called @column
 *
 * Since: 1.0
 */
char *
cxv_table_row_format (CxvTableRow *self,
                      const char  *column)
{
  guint position;

  g_return_val_if_fail (CXV_IS_TABLE_ROW (self), NULL);
  g_return_val_if_fail (self->table != NULL, NULL);
  g_return_val_if_fail (column != NULL, NULL);

  if (!cxv_table_lookup_column (self->table, column, &position))
    return NULL;

  return cxv_table_format_cell (self->table, self->index, position);
}

/**
 * cxv_table_row_get_number:
 * @self: a row
 * @column: the name of a column of any type but %CXV_COLUMN_TEXT
 *
 * Reads the row's cell in @column as a double, as
 * [method@Cxv.Table.get_number] does.
 *
 * Returns: the value; NaN for a null cell or if the table has no column
 *   called @column
 *
 * Since: 1.0
 */
double
cxv_table_row_get_number (CxvTableRow *self,
                          const char  *column)
{
  guint position;

  g_return_val_if_fail (CXV_IS_TABLE_ROW (self), NAN);
  g_return_val_if_fail (self->table != NULL, NAN);
  g_return_val_if_fail (column != NULL, NAN);

  if (!cxv_table_lookup_column (self->table, column, &position))
    return NAN;

  return cxv_table_get_number (self->table, self->index, position);
}
