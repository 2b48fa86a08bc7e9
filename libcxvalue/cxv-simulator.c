/* cxv-simulator.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * CxvSimulator:
 *
 * Generates a realistic sample [class@Cxv.Dataset]: the customers of an
 * internet service provider over a number of months, with effects planted
 * in it whose true size is known, so that every analysis can be shown to
 * recover them.
 *
 * ## The business
 *
 * [property@Cxv.Simulator:n-customers] customers (the dataset holds exactly
 * that many) are acquired over [property@Cxv.Simulator:n-months] months
 * from [property@Cxv.Simulator:start-date], a little more in later months.
 * Month *m* runs from the start date plus *m* calendar months up to, not
 * including, the start date plus *m* + 1 months. The currency is USD.
 *
 * - Segments `consumer` (85 %) and `business` (15 %); business customers pay
 *   1.5 times the consumer price and contact support more often.
 * - Products, all recurring and billed monthly. Every customer holds exactly
 *   one internet tier; the others need internet:
 *
 *   | code | category | segments | consumer price |
 *   |---|---|---|---|
 *   | `internet-100` | internet | all | 49.99 |
 *   | `internet-500` | internet | all | 69.99 |
 *   | `internet-1000` | internet | all | 89.99 |
 *   | `tv` | tv | consumer | 39.99 |
 *   | `phone` | phone | all | 19.99 |
 *   | `home-security` | security | consumer | 29.99 |
 *   | `device-protection` | protection | all | 9.99 |
 *   | `static-ip` | network | business | 14.99 |
 *
 * - Acquisition sources: organic 40 %, sales 30 %, switched from a
 *   competitor 22 %, win-back (a customer from before the window) 8 %, and
 *   referral for the customers existing customers bring in (each with
 *   `referred_by` and a referral record on its acquisition date).
 * - Revenue: on the acquisition day a `new` bill per product and, for most,
 *   a `one-off` installation fee (on the internet tier); then a `recurring`
 *   bill per held product on the same day of every month. An upgrade (a
 *   higher tier or an add-on) takes effect on a billing day, ends the old
 *   tier's holding and starts the new one that day, and its first bill is
 *   an `expansion` (the full monthly price of the new holding), sometimes
 *   with a `one-off` device (a set-top box, a router); a downgrade's first
 *   bill is a `contraction`, a dropped add-on just ends. A resolved billing
 *   complaint is credited as a `refund` on the next bill. Each bill carries
 *   a cost (the product's direct cost share).
 * - Holdings: a customer holds a product from its start day up to, not
 *   including, its end day. A customer who leaves ends every holding on
 *   the day of leaving and is billed nothing from that day on; the simulator
 *   never brings a customer back.
 * - Interactions through channels `app`, `web` and `chat` (low-cost) and
 *   `phone` and `store` (assisted), each with a cost per contact: support
 *   (reasons `setup`, `connection`, `account`; most resolved), complaints
 *   (reasons `outage`, `billing`, `speed`; about 30 % unresolved),
 *   education (`onboarding`, `how-to`), offers (reasons `upgrade`,
 *   `add-on`; resolved means accepted, and an accepted offer is an
 *   expansion the same month), save attempts (`retention`) on customers at
 *   risk, advice contacts through which initiatives touch customers (the
 *   reason is the initiative's id), and an exit reason (kind `feedback`,
 *   on the day of leaving) from half of those who leave: the reason of
 *   their last unresolved complaint if it came that month or in the 3
 *   before, otherwise `price`, `moved` or `competitor`.
 * - Feedback: NPS after some contacts and in a monthly relationship
 *   survey; CSAT after support and complaints; CES after some contacts, on
 *   the 1 to 7 scale of "the company made it easy", so 7 is the least
 *   effort. An unresolved complaint in the month or the 3 months before
 *   makes an NPS answer far more likely to be a detractor's (0 to 6), so
 *   complaints and detractors go together, as in life; detractor answers
 *   then carry the complaint's reason as their topic.
 * - Usage per held product per month, on the last day the customer was a
 *   customer that month: gigabytes, viewing hours, call minutes, alarm
 *   arms, devices covered, addresses.
 * - CX initiatives, live from the first day of a month to the last day of
 *   a month (or to the end of the window): three in sync with CX insight
 *   and three not. While live, an initiative touches each current customer
 *   of its segments with probability 0.06 a month, recorded as an `advice`
 *   interaction through its touchpoint whose reason is the initiative's
 *   id. Their months are shares of the window; over the default 24 months:
 *
 *   | id | in sync | segments | touchpoint | live (default window) |
 *   |---|---|---|---|---|
 *   | `INI-01` | yes | all | app | 2023-02 to 2024-01 |
 *   | `INI-02` | yes | consumer | app | 2023-07 to the end |
 *   | `INI-03` | yes | business | phone | 2023-10 to 2024-07 |
 *   | `INI-04` | no | consumer | web | 2023-04 to 2024-03 |
 *   | `INI-05` | no | all | store | 2024-01 to the end |
 *   | `INI-06` | no | all | chat | 2024-04 to 2024-10 |
 *
 * ## Planted effects
 *
 * Each customer who has been a customer since before month *m* leaves
 * during month *m* with a monthly hazard: a base multiplied by the factor
 * of every condition that holds as the month begins, judged on what was
 * recorded before its first day (the products held the day before, the
 * complaints, answers and saves of earlier months). A hazard above 1 is
 * taken as 1. Each effect is a property, listed with its value by
 * [method@Cxv.Simulator.dup_ground_truth]; a factor of 1 switches its
 * effect off.
 *
 * | effect | default | multiplies |
 * |---|---|---|
 * | `base-churn` | 0.02 | (the base) the hazard with one product and no condition |
 * | `product-churn-factor` | 0.75 | the hazard, once per product beyond the first |
 * | `complaint-churn-factor` | 3.0 | the hazard after an unresolved complaint |
 * | `detractor-churn-factor` | 2.0 | the hazard of a detractor |
 * | `save-churn-factor` | 0.4 | the hazard of a customer at risk after a save attempt |
 * | `detractor-referral-factor` | 0.25 | a detractor's referral probability (0.015) |
 * | `in-sync-expansion-factor` | 2.0 | the expansion probability (0.012) when influenced |
 *
 * The conditions:
 *
 * - *after an unresolved complaint*: an interaction of kind complaint, not
 *   resolved, in one of the 3 months before;
 * - *detractor*: the customer's latest NPS answer is 0 to 6;
 * - *at risk*: after an unresolved complaint, or a detractor; save
 *   attempts (probability 0.3 a month) go only to customers at risk, and
 *   the factor applies in the month after the month of the save
 *   interaction, to a customer still at risk;
 * - *influenced*: touched, before the month, by an in-sync initiative that
 *   is still live on its first day. Out-of-sync initiatives touch customers
 *   but change nothing.
 *
 * An in-sync initiative with factor *f* > 1 drives the share (*f* − 1) / *f*
 * of the expansions of the customers it influences, and of the customers
 * who switch from a competitor while it is live (as if it made switching
 * *f* times as likely): the revenue events of what it drove (the
 * expansion's first bill and every later bill of that holding, all the
 * revenue of such a switcher) carry its id as their initiative, and at
 * *f* = 1 nothing is tagged. Expansions, downgrades and referrals start in
 * the month after acquisition and never happen in the month a customer
 * leaves.
 *
 * ## Determinism and speed
 *
 * The same parameters and [property@Cxv.Simulator:seed] give the same
 * dataset, byte for byte, on every run, and on every machine whose
 * compiler evaluates doubles in double precision (x86-64, arm64 …): the
 * simulator draws from its own xoshiro256** generator, seeded through
 * splitmix64, runs in one thread, and stores only exact amounts and
 * quantities (whole cents, multiples of a power of two). Customers are
 * simulated one after another, each month by month, and their records are
 * appended already in the order sealing wants, so sealing only builds the
 * index. A million customers over 24 months (about 50 million records)
 * take seconds on one core (`tests/bench/bench-simulate`); the memory used
 * is the dataset's own.
 *
 * Since: 1.0
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cxv-dataset-private.h"
#include "cxv-simulator.h"
#include "cxv-progress-private.h"

#define MAX_CUSTOMERS 100000000u
#define MAX_MONTHS    1200u

/* Progress is published at most this many times a run, plus the start and
 * the end; cancellation is checked every CANCEL_EVERY customers. */
#define PROGRESS_STEPS 100
#define CANCEL_EVERY   1024

/* ------------------------------------------------------------------ */
/* The model                                                            */

/* Fixed rates, per customer and month unless said otherwise. */
#define P_BUSINESS          0.15
#define ACQUISITION_GROWTH  0.5    /* the last month gets 1.5 times the first's share */
#define P_EXPAND            0.012
#define P_CONTRACT          0.006
#define P_VIA_OFFER         0.35   /* of expansions: after an accepted offer */
#define P_REFER             0.015
#define P_REFER_SAME_SEG    0.9
#define P_SAVE              0.3
#define P_TOUCH             0.06   /* per live initiative */
#define P_COMPLAINT         0.05
#define P_COMPLAINT_OPEN    0.3
#define P_SUPPORT_CONSUMER  0.10
#define P_SUPPORT_BUSINESS  0.16
#define P_SUPPORT_AGAIN     0.2
#define P_SUPPORT_OPEN      0.12
#define P_EDUCATION_FIRST   0.3
#define P_EDUCATION         0.03
#define P_OFFER_DECLINED    0.04
#define P_SAVE_ACCEPTED     0.55
#define P_RELATIONSHIP_NPS  0.04
#define P_NPS_AFTER_CONTACT 0.2
#define P_CSAT_AFTER        0.35
#define P_CES_AFTER         0.15
#define P_EXIT_REASON       0.5
#define P_INSTALLATION      0.7
#define P_ROUTER            0.5
#define COMPLAINT_WINDOW    3      /* months */
#define MAX_PRODUCTS_HELD   8

