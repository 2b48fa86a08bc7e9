/* cxv-types.h: the enumerations shared by the store, the importer and the analyses
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
 * CxvRecordKind:
 * @CXV_RECORD_CUSTOMER: a customer: id, segment, acquisition date and source, referrer
 * @CXV_RECORD_PRODUCT: a product: code, category, recurring or not, eligible segments
 * @CXV_RECORD_HOLDING: a customer holds a product from a start date to an optional end
 * @CXV_RECORD_REVENUE: a revenue event: an amount billed (and its cost) on a date
 * @CXV_RECORD_INTERACTION: a contact between the customer and the business
 * @CXV_RECORD_FEEDBACK: a survey answer or other feedback with a score
 * @CXV_RECORD_USAGE: a quantity of a product used on a date
 * @CXV_RECORD_REFERRAL: one customer brought in another
 * @CXV_RECORD_INITIATIVE: a CX initiative (a change to a product, process or touchpoint)
 *
 * The kinds of record a [class@Cxv.Dataset] stores.
 *
 * Since: 1.0
 */
typedef enum
{
  CXV_RECORD_CUSTOMER,
  CXV_RECORD_PRODUCT,
  CXV_RECORD_HOLDING,
  CXV_RECORD_REVENUE,
  CXV_RECORD_INTERACTION,
  CXV_RECORD_FEEDBACK,
  CXV_RECORD_USAGE,
  CXV_RECORD_REFERRAL,
  CXV_RECORD_INITIATIVE,
} CxvRecordKind;

/**
 * CXV_N_RECORD_KINDS:
 *
 * The number of values of [enum@Cxv.RecordKind].
 *
 * Since: 1.0
 */
#define CXV_N_RECORD_KINDS (CXV_RECORD_INITIATIVE + 1)

/**
 * CxvAcquisitionSource:
 * @CXV_ACQUISITION_UNKNOWN: the data does not say
 * @CXV_ACQUISITION_ORGANIC: came on its own (search, word of mouth not tracked, walk-in)
 * @CXV_ACQUISITION_SALES: won by sales or marketing effort
 * @CXV_ACQUISITION_REFERRAL: referred by an existing customer
 * @CXV_ACQUISITION_SWITCHED: switched from a competitor
 * @CXV_ACQUISITION_WIN_BACK: a former customer who came back
 *
 * How a customer was acquired.
 *
 * Since: 1.0
 */
typedef enum
{
  CXV_ACQUISITION_UNKNOWN,
  CXV_ACQUISITION_ORGANIC,
  CXV_ACQUISITION_SALES,
  CXV_ACQUISITION_REFERRAL,
  CXV_ACQUISITION_SWITCHED,
  CXV_ACQUISITION_WIN_BACK,
} CxvAcquisitionSource;

/**
 * CxvRevenueKind:
 * @CXV_REVENUE_NEW: first revenue from a new customer or product
 * @CXV_REVENUE_RECURRING: a recurring bill at the same level as before
 * @CXV_REVENUE_EXPANSION: more revenue from an existing customer (upgrade, add-on)
 * @CXV_REVENUE_CONTRACTION: less revenue from an existing customer (downgrade)
 * @CXV_REVENUE_ONE_OFF: a non-recurring charge or purchase
 * @CXV_REVENUE_REFUND: money given back (the amount is normally negative)
 *
 * What a revenue event represents.
 *
 * Since: 1.0
 */
typedef enum
{
  CXV_REVENUE_NEW,
  CXV_REVENUE_RECURRING,
  CXV_REVENUE_EXPANSION,
  CXV_REVENUE_CONTRACTION,
  CXV_REVENUE_ONE_OFF,
  CXV_REVENUE_REFUND,
} CxvRevenueKind;

/**
 * CxvChannelClass:
 * @CXV_CHANNEL_LOW_COST: a self-service or digital channel (app, web, chat bot)
 * @CXV_CHANNEL_ASSISTED: a channel where staff spend time (phone, store, visit)
 *
 * The cost class of the channel an interaction went through.
 *
 * Since: 1.0
 */
typedef enum
{
  CXV_CHANNEL_LOW_COST,
  CXV_CHANNEL_ASSISTED,
} CxvChannelClass;

/**
 * CxvInteractionKind:
 * @CXV_INTERACTION_SUPPORT: a request for help
 * @CXV_INTERACTION_COMPLAINT: a complaint
 * @CXV_INTERACTION_EDUCATION: the customer was taught to use a product
 * @CXV_INTERACTION_ADVICE: the customer was advised
 * @CXV_INTERACTION_OFFER: an offer was made
 * @CXV_INTERACTION_SAVE: a save attempt on a customer about to leave
 * @CXV_INTERACTION_FEEDBACK: the customer gave feedback or an exit reason
 *
 * What an interaction was about.
 *
 * Since: 1.0
 */
typedef enum
{
  CXV_INTERACTION_SUPPORT,
  CXV_INTERACTION_COMPLAINT,
  CXV_INTERACTION_EDUCATION,
  CXV_INTERACTION_ADVICE,
  CXV_INTERACTION_OFFER,
  CXV_INTERACTION_SAVE,
  CXV_INTERACTION_FEEDBACK,
} CxvInteractionKind;

/**
 * CxvInstrument:
 * @CXV_INSTRUMENT_NPS: Net Promoter Score question, 0 to 10
 * @CXV_INSTRUMENT_CSAT: customer satisfaction, 1 to 5
 * @CXV_INSTRUMENT_CES: customer effort score, 1 to 7, where 7 is the least
 *   effort (the easiest experience)
 * @CXV_INSTRUMENT_OTHER: any other scored feedback
 *
 * The survey instrument that produced a feedback score. The ranges are
 * those the dataset accepts for each instrument.
 *
 * Since: 1.0
 */
