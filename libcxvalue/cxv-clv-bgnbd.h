/* cxv-clv-bgnbd.h: the BG/NBD model of repeat buying
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include "cxv-clv-model.h"

G_BEGIN_DECLS

#define CXV_TYPE_CLV_BGNBD (cxv_clv_bgnbd_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CxvClvBgnbd, cxv_clv_bgnbd, CXV, CLV_BGNBD, CxvClvModel)

CXV_AVAILABLE_IN_1_0
CxvClvBgnbd *cxv_clv_bgnbd_new (void);
CXV_AVAILABLE_IN_1_0
double       cxv_clv_bgnbd_p_alive (CxvClvBgnbd     *self,
                                    double          frequency,
                                    double          recency,
                                    double          age);
CXV_AVAILABLE_IN_1_0
double       cxv_clv_bgnbd_expected_purchases (CxvClvBgnbd     *self,
                                               double          frequency,
                                               double          recency,
                                               double          age,
                                               double          t);
CXV_AVAILABLE_IN_1_0
double       cxv_clv_bgnbd_expected_purchases_new (CxvClvBgnbd     *self,
                                                   double          t);
CXV_AVAILABLE_IN_1_0
CxvTable    *cxv_clv_bgnbd_predict (CxvClvBgnbd     *self,
                                    CxvClvSummary   *summary,
                                    double          horizon,
                                    GError         **error);

G_END_DECLS
