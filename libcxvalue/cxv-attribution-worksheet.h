/* cxv-attribution-worksheet.h: revenue attribution from a worksheet of estimates
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include <glib-object.h>

#include "cxv-version-macros.h"

G_BEGIN_DECLS

/**
 * CxvAttributionWorksheetList:
 * @CXV_ATTRIBUTION_WORKSHEET_LIST_CXM_SWITCHED: CXM revenue of customers who
 *   switched to us because of an aligned (in-sync) product or touchpoint
 *   (`cxm.switched` in the JSON)
 * @CXV_ATTRIBUTION_WORKSHEET_LIST_CXM_EXPANDED: CXM revenue of existing
 *   customers who expanded because of an aligned initiative (`cxm.expanded`)
 * @CXV_ATTRIBUTION_WORKSHEET_LIST_CSM_EXPANDED: CSM revenue of customers who
 *   expanded because of customer success or support (`csm.expanded`)
 * @CXV_ATTRIBUTION_WORKSHEET_LIST_CSM_ACQUIRED: CSM revenue of customers
 *   acquired because of customer success or support, such as referrals of
 *   the customers it kept (`csm.acquired`)
 *
 * The itemised lists of a [class@Cxv.AttributionWorksheet].
 *
 * Since: 1.0
 */
typedef enum
{
  CXV_ATTRIBUTION_WORKSHEET_LIST_CXM_SWITCHED, /*< nick=cxm-switched >*/
  CXV_ATTRIBUTION_WORKSHEET_LIST_CXM_EXPANDED, /*< nick=cxm-expanded >*/
  CXV_ATTRIBUTION_WORKSHEET_LIST_CSM_EXPANDED, /*< nick=csm-expanded >*/
  CXV_ATTRIBUTION_WORKSHEET_LIST_CSM_ACQUIRED, /*< nick=csm-acquired >*/
} CxvAttributionWorksheetList;

/**
 * CxvAttributionWorksheetPart:
 * @CXV_ATTRIBUTION_WORKSHEET_PART_CXM: revenue credited to CX management
 * @CXV_ATTRIBUTION_WORKSHEET_PART_CSM: revenue credited to customer success
 *   and support
 * @CXV_ATTRIBUTION_WORKSHEET_PART_SALES: the rest, credited to sales
 *
 * The three parts every unit of revenue is credited to.
 *
 * Since: 1.0
 */
typedef enum
{
  CXV_ATTRIBUTION_WORKSHEET_PART_CXM,   /*< nick=cxm >*/
  CXV_ATTRIBUTION_WORKSHEET_PART_CSM,   /*< nick=csm >*/
  CXV_ATTRIBUTION_WORKSHEET_PART_SALES, /*< nick=sales >*/
} CxvAttributionWorksheetPart;

#define CXV_TYPE_ATTRIBUTION_WORKSHEET (cxv_attribution_worksheet_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CxvAttributionWorksheet, cxv_attribution_worksheet,
                      CXV, ATTRIBUTION_WORKSHEET, GObject)

CXV_AVAILABLE_IN_1_0
CxvAttributionWorksheet *cxv_attribution_worksheet_new                  (void);
CXV_AVAILABLE_IN_1_0
CxvAttributionWorksheet *cxv_attribution_worksheet_new_from_data        (const char                  *data,
                                                                         gssize                       length,
                                                                         GError                     **error);
CXV_AVAILABLE_IN_1_0
CxvAttributionWorksheet *cxv_attribution_worksheet_new_from_file        (const char                  *path,
                                                                         GError                     **error);
CXV_AVAILABLE_IN_1_0
char                    *cxv_attribution_worksheet_to_json              (CxvAttributionWorksheet     *self);

CXV_AVAILABLE_IN_1_0
const char              *cxv_attribution_worksheet_get_currency         (CxvAttributionWorksheet     *self);
CXV_AVAILABLE_IN_1_0
void                     cxv_attribution_worksheet_set_currency         (CxvAttributionWorksheet     *self,
                                                                         const char                  *currency);
CXV_AVAILABLE_IN_1_0
int                      cxv_attribution_worksheet_get_decimals         (CxvAttributionWorksheet     *self);
CXV_AVAILABLE_IN_1_0
gint64                   cxv_attribution_worksheet_get_total_revenue    (CxvAttributionWorksheet     *self);
CXV_AVAILABLE_IN_1_0
void                     cxv_attribution_worksheet_set_total_revenue    (CxvAttributionWorksheet     *self,
                                                                         gint64                       amount);
CXV_AVAILABLE_IN_1_0
double                   cxv_attribution_worksheet_get_study_share      (CxvAttributionWorksheet     *self);
CXV_AVAILABLE_IN_1_0
void                     cxv_attribution_worksheet_set_study_share      (CxvAttributionWorksheet     *self,
                                                                         double                       percent);

CXV_AVAILABLE_IN_1_0
guint                    cxv_attribution_worksheet_get_n_items          (CxvAttributionWorksheet     *self,
                                                                         CxvAttributionWorksheetList  list);
CXV_AVAILABLE_IN_1_0
const char              *cxv_attribution_worksheet_get_item_label       (CxvAttributionWorksheet     *self,
                                                                         CxvAttributionWorksheetList  list,
                                                                         guint                        index);
CXV_AVAILABLE_IN_1_0
gint64                   cxv_attribution_worksheet_get_item_amount      (CxvAttributionWorksheet     *self,
                                                                         CxvAttributionWorksheetList  list,
                                                                         guint                        index);
CXV_AVAILABLE_IN_1_0
void                     cxv_attribution_worksheet_add_item             (CxvAttributionWorksheet     *self,
                                                                         CxvAttributionWorksheetList  list,
                                                                         const char                  *label,
                                                                         gint64                       amount);
CXV_AVAILABLE_IN_1_0
void                     cxv_attribution_worksheet_clear_items          (CxvAttributionWorksheet     *self,
                                                                         CxvAttributionWorksheetList  list);

CXV_AVAILABLE_IN_1_0
gboolean                 cxv_attribution_worksheet_get_stated           (CxvAttributionWorksheet     *self,
                                                                         CxvAttributionWorksheetPart  part,
                                                                         gint64                      *amount);
CXV_AVAILABLE_IN_1_0
void                     cxv_attribution_worksheet_set_stated           (CxvAttributionWorksheet     *self,
                                                                         CxvAttributionWorksheetPart  part,
                                                                         gint64                       amount);
CXV_AVAILABLE_IN_1_0
void                     cxv_attribution_worksheet_unset_stated         (CxvAttributionWorksheet     *self,
                                                                         CxvAttributionWorksheetPart  part);

CXV_AVAILABLE_IN_1_0
gboolean                 cxv_attribution_worksheet_compute              (CxvAttributionWorksheet     *self,
                                                                         GError                     **error);
CXV_AVAILABLE_IN_1_0
gint64                   cxv_attribution_worksheet_get_computed         (CxvAttributionWorksheet     *self,
                                                                         CxvAttributionWorksheetPart  part);
CXV_AVAILABLE_IN_1_0
gint64                   cxv_attribution_worksheet_get_study_amount     (CxvAttributionWorksheet     *self);
CXV_AVAILABLE_IN_1_0
guint                    cxv_attribution_worksheet_get_n_mismatches     (CxvAttributionWorksheet     *self);
CXV_AVAILABLE_IN_1_0
CxvAttributionWorksheetPart
                         cxv_attribution_worksheet_get_mismatch         (CxvAttributionWorksheet     *self,
                                                                         guint                        index,
                                                                         gint64                      *stated,
                                                                         gint64                      *computed);

G_END_DECLS
