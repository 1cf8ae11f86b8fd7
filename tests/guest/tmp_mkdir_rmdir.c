// SPDX-License-Identifier: GPL-2.0-or-later
// mkdir and rmdir work in /tmp; rmdir of a non-empty directory fails
// with ENOTEMPTY.
#include <fcntl.h>
#include <sys/stat.h>
#include "guest.h"

int main(void)
{
	char d[256], f[512];
	struct stat st;

	guest_path(d, sizeof(d), "dir");
	snprintf(f, sizeof(f), "%s/file", d);

	CHECK_OK(mkdir(d, 0755));
	CHECK_ERR(mkdir(d, 0755), EEXIST);
	CHECK_OK(stat(d, &st));
	CHECK(S_ISDIR(st.st_mode), "%s is not a directory", d);

	CHECK_OK(close(CHECK_OK(open(f, O_WRONLY | O_CREAT, 0644))));
	CHECK_ERR(rmdir(d), ENOTEMPTY);
	CHECK_ERR(rmdir(f), ENOTDIR);
	CHECK_OK(unlink(f));
	CHECK_OK(rmdir(d));
	CHECK_ERR(stat(d, &st), ENOENT);
	return 0;
}
