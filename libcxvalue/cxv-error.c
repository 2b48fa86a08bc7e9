/* cxv-error.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "cxv-error.h"

/**
 * cxv_dataset_error_quark:
 *
 * Gets the error domain of [class@Cxv.Dataset]; use %CXV_DATASET_ERROR.
 *
 * Returns: the error quark
 *
 * Since: 1.0
 */
G_DEFINE_QUARK (cxv-dataset-error-quark, cxv_dataset_error)

/**
 * cxv_import_error_quark:
 *
 * Gets the error domain of importing; use %CXV_IMPORT_ERROR.
 *
 * Returns: the error quark
 *
 * Since: 1.0
 */
G_DEFINE_QUARK (cxv-import-error-quark, cxv_import_error)

/**
 * cxv_analysis_error_quark:
 *
 * Gets the error domain of the analyses; use %CXV_ANALYSIS_ERROR.
 *
 * Returns: the error quark
 *
 * Since: 1.0
 */
G_DEFINE_QUARK (cxv-analysis-error-quark, cxv_analysis_error)
