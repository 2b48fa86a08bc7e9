/* cxv-attribution-worksheet.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * CxvAttributionWorksheet:
 *
 * Revenue attribution for a business without tagged data: a worksheet of
 * estimates that credits all revenue once to CX management (CXM), to
 * customer success and support (CSM) or to sales.
 *
 * The worksheet holds the total revenue, itemised CXM amounts
 * ([enum@Cxv.AttributionWorksheetList.CXM_SWITCHED] and `CXM_EXPANDED`),
 * itemised CSM amounts (`CSM_EXPANDED` and `CSM_ACQUIRED`), optionally a
 * study share ([property@Cxv.AttributionWorksheet:study-share]) and
 * optionally the subtotals the user states. Amounts are in minor units of
 * [property@Cxv.AttributionWorksheet:currency] and never negative.
 *
 * [method@Cxv.AttributionWorksheet.compute] always derives the parts from
 * the items, never from the stated subtotals:
 *
 * - CXM = Σ `cxm.switched` + Σ `cxm.expanded`;
 * - CSM = Σ `csm.expanded` + Σ `csm.acquired` + study share × (total − CXM),
 *   the last term rounded to the minor unit, halves to even;
 * - sales = total − CXM − CSM.
 *
 * Every stated subtotal that differs from its computed part is reported as
 * a mismatch ([method@Cxv.AttributionWorksheet.get_mismatch]); a mismatch
 * is a finding, not an error. Parts that add up to more than the total are
 * an error.
 *
 * ## The JSON form
 *
 * [ctor@Cxv.AttributionWorksheet.new_from_data] reads, and
 * [method@Cxv.AttributionWorksheet.to_json] writes:
 *
 * ```json
 * {"currency": "USD", "total_revenue": "900000000",
 *  "cxm": {"switched": [{"label": "Product A", "amount": "60000000"}],
 *          "expanded": []},
 *  "csm": {"expanded": [], "acquired": [], "study_share": null},
 *  "stated": {"cxm": "150000000", "csm": "150000000"}}
 * ```
 *
 * `currency` (an ISO 4217 code) and `total_revenue` are required; `cxm`,
 * `csm`, `stated` and each list may be left out or null. Amounts are
 * decimal strings with at most the currency's decimals, read exactly (see
 * [func@Cxv.money_parse]). An item may repeat the `currency`, which must
 * then be the worksheet's. `study_share` is a percentage from 0 to 100 (a
 * number or a decimal string, kept to 6 decimals, halves to even) or null;
 * `stated` may hold `cxm`, `csm` and `sales`. Any other key is an error.
 *
 * Errors are in %CXV_ANALYSIS_ERROR, code
 * [error@Cxv.AnalysisError.INVALID_ARGUMENT], and name the field first:
 * `cxm.switched[1].amount: “-5” is negative`.
 *
 * Since: 1.0
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "cxv-attribution-worksheet.h"
#include "cxv-error.h"
#include "cxv-json-private.h"
#include "cxv-money.h"
#include "cxv-money-private.h"

#define N_LISTS 4
#define N_PARTS 3

/* The study share in millionths of a percent: 100 % is 10^8. */
#define SHARE_SCALE G_GINT64_CONSTANT (1000000)
#define SHARE_FULL (100 * SHARE_SCALE)
#define SHARE_NONE G_GINT64_CONSTANT (-1)

typedef struct
{
  char   *label;
  gint64  amount;
} Item;

struct _CxvAttributionWorksheet
{
  GObject  parent_instance;

  char    *currency;
  int      decimals;
  gint64   total;
  GArray  *items[N_LISTS];
  gint64   study_share;
  gint64   stated[N_PARTS];
  gboolean has_stated[N_PARTS];

  gboolean computed;
  gint64   parts[N_PARTS];
  gint64   study_amount;
  guint    n_mismatches;
  CxvAttributionWorksheetPart mismatches[N_PARTS];
};

G_DEFINE_FINAL_TYPE (CxvAttributionWorksheet, cxv_attribution_worksheet, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CURRENCY,
  PROP_DECIMALS,
  PROP_TOTAL_REVENUE,
  PROP_STUDY_SHARE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Where each list lives in the JSON. */
static const struct
{
  const char *group;
  const char *key;
} list_fields[N_LISTS] = {
  { "cxm", "switched" },
  { "cxm", "expanded" },
  { "csm", "expanded" },
  { "csm", "acquired" },
};

static const char *const part_names[N_PARTS] = { "cxm", "csm", "sales" };

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_clear_pointer (&item->label, g_free);
}

static void
cxv_attribution_worksheet_finalize (GObject *object)
{
  CxvAttributionWorksheet *self = (CxvAttributionWorksheet *) object;

  g_clear_pointer (&self->currency, g_free);
  for (guint i = 0; i < N_LISTS; i++)
    g_clear_pointer (&self->items[i], g_array_unref);

  G_OBJECT_CLASS (cxv_attribution_worksheet_parent_class)->finalize (object);
}

