/* cxv-customer.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * CxvCustomer:
 *
 * A view of one customer of a [class@Cxv.Dataset]: its id, segment,
 * acquisition and referrer. Views are made on demand by
 * [method@Cxv.Dataset.dup_customer] and [method@Cxv.Dataset.list_customers];
 * the dataset does not store one object per customer. A view keeps its
 * dataset alive.
 *
 * Since: 1.0
 */

#include "config.h"

#include "cxv-customer.h"
#include "cxv-dataset-private.h"
#include "cxv-enum-types.h"

struct _CxvCustomer
{
  GObject     parent_instance;
  CxvDataset *dataset;
  guint       index;
};

G_DEFINE_FINAL_TYPE (CxvCustomer, cxv_customer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATASET,
  PROP_INDEX,
  PROP_ID,
  PROP_SEGMENT,
  PROP_ACQUIRED,
  PROP_ACQUISITION_SOURCE,
  PROP_REFERRED_BY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const CxvRecordTable *
customers (CxvCustomer *self)
{
  return cxv_dataset_get_table (self->dataset, CXV_RECORD_CUSTOMER);
}

static void
cxv_customer_dispose (GObject *object)
{
  CxvCustomer *self = (CxvCustomer *) object;

  g_clear_object (&self->dataset);

  G_OBJECT_CLASS (cxv_customer_parent_class)->dispose (object);
}

static void
cxv_customer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CxvCustomer *self = CXV_CUSTOMER (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    case PROP_ID:
      g_value_set_string (value, cxv_customer_get_id (self));
      break;
    case PROP_SEGMENT:
      g_value_set_string (value, cxv_customer_get_segment (self));
      break;
    case PROP_ACQUIRED:
      g_value_set_int (value, cxv_customer_get_acquired (self));
      break;
    case PROP_ACQUISITION_SOURCE:
      g_value_set_enum (value, cxv_customer_get_acquisition_source (self));
      break;
    case PROP_REFERRED_BY:
      g_value_set_string (value, cxv_customer_get_referred_by (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_customer_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CxvCustomer *self = CXV_CUSTOMER (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      self->dataset = g_value_dup_object (value);
      break;
    case PROP_INDEX:
      self->index = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_customer_class_init (CxvCustomerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS |
                   G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = cxv_customer_dispose;
  object_class->get_property = cxv_customer_get_property;
  object_class->set_property = cxv_customer_set_property;

  /**
   * CxvCustomer:dataset:
   *
   * The dataset the customer belongs to.
   *
   * Since: 1.0
   */
  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL, CXV_TYPE_DATASET, co);

  /**
   * CxvCustomer:index:
   *
   * The customer's dense index in its dataset.
   *
   * Since: 1.0
   */
  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT32, 0, co);

  /**
   * CxvCustomer:id:
   *
   * The customer's id.
   *
   * Since: 1.0
   */
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);

  /**
   * CxvCustomer:segment:
   *
   * The customer's segment, or %NULL.
   *
   * Since: 1.0
   */
  properties[PROP_SEGMENT] = g_param_spec_string ("segment", NULL, NULL, NULL, ro);

  /**
   * CxvCustomer:acquired:
   *
   * The day the customer was acquired, or [const@Cxv.DATE_NONE].
   *
   * Since: 1.0
   */
  properties[PROP_ACQUIRED] =
    g_param_spec_int ("acquired", NULL, NULL, G_MININT32, G_MAXINT32, CXV_DATE_NONE, ro);

  /**
   * CxvCustomer:acquisition-source:
   *
   * How the customer was acquired.
   *
   * Since: 1.0
   */
  properties[PROP_ACQUISITION_SOURCE] =
    g_param_spec_enum ("acquisition-source", NULL, NULL, CXV_TYPE_ACQUISITION_SOURCE,
                       CXV_ACQUISITION_UNKNOWN, ro);

  /**
   * CxvCustomer:referred-by:
   *
   * The id of the customer who referred this one, or %NULL.
   *
   * Since: 1.0
   */
  properties[PROP_REFERRED_BY] = g_param_spec_string ("referred-by", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cxv_customer_init (CxvCustomer *self)
{
}

CxvCustomer *
cxv_customer_new (CxvDataset *dataset,
                  guint       index)
{
  return g_object_new (CXV_TYPE_CUSTOMER, "dataset", dataset, "index", index, NULL);
}

/**
 * cxv_customer_get_dataset:
 * @self: a #CxvCustomer
 *
 * Gets the dataset the customer belongs to.
 *
 * Returns: (transfer none): the dataset
 *
 * Since: 1.0
 */
CxvDataset *
cxv_customer_get_dataset (CxvCustomer *self)
{
  g_return_val_if_fail (CXV_IS_CUSTOMER (self), NULL);

  return self->dataset;
}

/**
 * cxv_customer_get_index:
 * @self: a #CxvCustomer
 *
 * Gets the customer's dense index, the one records refer to.
 *
 * Returns: the index
 *
 * Since: 1.0
 */
guint
cxv_customer_get_index (CxvCustomer *self)
{
  g_return_val_if_fail (CXV_IS_CUSTOMER (self), 0);

  return self->index;
}

/**
 * cxv_customer_get_id:
 * @self: a #CxvCustomer
 *
 * Gets the customer's id.
 *
 * Returns: the id
 *
 * Since: 1.0
 */
const char *
cxv_customer_get_id (CxvCustomer *self)
{
  g_return_val_if_fail (CXV_IS_CUSTOMER (self), NULL);

  return cxv_dataset_get_customer_id (self->dataset, self->index);
}

/**
 * cxv_customer_get_segment:
 * @self: a #CxvCustomer
 *
 * Gets the customer's segment.
 *
 * Returns: (nullable): the segment, or %NULL if it has none
 *
 * Since: 1.0
 */
const char *
cxv_customer_get_segment (CxvCustomer *self)
{
  g_return_val_if_fail (CXV_IS_CUSTOMER (self), NULL);

  return cxv_dataset_get_text (self->dataset,
                               CXV_COLUMN (customers (self), guint32, CUS_SEGMENT)[self->index]);
}

/**
 * cxv_customer_get_acquired:
 * @self: a #CxvCustomer
 *
 * Gets the day the customer was acquired.
 *
 * Returns: the date, or [const@Cxv.DATE_NONE] if unknown
 *
 * Since: 1.0
 */
CxvDate
cxv_customer_get_acquired (CxvCustomer *self)
{
  g_return_val_if_fail (CXV_IS_CUSTOMER (self), CXV_DATE_NONE);

  return CXV_COLUMN (customers (self), CxvDate, CUS_ACQUIRED)[self->index];
}

/**
 * cxv_customer_get_acquisition_source:
 * @self: a #CxvCustomer
 *
 * Gets how the customer was acquired.
 *
 * Returns: the acquisition source
 *
 * Since: 1.0
 */
CxvAcquisitionSource
cxv_customer_get_acquisition_source (CxvCustomer *self)
{
  g_return_val_if_fail (CXV_IS_CUSTOMER (self), CXV_ACQUISITION_UNKNOWN);

  return CXV_COLUMN (customers (self), guint8, CUS_SOURCE)[self->index];
}

/**
 * cxv_customer_get_referred_by:
 * @self: a #CxvCustomer
 *
 * Gets the id of the customer who referred this one.
 *
 * Returns: (nullable): the referrer's id, or %NULL
 *
 * Since: 1.0
 */
const char *
cxv_customer_get_referred_by (CxvCustomer *self)
{
  guint32 referrer;

  g_return_val_if_fail (CXV_IS_CUSTOMER (self), NULL);

  referrer = CXV_COLUMN (customers (self), guint32, CUS_REFERRED_BY)[self->index];
  if (referrer == CXV_NO_INDEX)
    return NULL;
  return cxv_dataset_get_customer_id (self->dataset, referrer);
}

/**
 * cxv_customer_get_n_records:
 * @self: a #CxvCustomer of a sealed dataset
 * @kind: an event kind (holdings, revenue, interactions, feedback, usage,
 *   referrals made)
 *
 * Counts the customer's records of one kind.
 *
 * Returns: the number of records
 *
 * Since: 1.0
 */
guint
cxv_customer_get_n_records (CxvCustomer   *self,
                            CxvRecordKind  kind)
{
  guint first, n;

  g_return_val_if_fail (CXV_IS_CUSTOMER (self), 0);
  g_return_val_if_fail (cxv_dataset_get_sealed (self->dataset), 0);

  cxv_dataset_get_customer_range (self->dataset, kind, self->index, &first, &n);
  return n;
}
