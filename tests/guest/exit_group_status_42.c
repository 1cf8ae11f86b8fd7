// SPDX-License-Identifier: GPL-2.0-or-later
// The exit status of the guest is umk's exit status.
// expect-status: 42
#include "guest.h"

int main(void)
{
	return 42;
}