enum { SEG_CONSUMER, SEG_BUSINESS, N_SEGMENTS };
#define SEG_BIT(s) (1u << (s))
#define ALL_SEGMENTS (SEG_BIT (SEG_CONSUMER) | SEG_BIT (SEG_BUSINESS))

static const char *const segment_names[N_SEGMENTS] = { "consumer", "business" };

enum {
  P_NET100, P_NET500, P_NET1000, P_TV, P_PHONE, P_SECURITY, P_PROTECTION, P_STATIC_IP,
  N_PRODUCTS
};
#define FIRST_ADD_ON P_TV

static const struct
{
  const char *code;
  const char *category;
  guint8      segments;
  gint64      price;          /* consumer, cents; business pays 1.5 times */
  int         cost_percent;
  double      take_rate[N_SEGMENTS];  /* add-ons at acquisition */
  double      usage_steps;    /* mean monthly quantity, in steps */
  double      usage_step;     /* quantities are multiples of this power of 2, so exact */
} products[N_PRODUCTS] = {
  /* gigabytes */
  { "internet-100", "internet", ALL_SEGMENTS, 4999, 35, { 0, 0 }, 720, 0.25 },
  { "internet-500", "internet", ALL_SEGMENTS, 6999, 30, { 0, 0 }, 1400, 0.25 },
  { "internet-1000", "internet", ALL_SEGMENTS, 8999, 28, { 0, 0 }, 2400, 0.25 },
  /* viewing hours */
  { "tv", "tv", SEG_BIT (SEG_CONSUMER), 3999, 60, { 0.30, 0 }, 140, 0.5 },
  /* call minutes */
  { "phone", "phone", ALL_SEGMENTS, 1999, 30, { 0.20, 0.45 }, 180, 1 },
  /* times the alarm was armed */
  { "home-security", "security", SEG_BIT (SEG_CONSUMER), 2999, 40, { 0.12, 0 }, 45, 1 },
  /* devices covered */
  { "device-protection", "protection", ALL_SEGMENTS, 999, 25, { 0.18, 0.25 }, 3, 1 },
  /* addresses */
  { "static-ip", "network", SEG_BIT (SEG_BUSINESS), 1499, 10, { 0, 0.30 }, 2, 1 },
};

/* Shares of the internet tiers chosen at acquisition. */
static const double tier_shares[N_SEGMENTS][3] = { { 0.45, 0.40, 0.15 }, { 0.25, 0.50, 0.25 } };

enum { CH_APP, CH_WEB, CH_CHAT, CH_PHONE, CH_STORE, N_CHANNELS };

static const struct
{
  const char      *name;
  CxvChannelClass  channel_class;
  gint64           cost;   /* cents per contact */
} channels[N_CHANNELS] = {
  { "app", CXV_CHANNEL_LOW_COST, 10 },
  { "web", CXV_CHANNEL_LOW_COST, 25 },
  { "chat", CXV_CHANNEL_LOW_COST, 150 },
  { "phone", CXV_CHANNEL_ASSISTED, 650 },
  { "store", CXV_CHANNEL_ASSISTED, 1500 },
};

/* How contacts spread over the channels, by what they are about. */
enum { MIX_SUPPORT_CONSUMER, MIX_SUPPORT_BUSINESS, MIX_COMPLAINT, MIX_EDUCATION, MIX_OFFER,
       MIX_SAVE, MIX_EXIT, N_MIXES };
static const double channel_mix[N_MIXES][N_CHANNELS] = {
  [MIX_SUPPORT_CONSUMER] = { 0.25, 0.15, 0.25, 0.30, 0.05 },
  [MIX_SUPPORT_BUSINESS] = { 0.10, 0.15, 0.15, 0.55, 0.05 },
  [MIX_COMPLAINT] = { 0.10, 0.10, 0.20, 0.50, 0.10 },
  [MIX_EDUCATION] = { 0.45, 0.35, 0.10, 0.05, 0.05 },
  [MIX_OFFER] = { 0.40, 0.30, 0.05, 0.20, 0.05 },
  [MIX_SAVE] = { 0, 0, 0.20, 0.80, 0 },
  [MIX_EXIT] = { 0, 0.30, 0.10, 0.50, 0.10 },
};

/* Handling cost of a contact, in percent of its channel's cost. */
static const int kind_cost_percent[CXV_INTERACTION_FEEDBACK + 1] = {
  [CXV_INTERACTION_SUPPORT] = 100,
  [CXV_INTERACTION_COMPLAINT] = 150,
  [CXV_INTERACTION_EDUCATION] = 50,
  [CXV_INTERACTION_ADVICE] = 30,
  [CXV_INTERACTION_OFFER] = 50,
  [CXV_INTERACTION_SAVE] = 150,
  [CXV_INTERACTION_FEEDBACK] = 50,
};

enum {
  R_SETUP, R_CONNECTION, R_ACCOUNT, R_OUTAGE, R_BILLING, R_SPEED, R_ONBOARDING, R_HOW_TO,
  R_UPGRADE, R_ADD_ON, R_RETENTION, R_PRICE, R_MOVED, R_COMPETITOR, N_REASONS
};
/* Shares of the complaint reasons outage, billing and speed. */
static const double complaint_reasons[3] = { 0.4, 0.3, 0.3 };

static const char *const reason_names[N_REASONS] = {
  "setup", "connection", "account", "outage", "billing", "speed", "onboarding", "how-to",
  "upgrade", "add-on", "retention", "price", "moved", "competitor",
};

#define N_INITIATIVES 6

static const struct
{
  const char *id;
  const char *name;
  gboolean    in_sync;
  guint8      segments;
  guint8      channel;
  double      start;   /* fraction of the window */
  double      end;     /* fraction of the window; < 0: still live at its end */
} initiatives[N_INITIATIVES] = {
  { "INI-01", "Self-install kit redesigned from onboarding research", TRUE, ALL_SEGMENTS,
    CH_APP, 0.08, 0.58 },
  { "INI-02", "Proactive outage alerts, from complaint analysis", TRUE, SEG_BIT (SEG_CONSUMER),
    CH_APP, 0.25, -1 },
  { "INI-03", "Business priority line, from effort-score findings", TRUE,
    SEG_BIT (SEG_BUSINESS), CH_PHONE, 0.375, 0.83 },
  { "INI-04", "Loyalty points scheme", FALSE, SEG_BIT (SEG_CONSUMER), CH_WEB, 0.125, 0.625 },
  { "INI-05", "Store refit", FALSE, ALL_SEGMENTS, CH_STORE, 0.5, -1 },
  { "INI-06", "Upsell scripts for chat agents", FALSE, ALL_SEGMENTS, CH_CHAT, 0.625, 0.92 },
};

/* ------------------------------------------------------------------ */
/* Planted effects                                                      */

typedef enum
{
  EFFECT_BASE_CHURN,
  EFFECT_COMPLAINT_CHURN,
  EFFECT_DETRACTOR_CHURN,
  EFFECT_DETRACTOR_REFERRAL,
  EFFECT_SAVE_CHURN,
  EFFECT_IN_SYNC_EXPANSION,
  EFFECT_PRODUCT_CHURN,
  N_EFFECTS
} Effect;

static const struct
{
  const char *name;
  double      max;
  double      value;
  const char *description;
} effects[N_EFFECTS] = {
  [EFFECT_BASE_CHURN] = {
    "base-churn", 1.0, 0.02,
    "Monthly churn hazard of a customer holding one product, with no unresolved complaint in "
    "the 3 months before, no latest NPS answer of 0 to 6 and no save attempt" },
  [EFFECT_COMPLAINT_CHURN] = {
    "complaint-churn-factor", 100.0, 3.0,
    "Churn hazard multiplier in each of the 3 months after the month of an unresolved "
    "complaint" },
  [EFFECT_DETRACTOR_CHURN] = {
    "detractor-churn-factor", 100.0, 2.0,
    "Churn hazard multiplier while the customer's latest NPS answer, given before the month, "
    "is 0 to 6" },
  [EFFECT_DETRACTOR_REFERRAL] = {
    "detractor-referral-factor", 100.0, 0.25,
    "Multiplier on the monthly referral probability (0.015) while the customer's latest NPS "
    "answer is 0 to 6" },
  [EFFECT_SAVE_CHURN] = {
    "save-churn-factor", 100.0, 0.4,
    "Churn hazard multiplier for a customer at risk (an unresolved complaint in the 3 months "
    "before, or a latest NPS answer of 0 to 6) in the month after a save interaction" },
  [EFFECT_IN_SYNC_EXPANSION] = {
    "in-sync-expansion-factor", 100.0, 2.0,
    "Multiplier on the monthly expansion probability (0.012) of customers touched by an "
    "in-sync initiative that is live at the start of the month; out-of-sync initiatives have "
    "no effect" },
  [EFFECT_PRODUCT_CHURN] = {
    "product-churn-factor", 100.0, 0.75,
    "Churn hazard multiplier per recurring product held beyond the first" },
};

