/* cxv-column-mapping.h: which columns of a file feed which fields
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include <gio/gio.h>

#include "cxv-types.h"
#include "cxv-version-macros.h"

G_BEGIN_DECLS

#define CXV_TYPE_COLUMN_MAPPING (cxv_column_mapping_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CxvColumnMapping, cxv_column_mapping, CXV, COLUMN_MAPPING, GObject)

CXV_AVAILABLE_IN_1_0
CxvColumnMapping  *cxv_column_mapping_new              (void);
CXV_AVAILABLE_IN_1_0
CxvColumnMapping  *cxv_column_mapping_new_from_data    (const char        *data,
                                                        gssize             length,
                                                        GError           **error);
CXV_AVAILABLE_IN_1_0
CxvColumnMapping  *cxv_column_mapping_new_from_file    (const char        *path,
                                                        GError           **error);
CXV_AVAILABLE_IN_1_0
CxvColumnMapping  *cxv_column_mapping_new_preset       (const char        *name,
                                                        GError           **error);
CXV_AVAILABLE_IN_1_0
char             **cxv_column_mapping_list_presets     (void);
CXV_AVAILABLE_IN_1_0
char              *cxv_column_mapping_to_json          (CxvColumnMapping  *self);

CXV_AVAILABLE_IN_1_0
const char        *cxv_column_mapping_get_delimiter    (CxvColumnMapping  *self);
CXV_AVAILABLE_IN_1_0
void               cxv_column_mapping_set_delimiter    (CxvColumnMapping  *self,
                                                        const char        *delimiter);
CXV_AVAILABLE_IN_1_0
gboolean           cxv_column_mapping_get_has_header   (CxvColumnMapping  *self);
CXV_AVAILABLE_IN_1_0
void               cxv_column_mapping_set_has_header   (CxvColumnMapping  *self,
                                                        gboolean           has_header);
CXV_AVAILABLE_IN_1_0
const char        *cxv_column_mapping_get_currency     (CxvColumnMapping  *self);
CXV_AVAILABLE_IN_1_0
void               cxv_column_mapping_set_currency     (CxvColumnMapping  *self,
                                                        const char        *currency);
CXV_AVAILABLE_IN_1_0
const char        *cxv_column_mapping_get_date_format  (CxvColumnMapping  *self);
CXV_AVAILABLE_IN_1_0
void               cxv_column_mapping_set_date_format  (CxvColumnMapping  *self,
                                                        const char        *date_format);
CXV_AVAILABLE_IN_1_0
CxvRounding        cxv_column_mapping_get_rounding     (CxvColumnMapping  *self);
CXV_AVAILABLE_IN_1_0
void               cxv_column_mapping_set_rounding     (CxvColumnMapping  *self,
                                                        CxvRounding        rounding);

CXV_AVAILABLE_IN_1_0
guint              cxv_column_mapping_add_record       (CxvColumnMapping  *self,
                                                        CxvRecordKind      kind);
CXV_AVAILABLE_IN_1_0
guint              cxv_column_mapping_get_n_records    (CxvColumnMapping  *self);
CXV_AVAILABLE_IN_1_0
gboolean           cxv_column_mapping_set_column       (CxvColumnMapping  *self,
                                                        guint              record,
                                                        const char        *field,
                                                        const char        *column,
                                                        GError           **error);
CXV_AVAILABLE_IN_1_0
gboolean           cxv_column_mapping_set_column_number (CxvColumnMapping *self,
                                                        guint              record,
                                                        const char        *field,
                                                        guint              position,
                                                        GError           **error);
CXV_AVAILABLE_IN_1_0
gboolean           cxv_column_mapping_set_value        (CxvColumnMapping  *self,
                                                        guint              record,
                                                        const char        *field,
                                                        const char        *value,
                                                        GError           **error);
CXV_AVAILABLE_IN_1_0
gboolean           cxv_column_mapping_set_field_json   (CxvColumnMapping  *self,
                                                        guint              record,
                                                        const char        *field,
                                                        const char        *json,
                                                        GError           **error);
CXV_AVAILABLE_IN_1_0
void               cxv_column_mapping_set_when         (CxvColumnMapping  *self,
                                                        guint              record,
                                                        const char        *column,
                                                        const char * const *values);
CXV_AVAILABLE_IN_1_0
void               cxv_column_mapping_set_create_ids   (CxvColumnMapping  *self,
                                                        guint              record,
                                                        gboolean           create_ids);
CXV_AVAILABLE_IN_1_0
gboolean           cxv_column_mapping_validate         (CxvColumnMapping  *self,
                                                        GError           **error);

G_END_DECLS
