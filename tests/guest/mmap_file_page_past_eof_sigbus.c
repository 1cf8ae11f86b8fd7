// SPDX-License-Identifier: GPL-2.0-or-later
// expect-status: 135
// A read-only file mapping longer than its file: the page past the end of
// the file is SIGBUS (exit status 128+7), the last partial page reads zero
// beyond the end.
#include <fcntl.h>
#include <sys/mman.h>
#include "guest.h"

int main(void)
{
	char path[] = "/tmp/umk-eof-XXXXXX";
	int fd = mkstemp(path);
	volatile char *p;

	CHECK(fd >= 0, "mkstemp: %s", strerror(errno));
	CHECK_OK(write(fd, "abc", 3));
	p = mmap(NULL, 2 * 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	unlink(path);
	CHECK(p[0] == 'a' && p[2] == 'c', "file bytes wrong");
	CHECK(p[3] == 0 && p[4095] == 0, "bytes past the end are not zero");
	(void)p[4096];	/* SIGBUS */
	return 0;
}
