/* cxv-column-mapping.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * CxvColumnMapping:
 *
 * Says how a delimited text file becomes records of a [class@Cxv.Dataset]:
 * the file's format (delimiter, header, quotes), and for each record a row
 * yields, its kind and which column or constant feeds each of its fields,
 * with the converters that turn text into dates, money, booleans and enums.
 *
 * A mapping is built in code or loaded from JSON; both edit the same JSON
 * document, which [method@Cxv.ColumnMapping.to_json] gives back. An example:
 *
 * ```json
 * {
 *   "currency": "USD",
 *   "delimiter": "whitespace",
 *   "header": false,
 *   "date_format": "%Y%m%d",
 *   "records": [
 *     { "kind": "revenue", "create_ids": true,
 *       "fields": { "customer": 1, "date": 3, "amount": 5,
 *                   "kind": { "value": "one-off" } } }
 *   ]
 * }
 * ```
 *
 * Top-level keys: `currency` (must match the dataset's), `delimiter`
 * (`","`, `";"`, `"\t"`, `"|"` or `"whitespace"` for runs of spaces and
 * tabs; default `","`), `quote` (`"\""`, `"'"` or %NULL; default `"\""`),
 * `header` (default true), `decimal_mark` (`"."` or `","`), `rounding`
 * (`"none"`, the default, or `"half-even"`), `date_format` (a
 * strptime-like pattern, see [property@Cxv.ColumnMapping:date-format]),
 * `true_words` and `false_words` (booleans; default yes/no, true/false,
 * y/n, 1/0, any case), `name`, `description`, and `records`.
 *
 * Each record has `kind` (a [enum@Cxv.RecordKind] nick such as `revenue`),
 * `fields`, optionally `when` (a condition or a list of conditions that must
 * all hold for a row to yield the record — this is how a yes/no service
 * column becomes a holding) and `create_ids` (declare customers and
 * products the first time a row names them, for files with no customer
 * list).
 *
 * A field is a column name (a string), a 1-based column position (a
 * number), or an object with `column`, `value` (a constant) or
 * `line_number` (true: the row's line number in the file) and any of:
 * `format` (a date pattern), `map` (an object replacing cell text before
 * conversion; the key `"*"` replaces every other text), `default` (the text
 * used for an empty cell), `months_before` (the cell is a count of months
 * before this ISO date, such as a tenure), `split` (separators of a list
 * field), `negate` (true: store the opposite amount) and `when` (the field
 * is left empty unless the condition holds).
 *
 * A condition is `{"column": …, "equals": "Yes"}`, `"in": […]`,
 * `"not_in": […]`, `"not_empty": true` or `"is": true|false` (a boolean
 * cell).
 *
 * The fields of each kind:
 *
 * - customer: `id`, `segment`, `acquired`, `source`, `referred_by`
 * - product: `code`, `category`, `recurring`, `eligible_segments`
 * - holding: `customer`, `product`, `start`, `end`
 * - revenue: `customer`, `product`, `date`, `kind`, `amount`, `cost`, `initiative`
 * - interaction: `customer`, `date`, `channel`, `channel_class`, `kind`,
 *   `resolved`, `reason`, `cost`
 * - feedback: `customer`, `date`, `instrument`, `score`, `comment`, `topics`
 * - usage: `customer`, `product`, `date`, `quantity`
 * - referral: `referrer`, `referred`, `date`
 * - initiative: `id`, `name`, `in_sync`, `start`, `end`
 *
 * Since: 1.0
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "cxv-column-mapping-private.h"
#include "cxv-date-private.h"
#include "cxv-enum-types.h"
#include "cxv-error.h"
#include "cxv-json-private.h"
#include "cxv-money.h"

#define PRESET_PATH "/org/gnome/Cxv/mappings/"

struct _CxvColumnMapping
{
  GObject     parent_instance;
  JsonObject *root;
};

G_DEFINE_FINAL_TYPE (CxvColumnMapping, cxv_column_mapping, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DELIMITER,
  PROP_HAS_HEADER,
  PROP_CURRENCY,
  PROP_DATE_FORMAT,
  PROP_ROUNDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define F(n, t, r) { n, CXV_FIELD_##t, r, NULL }
#define E(n, r, g) { n, CXV_FIELD_ENUM, r, g }

static const CxvFieldSpec customer_fields[] = {
  F ("id", ID, TRUE), F ("segment", TEXT, FALSE), F ("acquired", DATE, FALSE),
  E ("source", FALSE, cxv_acquisition_source_get_type), F ("referred_by", ID, FALSE),
};
static const CxvFieldSpec product_fields[] = {
  F ("code", ID, TRUE), F ("category", TEXT, FALSE), F ("recurring", BOOL, FALSE),
  F ("eligible_segments", LIST, FALSE),
};
static const CxvFieldSpec holding_fields[] = {
  F ("customer", ID, TRUE), F ("product", ID, TRUE), F ("start", DATE, TRUE),
  F ("end", DATE, FALSE),
};
static const CxvFieldSpec revenue_fields[] = {
  F ("customer", ID, TRUE), F ("product", ID, FALSE), F ("date", DATE, TRUE),
  E ("kind", TRUE, cxv_revenue_kind_get_type), F ("amount", MONEY, TRUE),
  F ("cost", MONEY, FALSE), F ("initiative", ID, FALSE),
};
static const CxvFieldSpec interaction_fields[] = {
  F ("customer", ID, TRUE), F ("date", DATE, TRUE), F ("channel", TEXT, TRUE),
  E ("channel_class", TRUE, cxv_channel_class_get_type),
  E ("kind", TRUE, cxv_interaction_kind_get_type), F ("resolved", BOOL, FALSE),
  F ("reason", TEXT, FALSE), F ("cost", MONEY, FALSE),
};
static const CxvFieldSpec feedback_fields[] = {
  F ("customer", ID, TRUE), F ("date", DATE, TRUE),
  E ("instrument", TRUE, cxv_instrument_get_type), F ("score", NUMBER, TRUE),
  F ("comment", TEXT, FALSE), F ("topics", LIST, FALSE),
};
static const CxvFieldSpec usage_fields[] = {
  F ("customer", ID, TRUE), F ("product", ID, TRUE), F ("date", DATE, TRUE),
  F ("quantity", NUMBER, TRUE),
};
static const CxvFieldSpec referral_fields[] = {
  F ("referrer", ID, TRUE), F ("referred", ID, TRUE), F ("date", DATE, TRUE),
};
static const CxvFieldSpec initiative_fields[] = {
  F ("id", ID, TRUE), F ("name", TEXT, FALSE), F ("in_sync", BOOL, TRUE),
  F ("start", DATE, TRUE), F ("end", DATE, FALSE),
};

static const struct { const CxvFieldSpec *fields; guint n; } kind_fields[CXV_N_RECORD_KINDS] = {
  [CXV_RECORD_CUSTOMER] = { customer_fields, G_N_ELEMENTS (customer_fields) },
  [CXV_RECORD_PRODUCT] = { product_fields, G_N_ELEMENTS (product_fields) },
  [CXV_RECORD_HOLDING] = { holding_fields, G_N_ELEMENTS (holding_fields) },
  [CXV_RECORD_REVENUE] = { revenue_fields, G_N_ELEMENTS (revenue_fields) },
  [CXV_RECORD_INTERACTION] = { interaction_fields, G_N_ELEMENTS (interaction_fields) },
  [CXV_RECORD_FEEDBACK] = { feedback_fields, G_N_ELEMENTS (feedback_fields) },
  [CXV_RECORD_USAGE] = { usage_fields, G_N_ELEMENTS (usage_fields) },
  [CXV_RECORD_REFERRAL] = { referral_fields, G_N_ELEMENTS (referral_fields) },
  [CXV_RECORD_INITIATIVE] = { initiative_fields, G_N_ELEMENTS (initiative_fields) },
};

G_STATIC_ASSERT (G_N_ELEMENTS (interaction_fields) <= CXV_MAX_FIELDS);

static const char *const default_true_words[] = { "yes", "true", "y", "1", NULL };
static const char *const default_false_words[] = { "no", "false", "n", "0", NULL };

/* ------------------------------------------------------------------ */
/* JSON helpers                                                         */

