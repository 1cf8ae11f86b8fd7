// SPDX-License-Identifier: GPL-2.0-or-later
/* A module whose init fails (-ENODEV): the boot stops (tests/e2e/modules.sh). */
#include "umk/module.h"

#define ENODEV 19

static int init_fails_init(const struct umk_module_api *api)
{
	api->log("refusing to start");
	return -ENODEV;
}

UMK_MODULE("init_fails", "a module whose init fails", init_fails_init);
