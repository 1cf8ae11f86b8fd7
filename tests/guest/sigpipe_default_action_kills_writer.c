// SPDX-License-Identifier: GPL-2.0-or-later
// Writing to a pipe with no reader left, SIGPIPE at its default action:
// the writer dies of SIGPIPE (exit status 128 + 13 as a shell shows it).
// expect-status: 141
#include <signal.h>
#include "guest.h"

int main(void)
{
	int p[2];

	signal(SIGPIPE, SIG_DFL);
	CHECK_OK(pipe(p));
	CHECK_OK(close(p[0]));
	(void)!write(p[1], "x", 1);
	FAIL("still alive after writing to a pipe with no reader");
}