static gboolean
mapping_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
mapping_error (GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_MAPPING, message);
  return FALSE;
}

static gboolean
get_string_member (JsonObject *object, const char *member, const char *where,
                   gboolean nullable, const char **out, GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *out = NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return mapping_error (error, "%s: “%s” must be a string, not %s", where, member,
                          cxv_json_type_name (node));
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_bool_member (JsonObject *object, const char *member, const char *where,
                 gboolean *out, GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return mapping_error (error, "%s: “%s” must be true or false, not %s", where, member,
                          cxv_json_type_name (node));
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* Reads a string or an array of strings into a new strv. */
static gboolean
get_strv_member (JsonObject *object, const char *member, const char *where,
                 char ***out, GError **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GStrvBuilder) builder = NULL;

  if (node == NULL)
    return TRUE;
  builder = g_strv_builder_new ();
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    g_strv_builder_add (builder, json_node_get_string (node));
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_STRING)
            return mapping_error (error, "%s: “%s” must hold strings, not %s", where, member,
                                  cxv_json_type_name (element));
          g_strv_builder_add (builder, json_node_get_string (element));
        }
    }
  else
    return mapping_error (error, "%s: “%s” must be a string or an array of strings, not %s",
                          where, member, cxv_json_type_name (node));
  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
check_keys (JsonObject *object, const char *where, const char *const *allowed, GError **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *list = g_strjoinv (", ", (char **) allowed);
        return mapping_error (error, "%s: unknown key “%s” (known keys: %s)", where,
                              (const char *) l->data, list);
      }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Compiling                                                            */

static void
column_ref_clear (CxvColumnRef *ref)
{
  g_clear_pointer (&ref->name, g_free);
}

static void
condition_free (CxvCondition *condition)
{
  if (condition == NULL)
    return;
  column_ref_clear (&condition->column);
  g_strfreev (condition->values);
  g_free (condition);
}

static void
field_clear (CxvCompiledField *field)
{
  column_ref_clear (&field->column);
  g_free (field->constant);
  g_clear_pointer (&field->map, g_hash_table_unref);
  g_free (field->map_other);
  g_free (field->format);
  g_free (field->default_text);
  g_free (field->split);
  condition_free (field->when);
  g_clear_pointer (&field->enum_class, g_type_class_unref);
}

static void
record_free (CxvCompiledRecord *record)
{
  for (guint i = 0; i < record->n_fields; i++)
    field_clear (&record->fields[i]);
  g_clear_pointer (&record->when, g_ptr_array_unref);
  g_free (record);
}

void
cxv_compiled_mapping_free (CxvCompiledMapping *mapping)
{
  if (mapping == NULL)
    return;
  g_free (mapping->currency);
  g_free (mapping->date_format);
  g_strfreev (mapping->true_words);
  g_strfreev (mapping->false_words);
  g_clear_pointer (&mapping->records, g_ptr_array_unref);
  g_free (mapping);
}

/* A column reference is a name (string) or a 1-based position (integer). */
static gboolean
parse_column_ref (JsonNode *node, const char *where, CxvColumnRef *ref, GError **error)
{
  ref->index = -1;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      ref->name = g_strdup (json_node_get_string (node));
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 n = json_node_get_int (node);

      if (n < 1 || n > 100000)
        return mapping_error (error, "%s: column position %" G_GINT64_FORMAT
                              " is out of range (positions start at 1)", where, n);
      ref->number = (guint) n;
      return TRUE;
    }
  return mapping_error (error, "%s: a column is a header name or a position from 1, not %s",
                        where, cxv_json_type_name (node));
}

static gboolean
parse_condition (JsonNode *node, const char *where, CxvCondition **out, GError **error)
{
  static const char *const keys[] = { "column", "equals", "in", "not_in", "not_empty", "is", NULL };
  CxvCondition *condition;
  JsonObject *object;
  JsonNode *column;
  guint n_ops = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return mapping_error (error, "%s: a condition must be an object, not %s", where,
                          cxv_json_type_name (node));
  object = json_node_get_object (node);
  if (!check_keys (object, where, keys, error))
    return FALSE;
  column = json_object_get_member (object, "column");
  if (column == NULL)
    return mapping_error (error, "%s: a condition needs a “column”", where);

  condition = g_new0 (CxvCondition, 1);
  *out = condition;
  if (!parse_column_ref (column, where, &condition->column, error))
    return FALSE;

  if (json_object_has_member (object, "equals"))
    {
      n_ops++;
      condition->op = CXV_CONDITION_IN;
      if (!get_strv_member (object, "equals", where, &condition->values, error))
        return FALSE;
    }
  if (json_object_has_member (object, "in"))
    {
      n_ops++;
      condition->op = CXV_CONDITION_IN;
      if (!get_strv_member (object, "in", where, &condition->values, error))
        return FALSE;
    }
  if (json_object_has_member (object, "not_in"))
    {
      n_ops++;
      condition->op = CXV_CONDITION_NOT_IN;
      if (!get_strv_member (object, "not_in", where, &condition->values, error))
        return FALSE;
    }
  if (json_object_has_member (object, "not_empty"))
    {
      gboolean v = TRUE;

      n_ops++;
      if (!get_bool_member (object, "not_empty", where, &v, error))
        return FALSE;
      if (!v)
        return mapping_error (error, "%s: “not_empty” can only be true", where);
      condition->op = CXV_CONDITION_NOT_EMPTY;
    }
  if (json_object_has_member (object, "is"))
    {
      gboolean v = TRUE;

      n_ops++;
      if (!get_bool_member (object, "is", where, &v, error))
        return FALSE;
      condition->op = v ? CXV_CONDITION_TRUE : CXV_CONDITION_FALSE;
    }
  if (n_ops != 1)
    return mapping_error (error, "%s: a condition needs exactly one of “equals”, “in”, "
                          "“not_in”, “not_empty” and “is”", where);
  return TRUE;
}