/* ------------------------------------------------------------------ */
/* Random numbers: xoshiro256** seeded through splitmix64, as its authors
 * recommend (https://prng.di.unimi.it/). */

typedef struct
{
  guint64 s[4];
} Rng;

static inline guint64
rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

static void
rng_seed (Rng *rng, guint64 seed)
{
  for (guint i = 0; i < 4; i++)
    {
      guint64 z = (seed += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));
      z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
      z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
      rng->s[i] = z ^ (z >> 31);
    }
}

static inline guint64
rng_next (Rng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

/* Uniform in [0, 1). */
static inline double
rng_uniform (Rng *rng)
{
  return (double) (rng_next (rng) >> 11) * 0x1.0p-53;
}

/* Uniform in [0, n), by multiplication (Lemire): the bias is below 2^-32. */
static inline guint32
rng_below (Rng *rng, guint32 n)
{
  return (guint32) (((rng_next (rng) >> 32) * (guint64) n) >> 32);
}

static inline gboolean
rng_chance (Rng *rng, double p)
{
  return rng_uniform (rng) < p;
}

static guint
pick (Rng *rng, const double *shares, guint n)
{
  double u = rng_uniform (rng);

  for (guint i = 0; i + 1 < n; i++)
    {
      if (u < shares[i])
        return i;
      u -= shares[i];
    }
  return n - 1;
}

/* ------------------------------------------------------------------ */
/* The object                                                           */

struct _CxvSimulator
{
  GObject  parent_instance;

  guint    n_customers;
  guint    n_months;
  guint64  seed;
  CxvDate  start_date;
  double   effects[N_EFFECTS];

  double   progress;
  int      busy;
};

G_DEFINE_FINAL_TYPE (CxvSimulator, cxv_simulator, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_CUSTOMERS,
  PROP_N_MONTHS,
  PROP_START_DATE,
  PROP_SEED,
  PROP_PROGRESS,
  PROP_FIRST_EFFECT,
  N_PROPS = PROP_FIRST_EFFECT + N_EFFECTS
};

static GParamSpec *properties[N_PROPS];

/* What a run uses, copied when it starts so that changing the properties
 * during an async run changes nothing. */
typedef struct
{
  guint   n_customers;
  guint   n_months;
  guint64 seed;
  CxvDate start_date;
  double  effects[N_EFFECTS];
} Params;

/* ------------------------------------------------------------------ */
/* Progress                                                             */

static void
publish_progress (GObject *object, double progress, guint64 count)
{
  CxvSimulator *self = CXV_SIMULATOR (object);

  if (self->progress != progress)
    {
      self->progress = progress;
      g_object_notify_by_pspec (object, properties[PROP_PROGRESS]);
    }
}

static void
report_progress (CxvSimulator *self, GMainContext *context, double progress)
{
  cxv_progress_report (G_OBJECT (self), context, publish_progress, progress, 0);
}

/* ------------------------------------------------------------------ */
/* A run                                                                */

enum { CONTACT_SURVEY = 0xff };  /* a relationship survey: an answer, no interaction */

typedef struct
{
  CxvDate day;
  guint32 reason;     /* text index */
  guint8  kind;       /* CxvInteractionKind or CONTACT_SURVEY */
  guint8  channel;
  guint8  resolved;
  guint8  reason_id;  /* R_*, or N_REASONS + i for initiative i */
} Contact;

typedef struct
{
  CxvDate day;
  guint32 topics;
  guint8  instrument;
  guint8  score;
} Answer;

typedef struct
{
  guint32 product;
  CxvDate start;
  CxvDate end;
} Holding;

/* The contacts and answers of one customer-month are bounded by the draws
 * that make them: at most 2 support, 1 complaint (repeat complaints are
 * not modelled), 1 education, 2 offers, 1 save, one advice per initiative
 * (one more in the month a switcher came for one) and 1 survey, each
 * followed by at most 3 answers. */
#define MAX_CONTACTS 16
#define MAX_ANSWERS  (3 * MAX_CONTACTS)

typedef struct
{
  CxvSimulator  *self;
  GMainContext  *progress_context;
  Params         p;
  CxvDataset    *ds;
  Rng            rng;

  CxvDate       *month_start;          /* n_months + 1 */
  guint8        *live;                 /* per month: bit i when initiative i is live */
  guint8         in_sync_bits;
  guint8         initiative_segments[N_INITIATIVES];
  guint32        initiative_text[N_INITIATIVES];
  guint16        initiative_index[N_INITIATIVES];

  guint32        segment_text[N_SEGMENTS];
  guint32        channel_text[N_CHANNELS];
  guint32        reason_text[N_REASONS];
  gint64         price[N_SEGMENTS][N_PRODUCTS];
  gint64         cost[N_SEGMENTS][N_PRODUCTS];
  gint64         contact_cost[CXV_INTERACTION_FEEDBACK + 1][N_CHANNELS];
  double         churn_product_factor[MAX_PRODUCTS_HELD + 1];

  Holding       *holdings;
  guint          n_holdings;
  guint          holdings_cap;
  Contact        contacts[MAX_CONTACTS];
  guint          n_contacts;
  Answer         answers[MAX_ANSWERS];
  guint          n_answers;
} Run;

/* What the simulator knows of one customer while it simulates it. */
typedef struct
{
  guint32  index;
  guint    segment;
  CxvDate  acquired;
  double   engagement;
  guint    bill_offset;

  guint    tier;                        /* P_NET100 … P_NET1000 */
  guint    n_held;
  gboolean held[N_PRODUCTS];
  guint    holding[N_PRODUCTS];         /* index in run->holdings */
  guint32  tag[N_PRODUCTS];             /* the initiative a holding's bills carry */
  guint32  customer_tag;                /* the initiative a switcher came for */

  guint8   touched;                     /* initiatives that touched the customer */
  int      last_unresolved_month;
  guint8   last_complaint_reason;
  int      save_month;
  gboolean detractor;
  gint64   credit;                      /* refund due on the next bill */
} Customer;

static void
run_clear (Run *run)
{
  g_free (run->month_start);
  g_free (run->live);
  g_free (run->holdings);
  g_clear_object (&run->ds);
  g_clear_pointer (&run->progress_context, g_main_context_unref);
  g_clear_object (&run->self);
}

static guint
month_of (const Run *run, CxvDate date)
{
  guint lo = 0, hi = run->p.n_months;

  /* The last month whose start is not after @date. */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;
      if (run->month_start[mid] <= date)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/* Declares products, initiatives and texts; fills the run's tables. */
static gboolean
run_prepare (Run *run, GError **error)
{
  const Params *p = &run->p;

  run->ds = cxv_dataset_new ("USD", error);
  if (run->ds == NULL)
    return FALSE;

  run->month_start = g_new (CxvDate, p->n_months + 1);
  for (guint m = 0; m <= p->n_months; m++)
    run->month_start[m] = cxv_date_add_months (p->start_date, (int) m);

  for (guint s = 0; s < N_SEGMENTS; s++)
    run->segment_text[s] = cxv_dataset_intern_text (run->ds, segment_names[s]);
  for (guint c = 0; c < N_CHANNELS; c++)
    run->channel_text[c] = cxv_dataset_intern_text (run->ds, channels[c].name);
  for (guint r = 0; r < N_REASONS; r++)
    run->reason_text[r] = cxv_dataset_intern_text (run->ds, reason_names[r]);
  for (guint k = 0; k <= CXV_INTERACTION_FEEDBACK; k++)
    for (guint c = 0; c < N_CHANNELS; c++)
      run->contact_cost[k][c] = channels[c].cost * kind_cost_percent[k] / 100;

  for (guint i = 0; i < N_PRODUCTS; i++)
    {
      const char *eligible[N_SEGMENTS + 1] = { NULL };
      guint n = 0;
      guint index = N_PRODUCTS;

      if (products[i].segments != ALL_SEGMENTS)
        for (guint s = 0; s < N_SEGMENTS; s++)
          if (products[i].segments & SEG_BIT (s))
            eligible[n++] = segment_names[s];
      if (!cxv_dataset_add_product (run->ds, products[i].code, products[i].category, TRUE,
                                    eligible, error))
        return FALSE;
      /* The records store the simulator's own product numbers: a new
       * dataset numbers products in the order they are declared. */
      cxv_dataset_lookup_product (run->ds, products[i].code, &index);
      g_assert (index == i);

      run->price[SEG_CONSUMER][i] = products[i].price;
      run->price[SEG_BUSINESS][i] = products[i].price * 3 / 2;
      for (guint s = 0; s < N_SEGMENTS; s++)
        run->cost[s][i] = run->price[s][i] * products[i].cost_percent / 100;
    }

  run->live = g_new0 (guint8, p->n_months);
  for (guint i = 0; i < N_INITIATIVES; i++)
    {
      guint first = MIN ((guint) (initiatives[i].start * p->n_months), p->n_months - 1);
      guint end = p->n_months;
      CxvDate end_date = CXV_DATE_NONE;
      guint index = i;

      if (initiatives[i].end >= 0)
        {
          end = CLAMP ((guint) (initiatives[i].end * p->n_months), first + 1, p->n_months);
          end_date = run->month_start[end] - 1;
        }
      if (!cxv_dataset_add_initiative (run->ds, initiatives[i].id, initiatives[i].name,
                                       initiatives[i].in_sync, run->month_start[first], end_date,
                                       error))
        return FALSE;
      cxv_dataset_lookup_initiative (run->ds, initiatives[i].id, &index);
      run->initiative_index[i] = (guint16) index;
      run->initiative_text[i] = cxv_dataset_intern_text (run->ds, initiatives[i].id);
      run->initiative_segments[i] = initiatives[i].segments;
      if (initiatives[i].in_sync)
        run->in_sync_bits |= 1u << i;
      for (guint m = first; m < end; m++)
        run->live[m] |= 1u << i;
    }

  run->churn_product_factor[0] = 1.0;
  run->churn_product_factor[1] = 1.0;
  for (guint k = 2; k <= MAX_PRODUCTS_HELD; k++)
    run->churn_product_factor[k] =
      run->churn_product_factor[k - 1] * p->effects[EFFECT_PRODUCT_CHURN];

  rng_seed (&run->rng, p->seed);
  return TRUE;
}

/* A random set bit of @bits (not 0). */
static guint
pick_bit (Rng *rng, guint bits)
{
  guint n = 0, k;

  for (guint b = bits; b != 0; b &= b - 1)
    n++;
  k = rng_below (rng, n);
  for (guint i = 0; ; i++)
    if ((bits & (1u << i)) && k-- == 0)
      return i;
}

/* Declares a customer acquired on @acquired; its records come when the
 * main loop reaches its index. */
static gboolean
declare_customer (Run                  *run,
                  guint                 segment,
                  CxvDate               acquired,
                  CxvAcquisitionSource  source,
                  guint32               referrer,
                  GError              **error)
{
  char id[16];
  guint32 index = cxv_dataset_get_n_records (run->ds, CXV_RECORD_CUSTOMER);

  g_snprintf (id, sizeof id, "C%07u", index + 1);
  if (!cxv_dataset_add_customer (run->ds, id, segment_names[segment], acquired, source, NULL,
                                 error))
    return FALSE;
  if (referrer != CXV_NO_INDEX)
    cxv_dataset_set_referrer (run->ds, index, referrer);
  return TRUE;
}

static gboolean
declare_acquired_customer (Run *run, GError **error)
{
  static const double sources[] = { 0.40, 0.30, 0.22, 0.08 };
  static const CxvAcquisitionSource source_values[] = {
    CXV_ACQUISITION_ORGANIC, CXV_ACQUISITION_SALES, CXV_ACQUISITION_SWITCHED,
    CXV_ACQUISITION_WIN_BACK,
  };
  const double g = ACQUISITION_GROWTH;
  double u = rng_uniform (&run->rng);
  /* Inverse of the distribution function of the density (1 + g x) / (1 + g / 2) on [0, 1). */
  double x = (sqrt (1 + 2 * g * u * (1 + g / 2)) - 1) / g;
  guint m = MIN ((guint) (x * run->p.n_months), run->p.n_months - 1);
  CxvDate day = run->month_start[m] +
                (CxvDate) rng_below (&run->rng,
                                     (guint32) (run->month_start[m + 1] - run->month_start[m]));
  guint segment = rng_chance (&run->rng, P_BUSINESS) ? SEG_BUSINESS : SEG_CONSUMER;

  return declare_customer (run, segment, day,
                           source_values[pick (&run->rng, sources, G_N_ELEMENTS (sources))],
                           CXV_NO_INDEX, error);
}

static void
add_contact (Run *run, CxvDate day, guint kind, guint channel, gboolean resolved, guint reason_id)
{
  Contact *c;

  g_assert (run->n_contacts < MAX_CONTACTS);
  c = &run->contacts[run->n_contacts++];
  c->day = day;
  c->kind = (guint8) kind;
  c->channel = (guint8) channel;
  c->resolved = (guint8) !!resolved;
  c->reason_id = (guint8) reason_id;
  c->reason = reason_id < N_REASONS ? run->reason_text[reason_id] : CXV_NO_INDEX;
}

/* A contact of @kind on a random day of [@lo, @lo + @span), through a
 * channel drawn from @mix, resolved with probability @p_resolved, for one
 * of @n_reasons reasons from @first_reason (drawn by @shares, or evenly).
 * The draws are made one after another here because C leaves the order
 * in which a call's arguments are evaluated to the compiler: two draws in
 * one argument list would make the data depend on it. */
static void
draw_contact (Run          *run,
              CxvDate       lo,
              guint32       span,
              guint         kind,
              guint         mix,
              double        p_resolved,
              guint         first_reason,
              guint         n_reasons,
              const double *shares)
{
  Rng *rng = &run->rng;
  CxvDate day = lo + (CxvDate) rng_below (rng, span);
  guint channel = pick (rng, channel_mix[mix], N_CHANNELS);
  gboolean resolved = p_resolved >= 1.0 || rng_chance (rng, p_resolved);
  guint reason = first_reason;

  if (n_reasons > 1)
    reason += shares != NULL ? pick (rng, shares, n_reasons) : rng_below (rng, n_reasons);
  add_contact (run, day, kind, channel, resolved, reason);
}

/* An initiative reaching a customer: an advice contact whose reason is the
 * initiative's id. */
static void
add_touch (Run *run, CxvDate day, guint initiative)
{
  add_contact (run, day, CXV_INTERACTION_ADVICE, initiatives[initiative].channel, TRUE,
               N_REASONS + initiative);
  run->contacts[run->n_contacts - 1].reason = run->initiative_text[initiative];
}

static void
add_answer (Run *run, CxvDate day, CxvInstrument instrument, guint score, guint32 topics)
{
  Answer *a;

  g_assert (run->n_answers < MAX_ANSWERS);
  a = &run->answers[run->n_answers++];
  a->day = day;
  a->instrument = (guint8) instrument;
  a->score = (guint8) score;
  a->topics = topics;
}

/* Stable insertion sorts: a month holds a handful of records. */
static void
sort_contacts (Contact *c, guint n)
{
  for (guint i = 1; i < n; i++)
    {
      Contact x = c[i];
      guint j = i;

      for (; j > 0 && c[j - 1].day > x.day; j--)
        c[j] = c[j - 1];
      c[j] = x;
    }
}

static void
sort_answers (Answer *a, guint n)
{
  for (guint i = 1; i < n; i++)
    {
      Answer x = a[i];
      guint j = i;

      for (; j > 0 && a[j - 1].day > x.day; j--)
        a[j] = a[j - 1];
      a[j] = x;
    }
}

static guint
holding_start (Run *run, Customer *cu, guint product, CxvDate day, guint32 tag)
{
  Holding *h;

  if (run->n_holdings == run->holdings_cap)
    {
      run->holdings_cap = MAX (16, run->holdings_cap * 2);
      run->holdings = g_renew (Holding, run->holdings, run->holdings_cap);
    }
  h = &run->holdings[run->n_holdings];
  h->product = product;
  h->start = day;
  h->end = CXV_DATE_NONE;
  cu->held[product] = TRUE;
  cu->holding[product] = run->n_holdings;
  cu->tag[product] = tag;
  cu->n_held++;
  return run->n_holdings++;
}

static void
holding_end (Run *run, Customer *cu, guint product, CxvDate day)
{
  run->holdings[cu->holding[product]].end = day;
  cu->held[product] = FALSE;
  cu->n_held--;
}

static inline gboolean
eligible (guint product, guint segment)
{
  return (products[product].segments & SEG_BIT (segment)) != 0;
}

/* NPS 0 to 10: far more often a detractor's after an unresolved complaint. */
static guint
nps_score (Rng *rng, gboolean unhappy)
{
  static const double bands[2][3] = { { 0.25, 0.35, 0.40 }, { 0.75, 0.18, 0.07 } };

  switch (pick (rng, bands[unhappy], 3))
    {
    case 0:
      return rng_below (rng, 7);
    case 1:
      return 7 + rng_below (rng, 2);
    default:
      return rng_chance (rng, 0.55) ? 9 : 10;
    }
}

static guint
csat_score (Rng *rng, gboolean resolved)
{
  static const double shares[2][5] = {
    { 0.35, 0.35, 0.20, 0.10, 0.00 },
    { 0.00, 0.05, 0.10, 0.35, 0.50 },
  };

  return 1 + pick (rng, shares[resolved], 5);
}

/* CES on the 1-7 scale of "the company made it easy": 7 is least effort. */
static guint
ces_score (Rng *rng, gboolean resolved, gboolean low_cost)
{
  static const double shares[3][7] = {
    { 0.25, 0.30, 0.25, 0.12, 0.05, 0.03, 0.00 },  /* unresolved */
    { 0.00, 0.03, 0.07, 0.20, 0.35, 0.25, 0.10 },  /* resolved, assisted */
    { 0.00, 0.00, 0.02, 0.05, 0.13, 0.35, 0.45 },  /* resolved, low-cost */
  };

  return 1 + pick (rng, shares[resolved ? (low_cost ? 2 : 1) : 0], 7);
}

/* The answers a contact may be followed by, within @limit (exclusive). */
static void
survey_contact (Run *run, Customer *cu, const Contact *c, guint m, CxvDate limit)
{
  Rng *rng = &run->rng;
  gboolean unhappy = cu->last_unresolved_month + COMPLAINT_WINDOW >= (int) m;
  gboolean resolved = c->resolved;
  gboolean support = c->kind == CXV_INTERACTION_SUPPORT || c->kind == CXV_INTERACTION_COMPLAINT;
  CxvDate day;

  if (c->kind == CONTACT_SURVEY ||
      ((support || c->kind == CXV_INTERACTION_EDUCATION) &&
       rng_chance (rng, P_NPS_AFTER_CONTACT)))
    {
      guint score = nps_score (rng, unhappy);
      guint32 topics = CXV_NO_INDEX;

      if (score <= 6 && unhappy)
        topics = run->reason_text[cu->last_complaint_reason];
      day = c->day + (CxvDate) rng_below (rng, 3);
      add_answer (run, MIN (day, limit - 1), CXV_INSTRUMENT_NPS, score, topics);
    }
  if (!support)
    return;
  if (rng_chance (rng, P_CSAT_AFTER))
    {
      day = c->day + (CxvDate) rng_below (rng, 2);
      add_answer (run, MIN (day, limit - 1), CXV_INSTRUMENT_CSAT, csat_score (rng, resolved),
                  CXV_NO_INDEX);
    }
  if (rng_chance (rng, P_CES_AFTER))
    add_answer (run, c->day, CXV_INSTRUMENT_CES,
                ces_score (rng, resolved, channels[c->channel].channel_class ==
                                          CXV_CHANNEL_LOW_COST),
                CXV_NO_INDEX);
}

/* An append fails only when the dataset is full (billions of records or
 * amounts beyond 64 bits): the run stops with its error. */
#define APPEND(call) G_STMT_START { if (G_UNLIKELY (!(call))) return FALSE; } G_STMT_END

static gboolean
bill (Run *run, Customer *cu, CxvDate day, guint product, CxvRevenueKind kind, GError **error)
{
  guint32 tag = cu->tag[product];

  return cxv_dataset_append_revenue (run->ds, cu->index, product, day, kind,
                                     run->price[cu->segment][product],
                                     run->cost[cu->segment][product], tag, error);
}

/* An upgrade (a higher tier or an add-on) on @day, driven by initiative
 * @tag or none; returns the product whose bill is the expansion, or
 * N_PRODUCTS when there is nothing left to add. */
static guint
expand (Run *run, Customer *cu, CxvDate day, guint32 tag)
{
  guint candidates[N_PRODUCTS];
  guint n = 0, choice;

  if (cu->tier < P_NET1000)
    candidates[n++] = cu->tier + 1;
  for (guint p = FIRST_ADD_ON; p < N_PRODUCTS; p++)
    if (!cu->held[p] && eligible (p, cu->segment))
      candidates[n++] = p;
  if (n == 0)
    return N_PRODUCTS;

  choice = candidates[rng_below (&run->rng, n)];
  if (choice < FIRST_ADD_ON)
    {
      guint32 old_tag = cu->tag[cu->tier];

      holding_end (run, cu, cu->tier, day);
      cu->tier = choice;
      holding_start (run, cu, choice, day, tag != CXV_NO_INDEX ? tag : old_tag);
    }
  else
    holding_start (run, cu, choice, day, tag != CXV_NO_INDEX ? tag : cu->customer_tag);
  return choice;
}

/* A downgrade of the tier or a dropped add-on on @day; returns the product
 * whose bill is the contraction, or N_PRODUCTS when there is none. */
static guint
contract (Run *run, Customer *cu, CxvDate day)
{
  guint candidates[N_PRODUCTS];
  guint n = 0, choice;

  if (cu->tier > P_NET100)
    candidates[n++] = cu->tier - 1;
  for (guint p = FIRST_ADD_ON; p < N_PRODUCTS; p++)
    if (cu->held[p])
      candidates[n++] = p;
  if (n == 0)
    return N_PRODUCTS;

  choice = candidates[rng_below (&run->rng, n)];
  if (choice < FIRST_ADD_ON)
    {
      guint32 old_tag = cu->tag[cu->tier];

      holding_end (run, cu, cu->tier, day);
      cu->tier = choice;
      holding_start (run, cu, choice, day, old_tag);
      return choice;
    }
  holding_end (run, cu, choice, day);
  return N_PRODUCTS;
}

/* Simulates customer @index from its acquisition to its departure or the
 * end of the window, appending its records in (customer, date) order. */
static gboolean
simulate_customer (Run *run, guint32 index, GError **error)
{
  const Params *p = &run->p;
  const CxvRecordTable *ct = cxv_dataset_get_table (run->ds, CXV_RECORD_CUSTOMER);
  Rng *rng = &run->rng;
  CxvDataset *ds = run->ds;
  const double *fx = p->effects;
  Customer cu = { 0 };
  CxvAcquisitionSource source;
  guint a;

  cu.index = index;
  cu.segment = CXV_COLUMN (ct, guint32, CUS_SEGMENT)[index] == run->segment_text[SEG_BUSINESS]
               ? SEG_BUSINESS : SEG_CONSUMER;
  cu.acquired = CXV_COLUMN (ct, CxvDate, CUS_ACQUIRED)[index];
  source = CXV_COLUMN (ct, guint8, CUS_SOURCE)[index];
  a = month_of (run, cu.acquired);
  cu.bill_offset = MIN ((guint) (cu.acquired - run->month_start[a]), 27u);
  cu.engagement = 0.4 + 1.2 * rng_uniform (rng);
  cu.customer_tag = CXV_NO_INDEX;
  cu.last_unresolved_month = G_MININT / 2;
  cu.save_month = G_MININT / 2;
  run->n_holdings = 0;
  for (guint i = 0; i < N_PRODUCTS; i++)
    cu.tag[i] = CXV_NO_INDEX;

  run->n_contacts = 0;

  /* A switcher who came for a live in-sync initiative: the extra switchers
   * it brought, (f - 1) / f of those switching while it is live. */
  if (source == CXV_ACQUISITION_SWITCHED && fx[EFFECT_IN_SYNC_EXPANSION] > 1.0)
    {
      guint bits = run->live[a] & run->in_sync_bits;

      for (guint i = 0; i < N_INITIATIVES; i++)
        if (!(run->initiative_segments[i] & SEG_BIT (cu.segment)))
          bits &= ~(1u << i);
      if (bits != 0 &&
          rng_chance (rng, 1.0 - 1.0 / fx[EFFECT_IN_SYNC_EXPANSION]))
        {
          guint i = pick_bit (rng, bits);

          cu.customer_tag = run->initiative_index[i];
          cu.touched |= 1u << i;
          add_touch (run, cu.acquired, i);
        }
    }

  /* The products bought at acquisition. */
  cu.tier = P_NET100 + pick (rng, tier_shares[cu.segment], 3);
  holding_start (run, &cu, cu.tier, cu.acquired, cu.customer_tag);
  for (guint i = FIRST_ADD_ON; i < N_PRODUCTS; i++)
    if (rng_chance (rng, products[i].take_rate[cu.segment]))
      holding_start (run, &cu, i, cu.acquired, cu.customer_tag);

  if (rng_chance (rng, P_INSTALLATION))
    {
      gint64 fee = cu.segment == SEG_BUSINESS ? 14900 : 9900;
      APPEND (cxv_dataset_append_revenue (ds, index, cu.tier, cu.acquired, CXV_REVENUE_ONE_OFF,
                                          fee, fee * 60 / 100, cu.customer_tag, error));
    }
  for (guint i = 0; i < N_PRODUCTS; i++)
    if (cu.held[i])
      APPEND (bill (run, &cu, cu.acquired, i, CXV_REVENUE_NEW, error));

  for (guint m = a; m < p->n_months; m++)
    {
      CxvDate ms = run->month_start[m], me = run->month_start[m + 1];
      guint32 len = (guint32) (me - ms);
      CxvDate lo = m == a ? cu.acquired : ms;
      CxvDate hi = me;           /* events happen in [lo, hi) */
      CxvDate bill_day = m == a ? cu.acquired : ms + (CxvDate) MIN (cu.bill_offset, len - 1);
      gboolean churned = FALSE;
      /* The state at the start of the month, which the effects act on. */
      gboolean exposed = cu.last_unresolved_month + COMPLAINT_WINDOW >= (int) m;
      gboolean detractor = cu.detractor;
      gboolean at_risk = m > a && (exposed || detractor);
      guint changed = N_PRODUCTS;
      CxvRevenueKind change_kind = CXV_REVENUE_RECURRING;

      /* Leaving, with the hazard of the state at the start of the month. */
      if (m > a)
        {
          double h = fx[EFFECT_BASE_CHURN] * run->churn_product_factor[cu.n_held];

          if (exposed)
            h *= fx[EFFECT_COMPLAINT_CHURN];
          if (detractor)
            h *= fx[EFFECT_DETRACTOR_CHURN];
          if (at_risk && cu.save_month == (int) m - 1)
            h *= fx[EFFECT_SAVE_CHURN];
          if (rng_uniform (rng) < h)
            {
              churned = TRUE;
              hi = ms + (CxvDate) rng_below (rng, len);
            }
        }

      /* Contacts on random days before leaving. */
      if (hi > lo)
        {
          guint32 span = (guint32) (hi - lo);
          guint live = run->live[m];

          if (rng_chance (rng, cu.segment == SEG_BUSINESS ? P_SUPPORT_BUSINESS
                                                          : P_SUPPORT_CONSUMER))
            {
              guint n = rng_chance (rng, P_SUPPORT_AGAIN) ? 2 : 1;

              for (guint i = 0; i < n; i++)
                draw_contact (run, lo, span, CXV_INTERACTION_SUPPORT,
                              MIX_SUPPORT_CONSUMER + cu.segment, 1 - P_SUPPORT_OPEN, R_SETUP, 3,
                              NULL);
            }
          if (rng_chance (rng, P_COMPLAINT))
            draw_contact (run, lo, span, CXV_INTERACTION_COMPLAINT, MIX_COMPLAINT,
                          1 - P_COMPLAINT_OPEN, R_OUTAGE, 3, complaint_reasons);
          if (rng_chance (rng, m < a + 2 ? P_EDUCATION_FIRST : P_EDUCATION))
            draw_contact (run, lo, span, CXV_INTERACTION_EDUCATION, MIX_EDUCATION, 1,
                          m < a + 2 ? R_ONBOARDING : R_HOW_TO, 1, NULL);
          if (m > a && rng_chance (rng, P_OFFER_DECLINED))
            draw_contact (run, lo, span, CXV_INTERACTION_OFFER, MIX_OFFER, 0, R_UPGRADE, 2,
                          NULL);
          if (at_risk && rng_chance (rng, P_SAVE))
            draw_contact (run, lo, span, CXV_INTERACTION_SAVE, MIX_SAVE, P_SAVE_ACCEPTED,
                          R_RETENTION, 1, NULL);
          for (guint i = 0; live != 0 && i < N_INITIATIVES; i++)
            if ((live & (1u << i)) && (run->initiative_segments[i] & SEG_BIT (cu.segment)) &&
                rng_chance (rng, P_TOUCH))
              add_touch (run, lo + (CxvDate) rng_below (rng, span), i);
          if (rng_chance (rng, P_RELATIONSHIP_NPS))
            add_contact (run, lo + (CxvDate) rng_below (rng, span), CONTACT_SURVEY, 0, TRUE,
                         N_REASONS);
        }

      /* Upgrades and downgrades, on the billing day. */
      if (m > a && !churned)
        {
          guint influence = cu.touched & run->live[m] & run->in_sync_bits;
          double f = influence ? fx[EFFECT_IN_SYNC_EXPANSION] : 1.0;

          if (rng_uniform (rng) < P_EXPAND * f)
            {
              guint32 tag = CXV_NO_INDEX;

              if (f > 1.0 && rng_chance (rng, 1.0 - 1.0 / f))
                tag = run->initiative_index[pick_bit (rng, influence)];
              changed = expand (run, &cu, bill_day, tag);
              change_kind = CXV_REVENUE_EXPANSION;
              /* Accepted on or before the billing day it takes effect. */
              if (changed != N_PRODUCTS && rng_chance (rng, P_VIA_OFFER))
                draw_contact (run, ms, (guint32) (bill_day - ms) + 1, CXV_INTERACTION_OFFER,
                              MIX_OFFER, 1, changed < FIRST_ADD_ON ? R_UPGRADE : R_ADD_ON, 1,
                              NULL);
            }
          else if (rng_chance (rng, P_CONTRACT))
            {
              changed = contract (run, &cu, bill_day);
              change_kind = CXV_REVENUE_CONTRACTION;
            }
        }

      /* The month's bills, unless the customer left before the billing day. */
      if (m > a && bill_day < hi)
        {
          if (cu.credit != 0)
            {
              APPEND (cxv_dataset_append_revenue (ds, index, CXV_NO_INDEX, bill_day,
                                                  CXV_REVENUE_REFUND, -cu.credit, 0,
                                                  cu.customer_tag, error));
              cu.credit = 0;
            }
          if (changed == P_TV && change_kind == CXV_REVENUE_EXPANSION)
            APPEND (cxv_dataset_append_revenue (ds, index, P_TV, bill_day, CXV_REVENUE_ONE_OFF,
                                                4900, 4000, cu.tag[P_TV], error));
          else if (changed == P_NET1000 && change_kind == CXV_REVENUE_EXPANSION &&
                   rng_chance (rng, P_ROUTER))
            APPEND (cxv_dataset_append_revenue (ds, index, P_NET1000, bill_day,
                                                CXV_REVENUE_ONE_OFF, 12900, 9000,
                                                cu.tag[P_NET1000], error));
          for (guint i = 0; i < N_PRODUCTS; i++)
            if (cu.held[i])
              APPEND (bill (run, &cu, bill_day, i,
                            i == changed ? change_kind : CXV_REVENUE_RECURRING, error));
        }

      /* The contacts in date order, each changing the state for what
       * follows: the hazard of later months, the answers after it. */
      sort_contacts (run->contacts, run->n_contacts);
      run->n_answers = 0;
      for (guint i = 0; i < run->n_contacts; i++)
        {
          const Contact *c = &run->contacts[i];

          if (c->kind != CONTACT_SURVEY)
            APPEND (cxv_dataset_append_interaction (ds, index, c->day,
                                                    run->channel_text[c->channel],
                                                    channels[c->channel].channel_class, c->kind,
                                                    c->resolved, c->reason,
                                                    run->contact_cost[c->kind][c->channel],
                                                    error));
          switch (c->kind)
            {
            case CXV_INTERACTION_COMPLAINT:
              if (!c->resolved)
                {
                  cu.last_unresolved_month = (int) m;
                  cu.last_complaint_reason = c->reason_id;
                }
              else if (c->reason_id == R_BILLING)
                cu.credit += 1000 + 500 * rng_below (rng, 3);
              break;
            case CXV_INTERACTION_SAVE:
              cu.save_month = (int) m;
              break;
            case CXV_INTERACTION_ADVICE:
              cu.touched |= 1u << (c->reason_id - N_REASONS);
              break;
            default:
              break;
            }
          survey_contact (run, &cu, c, m, hi);
        }
      run->n_contacts = 0;

      /* Answers in date order; the latest NPS sets the detractor state. */
      sort_answers (run->answers, run->n_answers);
      for (guint i = 0; i < run->n_answers; i++)
        {
          const Answer *an = &run->answers[i];

          APPEND (cxv_dataset_append_feedback (ds, index, an->day, an->instrument, an->score,
                                               CXV_NO_INDEX, an->topics, error));
          if (an->instrument == CXV_INSTRUMENT_NPS)
            cu.detractor = an->score <= 6;
        }

      /* Usage of what is held on the last day as a customer this month. */
      if (hi > lo)
        for (guint i = 0; i < N_PRODUCTS; i++)
          if (cu.held[i])
            {
              double steps = products[i].usage_steps * cu.engagement *
                             (0.7 + 0.6 * rng_uniform (rng));

              APPEND (cxv_dataset_append_usage (ds, index, i, hi - 1,
                                                floor (steps + 0.5) * products[i].usage_step,
                                                error));
            }

      /* A referral brings in a customer, of the referrer's segment mostly,
       * who joins the end of the queue; none once the dataset is full. */
      if (m > a && !churned &&
          rng_uniform (rng) < P_REFER * (detractor ? fx[EFFECT_DETRACTOR_REFERRAL] : 1.0))
        {
          guint32 referred = cxv_dataset_get_n_records (ds, CXV_RECORD_CUSTOMER);

          if (referred < p->n_customers)
            {
              CxvDate day = ms + (CxvDate) rng_below (rng, len);
              guint segment = rng_chance (rng, P_REFER_SAME_SEG) ? cu.segment : 1 - cu.segment;

              APPEND (declare_customer (run, segment, day, CXV_ACQUISITION_REFERRAL, index,
                                        error));
              APPEND (cxv_dataset_append_referral (ds, index, referred, day, error));
            }
        }

      if (churned)
        {
          if (rng_chance (rng, P_EXIT_REASON))
            {
              guint reason = cu.last_unresolved_month + COMPLAINT_WINDOW >= (int) m
                             ? cu.last_complaint_reason : R_PRICE + rng_below (rng, 3);
              guint channel = pick (rng, channel_mix[MIX_EXIT], N_CHANNELS);

              APPEND (cxv_dataset_append_interaction (ds, index, hi, run->channel_text[channel],
                                                      channels[channel].channel_class,
                                                      CXV_INTERACTION_FEEDBACK, TRUE,
                                                      run->reason_text[reason],
                                                      run->contact_cost[CXV_INTERACTION_FEEDBACK]
                                                                       [channel],
                                                      error));
            }
          for (guint i = 0; i < N_PRODUCTS; i++)
            if (cu.held[i])
              holding_end (run, &cu, i, hi);
          break;
        }
    }

  for (guint i = 0; i < run->n_holdings; i++)
    APPEND (cxv_dataset_append_holding (ds, index, run->holdings[i].product,
                                        run->holdings[i].start, run->holdings[i].end, error));
  return TRUE;
}

static gboolean
run_simulation (Run *run, GCancellable *cancellable, GError **error)
{
  guint n = run->p.n_customers;
  guint step = MAX (1u, (n + PROGRESS_STEPS - 1) / PROGRESS_STEPS);
  guint next_report = step;

  report_progress (run->self, run->progress_context, 0.0);
  if (!run_prepare (run, error))
    return FALSE;

  /* Customers are simulated in index order. Those referred by a customer
   * are declared as it refers them, after every customer declared so far;
   * when the queue is empty the next one is acquired another way. Each
   * customer's records are thus appended after those of every lower index,
   * already sorted as sealing wants. */
  for (guint32 i = 0; i < n; i++)
    {
      if (i % CANCEL_EVERY == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (i == cxv_dataset_get_n_records (run->ds, CXV_RECORD_CUSTOMER) &&
          !declare_acquired_customer (run, error))
        return FALSE;
      if (!simulate_customer (run, i, error))
        return FALSE;
      if (i + 1 == next_report && i + 1 < n)
        {
          report_progress (run->self, run->progress_context, (double) (i + 1) / n);
          next_report += step;
        }
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !cxv_dataset_seal (run->ds, error))
    return FALSE;
  report_progress (run->self, run->progress_context, 1.0);
  return TRUE;
}

static void
params_init (Params *params, CxvSimulator *self)
{
  params->n_customers = self->n_customers;
  params->n_months = self->n_months;
  params->seed = self->seed;
  params->start_date = self->start_date;
  memcpy (params->effects, self->effects, sizeof params->effects);
}

static CxvDataset *
simulate (CxvSimulator  *self,
          const Params  *params,
          GMainContext  *progress_context,
          GCancellable  *cancellable,
          GError       **error)
{
  Run run = { 0 };
  CxvDataset *ds = NULL;

  run.self = g_object_ref (self);
  run.progress_context = progress_context ? g_main_context_ref (progress_context) : NULL;
  run.p = *params;
  if (run_simulation (&run, cancellable, error))
    ds = g_steal_pointer (&run.ds);
  run_clear (&run);
  return ds;
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
cxv_simulator_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CxvSimulator *self = CXV_SIMULATOR (object);

  switch (prop_id)
    {
    case PROP_N_CUSTOMERS:
      g_value_set_uint (value, self->n_customers);
      break;
    case PROP_N_MONTHS:
      g_value_set_uint (value, self->n_months);
      break;
    case PROP_START_DATE:
      g_value_set_int (value, self->start_date);
      break;
    case PROP_SEED:
      g_value_set_uint64 (value, self->seed);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    default:
      if (prop_id >= PROP_FIRST_EFFECT && prop_id < N_PROPS)
        g_value_set_double (value, self->effects[prop_id - PROP_FIRST_EFFECT]);
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_effect (CxvSimulator *self, Effect effect, double value)
{
  /* The param spec's range check lets NaN through. */
  g_return_if_fail (!isnan (value));

  if (self->effects[effect] != value)
    {
      self->effects[effect] = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_EFFECT + effect]);
    }
}

static void
cxv_simulator_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CxvSimulator *self = CXV_SIMULATOR (object);

  switch (prop_id)
    {
    case PROP_N_CUSTOMERS:
      cxv_simulator_set_n_customers (self, g_value_get_uint (value));
      break;
    case PROP_N_MONTHS:
      cxv_simulator_set_n_months (self, g_value_get_uint (value));
      break;
    case PROP_START_DATE:
      cxv_simulator_set_start_date (self, g_value_get_int (value));
      break;
    case PROP_SEED:
      cxv_simulator_set_seed (self, g_value_get_uint64 (value));
      break;
    default:
      if (prop_id >= PROP_FIRST_EFFECT && prop_id < N_PROPS)
        set_effect (self, prop_id - PROP_FIRST_EFFECT, g_value_get_double (value));
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The last start date for which the longest window still ends in range. */
static CxvDate
max_start_date (void)
{
  return cxv_date_from_ymd (9899, 12, 31);
}

static void
cxv_simulator_class_init (CxvSimulatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = cxv_simulator_get_property;
  object_class->set_property = cxv_simulator_set_property;

  /**
   * CxvSimulator:n-customers:
   *
   * The number of customers the dataset holds, those acquired through
   * referrals included: from 0 to 100,000,000. Default: 20,000.
   *
   * Since: 1.0
   */
  properties[PROP_N_CUSTOMERS] =
    g_param_spec_uint ("n-customers", NULL, NULL, 0, MAX_CUSTOMERS, 20000, rw);

  /**
   * CxvSimulator:n-months:
   *
   * The length of the window in calendar months, from
   * [property@Cxv.Simulator:start-date]: from 1 to 1,200. Customers are
   * acquired throughout it. Default: 24.
   *
   * Since: 1.0
   */
  properties[PROP_N_MONTHS] =
    g_param_spec_uint ("n-months", NULL, NULL, 1, MAX_MONTHS, 24, rw);

  /**
   * CxvSimulator:start-date:
   *
   * The first day of the window, a [alias@Cxv.Date] (days since
   * 1970-01-01) from 0001-01-01 to 9899-12-31. Months start on its day of
   * the month (clamped to the end of shorter months). Default: 2023-01-01.
   *
   * Since: 1.0
   */
  properties[PROP_START_DATE] =
    g_param_spec_int ("start-date", NULL, NULL, CXV_DATE_MIN, max_start_date (),
                      cxv_date_from_ymd (2023, 1, 1), rw);

  /**
   * CxvSimulator:seed:
   *
   * The seed of the random numbers: the same seed and parameters give the
   * same dataset, byte for byte. Default: 42.
   *
   * Since: 1.0
   */
  properties[PROP_SEED] =
    g_param_spec_uint64 ("seed", NULL, NULL, 0, G_MAXUINT64, 42, rw);

  /**
   * CxvSimulator:progress:
   *
   * The share of the customers of the current (or last) run simulated so
   * far, from 0 to 1; it moves in steps of a hundredth, at most 101 times a
   * run, and reaches 1 once the dataset is sealed.
   *
   * Since: 1.0
   */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0, ro);

  /**
   * CxvSimulator:base-churn:
   *
   * The monthly churn hazard of a customer holding one product, with no
   * unresolved complaint in the 3 months before, no latest NPS answer of 0
   * to 6 and no save attempt: the hazard the factors multiply. From 0 to 1.
   * Default: 0.02.
   *
   * Since: 1.0
   */

  /**
   * CxvSimulator:complaint-churn-factor:
   *
   * The multiplier on the churn hazard in each of the 3 months after the
   * month of an unresolved complaint (an interaction of kind complaint not
   * resolved). 1 switches the effect off. Default: 3.
   *
   * Since: 1.0
   */

  /**
   * CxvSimulator:detractor-churn-factor:
   *
   * The multiplier on the churn hazard in a month whose customer's latest
   * NPS answer, given before the month began, is 0 to 6. 1 switches the
   * effect off. Default: 2.
   *
   * Since: 1.0
   */

  /**
   * CxvSimulator:detractor-referral-factor:
   *
   * The multiplier on the monthly probability (0.015) that a customer
   * refers a new one, in a month whose customer's latest NPS answer, given
   * before the month began, is 0 to 6. 1 switches the effect off.
   * Default: 0.25.
   *
   * Since: 1.0
   */

  /**
   * CxvSimulator:save-churn-factor:
   *
   * The multiplier on the churn hazard of a customer at risk (an unresolved
   * complaint in the 3 months before, or a latest NPS answer of 0 to 6) in
   * the month after a save interaction. 1 switches the effect off.
   * Default: 0.4.
   *
   * Since: 1.0
   */

  /**
   * CxvSimulator:in-sync-expansion-factor:
   *
   * The multiplier on the monthly expansion probability (0.012) of a
   * customer touched (through an advice interaction) by an in-sync
   * initiative that is live at the start of the month; the same factor
   * scales the switchers such an initiative brings in. The expansions and
   * switchers it drove, (factor − 1) / factor of those it influenced, carry
   * its id on their revenue events. Out-of-sync initiatives have no effect.
   * 1 switches the effect off and tags nothing. Default: 2.
   *
   * Since: 1.0
   */

  /**
   * CxvSimulator:product-churn-factor:
   *
   * The multiplier on the churn hazard for each recurring product held
   * beyond the first at the start of the month. 1 switches the effect off.
   * Default: 0.75.
   *
   * Since: 1.0
   */
  for (guint e = 0; e < N_EFFECTS; e++)
    properties[PROP_FIRST_EFFECT + e] =
      g_param_spec_double (effects[e].name, NULL, NULL, 0.0, effects[e].max, effects[e].value,
                           rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cxv_simulator_init (CxvSimulator *self)
{
  self->n_customers = 20000;
  self->n_months = 24;
  self->seed = 42;
  self->start_date = cxv_date_from_ymd (2023, 1, 1);
  for (guint e = 0; e < N_EFFECTS; e++)
    self->effects[e] = effects[e].value;
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */

/**
 * cxv_simulator_new:
 *
 * Creates a simulator with the default parameters: 20,000 customers over
 * 24 months from 2023-01-01, seed 42, and the planted effects at their
 * documented defaults.
 *
 * Returns: (transfer full): a new #CxvSimulator
 *
 * Since: 1.0
 */
CxvSimulator *
cxv_simulator_new (void)
{
  return g_object_new (CXV_TYPE_SIMULATOR, NULL);
}

/**
 * cxv_simulator_get_n_customers:
 * @self: a #CxvSimulator
 *
 * Gets [property@Cxv.Simulator:n-customers].
 *
 * Returns: the number of customers a run generates
 *
 * Since: 1.0
 */
guint
cxv_simulator_get_n_customers (CxvSimulator *self)
{
  g_return_val_if_fail (CXV_IS_SIMULATOR (self), 0);

  return self->n_customers;
}

/**
 * cxv_simulator_set_n_customers:
 * @self: a #CxvSimulator
 * @n_customers: the number of customers, at most 100,000,000
 *
 * Sets [property@Cxv.Simulator:n-customers].
 *
 * Since: 1.0
 */
void
cxv_simulator_set_n_customers (CxvSimulator *self,
                               guint         n_customers)
{
  g_return_if_fail (CXV_IS_SIMULATOR (self));
  g_return_if_fail (n_customers <= MAX_CUSTOMERS);

  if (self->n_customers == n_customers)
    return;
  self->n_customers = n_customers;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CUSTOMERS]);
}

/**
 * cxv_simulator_get_n_months:
 * @self: a #CxvSimulator
 *
 * Gets [property@Cxv.Simulator:n-months].
 *
 * Returns: the length of the window in months
 *
 * Since: 1.0
 */
guint
cxv_simulator_get_n_months (CxvSimulator *self)
{
  g_return_val_if_fail (CXV_IS_SIMULATOR (self), 0);

  return self->n_months;
}

/**
 * cxv_simulator_set_n_months:
 * @self: a #CxvSimulator
 * @n_months: the length of the window in months, from 1 to 1,200
 *
 * Sets [property@Cxv.Simulator:n-months].
 *
 * Since: 1.0
 */
void
cxv_simulator_set_n_months (CxvSimulator *self,
                            guint         n_months)
{
  g_return_if_fail (CXV_IS_SIMULATOR (self));
  g_return_if_fail (n_months >= 1 && n_months <= MAX_MONTHS);

  if (self->n_months == n_months)
    return;
  self->n_months = n_months;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MONTHS]);
}

/**
 * cxv_simulator_get_seed:
 * @self: a #CxvSimulator
 *
 * Gets [property@Cxv.Simulator:seed].
 *
 * Returns: the seed
 *
 * Since: 1.0
 */
guint64
cxv_simulator_get_seed (CxvSimulator *self)
{
  g_return_val_if_fail (CXV_IS_SIMULATOR (self), 0);

  return self->seed;
}

/**
 * cxv_simulator_set_seed:
 * @self: a #CxvSimulator
 * @seed: the seed
 *
 * Sets [property@Cxv.Simulator:seed].
 *
 * Since: 1.0
 */
void
cxv_simulator_set_seed (CxvSimulator *self,
                        guint64       seed)
{
  g_return_if_fail (CXV_IS_SIMULATOR (self));

  if (self->seed == seed)
    return;
  self->seed = seed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEED]);
}

