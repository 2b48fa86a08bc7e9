/* cxv-customer-list.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The customers of a sealed dataset as a GListModel. Items are made when
 * asked for, so a list view over a million customers builds only the rows
 * it shows. The dataset is sealed, so the model never changes. */

#include "config.h"

#include "cxv-customer-list-private.h"
#include "cxv-dataset-private.h"

struct _CxvCustomerList
{
  GObject     parent_instance;
  CxvDataset *dataset;
};

static GType
cxv_customer_list_get_item_type (GListModel *model)
{
  return CXV_TYPE_CUSTOMER;
}

static guint
cxv_customer_list_get_n_items (GListModel *model)
{
  CxvCustomerList *self = (CxvCustomerList *) model;

  return cxv_dataset_get_n_records (self->dataset, CXV_RECORD_CUSTOMER);
}

static gpointer
cxv_customer_list_get_item (GListModel *model,
                            guint       position)
{
  CxvCustomerList *self = (CxvCustomerList *) model;

  if (position >= cxv_dataset_get_n_records (self->dataset, CXV_RECORD_CUSTOMER))
    return NULL;
  return cxv_customer_new (self->dataset, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = cxv_customer_list_get_item_type;
  iface->get_n_items = cxv_customer_list_get_n_items;
  iface->get_item = cxv_customer_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (CxvCustomerList, cxv_customer_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
cxv_customer_list_dispose (GObject *object)
{
  CxvCustomerList *self = (CxvCustomerList *) object;

  g_clear_object (&self->dataset);

  G_OBJECT_CLASS (cxv_customer_list_parent_class)->dispose (object);
}

static void
cxv_customer_list_class_init (CxvCustomerListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cxv_customer_list_dispose;
}

static void
cxv_customer_list_init (CxvCustomerList *self)
{
}

GListModel *
cxv_customer_list_new (CxvDataset *dataset)
{
  CxvCustomerList *self = g_object_new (CXV_TYPE_CUSTOMER_LIST, NULL);

  self->dataset = g_object_ref (dataset);
  return G_LIST_MODEL (self);
}