static gboolean
parse_conditions (JsonNode *node, const char *where, GPtrArray *conditions, GError **error)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          CxvCondition *condition = NULL;
          gboolean ok = parse_condition (json_array_get_element (array, i), where,
                                         &condition, error);

          if (condition != NULL)
            g_ptr_array_add (conditions, condition);
          if (!ok)
            return FALSE;
        }
      return TRUE;
    }
  else
    {
      CxvCondition *condition = NULL;
      gboolean ok = parse_condition (node, where, &condition, error);

      if (condition != NULL)
        g_ptr_array_add (conditions, condition);
      return ok;
    }
}

static const CxvFieldSpec *
find_field (CxvRecordKind kind, const char *name, guint *position)
{
  for (guint i = 0; i < kind_fields[kind].n; i++)
    if (strcmp (kind_fields[kind].fields[i].name, name) == 0)
      {
        if (position != NULL)
          *position = i;
        return &kind_fields[kind].fields[i];
      }
  return NULL;
}

static char *
list_field_names (CxvRecordKind kind)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < kind_fields[kind].n; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", kind_fields[kind].fields[i].name);
  return g_string_free (s, FALSE);
}

gboolean
cxv_parse_month_count (const char *text,
                       int        *months)
{
  char *end;
  gint64 whole = g_ascii_strtoll (text, &end, 10);

  if (end == text || !g_ascii_isdigit (*text))
    return FALSE;
  if (*end == '.')
    for (end++; *end == '0'; end++)
      ;
  if (*end != '\0' || whole < 0 || whole > 120000)
    return FALSE;
  *months = (int) whole;
  return TRUE;
}

/* Checks a constant or a map's replacement against the field's type, so a
 * typo in the mapping is reported before any row is read. Empty text
 * stands for "no value" and fits every field. */
static gboolean
check_constant (const CxvCompiledField *field, const char *text, const char *date_format,
                const char *where, GError **error)
{
  const CxvFieldSpec *spec = field->spec;
  CxvDate date;
  int months;

  if (*text == '\0')
    return TRUE;

  switch (spec->type)
    {
    case CXV_FIELD_ENUM:
      {
        g_autoptr(GEnumClass) klass = g_type_class_ref (spec->enum_type ());

        if (g_enum_get_value_by_nick (klass, text) == NULL)
          {
            g_autoptr(GString) nicks = g_string_new (NULL);

            for (guint i = 0; i < klass->n_values; i++)
              g_string_append_printf (nicks, "%s%s", i ? ", " : "", klass->values[i].value_nick);
            return mapping_error (error, "%s: “%s” is not one of %s", where, text, nicks->str);
          }
        return TRUE;
      }
    case CXV_FIELD_DATE:
      if (field->months_before != CXV_DATE_NONE)
        {
          if (!cxv_parse_month_count (text, &months))
            return mapping_error (error, "%s: “%s” is not a count of months", where, text);
          return TRUE;
        }
      if (!cxv_date_parse_pattern (text, strlen (text), date_format, TRUE, &date))
        return mapping_error (error, "%s: “%s” is not a date in the format “%s”", where, text,
                              date_format);
      return TRUE;
    default:
      return TRUE;
    }
}

static gboolean
parse_field (CxvRecordKind kind, const char *name, JsonNode *node, const char *date_format,
             CxvCompiledField *field, const char *record_where, GError **error)
{
  static const char *const keys[] = {
    "column", "value", "line_number", "format", "map", "default", "months_before", "split",
    "negate", "when", NULL,
  };
  g_autofree char *where = g_strdup_printf ("%s, field “%s”", record_where, name);
  JsonObject *object;
  JsonNode *column, *value, *map;
  const char *months_before = NULL;

  field->column.index = -1;
  field->months_before = CXV_DATE_NONE;
  field->present = TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return parse_column_ref (node, where, &field->column, error);

  object = json_node_get_object (node);
  if (!check_keys (object, where, keys, error))
    return FALSE;

  column = json_object_get_member (object, "column");
  value = json_object_get_member (object, "value");
  if (!get_bool_member (object, "line_number", where, &field->line_number, error) ||
      !get_bool_member (object, "negate", where, &field->negate, error))
    return FALSE;
  if ((column != NULL) + (value != NULL) + (field->line_number != FALSE) != 1)
    return mapping_error (error, "%s: give one of “column”, “value” and “line_number”", where);
  if (field->negate && field->spec->type != CXV_FIELD_MONEY)
    return mapping_error (error, "%s: “negate” applies only to amounts", where);
  if (column != NULL && !parse_column_ref (column, where, &field->column, error))
    return FALSE;
  if (value != NULL)
    {
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        field->constant = g_strdup (json_node_get_string (value));
      else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
        field->constant = g_strdup (json_node_get_boolean (value) ? "true" : "false");
      else
        return mapping_error (error, "%s: “value” must be a string or a boolean, not %s", where,
                              cxv_json_type_name (value));
    }

  {
    const char *format = NULL, *default_text = NULL, *split = NULL;

    if (!get_string_member (object, "format", where, FALSE, &format, error) ||
        !get_string_member (object, "default", where, TRUE, &default_text, error) ||
        !get_string_member (object, "months_before", where, FALSE, &months_before, error) ||
        !get_string_member (object, "split", where, FALSE, &split, error))
      return FALSE;
    field->format = g_strdup (format);
    field->default_text = g_strdup (default_text);
    field->split = g_strdup (split);
  }

  if (field->format != NULL && !cxv_date_pattern_is_valid (field->format))
    return mapping_error (error, "%s: “%s” is not a date format (use %%Y %%y %%m %%d %%j %%b)",
                          where, field->format);
  if (field->format != NULL && field->spec->type != CXV_FIELD_DATE)
    return mapping_error (error, "%s: “format” applies only to dates", where);
  if (field->split != NULL && field->spec->type != CXV_FIELD_LIST)
    return mapping_error (error, "%s: “split” applies only to lists", where);
  if (months_before != NULL)
    {
      if (field->spec->type != CXV_FIELD_DATE)
        return mapping_error (error, "%s: “months_before” applies only to dates", where);
      if (!cxv_date_parse_pattern (months_before, strlen (months_before), "%Y-%m-%d", FALSE,
                                   &field->months_before))
        return mapping_error (error, "%s: “months_before” must be an ISO date, not “%s”", where,
                              months_before);
    }

  map = json_object_get_member (object, "map");
  if (map != NULL)
    {
      JsonObject *map_object;
      g_autoptr(GList) members = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (map))
        return mapping_error (error, "%s: “map” must be an object, not %s", where,
                              cxv_json_type_name (map));
      map_object = json_node_get_object (map);
      field->map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      members = json_object_get_members (map_object);
      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *to = NULL;

          if (!get_string_member (map_object, l->data, where, TRUE, &to, error))
            return FALSE;
          if (to != NULL && !check_constant (field, to,
                                             field->format ? field->format : date_format,
                                             where, error))
            return FALSE;
          if (strcmp (l->data, "*") == 0)
            field->map_other = g_strdup (to ? to : "");
          else
            g_hash_table_insert (field->map, g_strdup (l->data), g_strdup (to ? to : ""));
        }
    }

  if (field->constant != NULL && field->map == NULL &&
      !check_constant (field, field->constant,
                       field->format ? field->format : date_format, where, error))
    return FALSE;
  if (field->default_text != NULL && field->map == NULL &&
      !check_constant (field, field->default_text,
                       field->format ? field->format : date_format, where, error))
    return FALSE;

  if (json_object_has_member (object, "when"))
    {
      if (!parse_condition (json_object_get_member (object, "when"), where, &field->when, error))
        return FALSE;
    }

  (void) kind;
  return TRUE;
}