/**
 * cxv_simulator_get_start_date:
 * @self: a #CxvSimulator
 *
 * Gets [property@Cxv.Simulator:start-date].
 *
 * Returns: the first day of the window
 *
 * Since: 1.0
 */
CxvDate
cxv_simulator_get_start_date (CxvSimulator *self)
{
  g_return_val_if_fail (CXV_IS_SIMULATOR (self), CXV_DATE_NONE);

  return self->start_date;
}

/**
 * cxv_simulator_set_start_date:
 * @self: a #CxvSimulator
 * @start_date: the first day of the window, from 0001-01-01 to 9899-12-31
 *
 * Sets [property@Cxv.Simulator:start-date].
 *
 * Since: 1.0
 */
void
cxv_simulator_set_start_date (CxvSimulator *self,
                              CxvDate       start_date)
{
  g_return_if_fail (CXV_IS_SIMULATOR (self));
  g_return_if_fail (start_date >= CXV_DATE_MIN && start_date <= max_start_date ());

  if (self->start_date == start_date)
    return;
  self->start_date = start_date;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_DATE]);
}

/**
 * cxv_simulator_get_progress:
 * @self: a #CxvSimulator
 *
 * Gets [property@Cxv.Simulator:progress].
 *
 * Returns: the share of the current or last run done, from 0 to 1
 *
 * Since: 1.0
 */