static void
cxv_attribution_worksheet_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  CxvAttributionWorksheet *self = CXV_ATTRIBUTION_WORKSHEET (object);

  switch (prop_id)
    {
    case PROP_CURRENCY:
      g_value_set_string (value, self->currency);
      break;
    case PROP_DECIMALS:
      g_value_set_int (value, self->decimals);
      break;
    case PROP_TOTAL_REVENUE:
      g_value_set_int64 (value, self->total);
      break;
    case PROP_STUDY_SHARE:
      g_value_set_double (value, cxv_attribution_worksheet_get_study_share (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_attribution_worksheet_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  CxvAttributionWorksheet *self = CXV_ATTRIBUTION_WORKSHEET (object);

  switch (prop_id)
    {
    case PROP_CURRENCY:
      cxv_attribution_worksheet_set_currency (self, g_value_get_string (value));
      break;
    case PROP_TOTAL_REVENUE:
      cxv_attribution_worksheet_set_total_revenue (self, g_value_get_int64 (value));
      break;
    case PROP_STUDY_SHARE:
      cxv_attribution_worksheet_set_study_share (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_attribution_worksheet_class_init (CxvAttributionWorksheetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = cxv_attribution_worksheet_finalize;
  object_class->get_property = cxv_attribution_worksheet_get_property;
  object_class->set_property = cxv_attribution_worksheet_set_property;

  /**
   * CxvAttributionWorksheet:currency:
   *
   * The ISO 4217 code of the currency every amount is in, or %NULL until
   * set. Changing it does not convert the amounts already entered: they
   * stay the same number of minor units.
   *
   * Since: 1.0
   */
  properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, NULL, NULL, rw);

  /**
   * CxvAttributionWorksheet:decimals:
   *
   * The decimals of [property@Cxv.AttributionWorksheet:currency], or -1
   * while no currency is set.
   *
   * Since: 1.0
   */
  properties[PROP_DECIMALS] =
    g_param_spec_int ("decimals", NULL, NULL, -1, 6, -1,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * CxvAttributionWorksheet:total-revenue:
   *
   * All revenue of the period the worksheet covers, in minor units.
   *
   * Since: 1.0
   */
  properties[PROP_TOTAL_REVENUE] =
    g_param_spec_int64 ("total-revenue", NULL, NULL, 0, G_MAXINT64, 0, rw);

  /**
   * CxvAttributionWorksheet:study-share:
   *
   * The share of purchases, in percent from 0 to 100, that a study found
   * benefited from customer success or support interventions, or -1 for
   * none (the default). It credits to CSM that share of all revenue minus
   * CXM revenue, on top of the CSM items. It is kept to 6 decimals.
   *
   * Since: 1.0
   */
  properties[PROP_STUDY_SHARE] =
    g_param_spec_double ("study-share", NULL, NULL, -1.0, 100.0, -1.0, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cxv_attribution_worksheet_init (CxvAttributionWorksheet *self)
{
  self->decimals = -1;
  self->study_share = SHARE_NONE;
  for (guint i = 0; i < N_LISTS; i++)
    {
      self->items[i] = g_array_new (FALSE, TRUE, sizeof (Item));
      g_array_set_clear_func (self->items[i], item_clear);
    }
}

/**
 * cxv_attribution_worksheet_new:
 *
 * Creates an empty worksheet: no currency, no revenue, no items.
 *
 * Returns: (transfer full): a new #CxvAttributionWorksheet
 *
 * Since: 1.0
 */
CxvAttributionWorksheet *
cxv_attribution_worksheet_new (void)
{
  return g_object_new (CXV_TYPE_ATTRIBUTION_WORKSHEET, NULL);
}

/* ------------------------------------------------------------------ */
/* Reading JSON                                                         */

static gboolean field_error (GError    **error,
                             const char *field,
                             const char *format,
                             ...) G_GNUC_PRINTF (3, 4);

static gboolean
field_error (GError    **error,
             const char *field,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
               "%s: %s", field, message);
  return FALSE;
}

static gboolean
is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

/* Refuses any member of @object not in @allowed, naming it. */
static gboolean
check_keys (JsonObject        *object,
            const char        *prefix,
            const char *const *allowed,
            GError           **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;

      if (!g_strv_contains (allowed, key))
        {
          g_autofree char *known = g_strjoinv (", ", (char **) allowed);
          g_autofree char *field = prefix != NULL ? g_strdup_printf ("%s.%s", prefix, key)
                                                  : g_strdup (key);

          return field_error (error, field, "unknown key (the keys here are %s)", known);
        }
    }
  return TRUE;
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* An amount: a decimal string, exact, not negative. */
static gboolean
read_amount (JsonNode    *node,
             const char  *field,
             int          decimals,
             gint64      *amount,
             GError     **error)
{
  g_autoptr(GError) local = NULL;
  const char *text;

  if (node == NULL)
    return field_error (error, field, "missing");
  if (!is_string (node))
    return field_error (error, field, "%s, not a decimal string such as \"60000000\"",
                        cxv_json_type_name (node));
  text = json_node_get_string (node);
  if (!cxv_money_parse (text, decimals, CXV_ROUNDING_NONE, amount, &local))
    return field_error (error, field, "%s", local->message);
  if (*amount < 0)
    return field_error (error, field, "“%s” is negative", text);
  return TRUE;
}

/* An optional object: NULL when absent or null. */
static gboolean
read_object (JsonNode    *node,
             const char  *field,
             JsonObject **object,
             GError     **error)
{
  *object = NULL;
  if (is_null (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return field_error (error, field, "%s, not an object", cxv_json_type_name (node));
  *object = json_node_get_object (node);
  return TRUE;
}

static gboolean
read_items (CxvAttributionWorksheet     *self,
            CxvAttributionWorksheetList  list,
            JsonObject                  *group,
            GError                     **error)
{
  static const char *const item_keys[] = { "label", "amount", "currency", NULL };
  g_autofree char *field = g_strdup_printf ("%s.%s", list_fields[list].group,
                                            list_fields[list].key);
  JsonNode *node = json_object_get_member (group, list_fields[list].key);
  JsonArray *array;

  if (is_null (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return field_error (error, field, "%s, not an array of items", cxv_json_type_name (node));
  array = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item_field = g_strdup_printf ("%s[%u]", field, i);
      g_autofree char *label_field = g_strdup_printf ("%s.label", item_field);
      g_autofree char *amount_field = g_strdup_printf ("%s.amount", item_field);
      g_autofree char *currency_field = g_strdup_printf ("%s.currency", item_field);
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      JsonNode *label, *currency;
      gint64 amount;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return field_error (error, item_field, "%s, not an object with a label and an amount",
                            cxv_json_type_name (element));
      object = json_node_get_object (element);
      if (!check_keys (object, item_field, item_keys, error))
        return FALSE;

      label = json_object_get_member (object, "label");
      if (!is_null (label) && !is_string (label))
        return field_error (error, label_field, "%s, not a string", cxv_json_type_name (label));

      /* An item may say its currency, to guard against a figure copied
       * from a report in another currency. */
      currency = json_object_get_member (object, "currency");
      if (!is_null (currency))
        {
          const char *code;

          if (!is_string (currency))
            return field_error (error, currency_field, "%s, not a currency code",
                                cxv_json_type_name (currency));
          code = json_node_get_string (currency);
          if (cxv_currency_get_decimals (code) < 0)
            return field_error (error, currency_field, "“%s” is not an ISO 4217 currency code",
                                code);
          if (!g_str_equal (code, self->currency))
            return field_error (error, currency_field,
                                "“%s” differs from the worksheet's currency “%s”",
                                code, self->currency);
        }

      if (!read_amount (json_object_get_member (object, "amount"), amount_field,
                        self->decimals, &amount, error))
        return FALSE;

      cxv_attribution_worksheet_add_item (self, list,
                                          is_null (label) ? "" : json_node_get_string (label),
                                          amount);
    }
  return TRUE;
}

/* Percent to millionths of a percent, halves to even. */
static gint64
share_from_double (double percent)
{
  return (gint64) rint (percent * (double) SHARE_SCALE);
}

static gboolean
read_study_share (CxvAttributionWorksheet  *self,
                  JsonNode                 *node,
                  GError                  **error)
{
  const char *field = "csm.study_share";
  g_autofree char *text = NULL;
  gint64 share;

  if (is_null (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return field_error (error, field, "%s, not a percentage", cxv_json_type_name (node));

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      text = g_strdup (json_node_get_string (node));
      if (!cxv_money_parse (text, 6, CXV_ROUNDING_HALF_EVEN, &share, NULL))
        return field_error (error, field, "“%s” is not a percentage", text);
    }
  else
    {
      double value = json_node_get_double (node);

      text = g_strdup_printf ("%g", value);
      if (!isfinite (value) || value < 0 || value > 100)
        return field_error (error, field, "%s is outside 0-100 %%", text);
      share = share_from_double (value);
    }
  if (share < 0 || share > SHARE_FULL)
    return field_error (error, field, "%s is outside 0-100 %%", text);

  self->study_share = share;
  return TRUE;
}

static gboolean
load (CxvAttributionWorksheet  *self,
      JsonNode                 *root,
      GError                  **error)
{
  static const char *const top_keys[] = {
    "currency", "total_revenue", "cxm", "csm", "stated", NULL
  };
  static const char *const cxm_keys[] = { "switched", "expanded", NULL };
  static const char *const csm_keys[] = { "expanded", "acquired", "study_share", NULL };
  static const char *const stated_keys[] = { "cxm", "csm", "sales", NULL };
  JsonObject *top, *cxm, *csm, *stated;
  JsonNode *currency;
  const char *code;
  gint64 total;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return field_error (error, "worksheet", "%s, not a JSON object",
                        root == NULL ? "empty" : cxv_json_type_name (root));
  top = json_node_get_object (root);
  if (!check_keys (top, NULL, top_keys, error))
    return FALSE;

  /* The currency first: the amounts are read in its decimals. */
  currency = json_object_get_member (top, "currency");
  if (currency == NULL)
    return field_error (error, "currency", "missing");
  if (!is_string (currency))
    return field_error (error, "currency", "%s, not a currency code", cxv_json_type_name (currency));
  code = json_node_get_string (currency);
  if (cxv_currency_get_decimals (code) < 0)
    return field_error (error, "currency", "“%s” is not an ISO 4217 currency code", code);
  cxv_attribution_worksheet_set_currency (self, code);

  if (!read_amount (json_object_get_member (top, "total_revenue"), "total_revenue",
                    self->decimals, &total, error))
    return FALSE;
  cxv_attribution_worksheet_set_total_revenue (self, total);

  if (!read_object (json_object_get_member (top, "cxm"), "cxm", &cxm, error))
    return FALSE;
  if (cxm != NULL)
    {
      if (!check_keys (cxm, "cxm", cxm_keys, error) ||
          !read_items (self, CXV_ATTRIBUTION_WORKSHEET_LIST_CXM_SWITCHED, cxm, error) ||
          !read_items (self, CXV_ATTRIBUTION_WORKSHEET_LIST_CXM_EXPANDED, cxm, error))
        return FALSE;
    }

  if (!read_object (json_object_get_member (top, "csm"), "csm", &csm, error))
    return FALSE;
  if (csm != NULL)
    {
      if (!check_keys (csm, "csm", csm_keys, error) ||
          !read_items (self, CXV_ATTRIBUTION_WORKSHEET_LIST_CSM_EXPANDED, csm, error) ||
          !read_items (self, CXV_ATTRIBUTION_WORKSHEET_LIST_CSM_ACQUIRED, csm, error) ||
          !read_study_share (self, json_object_get_member (csm, "study_share"), error))
        return FALSE;
    }

  if (!read_object (json_object_get_member (top, "stated"), "stated", &stated, error))
    return FALSE;
  if (stated != NULL)
    {
      if (!check_keys (stated, "stated", stated_keys, error))
        return FALSE;
      for (guint p = 0; p < N_PARTS; p++)
        {
          g_autofree char *field = g_strdup_printf ("stated.%s", part_names[p]);
          JsonNode *node = json_object_get_member (stated, part_names[p]);
          gint64 amount;

          if (is_null (node))
            continue;
          if (!read_amount (node, field, self->decimals, &amount, error))
            return FALSE;
          cxv_attribution_worksheet_set_stated (self, p, amount);
        }
    }

  return cxv_attribution_worksheet_compute (self, error);
}

/**
 * cxv_attribution_worksheet_new_from_data:
 * @data: the worksheet as JSON (see the class description)
 * @length: the length of @data in bytes, or -1 if it is nul-terminated
 * @error: return location for a #GError
 *
 * Reads a worksheet and computes it ([method@Cxv.AttributionWorksheet.compute]).
 *
 * Returns: (transfer full): the worksheet, or %NULL with @error set in
 *   %CXV_ANALYSIS_ERROR ([error@Cxv.AnalysisError.INVALID_ARGUMENT]), the
 *   message naming the field at fault
 *
 * Since: 1.0
 */
CxvAttributionWorksheet *
cxv_attribution_worksheet_new_from_data (const char  *data,
                                         gssize       length,
                                         GError     **error)
{
  g_autoptr(CxvAttributionWorksheet) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local))
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "not valid JSON: %s", local->message);
      return NULL;
    }

  self = cxv_attribution_worksheet_new ();
  if (!load (self, json_parser_get_root (parser), error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * cxv_attribution_worksheet_new_from_file:
 * @path: (type filename): a worksheet JSON file
 * @error: return location for a #GError
 *
 * Reads a worksheet from a file, as
 * [ctor@Cxv.AttributionWorksheet.new_from_data] does; messages start with
 * @path.
 *
 * Returns: (transfer full): the worksheet, or %NULL with @error set
 *   (%G_FILE_ERROR when the file cannot be read)
 *
 * Since: 1.0
 */
CxvAttributionWorksheet *
cxv_attribution_worksheet_new_from_file (const char  *path,
                                         GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;
  CxvAttributionWorksheet *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (length > G_MAXSSIZE)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "%s: too large", path);
      return NULL;
    }
  self = cxv_attribution_worksheet_new_from_data (contents, (gssize) length, error);
  if (self == NULL)
    g_prefix_error (error, "%s: ", path);
  return self;
}

/* ------------------------------------------------------------------ */
/* Writing JSON                                                         */

static void
add_amount (JsonBuilder *builder,
            gint64       amount,
            int          decimals)
{
  g_autofree char *text = cxv_money_format (amount, decimals);

  json_builder_add_string_value (builder, text);
}

/**
 * cxv_attribution_worksheet_to_json:
 * @self: a #CxvAttributionWorksheet
 *
 * Writes the worksheet in the JSON form
 * [ctor@Cxv.AttributionWorksheet.new_from_data] reads: every list, the
 * study share (null when there is none) and the stated subtotals there
 * are. Amounts are decimal strings with the currency's decimals.
 *
 * Returns: (transfer full): the JSON text, indented, ending in a newline
 *
 * Since: 1.0
 */
char *
cxv_attribution_worksheet_to_json (CxvAttributionWorksheet *self)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  int decimals;

  g_return_val_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self), NULL);

  /* Without a currency there are no decimals; the amounts are then
   * written as whole minor units, and reading the result fails on the
   * missing currency, as it should. */
  decimals = MAX (self->decimals, 0);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "currency");
  if (self->currency != NULL)
    json_builder_add_string_value (builder, self->currency);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "total_revenue");
  add_amount (builder, self->total, decimals);

  for (guint list = 0; list < N_LISTS; list++)
    {
      if (list == 0 || !g_str_equal (list_fields[list].group, list_fields[list - 1].group))
        {
          if (list > 0)
            json_builder_end_object (builder);
          json_builder_set_member_name (builder, list_fields[list].group);
          json_builder_begin_object (builder);
        }
      json_builder_set_member_name (builder, list_fields[list].key);
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->items[list]->len; i++)
        {
          const Item *item = &g_array_index (self->items[list], Item, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "label");
          json_builder_add_string_value (builder, item->label);
          json_builder_set_member_name (builder, "amount");
          add_amount (builder, item->amount, decimals);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_set_member_name (builder, "study_share");
  if (self->study_share == SHARE_NONE)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, cxv_attribution_worksheet_get_study_share (self));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "stated");
  json_builder_begin_object (builder);
  for (guint p = 0; p < N_PARTS; p++)
    if (self->has_stated[p])
      {
        json_builder_set_member_name (builder, part_names[p]);
        add_amount (builder, self->stated[p], decimals);
      }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}

/* ------------------------------------------------------------------ */
/* Accessors                                                            */

/**
 * cxv_attribution_worksheet_get_currency:
 * @self: a #CxvAttributionWorksheet
 *
 * Gets [property@Cxv.AttributionWorksheet:currency].
 *
 * Returns: (nullable): the ISO 4217 code, or %NULL if none is set
 *
 * Since: 1.0
 */
const char *
cxv_attribution_worksheet_get_currency (CxvAttributionWorksheet *self)
{
  g_return_val_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self), NULL);

  return self->currency;
}

