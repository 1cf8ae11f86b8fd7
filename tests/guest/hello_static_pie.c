// SPDX-License-Identifier: GPL-2.0-or-later
// A static-PIE program (ET_DYN, no PT_INTERP) runs, relocated.
// (Files named *_static_pie.c are linked -static-pie.)
#include <sys/auxv.h>
#include "guest.h"

static int data = 7;
static int *ptr = &data; /* needs a relative relocation */

int main(void)
{
	CHECK(*ptr == 7, "relocations were not applied");
	CHECK(getauxval(AT_ENTRY) != 0, "no AT_ENTRY");
	CHECK(getauxval(AT_PHDR) != 0, "no AT_PHDR");
	CHECK(getauxval(AT_BASE) == 0, "AT_BASE is set without an interpreter");
	CHECK(CHECK_OK(write(1, "hello\n", 6)) == 6, "short write");
	return 0;
}