static gboolean
parse_record (JsonNode *node, guint number, const char *date_format,
              CxvCompiledRecord *record, GError **error)
{
  static const char *const keys[] = { "kind", "fields", "when", "create_ids", NULL };
  g_autofree char *where = g_strdup_printf ("record %u", number);
  g_autoptr(GEnumClass) kind_class = g_type_class_ref (CXV_TYPE_RECORD_KIND);
  const char *kind_name = NULL;
  GEnumValue *kind_value;
  JsonObject *object, *fields;
  JsonNode *fields_node;
  g_autoptr(GList) members = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return mapping_error (error, "%s: must be an object, not %s", where, cxv_json_type_name (node));
  object = json_node_get_object (node);
  if (!check_keys (object, where, keys, error) ||
      !get_string_member (object, "kind", where, FALSE, &kind_name, error) ||
      !get_bool_member (object, "create_ids", where, &record->create_ids, error))
    return FALSE;
  if (kind_name == NULL)
    return mapping_error (error, "%s: “kind” is missing", where);
  kind_value = g_enum_get_value_by_nick (kind_class, kind_name);
  if (kind_value == NULL)
    return mapping_error (error, "%s: “%s” is not a record kind (customer, product, holding, "
                          "revenue, interaction, feedback, usage, referral, initiative)",
                          where, kind_name);
  record->kind = kind_value->value;
  g_free (where);
  where = g_strdup_printf ("record %u (%s)", number, kind_name);

  record->n_fields = kind_fields[record->kind].n;
  for (guint i = 0; i < record->n_fields; i++)
    {
      const CxvFieldSpec *spec = &kind_fields[record->kind].fields[i];

      record->fields[i].spec = spec;
      if (spec->type == CXV_FIELD_ENUM)
        record->fields[i].enum_class = g_type_class_ref (spec->enum_type ());
    }

  record->when = g_ptr_array_new_with_free_func ((GDestroyNotify) condition_free);
  if (json_object_has_member (object, "when") &&
      !parse_conditions (json_object_get_member (object, "when"), where, record->when, error))
    return FALSE;

  fields_node = json_object_get_member (object, "fields");
  if (fields_node == NULL || !JSON_NODE_HOLDS_OBJECT (fields_node))
    return mapping_error (error, "%s: “fields” must be an object", where);
  fields = json_node_get_object (fields_node);
  members = json_object_get_members (fields);
  for (GList *l = members; l != NULL; l = l->next)
    {
      guint position;

      if (find_field (record->kind, l->data, &position) == NULL)
        {
          g_autofree char *names = list_field_names (record->kind);
          return mapping_error (error, "%s: unknown field “%s” (fields of %s: %s)", where,
                                (const char *) l->data, kind_name, names);
        }
      if (!parse_field (record->kind, l->data, json_object_get_member (fields, l->data),
                        date_format, &record->fields[position], where, error))
        return FALSE;
    }

  for (guint i = 0; i < record->n_fields; i++)
    if (record->fields[i].spec->required && !record->fields[i].present)
      return mapping_error (error, "%s: the required field “%s” is not mapped", where,
                            record->fields[i].spec->name);
  return TRUE;
}

CxvCompiledMapping *
cxv_column_mapping_compile (CxvColumnMapping  *self,
                            GError           **error)
{
  static const char *const keys[] = {
    "name", "description", "currency", "delimiter", "quote", "header", "decimal_mark",
    "rounding", "date_format", "true_words", "false_words", "records", NULL,
  };
  g_autoptr(CxvCompiledMapping) mapping = g_new0 (CxvCompiledMapping, 1);
  JsonObject *root = self->root;
  const char *delimiter = ",", *quote = "\"", *decimal_mark = ".", *rounding = "none";
  const char *currency = NULL, *date_format = "%Y-%m-%d", *unused = NULL;
  JsonNode *records;

  mapping->header = TRUE;
  mapping->records = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);

  if (!check_keys (root, "mapping", keys, error) ||
      !get_string_member (root, "name", "mapping", TRUE, &unused, error) ||
      !get_string_member (root, "description", "mapping", TRUE, &unused, error) ||
      !get_string_member (root, "currency", "mapping", TRUE, &currency, error) ||
      !get_string_member (root, "delimiter", "mapping", FALSE, &delimiter, error) ||
      !get_string_member (root, "quote", "mapping", TRUE, &quote, error) ||
      !get_bool_member (root, "header", "mapping", &mapping->header, error) ||
      !get_string_member (root, "decimal_mark", "mapping", FALSE, &decimal_mark, error) ||
      !get_string_member (root, "rounding", "mapping", FALSE, &rounding, error) ||
      !get_string_member (root, "date_format", "mapping", FALSE, &date_format, error) ||
      !get_strv_member (root, "true_words", "mapping", &mapping->true_words, error) ||
      !get_strv_member (root, "false_words", "mapping", &mapping->false_words, error))
    return NULL;

  if (strcmp (delimiter, "whitespace") == 0)
    mapping->delimiter = 0;
  else if (strlen (delimiter) == 1 && strchr (",;\t|", delimiter[0]) != NULL)
    mapping->delimiter = delimiter[0];
  else
    {
      mapping_error (error, "mapping: the delimiter must be “,”, “;”, “\\t”, “|” or "
                     "“whitespace”, not “%s”", delimiter);
      return NULL;
    }
  if (quote != NULL && strcmp (quote, "\"") != 0 && strcmp (quote, "'") != 0)
    {
      mapping_error (error, "mapping: the quote must be “\"”, “'” or null, not “%s”", quote);
      return NULL;
    }
  mapping->quote = quote ? quote[0] : 0;
  if (strcmp (decimal_mark, ".") != 0 && strcmp (decimal_mark, ",") != 0)
    {
      mapping_error (error, "mapping: the decimal mark must be “.” or “,”, not “%s”",
                     decimal_mark);
      return NULL;
    }
  mapping->decimal_mark = decimal_mark[0];
  if (mapping->decimal_mark == mapping->delimiter)
    {
      mapping_error (error, "mapping: the decimal mark and the delimiter are both “%s”",
                     decimal_mark);
      return NULL;
    }
  if (strcmp (rounding, "none") == 0)
    mapping->rounding = CXV_ROUNDING_NONE;
  else if (strcmp (rounding, "half-even") == 0)
    mapping->rounding = CXV_ROUNDING_HALF_EVEN;
  else
    {
      mapping_error (error, "mapping: rounding must be “none” or “half-even”, not “%s”",
                     rounding);
      return NULL;
    }
  if (currency != NULL && cxv_currency_get_decimals (currency) < 0)
    {
      mapping_error (error, "mapping: “%s” is not an ISO 4217 currency code", currency);
      return NULL;
    }
  mapping->currency = g_strdup (currency);
  if (!cxv_date_pattern_is_valid (date_format))
    {
      mapping_error (error, "mapping: “%s” is not a date format (use %%Y %%y %%m %%d %%j %%b)",
                     date_format);
      return NULL;
    }
  mapping->date_format = g_strdup (date_format);
  if (mapping->true_words == NULL)
    mapping->true_words = g_strdupv ((char **) default_true_words);
  if (mapping->false_words == NULL)
    mapping->false_words = g_strdupv ((char **) default_false_words);

  records = json_object_get_member (root, "records");
  if (records == NULL || !JSON_NODE_HOLDS_ARRAY (records) ||
      json_array_get_length (json_node_get_array (records)) == 0)
    {
      mapping_error (error, "mapping: “records” must be a non-empty array");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (records)); i++)
    {
      CxvCompiledRecord *record = g_new0 (CxvCompiledRecord, 1);

      g_ptr_array_add (mapping->records, record);
      if (!parse_record (json_array_get_element (json_node_get_array (records), i), i + 1,
                         mapping->date_format, record, error))
        return NULL;
    }

  return g_steal_pointer (&mapping);
}

