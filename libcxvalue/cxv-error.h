/* cxv-error.h: error domains
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include <glib.h>

#include "cxv-version-macros.h"

G_BEGIN_DECLS

/**
 * CXV_DATASET_ERROR:
 *
 * The error domain of [class@Cxv.Dataset], with codes from [error@Cxv.DatasetError].
 *
 * Since: 1.0
 */
#define CXV_DATASET_ERROR (cxv_dataset_error_quark ())

/**
 * CXV_IMPORT_ERROR:
 *
 * The error domain of importing, with codes from [error@Cxv.ImportError].
 *
 * Since: 1.0
 */
#define CXV_IMPORT_ERROR (cxv_import_error_quark ())

/**
 * CXV_ANALYSIS_ERROR:
 *
 * The error domain of the analyses, with codes from [error@Cxv.AnalysisError].
 *
 * Since: 1.0
 */
#define CXV_ANALYSIS_ERROR (cxv_analysis_error_quark ())

/**
 * CxvDatasetError:
 * @CXV_DATASET_ERROR_SEALED: the dataset is sealed and can no longer change
 * @CXV_DATASET_ERROR_NOT_SEALED: the operation needs a sealed dataset
 * @CXV_DATASET_ERROR_UNKNOWN_ID: a record refers to a customer, product or
 *   initiative that was never declared
 * @CXV_DATASET_ERROR_DUPLICATE_ID: an id was declared twice
 * @CXV_DATASET_ERROR_INVALID_VALUE: a value is out of its range (a date, a
 *   score, an empty id, an unknown field)
 * @CXV_DATASET_ERROR_CURRENCY: the currency code is not an ISO 4217 code
 * @CXV_DATASET_ERROR_OVERFLOW: an amount or a count does not fit
 * @CXV_DATASET_ERROR_FILE: a file is not a libcxvalue dataset, or is damaged
 *   (truncated, inconsistent)
 * @CXV_DATASET_ERROR_VERSION: a dataset file was written by a newer
 *   libcxvalue, in a format this version cannot read
 *
 * Errors of [class@Cxv.Dataset].
 *
 * Since: 1.0
 */
typedef enum
{
  CXV_DATASET_ERROR_SEALED,
  CXV_DATASET_ERROR_NOT_SEALED,
  CXV_DATASET_ERROR_UNKNOWN_ID,
  CXV_DATASET_ERROR_DUPLICATE_ID,
  CXV_DATASET_ERROR_INVALID_VALUE,
  CXV_DATASET_ERROR_CURRENCY,
  CXV_DATASET_ERROR_OVERFLOW,
  CXV_DATASET_ERROR_FILE,
  CXV_DATASET_ERROR_VERSION,
} CxvDatasetError;

/**
 * CxvImportError:
 * @CXV_IMPORT_ERROR_FAILED: the file could not be read
 * @CXV_IMPORT_ERROR_SYNTAX: the CSV is malformed (an unbalanced quote, text
 *   after a closing quote)
 * @CXV_IMPORT_ERROR_COLUMN_COUNT: a row has a different number of columns
 *   than the header
 * @CXV_IMPORT_ERROR_ENCODING: a field is not valid UTF-8
 * @CXV_IMPORT_ERROR_EMPTY: the file holds no data rows
 * @CXV_IMPORT_ERROR_INVALID_VALUE: a value cannot be converted (a date that
 *   does not exist, a number that is not one, a word that is no boolean)
 * @CXV_IMPORT_ERROR_OVERFLOW: an amount or number does not fit
 * @CXV_IMPORT_ERROR_PRECISION: an amount has more decimals than its currency
 * @CXV_IMPORT_ERROR_MAPPING: the column mapping is invalid or names a column
 *   the file does not have
 * @CXV_IMPORT_ERROR_REJECTED: the dataset refused a record (unknown id,
 *   duplicate id, value out of range)
 *
 * Errors raised while importing. Messages name the file, line, column and
 * value where there is one.
 *
 * Since: 1.0
 */
typedef enum
{
  CXV_IMPORT_ERROR_FAILED,
  CXV_IMPORT_ERROR_SYNTAX,
  CXV_IMPORT_ERROR_COLUMN_COUNT,
  CXV_IMPORT_ERROR_ENCODING,
  CXV_IMPORT_ERROR_EMPTY,
  CXV_IMPORT_ERROR_INVALID_VALUE,
  CXV_IMPORT_ERROR_OVERFLOW,
  CXV_IMPORT_ERROR_PRECISION,
  CXV_IMPORT_ERROR_MAPPING,
  CXV_IMPORT_ERROR_REJECTED,
} CxvImportError;

/**
 * CxvAnalysisError:
 * @CXV_ANALYSIS_ERROR_NOT_SEALED: the dataset is not sealed yet
 * @CXV_ANALYSIS_ERROR_EMPTY: the dataset holds no records the analysis needs
 * @CXV_ANALYSIS_ERROR_INVALID_ARGUMENT: a setting is out of range or
 *   inconsistent (a negative window, an unknown period)
 * @CXV_ANALYSIS_ERROR_NOT_RUN: results were asked for before the analysis ran
 * @CXV_ANALYSIS_ERROR_FAILED: the analysis could not produce a result (a
 *   model that does not converge, a singular system)
 *
 * Errors of the analyses.
 *
 * Since: 1.0
 */
typedef enum
{
  CXV_ANALYSIS_ERROR_NOT_SEALED,
  CXV_ANALYSIS_ERROR_EMPTY,
  CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
  CXV_ANALYSIS_ERROR_NOT_RUN,
  CXV_ANALYSIS_ERROR_FAILED,
} CxvAnalysisError;

CXV_AVAILABLE_IN_1_0
GQuark cxv_analysis_error_quark (void);
CXV_AVAILABLE_IN_1_0
GQuark cxv_dataset_error_quark (void);
CXV_AVAILABLE_IN_1_0
GQuark cxv_import_error_quark  (void);

G_END_DECLS