/**
 * cxv_attribution_worksheet_set_currency:
 * @self: a #CxvAttributionWorksheet
 * @currency: (nullable): an ISO 4217 code such as `USD`, or %NULL
 *
 * Sets [property@Cxv.AttributionWorksheet:currency].
 *
 * Since: 1.0
 */
void
cxv_attribution_worksheet_set_currency (CxvAttributionWorksheet *self,
                                        const char              *currency)
{
  int decimals;

  g_return_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self));
  g_return_if_fail (currency == NULL || cxv_currency_get_decimals (currency) >= 0);

  if (g_strcmp0 (self->currency, currency) == 0)
    return;
  g_free (self->currency);
  self->currency = g_strdup (currency);
  self->computed = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENCY]);

  decimals = currency != NULL ? cxv_currency_get_decimals (currency) : -1;
  if (decimals != self->decimals)
    {
      self->decimals = decimals;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DECIMALS]);
    }
}

/**
 * cxv_attribution_worksheet_get_decimals:
 * @self: a #CxvAttributionWorksheet
 *
 * Gets [property@Cxv.AttributionWorksheet:decimals].
 *
 * Returns: the currency's decimals, or -1 without a currency
 *
 * Since: 1.0
 */
int
cxv_attribution_worksheet_get_decimals (CxvAttributionWorksheet *self)
{
  g_return_val_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self), -1);

  return self->decimals;
}

