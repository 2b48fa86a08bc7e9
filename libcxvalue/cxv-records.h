/* cxv-records.h: plain value records copied out of a dataset
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include <glib-object.h>

#include "cxv-date.h"
#include "cxv-types.h"
#include "cxv-version-macros.h"

G_BEGIN_DECLS

/**
 * CxvProduct:
 * @code: the product's index; [method@Cxv.Dataset.get_product_code] gives its code
 * @category: index of the category text ([method@Cxv.Dataset.get_text]),
 *   or [const@Cxv.NO_INDEX]
 * @recurring: whether the product is billed again and again
 * @all_segments_eligible: whether every segment may hold it; otherwise see
 *   [method@Cxv.Dataset.is_eligible]
 *
 * A product, copied out of a [class@Cxv.Dataset].
 *
 * Since: 1.0
 */
typedef struct
{
  guint32  code;
  guint32  category;
  gboolean recurring;
  gboolean all_segments_eligible;
} CxvProduct;

/**
 * CxvHolding:
 * @customer: the customer's index
 * @product: the product's index
 * @start: the first day the customer held the product
 * @end: the first day the customer no longer held it, or
 *   [const@Cxv.DATE_NONE] if the holding is open
 *
 * A customer holds a product, copied out of a [class@Cxv.Dataset]. The
 * holding covers the days from @start up to, but not including, @end, so a
 * holding ending on the day another starts leaves no gap.
 *
 * Since: 1.0
 */
typedef struct
{
  guint32 customer;
  guint32 product;
  CxvDate start;
  CxvDate end;
} CxvHolding;

/**
 * CxvRevenueEvent:
 * @customer: the customer's index
 * @product: the product's index, or [const@Cxv.NO_INDEX]
 * @date: the day the revenue was booked
 * @kind: what the revenue represents
 * @amount: the amount in minor units of the dataset's currency
 * @cost: the direct cost of the revenue in minor units (0 if unknown)
 * @initiative: the index of the initiative it is tagged with, or
 *   [const@Cxv.NO_INDEX]
 *
 * A revenue event, copied out of a [class@Cxv.Dataset].
 *
 * Since: 1.0
 */
typedef struct
{
  guint32        customer;
  guint32        product;
  CxvDate        date;
  CxvRevenueKind kind;
  gint64         amount;
  gint64         cost;
  guint32        initiative;
} CxvRevenueEvent;

/**
 * CxvInteraction:
 * @customer: the customer's index
 * @date: the day of the contact
 * @channel: index of the channel's name ([method@Cxv.Dataset.get_text])
 * @channel_class: whether the channel is low-cost or assisted
 * @kind: what the contact was about
 * @resolved: whether the need was resolved
 * @reason: index of the reason text, or [const@Cxv.NO_INDEX]
 * @cost: the cost of the contact in minor units
 *
 * An interaction, copied out of a [class@Cxv.Dataset].
 *
 * Since: 1.0
 */
typedef struct
{
  guint32            customer;
  CxvDate            date;
  guint32            channel;
  CxvChannelClass    channel_class;
  CxvInteractionKind kind;
  gboolean           resolved;
  guint32            reason;
  gint64             cost;
} CxvInteraction;

/**
 * CxvFeedback:
 * @customer: the customer's index
 * @date: the day of the answer
 * @instrument: the survey instrument
 * @score: the score on the instrument's scale
 * @comment: index of the comment text, or [const@Cxv.NO_INDEX]
 * @topics: index of the topics text (topics joined by `;`), or [const@Cxv.NO_INDEX]
 *
 * A feedback answer, copied out of a [class@Cxv.Dataset].
 *
 * Since: 1.0
 */
typedef struct
{
  guint32       customer;
  CxvDate       date;
  CxvInstrument instrument;
  double        score;
  guint32       comment;
  guint32       topics;
} CxvFeedback;

/**
 * CxvUsage:
 * @customer: the customer's index
 * @product: the product's index
 * @date: the day of use
 * @quantity: the quantity used, in the product's own unit
 *
 * A usage record, copied out of a [class@Cxv.Dataset].
 *
 * Since: 1.0
 */
typedef struct
{
  guint32 customer;
  guint32 product;
  CxvDate date;
  double  quantity;
} CxvUsage;

/**
 * CxvReferral:
 * @referrer: the index of the customer who referred
 * @referred: the index of the customer who was referred
 * @date: the day of the referral
 *
 * A referral, copied out of a [class@Cxv.Dataset].
 *
 * Since: 1.0
 */
