/* cxv-version-macros.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include <glib.h>

#include "cxv-version.h"

#ifndef _CXV_EXTERN
# define _CXV_EXTERN __attribute__((visibility("default"))) extern
#endif

#define CXV_VERSION_1_0 (G_ENCODE_VERSION (1, 0))

#ifndef CXV_VERSION_MIN_REQUIRED
# define CXV_VERSION_MIN_REQUIRED CXV_VERSION_1_0
#endif

#ifndef CXV_VERSION_MAX_ALLOWED
# define CXV_VERSION_MAX_ALLOWED CXV_VERSION_1_0
#endif

#define CXV_DEPRECATED _CXV_EXTERN G_DEPRECATED
#define CXV_DEPRECATED_FOR(f) _CXV_EXTERN G_DEPRECATED_FOR (f)
#define CXV_UNAVAILABLE(maj,min) _CXV_EXTERN G_UNAVAILABLE (maj, min)

#define CXV_AVAILABLE_IN_ALL _CXV_EXTERN

#if CXV_VERSION_MAX_ALLOWED < CXV_VERSION_1_0
# define CXV_AVAILABLE_IN_1_0 CXV_UNAVAILABLE (1, 0)
#else
# define CXV_AVAILABLE_IN_1_0 _CXV_EXTERN
#endif