/**
 * cxv_attribution_worksheet_get_total_revenue:
 * @self: a #CxvAttributionWorksheet
 *
 * Gets [property@Cxv.AttributionWorksheet:total-revenue].
 *
 * Returns: all revenue, in minor units
 *
 * Since: 1.0
 */
gint64
cxv_attribution_worksheet_get_total_revenue (CxvAttributionWorksheet *self)
{
  g_return_val_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self), 0);

  return self->total;
}

/**
 * cxv_attribution_worksheet_set_total_revenue:
 * @self: a #CxvAttributionWorksheet
 * @amount: all revenue, in minor units, not negative
 *
 * Sets [property@Cxv.AttributionWorksheet:total-revenue].
 *
 * Since: 1.0
 */
void
cxv_attribution_worksheet_set_total_revenue (CxvAttributionWorksheet *self,
                                             gint64                   amount)
{
  g_return_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self));
  g_return_if_fail (amount >= 0);

  if (self->total != amount)
    {
      self->total = amount;
      self->computed = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_REVENUE]);
    }
}

/**
 * cxv_attribution_worksheet_get_study_share:
 * @self: a #CxvAttributionWorksheet
 *
 * Gets [property@Cxv.AttributionWorksheet:study-share].
 *
 * Returns: the study share in percent, or -1 if there is none
 *
 * Since: 1.0
 */
