// SPDX-License-Identifier: GPL-2.0-or-later
/* A shared object that is no umk module (no umk_module): umk refuses it
 * (tests/e2e/modules.sh). */
__attribute__((visibility("default"))) int not_a_module(void)
{
	return 42;
}
