/* cxv-clv-gamma-gamma.h: the Gamma-Gamma model of spend per purchase
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include "cxv-clv-model.h"

G_BEGIN_DECLS

#define CXV_TYPE_CLV_GAMMA_GAMMA (cxv_clv_gamma_gamma_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CxvClvGammaGamma, cxv_clv_gamma_gamma, CXV, CLV_GAMMA_GAMMA, CxvClvModel)

CXV_AVAILABLE_IN_1_0
CxvClvGammaGamma *cxv_clv_gamma_gamma_new (void);
CXV_AVAILABLE_IN_1_0
double       cxv_clv_gamma_gamma_expected_spend (CxvClvGammaGamma *self,
                                                 double          frequency,
                                                 double          monetary_value);
CXV_AVAILABLE_IN_1_0
CxvTable    *cxv_clv_gamma_gamma_lifetime_value (CxvClvGammaGamma *self,
                                                 CxvClvModel     *transactions,
                                                 CxvClvSummary   *summary,
                                                 double          horizon,
                                                 double          annual_discount_rate,
                                                 double          margin,
                                                 GError         **error);

G_END_DECLS
