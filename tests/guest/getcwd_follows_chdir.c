// SPDX-License-Identifier: GPL-2.0-or-later
// getcwd returns the absolute working directory; chdir and fchdir change
// it; a buffer too small gives ERANGE.
#include <fcntl.h>
#include <limits.h>
#include <sys/syscall.h>
#include "guest.h"

int main(void)
{
	char start[PATH_MAX], buf[PATH_MAX];
	const char *dir = guest_tmpdir();

	CHECK(getcwd(start, sizeof(start)), "getcwd: %s", strerror(errno));
	CHECK(start[0] == '/', "getcwd is not absolute: %s", start);
	int here = CHECK_OK(open(".", O_RDONLY | O_DIRECTORY));

	CHECK_OK(chdir(dir));
	CHECK(getcwd(buf, sizeof(buf)), "getcwd: %s", strerror(errno));
	CHECK(strcmp(buf, dir) == 0, "getcwd gives %s after chdir(%s)", buf, dir);

	CHECK_OK(chdir(".."));
	CHECK(getcwd(buf, sizeof(buf)) && strcmp(buf, "/tmp") == 0,
	      "getcwd after chdir(..) gives %s", buf);
	CHECK_OK(chdir("/"));
	CHECK(getcwd(buf, sizeof(buf)) && strcmp(buf, "/") == 0,
	      "getcwd after chdir(/) gives %s", buf);

	CHECK_OK(fchdir(here));
	CHECK(getcwd(buf, sizeof(buf)) && strcmp(buf, start) == 0,
	      "getcwd after fchdir gives %s, want %s", buf, start);

	CHECK_ERR(syscall(SYS_getcwd, buf, 1), ERANGE);
	CHECK_ERR(chdir("/etc/os-release"), ENOTDIR);
	CHECK_ERR(chdir("/nonexistent-umk"), ENOENT);
	close(here);
	return 0;
}
