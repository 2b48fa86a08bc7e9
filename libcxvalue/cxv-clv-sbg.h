/* cxv-clv-sbg.h: the shifted-beta-geometric model of contract renewals
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include "cxv-clv-model.h"
#include "cxv-cohorts.h"

G_BEGIN_DECLS

#define CXV_TYPE_CLV_SBG (cxv_clv_sbg_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CxvClvSbg, cxv_clv_sbg, CXV, CLV_SBG, CxvClvModel)

CXV_AVAILABLE_IN_1_0
CxvClvSbg *  cxv_clv_sbg_new (void);
CXV_AVAILABLE_IN_1_0
gboolean     cxv_clv_sbg_fit_survival (CxvClvSbg       *self,
                                       const guint     *active,
                                       gsize           n_active,
                                       GError         **error);
CXV_AVAILABLE_IN_1_0
gboolean     cxv_clv_sbg_fit_cohorts (CxvClvSbg       *self,
                                      CxvCohorts      *cohorts,
                                      GError         **error);
CXV_AVAILABLE_IN_1_0
double       cxv_clv_sbg_survival (CxvClvSbg       *self,
                                   double          t);
CXV_AVAILABLE_IN_1_0
double       cxv_clv_sbg_retention (CxvClvSbg       *self,
                                    double          t);
CXV_AVAILABLE_IN_1_0
double       cxv_clv_sbg_expected_residual_lifetime (CxvClvSbg       *self,
                                                     double          discount_rate,
                                                     double          renewals);
CXV_AVAILABLE_IN_1_0
double       cxv_clv_sbg_lifetime_value (CxvClvSbg       *self,
                                         double          margin,
                                         double          discount_rate,
                                         double          renewals);
CXV_AVAILABLE_IN_1_0
CxvTable    *cxv_clv_sbg_project (CxvClvSbg       *self,
                                  guint           n_periods);

G_END_DECLS
