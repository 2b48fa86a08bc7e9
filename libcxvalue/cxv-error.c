/* cxv-error.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "cxv-error.h"

G_DEFINE_QUARK (cxv-dataset-error-quark, cxv_dataset_error)
G_DEFINE_QUARK (cxv-import-error-quark, cxv_import_error)