double
cxv_simulator_get_progress (CxvSimulator *self)
{
  g_return_val_if_fail (CXV_IS_SIMULATOR (self), 0.0);

  return self->progress;
}

/**
 * cxv_simulator_dup_ground_truth:
 * @self: a #CxvSimulator
 *
 * Lists the effects planted in the datasets @self generates, with their
 * current values: one row per effect, with the columns `effect` (text, the
 * property's name), `value` (double) and `description` (text, the
 * condition under which it acts). An analysis that recovers an effect is
 * compared with this.
 *
 * Returns: (transfer full): a new table named `ground-truth`
 *
 * Since: 1.0
 */
CxvTable *
cxv_simulator_dup_ground_truth (CxvSimulator *self)
{
  CxvTable *table;

  g_return_val_if_fail (CXV_IS_SIMULATOR (self), NULL);

  table = cxv_table_new ("ground-truth");
  cxv_table_add_column (table, "effect", CXV_COLUMN_TEXT);
  cxv_table_add_column (table, "value", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (table, "description", CXV_COLUMN_TEXT);
  for (guint e = 0; e < N_EFFECTS; e++)
    {
      guint row = cxv_table_append_row (table);

      cxv_table_set_text (table, row, 0, effects[e].name);
      cxv_table_set_double (table, row, 1, self->effects[e]);
      cxv_table_set_text (table, row, 2, effects[e].description);
    }
  return table;
}

static gboolean
claim (CxvSimulator *self, GError **error)
{
  if (!g_atomic_int_compare_and_exchange (&self->busy, FALSE, TRUE))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           "The simulator is already running");
      return FALSE;
    }
  return TRUE;
}