double
cxv_attribution_worksheet_get_study_share (CxvAttributionWorksheet *self)
{
  g_return_val_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self), -1.0);

  if (self->study_share == SHARE_NONE)
    return -1.0;
  return (double) self->study_share / (double) SHARE_SCALE;
}

/**
 * cxv_attribution_worksheet_set_study_share:
 * @self: a #CxvAttributionWorksheet
 * @percent: a percentage from 0 to 100, or -1 for none
 *
 * Sets [property@Cxv.AttributionWorksheet:study-share], kept to 6
 * decimals (halves to even).
 *
 * Since: 1.0
 */
void
cxv_attribution_worksheet_set_study_share (CxvAttributionWorksheet *self,
                                           double                   percent)
{
  gint64 share;

  g_return_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self));
  g_return_if_fail (percent == -1.0 || (percent >= 0.0 && percent <= 100.0));

  share = percent == -1.0 ? SHARE_NONE : share_from_double (percent);
  if (self->study_share != share)
    {
      self->study_share = share;
      self->computed = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STUDY_SHARE]);
    }
}

/**
 * cxv_attribution_worksheet_get_n_items:
 * @self: a #CxvAttributionWorksheet
 * @list: a list of the worksheet
 *
 * Gets the number of items in @list.
 *
 * Returns: the number of items
 *
 * Since: 1.0
 */
