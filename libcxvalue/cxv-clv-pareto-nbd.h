/* cxv-clv-pareto-nbd.h: the Pareto/NBD model of repeat buying
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include "cxv-clv-model.h"

G_BEGIN_DECLS

#define CXV_TYPE_CLV_PARETO_NBD (cxv_clv_pareto_nbd_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CxvClvParetoNbd, cxv_clv_pareto_nbd, CXV, CLV_PARETO_NBD, CxvClvModel)

CXV_AVAILABLE_IN_1_0
CxvClvParetoNbd *cxv_clv_pareto_nbd_new (void);
CXV_AVAILABLE_IN_1_0
double       cxv_clv_pareto_nbd_p_alive (CxvClvParetoNbd *self,
                                         double          frequency,
                                         double          recency,
                                         double          age);
CXV_AVAILABLE_IN_1_0
double       cxv_clv_pareto_nbd_expected_purchases (CxvClvParetoNbd *self,
                                                    double          frequency,
                                                    double          recency,
                                                    double          age,
                                                    double          t);
CXV_AVAILABLE_IN_1_0
CxvTable    *cxv_clv_pareto_nbd_predict (CxvClvParetoNbd *self,
                                         CxvClvSummary   *summary,
                                         double          horizon,
                                         GError         **error);

G_END_DECLS
