// SPDX-License-Identifier: GPL-2.0-or-later
// Read-only private mappings of many files (more than umk's stub keeps
// open for further maps), each mapped several times, in rounds that go
// back to earlier files, with files opened again and closed between: every
// mapping shows its own file's bytes, never another's.
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "guest.h"

#define NFILES 48
#define PAGE 4096

static char names[NFILES][300];
static unsigned char first[NFILES][2][64];	/* bytes at page 0 and page 1 */

/* Regular files of a Debian directory that every system has, two pages
 * at least. */
static int find_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	int n = 0;

	CHECK(d, "%s: %s", dir, strerror(errno));
	while (n < NFILES && (e = readdir(d))) {
		snprintf(names[n], sizeof(names[n]), "%s/%s", dir, e->d_name);
		if (stat(names[n], &st) || !S_ISREG(st.st_mode) || st.st_size < 2 * PAGE)
			continue;
		int fd = open(names[n], O_RDONLY);

		if (fd < 0)
			continue;
		if (pread(fd, first[n][0], 64, 0) != 64 ||
		    pread(fd, first[n][1], 64, PAGE) != 64) {
			close(fd);
			continue;
		}
		close(fd);
		n++;
	}
	closedir(d);
	return n;
}

/* Map page pg of file i (opened now, or fd) and check its bytes. */
static void check_map(int i, int fd, int pg)
{
	unsigned char *m = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, (off_t)pg * PAGE);

	CHECK(m != MAP_FAILED, "mmap %s page %d: %s", names[i], pg, strerror(errno));
	CHECK(!memcmp(m, first[i][pg], 64), "%s page %d: another file's bytes", names[i],
	      pg);
	CHECK_OK(munmap(m, PAGE));
}

int main(void)
{
	int n = find_files("/usr/bin");
	int fds[NFILES];

	CHECK(n == NFILES, "only %d files of two pages in /usr/bin", n);
	/* each file open for good, mapped twice: page 0, then page 1 */
	for (int i = 0; i < n; i++) {
		fds[i] = CHECK_OK(open(names[i], O_RDONLY));
		check_map(i, fds[i], 0);
		check_map(i, fds[i], 1);
	}
	/* rounds back over all of them, backwards and by strides */
	for (int round = 0; round < 3; round++)
		for (int j = 0; j < n; j++) {
			int i = round == 0 ? n - 1 - j : (j * (round == 1 ? 5 : 7)) % n;

			check_map(i, fds[i], j & 1);
		}
	/* a file closed and opened again is a new open file: its maps too */
	for (int i = 0; i < n; i += 3) {
		CHECK_OK(close(fds[i]));
		fds[i] = CHECK_OK(open(names[(i + 1) % n], O_RDONLY));
		check_map((i + 1) % n, fds[i], 1);
		check_map((i + 1) % n, fds[i], 0);
	}
	/* a child process (fork: its maps come with it, then new ones) */
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		for (int i = 1; i < n; i += 3)
			check_map(i, fds[i], 0);
		_exit(0);
	}
	int status;

	CHECK_OK(waitpid(pid, &status, 0));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child failed: %#x", status);
	return 0;
}
