// SPDX-License-Identifier: GPL-2.0-or-later
// A store through a NULL pointer kills the program with SIGSEGV (128+11).
// expect-status: 139
#include "guest.h"

int main(void)
{
	volatile int *p = wild(0); /* NULL, hidden from the optimiser */

	*p = 1;
	FAIL("the store through NULL did not fault");
}
