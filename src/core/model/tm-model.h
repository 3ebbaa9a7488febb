/* tm-model.h: the model's public headers in one include
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-artwork.h"
#include "tm-contributor.h"
#include "tm-distribution.h"
#include "tm-enums.h"
#include "tm-identifiers.h"
#include "tm-platform.h"
#include "tm-record.h"
#include "tm-release.h"
#include "tm-split.h"
#include "tm-status-change.h"
#include "tm-status.h"
#include "tm-track.h"
