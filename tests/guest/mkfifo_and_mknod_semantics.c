// SPDX-License-Identifier: GPL-2.0-or-later
// Named FIFOs, in a directory of the working directory's file system and
// in /tmp: mkfifo makes one (mode minus umask); a non-blocking writer with
// no reader gets ENXIO; a non-blocking reader opens at once, reads EOF and
// is not hung up before any writer came; a blocking reader waits for a
// writer, gets its bytes, then EOF and POLLHUP; O_RDWR never waits; the data
// goes when the last opener closes.  mknod: mode 0 is a regular file, a
// directory is EPERM, a bad type EINVAL, an existing name EEXIST, "name/"
// ENOENT.
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "guest.h"

static void fifo_checks(const char *dir)
{
	char f[512], g[512];
	struct stat st;
	struct pollfd pfd;
	char buf[16] = { 0 };
	pid_t pid;
	int r, r2, w, status;

	snprintf(f, sizeof(f), "%s/fifo", dir);
	umask(022);
	CHECK_OK(mkfifo(f, 0666));
	CHECK_OK(stat(f, &st));
	CHECK(S_ISFIFO(st.st_mode), "%s: not a fifo: %o", f, st.st_mode);
	CHECK((st.st_mode & 0777) == 0644, "%s: mode %o, want 644", f, st.st_mode & 0777);
	CHECK_ERR(mkfifo(f, 0600), EEXIST);

	CHECK_ERR(open(f, O_WRONLY | O_NONBLOCK), ENXIO);
	r = CHECK_OK(open(f, O_RDONLY | O_NONBLOCK));
	CHECK(read(r, buf, sizeof(buf)) == 0, "read with no writer: not EOF");
	pfd = (struct pollfd){ .fd = r, .events = POLLIN };
	CHECK(poll(&pfd, 1, 0) == 0, "poll before any writer: revents %#x", pfd.revents);

	pid = CHECK_OK(fork());
	if (pid == 0) {
		usleep(50000);	/* the parent is in its blocking open */
		w = open(f, O_WRONLY);
		if (w < 0 || write(w, "hello", 5) != 5)
			_exit(1);
		_exit(0);
	}
	r2 = CHECK_OK(open(f, O_RDONLY));	/* waits for the child */
	CHECK(read(r2, buf, sizeof(buf)) == 5 && !memcmp(buf, "hello", 5),
	      "read: not the writer's bytes");
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && !WEXITSTATUS(status),
	      "the writer failed: %#x", status);
	CHECK(read(r2, buf, sizeof(buf)) == 0, "no EOF after the writer left");
	pfd = (struct pollfd){ .fd = r2, .events = POLLIN };
	CHECK(poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLHUP),
	      "poll after the writer left: revents %#x, want POLLHUP", pfd.revents);
	close(r);
	close(r2);

	/* O_RDWR does not wait; the data goes with the last opener. */
	w = CHECK_OK(open(f, O_RDWR | O_NONBLOCK));
	CHECK(write(w, "x", 1) == 1, "write");
	close(w);
	w = CHECK_OK(open(f, O_RDWR | O_NONBLOCK));
	CHECK_ERR(read(w, buf, 1), EAGAIN);
	close(w);

	/* mknod's types */
	snprintf(g, sizeof(g), "%s/regular", dir);
	CHECK_OK(mknod(g, 0640, 0));
	CHECK_OK(stat(g, &st));
	CHECK(S_ISREG(st.st_mode) && st.st_size == 0, "mknod(0): mode %o", st.st_mode);
	CHECK_ERR(mknod(g, S_IFIFO | 0600, 0), EEXIST);
	CHECK_OK(unlink(g));
	snprintf(g, sizeof(g), "%s/dir", dir);
	CHECK_ERR(mknod(g, S_IFDIR | 0755, 0), EPERM);
	CHECK_ERR(mknod(g, 0170000 | 0755, 0), EINVAL);
	snprintf(g, sizeof(g), "%s/slash/", dir);
	CHECK_ERR(mknod(g, S_IFIFO | 0600, 0), ENOENT);
	snprintf(g, sizeof(g), "%s/fifo2", dir);
	CHECK_OK(mknodat(AT_FDCWD, g, S_IFIFO | 0600, 0));
	CHECK_OK(stat(g, &st));
	CHECK(S_ISFIFO(st.st_mode), "mknodat: not a fifo");
	CHECK_OK(unlink(g));
	CHECK_OK(unlink(f));
}

int main(void)
{
	char here[] = "fifo-test.XXXXXX", tmp[] = "/tmp/fifo-test.XXXXXX";

	CHECK(mkdtemp(here), "mkdtemp %s: %s", here, strerror(errno));
	fifo_checks(here);
	CHECK_OK(rmdir(here));
	CHECK(mkdtemp(tmp), "mkdtemp %s: %s", tmp, strerror(errno));
	fifo_checks(tmp);
	CHECK_OK(rmdir(tmp));
	return 0;
}
