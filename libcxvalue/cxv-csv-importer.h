/* cxv-csv-importer.h: streams delimited text into a dataset
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include <gio/gio.h>

#include "cxv-column-mapping.h"
#include "cxv-dataset.h"
#include "cxv-table.h"
#include "cxv-version-macros.h"

G_BEGIN_DECLS

#define CXV_TYPE_CSV_IMPORTER (cxv_csv_importer_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CxvCsvImporter, cxv_csv_importer, CXV, CSV_IMPORTER, GObject)

CXV_AVAILABLE_IN_1_0
CxvCsvImporter   *cxv_csv_importer_new                 (CxvDataset           *dataset,
                                                        CxvColumnMapping     *mapping);
CXV_AVAILABLE_IN_1_0
CxvDataset       *cxv_csv_importer_get_dataset         (CxvCsvImporter       *self);
CXV_AVAILABLE_IN_1_0
CxvColumnMapping *cxv_csv_importer_get_mapping         (CxvCsvImporter       *self);
CXV_AVAILABLE_IN_1_0
gboolean          cxv_csv_importer_get_collect_rejects (CxvCsvImporter       *self);
CXV_AVAILABLE_IN_1_0
void              cxv_csv_importer_set_collect_rejects (CxvCsvImporter       *self,
                                                        gboolean              collect_rejects);
CXV_AVAILABLE_IN_1_0
double            cxv_csv_importer_get_progress        (CxvCsvImporter       *self);
CXV_AVAILABLE_IN_1_0
guint64           cxv_csv_importer_get_n_rows          (CxvCsvImporter       *self);
CXV_AVAILABLE_IN_1_0
CxvTable         *cxv_csv_importer_get_rejects         (CxvCsvImporter       *self);

CXV_AVAILABLE_IN_1_0
gboolean          cxv_csv_importer_import_stream       (CxvCsvImporter       *self,
                                                        GInputStream         *stream,
                                                        const char           *display_name,
                                                        goffset               size,
                                                        GCancellable         *cancellable,
                                                        GError              **error);
CXV_AVAILABLE_IN_1_0
gboolean          cxv_csv_importer_import_file         (CxvCsvImporter       *self,
                                                        GFile                *file,
                                                        GCancellable         *cancellable,
                                                        GError              **error);
CXV_AVAILABLE_IN_1_0
void              cxv_csv_importer_import_file_async   (CxvCsvImporter       *self,
                                                        GFile                *file,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
CXV_AVAILABLE_IN_1_0
gboolean          cxv_csv_importer_import_file_finish  (CxvCsvImporter       *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
