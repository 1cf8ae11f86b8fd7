// SPDX-License-Identifier: GPL-2.0-or-later
// Symlink loops are ELOOP; 40 links in a row resolve and the 41st is
// ELOOP; a trailing slash on a regular file (or a link to one) is ENOTDIR;
// O_NOFOLLOW on a symlink is ELOOP; O_CREAT|O_EXCL on a symlink is EEXIST.
#include <fcntl.h>
#include <sys/stat.h>
#include "guest.h"

int main(void)
{
	char p[4096], q[16], t[16];
	struct stat st;
	int i;

	CHECK_OK(symlink("b", guest_path(p, sizeof(p), "a")));
	CHECK_OK(symlink("a", guest_path(p, sizeof(p), "b")));
	CHECK_ERR(stat(guest_path(p, sizeof(p), "a"), &st), ELOOP);
	CHECK_ERR(open(guest_path(p, sizeof(p), "a/x"), O_RDONLY), ELOOP);
	CHECK_OK(lstat(guest_path(p, sizeof(p), "a"), &st));

	close(CHECK_OK(open(guest_path(p, sizeof(p), "file"), O_CREAT | O_WRONLY, 0644)));
	/* l0 -> l1 -> ... -> l40 -> file: 41 links from l0, 40 from l1 */
	for (i = 0; i <= 40; i++) {
		snprintf(t, sizeof(t), i == 40 ? "file" : "l%d", i + 1);
		snprintf(q, sizeof(q), "l%d", i);
		CHECK_OK(symlink(t, guest_path(p, sizeof(p), q)));
	}
	CHECK_OK(stat(guest_path(p, sizeof(p), "l1"), &st));
	CHECK_ERR(stat(guest_path(p, sizeof(p), "l0"), &st), ELOOP);

	CHECK_ERR(stat(guest_path(p, sizeof(p), "file/"), &st), ENOTDIR);
	CHECK_ERR(stat(guest_path(p, sizeof(p), "l40/"), &st), ENOTDIR);
	CHECK_ERR(open(guest_path(p, sizeof(p), "file/."), O_RDONLY), ENOTDIR);
	CHECK_ERR(open(guest_path(p, sizeof(p), "l40"), O_RDONLY | O_NOFOLLOW), ELOOP);
	CHECK_ERR(open(guest_path(p, sizeof(p), "l40"), O_CREAT | O_EXCL | O_WRONLY, 0644),
		  EEXIST);

	for (i = 0; i <= 40; i++) {
		snprintf(q, sizeof(q), "l%d", i);
		unlink(guest_path(p, sizeof(p), q));
	}
	unlink(guest_path(p, sizeof(p), "a"));
	unlink(guest_path(p, sizeof(p), "b"));
	unlink(guest_path(p, sizeof(p), "file"));
	return 0;
}