guint
cxv_attribution_worksheet_get_n_items (CxvAttributionWorksheet     *self,
                                       CxvAttributionWorksheetList  list)
{
  g_return_val_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self), 0);
  g_return_val_if_fail ((guint) list < N_LISTS, 0);

  return self->items[list]->len;
}

/**
 * cxv_attribution_worksheet_get_item_label:
 * @self: a #CxvAttributionWorksheet
 * @list: a list of the worksheet
 * @index: an item index, below [method@Cxv.AttributionWorksheet.get_n_items]
 *
 * Gets the label of an item.
 *
 * Returns: (transfer none): the label, possibly empty
 *
 * Since: 1.0
 */
const char *
cxv_attribution_worksheet_get_item_label (CxvAttributionWorksheet     *self,
                                          CxvAttributionWorksheetList  list,
                                          guint                        index)
{
  g_return_val_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self), NULL);
  g_return_val_if_fail ((guint) list < N_LISTS, NULL);
  g_return_val_if_fail (index < self->items[list]->len, NULL);

  return g_array_index (self->items[list], Item, index).label;
}

/**
 * cxv_attribution_worksheet_get_item_amount:
 * @self: a #CxvAttributionWorksheet
 * @list: a list of the worksheet
 * @index: an item index, below [method@Cxv.AttributionWorksheet.get_n_items]
 *
 * Gets the amount of an item.
 *
 * Returns: the amount, in minor units
 *
 * Since: 1.0
 */
gint64
cxv_attribution_worksheet_get_item_amount (CxvAttributionWorksheet     *self,
                                           CxvAttributionWorksheetList  list,
                                           guint                        index)
{
  g_return_val_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self), 0);
  g_return_val_if_fail ((guint) list < N_LISTS, 0);
  g_return_val_if_fail (index < self->items[list]->len, 0);

  return g_array_index (self->items[list], Item, index).amount;
}

/**
 * cxv_attribution_worksheet_add_item:
 * @self: a #CxvAttributionWorksheet
 * @list: the list to add to
 * @label: what the amount is for
 * @amount: the amount, in minor units, not negative
 *
 * Appends an item to @list.
 *
 * Since: 1.0
 */
void
cxv_attribution_worksheet_add_item (CxvAttributionWorksheet     *self,
                                    CxvAttributionWorksheetList  list,
                                    const char                  *label,
                                    gint64                       amount)
{
  Item item;

  g_return_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self));
  g_return_if_fail ((guint) list < N_LISTS);
  g_return_if_fail (label != NULL);
  g_return_if_fail (amount >= 0);

  item.label = g_strdup (label);
  item.amount = amount;
  g_array_append_val (self->items[list], item);
  self->computed = FALSE;
}