typedef struct
{
  guint32 referrer;
  guint32 referred;
  CxvDate date;
} CxvReferral;

/**
 * CxvInitiative:
 * @id: the initiative's index; [method@Cxv.Dataset.get_initiative_id] gives its id
 * @name: index of the name text
 * @in_sync: whether the change was based on CX insight
 * @start: the day it went live
 * @end: the day it ended, or [const@Cxv.DATE_NONE]
 *
 * A CX initiative, copied out of a [class@Cxv.Dataset].
 *
 * Since: 1.0
 */
typedef struct
{
  guint32  id;
  guint32  name;
  gboolean in_sync;
  CxvDate  start;
  CxvDate  end;
} CxvInitiative;

#define CXV_TYPE_PRODUCT (cxv_product_get_type ())
#define CXV_TYPE_HOLDING (cxv_holding_get_type ())
#define CXV_TYPE_REVENUE_EVENT (cxv_revenue_event_get_type ())
#define CXV_TYPE_INTERACTION (cxv_interaction_get_type ())
#define CXV_TYPE_FEEDBACK (cxv_feedback_get_type ())
#define CXV_TYPE_USAGE (cxv_usage_get_type ())
#define CXV_TYPE_REFERRAL (cxv_referral_get_type ())
#define CXV_TYPE_INITIATIVE (cxv_initiative_get_type ())

CXV_AVAILABLE_IN_1_0
GType            cxv_product_get_type       (void) G_GNUC_CONST;
CXV_AVAILABLE_IN_1_0
CxvProduct      *cxv_product_copy           (const CxvProduct      *self);
CXV_AVAILABLE_IN_1_0
void             cxv_product_free           (CxvProduct            *self);
CXV_AVAILABLE_IN_1_0
GType            cxv_holding_get_type       (void) G_GNUC_CONST;
CXV_AVAILABLE_IN_1_0
CxvHolding      *cxv_holding_copy           (const CxvHolding      *self);
CXV_AVAILABLE_IN_1_0
void             cxv_holding_free           (CxvHolding            *self);
CXV_AVAILABLE_IN_1_0
GType            cxv_revenue_event_get_type (void) G_GNUC_CONST;
CXV_AVAILABLE_IN_1_0
CxvRevenueEvent *cxv_revenue_event_copy     (const CxvRevenueEvent *self);
CXV_AVAILABLE_IN_1_0
void             cxv_revenue_event_free     (CxvRevenueEvent       *self);
CXV_AVAILABLE_IN_1_0
GType            cxv_interaction_get_type   (void) G_GNUC_CONST;
CXV_AVAILABLE_IN_1_0
CxvInteraction  *cxv_interaction_copy       (const CxvInteraction  *self);
CXV_AVAILABLE_IN_1_0
void             cxv_interaction_free       (CxvInteraction        *self);
CXV_AVAILABLE_IN_1_0
GType            cxv_feedback_get_type      (void) G_GNUC_CONST;
CXV_AVAILABLE_IN_1_0
CxvFeedback     *cxv_feedback_copy          (const CxvFeedback     *self);
CXV_AVAILABLE_IN_1_0
void             cxv_feedback_free          (CxvFeedback           *self);
CXV_AVAILABLE_IN_1_0
GType            cxv_usage_get_type         (void) G_GNUC_CONST;
CXV_AVAILABLE_IN_1_0
CxvUsage        *cxv_usage_copy             (const CxvUsage        *self);
CXV_AVAILABLE_IN_1_0
void             cxv_usage_free             (CxvUsage              *self);
CXV_AVAILABLE_IN_1_0
GType            cxv_referral_get_type      (void) G_GNUC_CONST;
CXV_AVAILABLE_IN_1_0
CxvReferral     *cxv_referral_copy          (const CxvReferral     *self);
CXV_AVAILABLE_IN_1_0
void             cxv_referral_free          (CxvReferral           *self);
CXV_AVAILABLE_IN_1_0
GType            cxv_initiative_get_type    (void) G_GNUC_CONST;
CXV_AVAILABLE_IN_1_0
CxvInitiative   *cxv_initiative_copy        (const CxvInitiative   *self);
CXV_AVAILABLE_IN_1_0
void             cxv_initiative_free        (CxvInitiative         *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CxvProduct, cxv_product_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CxvHolding, cxv_holding_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CxvRevenueEvent, cxv_revenue_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CxvInteraction, cxv_interaction_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CxvFeedback, cxv_feedback_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CxvUsage, cxv_usage_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CxvReferral, cxv_referral_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CxvInitiative, cxv_initiative_free)

G_END_DECLS
