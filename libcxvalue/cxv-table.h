/* cxv-table.h: a result table of named, typed columns
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include <gio/gio.h>

#include "cxv-date.h"
#include "cxv-types.h"
#include "cxv-version-macros.h"

G_BEGIN_DECLS

#define CXV_TYPE_TABLE (cxv_table_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CxvTable, cxv_table, CXV, TABLE, GObject)

CXV_AVAILABLE_IN_1_0
CxvTable      *cxv_table_new             (const char      *name);
CXV_AVAILABLE_IN_1_0
const char    *cxv_table_get_name        (CxvTable        *self);
CXV_AVAILABLE_IN_1_0
const char    *cxv_table_get_currency    (CxvTable        *self);
CXV_AVAILABLE_IN_1_0
void           cxv_table_set_currency    (CxvTable        *self,
                                          const char      *currency);

CXV_AVAILABLE_IN_1_0
guint          cxv_table_add_column      (CxvTable        *self,
                                          const char      *name,
                                          CxvColumnType    type);
CXV_AVAILABLE_IN_1_0
guint          cxv_table_get_n_columns   (CxvTable        *self);
CXV_AVAILABLE_IN_1_0
guint          cxv_table_get_n_rows      (CxvTable        *self);
CXV_AVAILABLE_IN_1_0
const char    *cxv_table_get_column_name (CxvTable        *self,
                                          guint            column);
CXV_AVAILABLE_IN_1_0
CxvColumnType  cxv_table_get_column_type (CxvTable        *self,
                                          guint            column);
CXV_AVAILABLE_IN_1_0
gboolean       cxv_table_lookup_column   (CxvTable        *self,
                                          const char      *name,
                                          guint           *column);

CXV_AVAILABLE_IN_1_0
void           cxv_table_reserve_rows    (CxvTable        *self,
                                          guint            n_rows);
CXV_AVAILABLE_IN_1_0
guint          cxv_table_append_row      (CxvTable        *self);

CXV_AVAILABLE_IN_1_0
void           cxv_table_set_text        (CxvTable        *self,
                                          guint            row,
                                          guint            column,
                                          const char      *value);
CXV_AVAILABLE_IN_1_0
void           cxv_table_set_int         (CxvTable        *self,
                                          guint            row,
                                          guint            column,
                                          gint64           value);
CXV_AVAILABLE_IN_1_0
void           cxv_table_set_double      (CxvTable        *self,
                                          guint            row,
                                          guint            column,
                                          double           value);
CXV_AVAILABLE_IN_1_0
void           cxv_table_set_money       (CxvTable        *self,
                                          guint            row,
                                          guint            column,
                                          gint64           value);
CXV_AVAILABLE_IN_1_0
void           cxv_table_set_date        (CxvTable        *self,
                                          guint            row,
                                          guint            column,
                                          CxvDate          value);
CXV_AVAILABLE_IN_1_0
void           cxv_table_set_boolean     (CxvTable        *self,
                                          guint            row,
                                          guint            column,
                                          gboolean         value);
CXV_AVAILABLE_IN_1_0
void           cxv_table_set_null        (CxvTable        *self,
                                          guint            row,
                                          guint            column);

CXV_AVAILABLE_IN_1_0
const char    *cxv_table_get_text        (CxvTable        *self,
                                          guint            row,
                                          guint            column);
CXV_AVAILABLE_IN_1_0
gint64         cxv_table_get_int         (CxvTable        *self,
                                          guint            row,
                                          guint            column);
CXV_AVAILABLE_IN_1_0
double         cxv_table_get_double      (CxvTable        *self,
                                          guint            row,
                                          guint            column);
CXV_AVAILABLE_IN_1_0
gint64         cxv_table_get_money       (CxvTable        *self,
                                          guint            row,
                                          guint            column);
CXV_AVAILABLE_IN_1_0
CxvDate        cxv_table_get_date        (CxvTable        *self,
                                          guint            row,
                                          guint            column);
CXV_AVAILABLE_IN_1_0
gboolean       cxv_table_get_boolean     (CxvTable        *self,
                                          guint            row,
                                          guint            column);
CXV_AVAILABLE_IN_1_0
gboolean       cxv_table_is_null         (CxvTable        *self,
                                          guint            row,
                                          guint            column);
CXV_AVAILABLE_IN_1_0
double         cxv_table_get_number      (CxvTable        *self,
                                          guint            row,
                                          guint            column);
CXV_AVAILABLE_IN_1_0
char          *cxv_table_format_cell     (CxvTable        *self,
                                          guint            row,
                                          guint            column);

CXV_AVAILABLE_IN_1_0
GBytes        *cxv_table_dup_column_data (CxvTable        *self,
                                          guint            column,
                                          CxvElementType  *element_type);
CXV_AVAILABLE_IN_1_0
GBytes        *cxv_table_dup_null_mask   (CxvTable        *self,
                                          guint            column);

CXV_AVAILABLE_IN_1_0
gboolean       cxv_table_write_csv       (CxvTable        *self,
                                          GOutputStream   *stream,
                                          GCancellable    *cancellable,
                                          GError         **error);
CXV_AVAILABLE_IN_1_0
gboolean       cxv_table_save_csv        (CxvTable        *self,
                                          const char      *path,
                                          GError         **error);
CXV_AVAILABLE_IN_1_0
char          *cxv_table_to_csv          (CxvTable        *self);
CXV_AVAILABLE_IN_1_0
char          *cxv_table_to_json         (CxvTable        *self,
                                          gboolean         pretty);
CXV_AVAILABLE_IN_1_0
gboolean       cxv_table_write_json      (CxvTable        *self,
                                          GOutputStream   *stream,
                                          gboolean         pretty,
                                          GCancellable    *cancellable,
                                          GError         **error);

G_END_DECLS