/**
 * cxv_attribution_worksheet_clear_items:
 * @self: a #CxvAttributionWorksheet
 * @list: the list to empty
 *
 * Removes every item of @list.
 *
 * Since: 1.0
 */
void
cxv_attribution_worksheet_clear_items (CxvAttributionWorksheet     *self,
                                       CxvAttributionWorksheetList  list)
{
  g_return_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self));
  g_return_if_fail ((guint) list < N_LISTS);

  g_array_set_size (self->items[list], 0);
  self->computed = FALSE;
}

/**
 * cxv_attribution_worksheet_get_stated:
 * @self: a #CxvAttributionWorksheet
 * @part: a part
 * @amount: (out) (optional): return location for the stated subtotal
 *
 * Gets the subtotal the user stated for @part, if any.
 *
 * Returns: %TRUE if a subtotal is stated for @part
 *
 * Since: 1.0
 */
gboolean
cxv_attribution_worksheet_get_stated (CxvAttributionWorksheet     *self,
                                      CxvAttributionWorksheetPart  part,
                                      gint64                      *amount)
{
  g_return_val_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self), FALSE);
  g_return_val_if_fail ((guint) part < N_PARTS, FALSE);

  if (amount != NULL)
    *amount = self->has_stated[part] ? self->stated[part] : 0;
  return self->has_stated[part];
}

/**
 * cxv_attribution_worksheet_set_stated:
 * @self: a #CxvAttributionWorksheet
 * @part: a part
 * @amount: the subtotal the user states for @part, in minor units
 *
 * States a subtotal, to be checked against the one computed from the
 * items.
 *
 * Since: 1.0
 */
void
cxv_attribution_worksheet_set_stated (CxvAttributionWorksheet     *self,
                                      CxvAttributionWorksheetPart  part,
                                      gint64                       amount)
{
  g_return_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self));
  g_return_if_fail ((guint) part < N_PARTS);
  g_return_if_fail (amount >= 0);

  self->stated[part] = amount;
  self->has_stated[part] = TRUE;
  self->computed = FALSE;
}

/**
 * cxv_attribution_worksheet_unset_stated:
 * @self: a #CxvAttributionWorksheet
 * @part: a part
 *
 * Forgets the subtotal stated for @part.
 *
 * Since: 1.0
 */
void
cxv_attribution_worksheet_unset_stated (CxvAttributionWorksheet     *self,
                                        CxvAttributionWorksheetPart  part)
{
  g_return_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self));
  g_return_if_fail ((guint) part < N_PARTS);

  self->stated[part] = 0;
  self->has_stated[part] = FALSE;
  self->computed = FALSE;
}

/* ------------------------------------------------------------------ */
/* Computing                                                            */

/* @base × @share / 100 %, rounded to the minor unit, halves to even,
 * without overflow: @base = q·D + r, so the product is q·share + r·share/D
 * with r·share below 10^16. */
static gint64
apply_share (gint64 base,
             gint64 share)
{
  gint64 q = base / SHARE_FULL;
  gint64 r = base % SHARE_FULL;
  gint64 num = r * share;
  gint64 result = q * share + num / SHARE_FULL;
  gint64 rest = num % SHARE_FULL;

  if (2 * rest > SHARE_FULL || (2 * rest == SHARE_FULL && (result & 1) != 0))
    result++;
  return result;
}

static gboolean
sum_list (CxvAttributionWorksheet     *self,
          CxvAttributionWorksheetList  list,
          gint64                      *sum)
{
  for (guint i = 0; i < self->items[list]->len; i++)
    if (!cxv_money_add_checked (*sum, g_array_index (self->items[list], Item, i).amount, sum))
      return FALSE;
  return TRUE;
}

/**
 * cxv_attribution_worksheet_compute:
 * @self: a #CxvAttributionWorksheet
 * @error: return location for a #GError
 *
 * Computes the three parts and the mismatches from the items, as the
 * class description says. Any change to the worksheet discards the
 * results until this runs again; a worksheet read from JSON comes
 * computed.
 *
 * Returns: %TRUE on success; %FALSE with @error set in %CXV_ANALYSIS_ERROR
 *   ([error@Cxv.AnalysisError.INVALID_ARGUMENT]) when there is no currency
 *   or the parts add up to more than the total revenue
 *
 * Since: 1.0
 */
