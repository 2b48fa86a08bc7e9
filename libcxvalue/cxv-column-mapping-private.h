/* cxv-column-mapping-private.h: a mapping checked and resolved against a file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "cxv-column-mapping.h"
#include "cxv-date.h"

G_BEGIN_DECLS

#define CXV_MAX_FIELDS 8

typedef enum
{
  CXV_FIELD_ID,      /* a customer, product or initiative id */
  CXV_FIELD_TEXT,
  CXV_FIELD_DATE,
  CXV_FIELD_MONEY,
  CXV_FIELD_NUMBER,
  CXV_FIELD_BOOL,
  CXV_FIELD_ENUM,
  CXV_FIELD_LIST,    /* text split into a list */
} CxvFieldType;

typedef struct
{
  const char    *name;
  CxvFieldType   type;
  gboolean       required;
  GType        (*enum_type) (void);
} CxvFieldSpec;

typedef enum
{
  CXV_CONDITION_IN,
  CXV_CONDITION_NOT_IN,
  CXV_CONDITION_NOT_EMPTY,
  CXV_CONDITION_TRUE,
  CXV_CONDITION_FALSE,
} CxvConditionOp;

/* A column reference: by header name or by 1-based position; resolved to
 * a 0-based index once the header (or first row) is known. */
typedef struct
{
  char  *name;
  guint  number;
  int    index;
} CxvColumnRef;

typedef struct
{
  CxvColumnRef    column;
  CxvConditionOp  op;
  char          **values;
} CxvCondition;

typedef struct
{
  const CxvFieldSpec *spec;
  gboolean            present;
  CxvColumnRef        column;      /* index -1 with a constant */
  char               *constant;
  GHashTable         *map;         /* cell text → replacement */
  char               *map_other;   /* replacement for cells not in map, or NULL */
  char               *format;      /* date pattern, NULL for the mapping's */
  CxvDate             months_before;
  char               *default_text;
  char               *split;       /* separators of a list */
  gboolean            line_number; /* the value is the row's line number */
  gboolean            negate;      /* money: store the opposite amount */
  CxvCondition       *when;
  GEnumClass         *enum_class;  /* for enum fields, held while compiled */
} CxvCompiledField;

typedef struct
{
  CxvRecordKind     kind;
  gboolean          create_ids;
  GPtrArray        *when;          /* CxvCondition */
  guint             n_fields;
  CxvCompiledField  fields[CXV_MAX_FIELDS];
} CxvCompiledRecord;

typedef struct
{
  char        delimiter;           /* 0 for runs of whitespace */
  char        quote;
  gboolean    header;
  char        decimal_mark;
  CxvRounding rounding;
  char       *currency;
  char       *date_format;
  char      **true_words;
  char      **false_words;
  GPtrArray  *records;             /* CxvCompiledRecord */
} CxvCompiledMapping;

/* Reads a count of months for "months_before": a whole number, written
 * plainly or with a zero fraction ("4" or "4.0", as spreadsheets export
 * tenures), from 0 to 120,000. */
gboolean            cxv_parse_month_count        (const char         *text,
                                                  int                *months);

CxvCompiledMapping *cxv_column_mapping_compile   (CxvColumnMapping   *self,
                                                  GError            **error);
void                cxv_compiled_mapping_free    (CxvCompiledMapping *mapping);
/* Resolves column names against @header (NULL when the file has none) and
 * checks positions against @n_columns. @display_name is for messages. */
gboolean            cxv_compiled_mapping_resolve (CxvCompiledMapping *mapping,
                                                  const char * const *header,
                                                  guint               n_columns,
                                                  const char         *display_name,
                                                  GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CxvCompiledMapping, cxv_compiled_mapping_free)

G_END_DECLS
