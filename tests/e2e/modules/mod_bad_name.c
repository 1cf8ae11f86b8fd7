// SPDX-License-Identifier: GPL-2.0-or-later
/* A module whose name is not [a-z0-9_]: umk refuses it (tests/e2e/modules.sh). */
#include "umk/module.h"

static int bad_name_init(const struct umk_module_api *api)
{
	return 0;
}

UMK_MODULE("../Bad Name", "a bad name", bad_name_init);
