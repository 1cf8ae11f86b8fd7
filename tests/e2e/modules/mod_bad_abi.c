// SPDX-License-Identifier: GPL-2.0-or-later
/* A module built for another module ABI: umk refuses it (tests/e2e/modules.sh). */
#include "umk/module.h"

static int bad_abi_init(const struct umk_module_api *api)
{
	return 0;
}

__attribute__((visibility("default"))) const struct umk_module umk_module = {
	.abi = UMK_MODULE_ABI + 41,
	.name = "bad_abi",
	.init = bad_abi_init,
};
