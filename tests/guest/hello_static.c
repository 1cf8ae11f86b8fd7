// SPDX-License-Identifier: GPL-2.0-or-later
// A statically linked program (no PT_INTERP) runs; argv, envp and the
// auxiliary vector reach it.  (Files named *_static.c are linked -static.)
#include <sys/auxv.h>
#include "guest.h"

int main(int argc, char **argv)
{
	CHECK(argc == 1 && argv[0] && strstr(argv[0], "hello_static"),
	      "argv[0] is %s", argv[0]);
	CHECK(getenv("PATH"), "no PATH in the environment");
	CHECK(getauxval(AT_PAGESZ) == 4096, "AT_PAGESZ is %lu", getauxval(AT_PAGESZ));
	CHECK(getauxval(AT_RANDOM), "no AT_RANDOM");
	CHECK(getauxval(AT_BASE) == 0, "AT_BASE is set for a static binary");
	CHECK(CHECK_OK(write(1, "hello\n", 6)) == 6, "short write");
	return 0;
}