/**
 * cxv_simulator_run:
 * @self: a #CxvSimulator
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Generates a dataset with the current parameters and seals it.
 * [property@Cxv.Simulator:progress] is notified in the calling thread. A
 * simulator runs one simulation at a time.
 *
 * Returns: (transfer full): the sealed dataset, or %NULL with @error set
 *   (%G_IO_ERROR_CANCELLED when @cancellable was cancelled,
 *   %G_IO_ERROR_PENDING when the simulator is already running)
 *
 * Since: 1.0
 */
CxvDataset *
cxv_simulator_run (CxvSimulator  *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  Params params;
  CxvDataset *ds;

  g_return_val_if_fail (CXV_IS_SIMULATOR (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!claim (self, error))
    return NULL;
  params_init (&params, self);
  ds = simulate (self, &params, NULL, cancellable, error);
  g_atomic_int_set (&self->busy, FALSE);
  return ds;
}

typedef struct
{
  Params        params;
  GMainContext *context;
} AsyncRun;

static void
async_run_free (gpointer data)
{
  AsyncRun *async = data;

  g_main_context_unref (async->context);
  g_free (async);
}

static gboolean
release_cb (gpointer data)
{
  CxvSimulator *self = data;

  g_atomic_int_set (&self->busy, FALSE);
  return G_SOURCE_REMOVE;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CxvSimulator *self = source_object;
  AsyncRun *async = task_data;
  g_autoptr(GSource) release = g_idle_source_new ();
  GError *error = NULL;
  CxvDataset *ds;

  ds = simulate (self, &async->params, async->context, cancellable, &error);

  /* The simulator stays busy until the caller's context takes the result:
   * released there just before the callback runs (sources of one priority
   * dispatch in order), so that the callback may start another run and a
   * run started before it never finds the simulator free. */
  g_source_set_priority (release, G_PRIORITY_DEFAULT);
  g_source_set_callback (release, release_cb, g_object_ref (self), g_object_unref);
  g_source_set_static_name (release, "[cxvalue] simulator release");
  g_source_attach (release, async->context);

  if (ds != NULL)
    g_task_return_pointer (task, ds, g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * cxv_simulator_run_async:
 * @self: a #CxvSimulator
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the dataset is ready
 * @user_data: data for @callback
 *
 * Generates a dataset in a worker thread, with the parameters @self has
 * now: changing them while it runs changes nothing.
 * [property@Cxv.Simulator:progress] is notified in the thread-default main
 * context of the caller. Until @callback runs, other runs of @self fail
 * with %G_IO_ERROR_PENDING.
 *
 * Since: 1.0
 */
void
cxv_simulator_run_async (CxvSimulator        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  AsyncRun *async;

  g_return_if_fail (CXV_IS_SIMULATOR (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cxv_simulator_run_async);
  g_task_set_return_on_cancel (task, FALSE);

  if (!claim (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  async = g_new0 (AsyncRun, 1);
  params_init (&async->params, self);
  async->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, async, async_run_free);
  g_task_run_in_thread (task, run_thread);
}

/**
 * cxv_simulator_run_finish:
 * @self: a #CxvSimulator
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Cxv.Simulator.run_async].
 *
 * Returns: (transfer full): the sealed dataset, or %NULL with @error set
 *
 * Since: 1.0
 */
CxvDataset *
cxv_simulator_run_finish (CxvSimulator  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (CXV_IS_SIMULATOR (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cxv_simulator_run_async,
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
