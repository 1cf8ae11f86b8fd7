// SPDX-License-Identifier: GPL-2.0-or-later
// Destructive writes to a file of the read-only root all fail: O_TRUNC,
// O_RDWR + write, truncate, unlink, rename, chmod, utimes.  The target is a
// decoy that tests/run-tests creates (its path in $UMK_TEST_DECOY) and
// checks afterwards, so a umk bug cannot damage a real host file.
// umk-only: natively, as the file's owner, every one of these succeeds.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include "../guest/guest.h"

static void expect_fail(long r, int want, const char *what)
{
	int e = errno;

	CHECK(r == -1, "%s succeeded", what);
	if (want)
		CHECK(e == want, "%s: %s, want %s", what, strerrorname_np(e),
		      strerrorname_np(want));
}

int main(void)
{
	const char *decoy = getenv("UMK_TEST_DECOY");
	char other[4096];
	int fd;

	CHECK(decoy && decoy[0] == '/', "UMK_TEST_DECOY is not set");
	snprintf(other, sizeof(other), "%s.renamed", decoy);

	fd = open(decoy, O_RDONLY);
	CHECK(fd >= 0, "the decoy %s is not readable: %s", decoy, strerror(errno));
	close(fd);

	expect_fail(open(decoy, O_RDONLY | O_TRUNC), EROFS, "open(O_TRUNC)");
	expect_fail(open(decoy, O_WRONLY | O_TRUNC), EROFS, "open(O_WRONLY|O_TRUNC)");
	fd = open(decoy, O_RDWR);
	if (fd >= 0) {
		long n = write(fd, "X", 1);
		close(fd);
		FAIL("open(O_RDWR) succeeded (and write returned %ld)", n);
	}
	CHECK(errno == EROFS, "open(O_RDWR): %s, want EROFS", strerrorname_np(errno));
	expect_fail(unlink(decoy), EROFS, "unlink");
	expect_fail(rename(decoy, other), EROFS, "rename");
	/* Not all of issue 2's syscalls: any error will do. */
	expect_fail(truncate(decoy, 0), 0, "truncate");
	expect_fail(chmod(decoy, 0777), 0, "chmod");
	expect_fail(utimes(decoy, NULL), 0, "utimes");
	return 0;
}