gboolean
cxv_attribution_worksheet_compute (CxvAttributionWorksheet  *self,
                                   GError                  **error)
{
  gint64 cxm = 0, csm = 0, study = 0;

  g_return_val_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->computed = FALSE;
  if (self->currency == NULL)
    return field_error (error, "currency", "missing");

  if (!sum_list (self, CXV_ATTRIBUTION_WORKSHEET_LIST_CXM_SWITCHED, &cxm) ||
      !sum_list (self, CXV_ATTRIBUTION_WORKSHEET_LIST_CXM_EXPANDED, &cxm) ||
      cxm > self->total)
    {
      g_autofree char *total = cxv_money_format (self->total, self->decimals);

      return field_error (error, "cxm", "the items add up to more than total_revenue (%s)",
                          total);
    }

  if (self->study_share != SHARE_NONE)
    study = apply_share (self->total - cxm, self->study_share);
  if (!sum_list (self, CXV_ATTRIBUTION_WORKSHEET_LIST_CSM_EXPANDED, &csm) ||
      !sum_list (self, CXV_ATTRIBUTION_WORKSHEET_LIST_CSM_ACQUIRED, &csm) ||
      !cxv_money_add_checked (csm, study, &csm) ||
      csm > self->total - cxm)
    {
      g_autofree char *rest = cxv_money_format (self->total - cxm, self->decimals);

      return field_error (error, "csm",
                          "the items%s add up to more than total_revenue minus cxm (%s)",
                          self->study_share != SHARE_NONE ? " and the study share" : "", rest);
    }

  self->parts[CXV_ATTRIBUTION_WORKSHEET_PART_CXM] = cxm;
  self->parts[CXV_ATTRIBUTION_WORKSHEET_PART_CSM] = csm;
  self->parts[CXV_ATTRIBUTION_WORKSHEET_PART_SALES] = self->total - cxm - csm;
  self->study_amount = study;
  self->n_mismatches = 0;
  for (guint p = 0; p < N_PARTS; p++)
    if (self->has_stated[p] && self->stated[p] != self->parts[p])
      self->mismatches[self->n_mismatches++] = p;
  self->computed = TRUE;
  return TRUE;
}

/**
 * cxv_attribution_worksheet_get_computed:
 * @self: a computed #CxvAttributionWorksheet
 * @part: a part
 *
 * Gets the revenue credited to @part by the last
 * [method@Cxv.AttributionWorksheet.compute].
 *
 * Returns: the amount, in minor units
 *
 * Since: 1.0
 */
gint64
cxv_attribution_worksheet_get_computed (CxvAttributionWorksheet     *self,
                                        CxvAttributionWorksheetPart  part)
{
  g_return_val_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self), 0);
  g_return_val_if_fail (self->computed, 0);
  g_return_val_if_fail ((guint) part < N_PARTS, 0);

  return self->parts[part];
}

/**
 * cxv_attribution_worksheet_get_study_amount:
 * @self: a computed #CxvAttributionWorksheet
 *
 * Gets the part of the CSM revenue that comes from the study share:
 * study share × (total revenue − CXM), rounded to the minor unit with
 * halves to even; 0 without a study share.
 *
 * Returns: the amount, in minor units
 *
 * Since: 1.0
 */
gint64
cxv_attribution_worksheet_get_study_amount (CxvAttributionWorksheet *self)
{
  g_return_val_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self), 0);
  g_return_val_if_fail (self->computed, 0);

  return self->study_amount;
}

/**
 * cxv_attribution_worksheet_get_n_mismatches:
 * @self: a computed #CxvAttributionWorksheet
 *
 * Gets how many stated subtotals differ from the computed parts.
 *
 * Returns: the number of mismatches, 0 to 3
 *
 * Since: 1.0
 */
guint
cxv_attribution_worksheet_get_n_mismatches (CxvAttributionWorksheet *self)
{
  g_return_val_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self), 0);
  g_return_val_if_fail (self->computed, 0);

  return self->n_mismatches;
}

/**
 * cxv_attribution_worksheet_get_mismatch:
 * @self: a computed #CxvAttributionWorksheet
 * @index: a mismatch index, below [method@Cxv.AttributionWorksheet.get_n_mismatches]
 * @stated: (out) (optional): return location for the stated subtotal
 * @computed: (out) (optional): return location for the computed one
 *
 * Gets a stated subtotal that differs from its computed part, in the
 * order CXM, CSM, sales.
 *
 * Returns: the part
 *
 * Since: 1.0
 */
CxvAttributionWorksheetPart
cxv_attribution_worksheet_get_mismatch (CxvAttributionWorksheet *self,
                                        guint                    index,
                                        gint64                  *stated,
                                        gint64                  *computed)
{
  CxvAttributionWorksheetPart part;

  g_return_val_if_fail (CXV_IS_ATTRIBUTION_WORKSHEET (self), 0);
  g_return_val_if_fail (self->computed, 0);
  g_return_val_if_fail (index < self->n_mismatches, 0);

  part = self->mismatches[index];
  if (stated != NULL)
    *stated = self->stated[part];
  if (computed != NULL)
    *computed = self->parts[part];
  return part;
}