typedef enum
{
  CXV_INSTRUMENT_NPS,
  CXV_INSTRUMENT_CSAT,
  CXV_INSTRUMENT_CES,
  CXV_INSTRUMENT_OTHER,
} CxvInstrument;

/**
 * CxvColumnType:
 * @CXV_COLUMN_TEXT: UTF-8 text
 * @CXV_COLUMN_INT: a 64-bit signed integer (`gint64`)
 * @CXV_COLUMN_DOUBLE: a double precision number
 * @CXV_COLUMN_MONEY: an amount in minor units of the table's currency (`gint64`)
 * @CXV_COLUMN_DATE: a civil date, days since 1970-01-01 (`gint32`, see [alias@Cxv.Date])
 * @CXV_COLUMN_BOOLEAN: true or false (`guint8`, 0 or 1)
 *
 * The type of a column of a [class@Cxv.Table].
 *
 * Since: 1.0
 */
typedef enum
{
  CXV_COLUMN_TEXT,
  CXV_COLUMN_INT,
  CXV_COLUMN_DOUBLE,
  CXV_COLUMN_MONEY,
  CXV_COLUMN_DATE,
  CXV_COLUMN_BOOLEAN,
} CxvColumnType;

/**
 * CxvElementType:
 * @CXV_ELEMENT_UINT8: unsigned 8-bit integers (`guint8`, numpy `uint8`)
 * @CXV_ELEMENT_UINT16: unsigned 16-bit integers (`guint16`, numpy `uint16`)
 * @CXV_ELEMENT_INT32: signed 32-bit integers (`gint32`, numpy `int32`)
 * @CXV_ELEMENT_UINT32: unsigned 32-bit integers (`guint32`, numpy `uint32`)
 * @CXV_ELEMENT_INT64: signed 64-bit integers (`gint64`, numpy `int64`)
 * @CXV_ELEMENT_DOUBLE: doubles (`gdouble`, numpy `float64`)
 *
 * The element type of a column handed out as `GBytes`, in native byte
 * order, so it can be wrapped without a copy (`numpy.frombuffer`).
 *
 * Since: 1.0
 */
typedef enum
{
  CXV_ELEMENT_UINT8,
  CXV_ELEMENT_UINT16,
  CXV_ELEMENT_INT32,
  CXV_ELEMENT_UINT32,
  CXV_ELEMENT_INT64,
  CXV_ELEMENT_DOUBLE,
} CxvElementType;

/**
 * CxvRounding:
 * @CXV_ROUNDING_NONE: more decimals than the currency has is an error
 * @CXV_ROUNDING_HALF_EVEN: round to the currency's decimals, ties to even
 *
 * What to do with an amount written with more decimals than its currency
 * has (`"12.345"` in a 2-decimal currency).
 *
 * Since: 1.0
 */
typedef enum
{
  CXV_ROUNDING_NONE,
  CXV_ROUNDING_HALF_EVEN,
} CxvRounding;

/**
 * CxvPeriod:
 * @CXV_PERIOD_MONTH: calendar months
 * @CXV_PERIOD_QUARTER: calendar quarters (January, April, July, October)
 * @CXV_PERIOD_YEAR: calendar years
 *
 * The length of the periods an analysis reports by.
 *
 * Since: 1.0
 */
typedef enum
{
  CXV_PERIOD_MONTH,
  CXV_PERIOD_QUARTER,
  CXV_PERIOD_YEAR,
} CxvPeriod;

/**
 * CxvActivity:
 * @CXV_ACTIVITY_CONTRACTUAL: a customer is active while it holds at least
 *   one product: it comes in when its first holding starts (or a holding
 *   starts after a gap) and goes out when its last holding ends
 * @CXV_ACTIVITY_NON_CONTRACTUAL: a customer is active from a purchase
 *   (a revenue event with a positive amount) until the inactivity limit
 *   passes without another purchase; it goes out on the day the limit
 *   runs out
 *
 * What "in" and "out" mean: the definition of a customer's activity that
 * the ledger, the cohorts and the indicators share. Silos disagree on it,
 * so analyses take it as a property.
 *
 * Since: 1.0
 */
typedef enum
{
  CXV_ACTIVITY_CONTRACTUAL,
  CXV_ACTIVITY_NON_CONTRACTUAL,
} CxvActivity;

/**
 * CxvTimeUnit:
 * @CXV_TIME_UNIT_DAY: one day
 * @CXV_TIME_UNIT_WEEK: seven days
 * @CXV_TIME_UNIT_MONTH: an average Gregorian month, 365.2425 / 12 days
 * @CXV_TIME_UNIT_YEAR: an average Gregorian year, 365.2425 days
 *
 * The unit in which lifetime-value models measure time. Models fitted in
 * weeks report rates per week and take horizons in weeks.
 *
 * Since: 1.0
 */
typedef enum
{
  CXV_TIME_UNIT_DAY,
  CXV_TIME_UNIT_WEEK,
  CXV_TIME_UNIT_MONTH,
  CXV_TIME_UNIT_YEAR,
} CxvTimeUnit;

/**
 * CXV_NO_INDEX:
 *
 * The index stored where an optional reference (a product, an initiative,
 * a reason) is absent: 4294967295, the largest `guint32`.
 *
 * Since: 1.0
 */
#define CXV_NO_INDEX ((guint32) 0xffffffff)

G_END_DECLS
