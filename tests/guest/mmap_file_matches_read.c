// SPDX-License-Identifier: GPL-2.0-or-later
// A private read-only mapping of a file on the root shows the same bytes
// as read(), also at a page-aligned offset; the bytes past EOF in the last
// page are zero.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "guest.h"

static const char *file = "/usr/bin/ls"; /* a few pages, present in Debian */

int main(void)
{
	struct stat st;
	int fd = CHECK_OK(open(file, O_RDONLY));

	CHECK_OK(fstat(fd, &st));
	size_t len = st.st_size;
	CHECK(len > 3 * 4096, "%s is too small", file);

	char *buf = malloc(len);
	CHECK(buf, "malloc");
	size_t got = 0;
	while (got < len) {
		long n = CHECK_OK(read(fd, buf + got, len - got));
		CHECK(n > 0, "early EOF at %zu", got);
		got += n;
	}

	char *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK(memcmp(m, buf, len) == 0, "mapping differs from read()");
	size_t pad = (4096 - len % 4096) % 4096;
	for (size_t i = 0; i < pad; i++)
		CHECK(m[len + i] == 0, "byte past EOF is not 0");

	char *m2 = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 2 * 4096);
	CHECK(m2 != MAP_FAILED, "mmap at offset 8192: %s", strerror(errno));
	CHECK(memcmp(m2, buf + 2 * 4096, 4096) == 0,
	      "mapping at offset 8192 differs from read()");

	CHECK_ERR(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 100), EINVAL);
	CHECK_ERR(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0),
		  EACCES);
	return 0;
}
