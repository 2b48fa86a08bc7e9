/* cxv-records.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The records a dataset hands out by value. They hold indices, not
 * strings, so copying one is a memcpy and they stay valid as long as the
 * caller likes. */

#include "config.h"

#include "cxv-records.h"

/**
 * cxv_product_copy:
 * @self: a #CxvProduct
 *
 * Copies the record.
 *
 * Returns: (transfer full): a copy of @self
 *
 * Since: 1.0
 */
CxvProduct *
cxv_product_copy (const CxvProduct *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

/**
 * cxv_product_free:
 * @self: (transfer full): a #CxvProduct
 *
 * Frees a record made by [method@Cxv.Product.copy].
 *
 * Since: 1.0
 */
void
cxv_product_free (CxvProduct *self)
{
  g_free (self);
}

G_DEFINE_BOXED_TYPE (CxvProduct, cxv_product, cxv_product_copy, cxv_product_free)

/**
 * cxv_holding_copy:
 * @self: a #CxvHolding
 *
 * Copies the record.
 *
 * Returns: (transfer full): a copy of @self
 *
 * Since: 1.0
 */
CxvHolding *
cxv_holding_copy (const CxvHolding *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

/**
 * cxv_holding_free:
 * @self: (transfer full): a #CxvHolding
 *
 * Frees a record made by [method@Cxv.Holding.copy].
 *
 * Since: 1.0
 */
void
cxv_holding_free (CxvHolding *self)
{
  g_free (self);
}

G_DEFINE_BOXED_TYPE (CxvHolding, cxv_holding, cxv_holding_copy, cxv_holding_free)

/**
 * cxv_revenue_event_copy:
 * @self: a #CxvRevenueEvent
 *
 * Copies the record.
 *
 * Returns: (transfer full): a copy of @self
 *
 * Since: 1.0
 */
CxvRevenueEvent *
cxv_revenue_event_copy (const CxvRevenueEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

/**
 * cxv_revenue_event_free:
 * @self: (transfer full): a #CxvRevenueEvent
 *
 * Frees a record made by [method@Cxv.RevenueEvent.copy].
 *
 * Since: 1.0
 */
void
cxv_revenue_event_free (CxvRevenueEvent *self)
{
  g_free (self);
}

G_DEFINE_BOXED_TYPE (CxvRevenueEvent, cxv_revenue_event, cxv_revenue_event_copy, cxv_revenue_event_free)

/**
 * cxv_interaction_copy:
 * @self: a #CxvInteraction
 *
 * Copies the record.
 *
 * Returns: (transfer full): a copy of @self
 *
 * Since: 1.0
 */
CxvInteraction *
cxv_interaction_copy (const CxvInteraction *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

/**
 * cxv_interaction_free:
 * @self: (transfer full): a #CxvInteraction
 *
 * Frees a record made by [method@Cxv.Interaction.copy].
 *
 * Since: 1.0
 */
void
cxv_interaction_free (CxvInteraction *self)
{
  g_free (self);
}

G_DEFINE_BOXED_TYPE (CxvInteraction, cxv_interaction, cxv_interaction_copy, cxv_interaction_free)

/**
 * cxv_feedback_copy:
 * @self: a #CxvFeedback
 *
 * Copies the record.
 *
 * Returns: (transfer full): a copy of @self
 *
 * Since: 1.0
 */
CxvFeedback *
cxv_feedback_copy (const CxvFeedback *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

/**
 * cxv_feedback_free:
 * @self: (transfer full): a #CxvFeedback
 *
 * Frees a record made by [method@Cxv.Feedback.copy].
 *
 * Since: 1.0
 */
void
cxv_feedback_free (CxvFeedback *self)
{
  g_free (self);
}

G_DEFINE_BOXED_TYPE (CxvFeedback, cxv_feedback, cxv_feedback_copy, cxv_feedback_free)

/**
 * cxv_usage_copy:
 * @self: a #CxvUsage
 *
 * Copies the record.
 *
 * Returns: (transfer full): a copy of @self
 *
 * Since: 1.0
 */
CxvUsage *
cxv_usage_copy (const CxvUsage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

/**
 * cxv_usage_free:
 * @self: (transfer full): a #CxvUsage
 *
 * Frees a record made by [method@Cxv.Usage.copy].
 *
 * Since: 1.0
 */
void
cxv_usage_free (CxvUsage *self)
{
  g_free (self);
}

G_DEFINE_BOXED_TYPE (CxvUsage, cxv_usage, cxv_usage_copy, cxv_usage_free)

/**
 * cxv_referral_copy:
 * @self: a #CxvReferral
 *
 * Copies the record.
 *
 * Returns: (transfer full): a copy of @self
 *
 * Since: 1.0
 */
CxvReferral *
cxv_referral_copy (const CxvReferral *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

/**
 * cxv_referral_free:
 * @self: (transfer full): a #CxvReferral
 *
 * Frees a record made by [method@Cxv.Referral.copy].
 *
 * Since: 1.0
 */
void
cxv_referral_free (CxvReferral *self)
{
  g_free (self);
}

G_DEFINE_BOXED_TYPE (CxvReferral, cxv_referral, cxv_referral_copy, cxv_referral_free)

/**
 * cxv_initiative_copy:
 * @self: a #CxvInitiative
 *
 * Copies the record.
 *
 * Returns: (transfer full): a copy of @self
 *
 * Since: 1.0
 */
CxvInitiative *
cxv_initiative_copy (const CxvInitiative *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

/**
 * cxv_initiative_free:
 * @self: (transfer full): a #CxvInitiative
 *
 * Frees a record made by [method@Cxv.Initiative.copy].
 *
 * Since: 1.0
 */
void
cxv_initiative_free (CxvInitiative *self)
{
  g_free (self);
}

G_DEFINE_BOXED_TYPE (CxvInitiative, cxv_initiative, cxv_initiative_copy, cxv_initiative_free)