static gboolean
resolve_ref (CxvColumnRef *ref, const char * const *header, guint n_columns,
             const char *display_name, GError **error)
{
  if (ref->name != NULL)
    {
      if (header == NULL)
        return mapping_error (error, "%s: the mapping names column “%s” but the file has no "
                              "header; use positions from 1", display_name, ref->name);
      for (guint i = 0; header[i] != NULL; i++)
        if (strcmp (header[i], ref->name) == 0)
          {
            ref->index = (int) i;
            return TRUE;
          }
      {
        g_autofree char *names = g_strjoinv (", ", (char **) header);
        return mapping_error (error, "%s: the mapping names column “%s”, which the header does "
                              "not have (it has: %s)", display_name, ref->name, names);
      }
    }
  if (ref->number > 0)
    {
      if (ref->number > n_columns)
        return mapping_error (error, "%s: the mapping names column %u, but the file has %u "
                              "columns", display_name, ref->number, n_columns);
      ref->index = (int) ref->number - 1;
    }
  return TRUE;
}

gboolean
cxv_compiled_mapping_resolve (CxvCompiledMapping *mapping,
                              const char * const *header,
                              guint               n_columns,
                              const char         *display_name,
                              GError            **error)
{
  for (guint r = 0; r < mapping->records->len; r++)
    {
      CxvCompiledRecord *record = g_ptr_array_index (mapping->records, r);

      for (guint c = 0; c < record->when->len; c++)
        {
          CxvCondition *condition = g_ptr_array_index (record->when, c);
          if (!resolve_ref (&condition->column, header, n_columns, display_name, error))
            return FALSE;
        }
      for (guint f = 0; f < record->n_fields; f++)
        {
          CxvCompiledField *field = &record->fields[f];

          if (!field->present)
            continue;
          if (!resolve_ref (&field->column, header, n_columns, display_name, error))
            return FALSE;
          if (field->when != NULL &&
              !resolve_ref (&field->when->column, header, n_columns, display_name, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
cxv_column_mapping_finalize (GObject *object)
{
  CxvColumnMapping *self = (CxvColumnMapping *) object;

  json_object_unref (self->root);

  G_OBJECT_CLASS (cxv_column_mapping_parent_class)->finalize (object);
}

static void
cxv_column_mapping_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CxvColumnMapping *self = CXV_COLUMN_MAPPING (object);

  switch (prop_id)
    {
    case PROP_DELIMITER:
      g_value_set_string (value, cxv_column_mapping_get_delimiter (self));
      break;
    case PROP_HAS_HEADER:
      g_value_set_boolean (value, cxv_column_mapping_get_has_header (self));
      break;
    case PROP_CURRENCY:
      g_value_set_string (value, cxv_column_mapping_get_currency (self));
      break;
    case PROP_DATE_FORMAT:
      g_value_set_string (value, cxv_column_mapping_get_date_format (self));
      break;
    case PROP_ROUNDING:
      g_value_set_enum (value, cxv_column_mapping_get_rounding (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_column_mapping_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CxvColumnMapping *self = CXV_COLUMN_MAPPING (object);

  switch (prop_id)
    {
    case PROP_DELIMITER:
      cxv_column_mapping_set_delimiter (self, g_value_get_string (value));
      break;
    case PROP_HAS_HEADER:
      cxv_column_mapping_set_has_header (self, g_value_get_boolean (value));
      break;
    case PROP_CURRENCY:
      cxv_column_mapping_set_currency (self, g_value_get_string (value));
      break;
    case PROP_DATE_FORMAT:
      cxv_column_mapping_set_date_format (self, g_value_get_string (value));
      break;
    case PROP_ROUNDING:
      cxv_column_mapping_set_rounding (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_column_mapping_class_init (CxvColumnMappingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = cxv_column_mapping_finalize;
  object_class->get_property = cxv_column_mapping_get_property;
  object_class->set_property = cxv_column_mapping_set_property;

  /**
   * CxvColumnMapping:delimiter:
   *
   * The field delimiter: `,` (the default), `;`, a tab, `|`, or
   * `whitespace` for runs of spaces and tabs.
   *
   * Since: 1.0
   */
  properties[PROP_DELIMITER] = g_param_spec_string ("delimiter", NULL, NULL, ",", rw);

  /**
   * CxvColumnMapping:has-header:
   *
   * Whether the first line names the columns. Default: true.
   *
   * Since: 1.0
   */
  properties[PROP_HAS_HEADER] = g_param_spec_boolean ("has-header", NULL, NULL, TRUE, rw);

  /**
   * CxvColumnMapping:currency:
   *
   * The ISO 4217 currency the file's amounts are in, or %NULL to take the
   * dataset's. An import into a dataset of another currency fails rather
   * than mixing currencies.
   *
   * Since: 1.0
   */
  properties[PROP_CURRENCY] = g_param_spec_string ("currency", NULL, NULL, NULL, rw);

  /**
   * CxvColumnMapping:date-format:
   *
   * The default pattern of date fields, ISO 8601 unless set. Patterns
   * know these directives, and match other characters literally:
   *
   * ```
   * %Y  4-digit year          %m  month, 1 or 2 digits
   * %y  2-digit year (1970-)  %d  day of the month, 1 or 2 digits
   * %j  day of the year       %b  English month abbreviation
   * ```
   *
   * Where two directives touch (`%Y%m%d`), months and days take exactly two
   * digits.
   *
   * Since: 1.0
   */
  properties[PROP_DATE_FORMAT] =
    g_param_spec_string ("date-format", NULL, NULL, "%Y-%m-%d", rw);

  /**
   * CxvColumnMapping:rounding:
   *
   * What to do with amounts written with more decimals than the currency
   * has. The default, %CXV_ROUNDING_NONE, makes them an error: nothing is
   * rounded silently.
   *
   * Since: 1.0
   */
  properties[PROP_ROUNDING] =
    g_param_spec_enum ("rounding", NULL, NULL, CXV_TYPE_ROUNDING, CXV_ROUNDING_NONE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cxv_column_mapping_init (CxvColumnMapping *self)
{
  self->root = json_object_new ();
  json_object_set_array_member (self->root, "records", json_array_new ());
}

/* ------------------------------------------------------------------ */
/* Construction                                                         */

/**
 * cxv_column_mapping_new:
 *
 * Creates an empty mapping, to be filled with
 * [method@Cxv.ColumnMapping.add_record] and the field setters.
 *
 * Returns: (transfer full): a new mapping
 *
 * Since: 1.0
 */
CxvColumnMapping *
cxv_column_mapping_new (void)
{
  return g_object_new (CXV_TYPE_COLUMN_MAPPING, NULL);
}

/**
 * cxv_column_mapping_new_from_data:
 * @data: (array length=length) (element-type guint8): JSON text
 * @length: the length of @data in bytes, or -1 if it is NUL-terminated
 * @error: return location for a #GError
 *
 * Loads a mapping from JSON and checks it.
 *
 * Returns: (transfer full): the mapping, or %NULL with @error set
 *   (%CXV_IMPORT_ERROR_MAPPING naming the key or field at fault)
 *
 * Since: 1.0
 */
CxvColumnMapping *
cxv_column_mapping_new_from_data (const char  *data,
                                  gssize       length,
                                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CxvColumnMapping) self = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      mapping_error (error, "The mapping is not valid JSON: %s", local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      mapping_error (error, "The mapping must be a JSON object");
      return NULL;
    }

  self = cxv_column_mapping_new ();
  json_object_unref (self->root);
  self->root = json_object_ref (json_node_get_object (root));
  if (!cxv_column_mapping_validate (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * cxv_column_mapping_new_from_file:
 * @path: (type filename): the path of a JSON mapping file
 * @error: return location for a #GError
 *
 * Loads a mapping from a JSON file and checks it.
 *
 * Returns: (transfer full): the mapping, or %NULL with @error set; errors
 *   in the mapping name the file
 *
 * Since: 1.0
 */
CxvColumnMapping *
cxv_column_mapping_new_from_file (const char  *path,
                                  GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  CxvColumnMapping *self;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_FAILED, "%s", local_error->message);
      return NULL;
    }
  self = cxv_column_mapping_new_from_data (contents, (gssize) length, &local_error);
  if (self == NULL)
    g_set_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_MAPPING, "%s: %s", path,
                 local_error->message);
  return self;
}

/**
 * cxv_column_mapping_list_presets:
 *
 * Lists the mappings built into the library, for the public data sets
 * libcxvalue is tested on (such as `cdnow`, `ibm-telco`, `maven-telecom`).
 *
 * Returns: (transfer full) (array zero-terminated=1): the preset names
 *
 * Since: 1.0
 */
char **
cxv_column_mapping_list_presets (void)
{
  g_auto(GStrv) children = g_resources_enumerate_children (PRESET_PATH, 0, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    if (g_str_has_suffix (children[i], ".json"))
      {
        g_autofree char *name = g_strndup (children[i], strlen (children[i]) - 5);
        g_strv_builder_add (builder, name);
      }
  return g_strv_builder_end (builder);
}

/**
 * cxv_column_mapping_new_preset:
 * @name: a name from [func@Cxv.ColumnMapping.list_presets]
 * @error: return location for a #GError
 *
 * Loads a mapping built into the library.
 *
 * Returns: (transfer full): the mapping, or %NULL with
 *   %CXV_IMPORT_ERROR_MAPPING for an unknown name
 *
 * Since: 1.0
 */
CxvColumnMapping *
cxv_column_mapping_new_preset (const char  *name,
                               GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = g_strconcat (PRESET_PATH, name, ".json", NULL);
  bytes = g_resources_lookup_data (path, 0, NULL);
  if (bytes == NULL)
    {
      g_auto(GStrv) presets = cxv_column_mapping_list_presets ();
      g_autofree char *list = g_strjoinv (", ", presets);
      mapping_error (error, "There is no preset mapping “%s” (presets: %s)", name, list);
      return NULL;
    }
  data = g_bytes_get_data (bytes, &size);
  return cxv_column_mapping_new_from_data (data, (gssize) size, error);
}

/**
 * cxv_column_mapping_to_json:
 * @self: a #CxvColumnMapping
 *
 * Writes the mapping as JSON, in the form [ctor@Cxv.ColumnMapping.new_from_data] reads.
 *
 * Returns: (transfer full): the JSON text
 *
 * Since: 1.0
 */
char *
cxv_column_mapping_to_json (CxvColumnMapping *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (CXV_IS_COLUMN_MAPPING (self), NULL);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, self->root);
  return json_to_string (node, TRUE);
}

/**
 * cxv_column_mapping_validate:
 * @self: a #CxvColumnMapping
 * @error: return location for a #GError
 *
 * Checks the mapping as an import would before reading a row: known keys
 * and fields, required fields mapped, constants of the right type.
 *
 * Returns: %TRUE if the mapping is usable; %FALSE with
 *   %CXV_IMPORT_ERROR_MAPPING naming what is wrong
 *
 * Since: 1.0
 */
gboolean
cxv_column_mapping_validate (CxvColumnMapping  *self,
                             GError           **error)
{
  g_autoptr(CxvCompiledMapping) compiled = NULL;

  g_return_val_if_fail (CXV_IS_COLUMN_MAPPING (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  compiled = cxv_column_mapping_compile (self, error);
  return compiled != NULL;
}

/* ------------------------------------------------------------------ */
/* Format properties                                                    */

static const char *
root_string (CxvColumnMapping *self, const char *member, const char *fallback)
{
  JsonNode *node = json_object_get_member (self->root, member);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return fallback;
}

static void
set_root_string (CxvColumnMapping *self, const char *member, const char *value, guint prop)
{
  const char *old = root_string (self, member, NULL);

  if (g_strcmp0 (old, value) == 0)
    return;
  if (value == NULL)
    json_object_remove_member (self->root, member);
  else
    json_object_set_string_member (self->root, member, value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * cxv_column_mapping_get_delimiter:
 * @self: a #CxvColumnMapping
 *
 * Gets [property@Cxv.ColumnMapping:delimiter].
 *
 * Returns: the delimiter
 *
 * Since: 1.0
 */
const char *
cxv_column_mapping_get_delimiter (CxvColumnMapping *self)
{
  g_return_val_if_fail (CXV_IS_COLUMN_MAPPING (self), NULL);

  return root_string (self, "delimiter", ",");
}

/**
 * cxv_column_mapping_set_delimiter:
 * @self: a #CxvColumnMapping
 * @delimiter: `,`, `;`, a tab, `|` or `whitespace`
 *
 * Sets [property@Cxv.ColumnMapping:delimiter]. An invalid delimiter is
 * reported by [method@Cxv.ColumnMapping.validate] and by an import.
 *
 * Since: 1.0
 */
void
cxv_column_mapping_set_delimiter (CxvColumnMapping *self,
                                  const char       *delimiter)
{
  g_return_if_fail (CXV_IS_COLUMN_MAPPING (self));
  g_return_if_fail (delimiter != NULL);

  set_root_string (self, "delimiter", delimiter, PROP_DELIMITER);
}

/**
 * cxv_column_mapping_get_has_header:
 * @self: a #CxvColumnMapping
 *
 * Gets [property@Cxv.ColumnMapping:has-header].
 *
 * Returns: whether the first line names the columns
 *
 * Since: 1.0
 */
gboolean
cxv_column_mapping_get_has_header (CxvColumnMapping *self)
{
  JsonNode *node;

  g_return_val_if_fail (CXV_IS_COLUMN_MAPPING (self), TRUE);

  node = json_object_get_member (self->root, "header");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return TRUE;
}

/**
 * cxv_column_mapping_set_has_header:
 * @self: a #CxvColumnMapping
 * @has_header: whether the first line names the columns
 *
 * Sets [property@Cxv.ColumnMapping:has-header].
 *
 * Since: 1.0
 */
void
cxv_column_mapping_set_has_header (CxvColumnMapping *self,
                                   gboolean          has_header)
{
  g_return_if_fail (CXV_IS_COLUMN_MAPPING (self));

  has_header = !!has_header;
  if (cxv_column_mapping_get_has_header (self) == has_header &&
      json_object_has_member (self->root, "header"))
    return;
  json_object_set_boolean_member (self->root, "header", has_header);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_HEADER]);
}

/**
 * cxv_column_mapping_get_currency:
 * @self: a #CxvColumnMapping
 *
 * Gets [property@Cxv.ColumnMapping:currency].
 *
 * Returns: (nullable): the currency code, or %NULL
 *
 * Since: 1.0
 */
const char *
cxv_column_mapping_get_currency (CxvColumnMapping *self)
{
  g_return_val_if_fail (CXV_IS_COLUMN_MAPPING (self), NULL);

  return root_string (self, "currency", NULL);
}

/**
 * cxv_column_mapping_set_currency:
 * @self: a #CxvColumnMapping
 * @currency: (nullable): an ISO 4217 code, or %NULL for the dataset's
 *
 * Sets [property@Cxv.ColumnMapping:currency].
 *
 * Since: 1.0
 */
void
cxv_column_mapping_set_currency (CxvColumnMapping *self,
                                 const char       *currency)
{
  g_return_if_fail (CXV_IS_COLUMN_MAPPING (self));

  set_root_string (self, "currency", currency, PROP_CURRENCY);
}

/**
 * cxv_column_mapping_get_date_format:
 * @self: a #CxvColumnMapping
 *
 * Gets [property@Cxv.ColumnMapping:date-format].
 *
 * Returns: the date pattern
 *
 * Since: 1.0
 */
const char *
cxv_column_mapping_get_date_format (CxvColumnMapping *self)
{
  g_return_val_if_fail (CXV_IS_COLUMN_MAPPING (self), NULL);

  return root_string (self, "date_format", "%Y-%m-%d");
}

/**
 * cxv_column_mapping_set_date_format:
 * @self: a #CxvColumnMapping
 * @date_format: a date pattern, as described at
 *   [property@Cxv.ColumnMapping:date-format]
 *
 * Sets [property@Cxv.ColumnMapping:date-format].
 *
 * Since: 1.0
 */
void
cxv_column_mapping_set_date_format (CxvColumnMapping *self,
                                    const char       *date_format)
{
  g_return_if_fail (CXV_IS_COLUMN_MAPPING (self));
  g_return_if_fail (date_format != NULL);

  set_root_string (self, "date_format", date_format, PROP_DATE_FORMAT);
}

/**
 * cxv_column_mapping_get_rounding:
 * @self: a #CxvColumnMapping
 *
 * Gets [property@Cxv.ColumnMapping:rounding].
 *
 * Returns: the rounding of amounts
 *
 * Since: 1.0
 */
CxvRounding
cxv_column_mapping_get_rounding (CxvColumnMapping *self)
{
  g_return_val_if_fail (CXV_IS_COLUMN_MAPPING (self), CXV_ROUNDING_NONE);

  return g_strcmp0 (root_string (self, "rounding", "none"), "half-even") == 0
    ? CXV_ROUNDING_HALF_EVEN : CXV_ROUNDING_NONE;
}

/**
 * cxv_column_mapping_set_rounding:
 * @self: a #CxvColumnMapping
 * @rounding: the rounding of amounts
 *
 * Sets [property@Cxv.ColumnMapping:rounding].
 *
 * Since: 1.0
 */
void
cxv_column_mapping_set_rounding (CxvColumnMapping *self,
                                 CxvRounding       rounding)
{
  g_return_if_fail (CXV_IS_COLUMN_MAPPING (self));

  set_root_string (self, "rounding", rounding == CXV_ROUNDING_HALF_EVEN ? "half-even" : "none",
                   PROP_ROUNDING);
}

/* ------------------------------------------------------------------ */
/* Records and fields                                                   */

static JsonArray *
records_array (CxvColumnMapping *self)
{
  JsonNode *node = json_object_get_member (self->root, "records");

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      json_object_set_array_member (self->root, "records", json_array_new ());
      node = json_object_get_member (self->root, "records");
    }
  return json_node_get_array (node);
}

static JsonObject *
record_object (CxvColumnMapping *self, guint record)
{
  JsonArray *records = records_array (self);

  if (record >= json_array_get_length (records))
    return NULL;
  return json_array_get_object_element (records, record);
}

/**
 * cxv_column_mapping_add_record:
 * @self: a #CxvColumnMapping
 * @kind: the kind of record each row yields
 *
 * Adds a record that each row of the file yields (subject to
 * [method@Cxv.ColumnMapping.set_when]). Its fields are then set with
 * [method@Cxv.ColumnMapping.set_column] and the other setters.
 *
 * Returns: the record's number, for the field setters
 *
 * Since: 1.0
 */
guint
cxv_column_mapping_add_record (CxvColumnMapping *self,
                               CxvRecordKind     kind)
{
  g_autoptr(GEnumClass) klass = NULL;
  JsonArray *records;
  JsonObject *record;

  g_return_val_if_fail (CXV_IS_COLUMN_MAPPING (self), 0);
  g_return_val_if_fail ((guint) kind < CXV_N_RECORD_KINDS, 0);

  klass = g_type_class_ref (CXV_TYPE_RECORD_KIND);
  records = records_array (self);
  record = json_object_new ();
  json_object_set_string_member (record, "kind", g_enum_get_value (klass, kind)->value_nick);
  json_object_set_object_member (record, "fields", json_object_new ());
  json_array_add_object_element (records, record);
  return json_array_get_length (records) - 1;
}

/**
 * cxv_column_mapping_get_n_records:
 * @self: a #CxvColumnMapping
 *
 * Counts the records each row may yield.
 *
 * Returns: the number of records
 *
 * Since: 1.0
 */
guint
cxv_column_mapping_get_n_records (CxvColumnMapping *self)
{
  g_return_val_if_fail (CXV_IS_COLUMN_MAPPING (self), 0);

  return json_array_get_length (records_array (self));
}

static gboolean
set_field_node (CxvColumnMapping *self, guint record, const char *field, JsonNode *node,
                GError **error)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (CXV_TYPE_RECORD_KIND);
  JsonObject *object = record_object (self, record);
  GEnumValue *kind;

  if (object == NULL)
    {
      json_node_unref (node);
      return mapping_error (error, "There is no record %u in the mapping", record);
    }
  kind = g_enum_get_value_by_nick (klass, json_object_get_string_member (object, "kind"));
  if (find_field (kind->value, field, NULL) == NULL)
    {
      g_autofree char *names = list_field_names (kind->value);
      json_node_unref (node);
      return mapping_error (error, "record %u (%s): unknown field “%s” (fields: %s)", record + 1,
                            kind->value_nick, field, names);
    }
  json_object_set_member (json_object_get_object_member (object, "fields"), field, node);
  return TRUE;
}

/**
 * cxv_column_mapping_set_column:
 * @self: a #CxvColumnMapping
 * @record: a record number from [method@Cxv.ColumnMapping.add_record]
 * @field: the field's name, such as `amount`
 * @column: the header name of the column that feeds it
 * @error: return location for a #GError
 *
 * Feeds a field from a column named in the header.
 *
 * Returns: %TRUE on success; %FALSE with %CXV_IMPORT_ERROR_MAPPING for an
 *   unknown record or field
 *
 * Since: 1.0
 */
gboolean
cxv_column_mapping_set_column (CxvColumnMapping  *self,
                               guint              record,
                               const char        *field,
                               const char        *column,
                               GError           **error)
{
  JsonNode *node;

  g_return_val_if_fail (CXV_IS_COLUMN_MAPPING (self), FALSE);
  g_return_val_if_fail (field != NULL && column != NULL, FALSE);

  node = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (node, column);
  return set_field_node (self, record, field, node, error);
}

/**
 * cxv_column_mapping_set_column_number:
 * @self: a #CxvColumnMapping
 * @record: a record number from [method@Cxv.ColumnMapping.add_record]
 * @field: the field's name
 * @position: the column's position, from 1
 * @error: return location for a #GError
 *
 * Feeds a field from a column given by position, for files without a header.
 *
 * Returns: %TRUE on success; %FALSE with %CXV_IMPORT_ERROR_MAPPING for an
 *   unknown record or field
 *
 * Since: 1.0
 */
gboolean
cxv_column_mapping_set_column_number (CxvColumnMapping  *self,
                                      guint              record,
                                      const char        *field,
                                      guint              position,
                                      GError           **error)
{
  JsonNode *node;

  g_return_val_if_fail (CXV_IS_COLUMN_MAPPING (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (position >= 1, FALSE);

  node = json_node_new (JSON_NODE_VALUE);
  json_node_set_int (node, position);
  return set_field_node (self, record, field, node, error);
}

/**
 * cxv_column_mapping_set_value:
 * @self: a #CxvColumnMapping
 * @record: a record number from [method@Cxv.ColumnMapping.add_record]
 * @field: the field's name
 * @value: the text every record gets for the field, converted like a cell
 * @error: return location for a #GError
 *
 * Gives a field the same value in every record, such as the product of a
 * holding derived from a service column.
 *
 * Returns: %TRUE on success; %FALSE with %CXV_IMPORT_ERROR_MAPPING for an
 *   unknown record or field
 *
 * Since: 1.0
 */
gboolean
cxv_column_mapping_set_value (CxvColumnMapping  *self,
                              guint              record,
                              const char        *field,
                              const char        *value,
                              GError           **error)
{
  JsonObject *object;
  JsonNode *node;

  g_return_val_if_fail (CXV_IS_COLUMN_MAPPING (self), FALSE);
  g_return_val_if_fail (field != NULL && value != NULL, FALSE);

  object = json_object_new ();
  json_object_set_string_member (object, "value", value);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return set_field_node (self, record, field, node, error);
}

/**
 * cxv_column_mapping_set_field_json:
 * @self: a #CxvColumnMapping
 * @record: a record number from [method@Cxv.ColumnMapping.add_record]
 * @field: the field's name
 * @json: the field's specification as JSON, as in a mapping file, such as
 *   `{"column": "Churn", "map": {"Yes": "2024-01-31", "No": ""}}`
 * @error: return location for a #GError
 *
 * Sets a field with any converter a mapping file can use.
 *
 * Returns: %TRUE on success; %FALSE with %CXV_IMPORT_ERROR_MAPPING for
 *   invalid JSON or an unknown record or field
 *
 * Since: 1.0
 */
gboolean
cxv_column_mapping_set_field_json (CxvColumnMapping  *self,
                                   guint              record,
                                   const char        *field,
                                   const char        *json,
                                   GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node;

  g_return_val_if_fail (CXV_IS_COLUMN_MAPPING (self), FALSE);
  g_return_val_if_fail (field != NULL && json != NULL, FALSE);

  node = json_from_string (json, &local_error);
  if (node == NULL)
    return mapping_error (error, "field “%s”: invalid JSON: %s", field,
                          local_error ? local_error->message : "empty");
  return set_field_node (self, record, field, node, error);
}

/**
 * cxv_column_mapping_set_when:
 * @self: a #CxvColumnMapping
 * @record: a record number from [method@Cxv.ColumnMapping.add_record]
 * @column: the header name of the column to test
 * @values: (array zero-terminated=1): the cell texts for which a row
 *   yields the record
 *
 * Makes a row yield the record only when @column holds one of @values:
 * this derives a holding from a yes/no service column. Conditions add up:
 * all must hold.
 *
 * Since: 1.0
 */
void
cxv_column_mapping_set_when (CxvColumnMapping   *self,
                             guint               record,
                             const char         *column,
                             const char * const *values)
{
  JsonObject *object, *condition;
  JsonNode *when;
  JsonArray *in, *list;

  g_return_if_fail (CXV_IS_COLUMN_MAPPING (self));
  g_return_if_fail (column != NULL && values != NULL);
  object = record_object (self, record);
  g_return_if_fail (object != NULL);

  condition = json_object_new ();
  json_object_set_string_member (condition, "column", column);
  in = json_array_new ();
  for (guint i = 0; values[i] != NULL; i++)
    json_array_add_string_element (in, values[i]);
  json_object_set_array_member (condition, "in", in);

  when = json_object_get_member (object, "when");
  if (when != NULL && JSON_NODE_HOLDS_ARRAY (when))
    list = json_node_get_array (when);
  else
    {
      list = json_array_new ();
      if (when != NULL)
        json_array_add_element (list, json_node_copy (when));
      json_object_set_array_member (object, "when", list);
    }
  json_array_add_object_element (list, condition);
}

/**
 * cxv_column_mapping_set_create_ids:
 * @self: a #CxvColumnMapping
 * @record: a record number from [method@Cxv.ColumnMapping.add_record]
 * @create_ids: whether to declare customers and products on first sight
 *
 * Lets the record declare the customers and products it names, with
 * default attributes, for files that come without a customer or product
 * list. Without it, an id that nothing declares makes
 * [method@Cxv.Dataset.seal] fail.
 *
 * Since: 1.0
 */
void
cxv_column_mapping_set_create_ids (CxvColumnMapping *self,
                                   guint             record,
                                   gboolean          create_ids)
{
  JsonObject *object;

  g_return_if_fail (CXV_IS_COLUMN_MAPPING (self));
  object = record_object (self, record);
  g_return_if_fail (object != NULL);

  json_object_set_boolean_member (object, "create_ids", create_ids);
}
