// SPDX-License-Identifier: GPL-2.0-or-later
// copy_file_range(2) copies between regular files of one file system (in
// /tmp and next to the program: tmpfs and hostfs under umk), with offsets
// or the file positions, stopping at the end of the input; its errors
// (EINVAL for flags, pipes and overlap; EOVERFLOW for a negative offset;
// EBADF; EISDIR;
// EXDEV across file systems).  sendfile(2) copies too, and to a pipe only
// what the pipe has room for.
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include "guest.h"

#define BIG (300 * 1024 + 123)

static char data[BIG], back[BIG];

static void check_dir(const char *dir)
{
	char src[4096], dst[4096];
	loff_t oin, oout;
	int in, out, ro;
	ssize_t n, total = 0;

	snprintf(src, sizeof(src), "%s/cfr-src", dir);
	snprintf(dst, sizeof(dst), "%s/cfr-dst", dir);
	in = CHECK_OK(open(src, O_RDWR | O_CREAT | O_TRUNC, 0600));
	CHECK(CHECK_OK(write(in, data, BIG)) == BIG, "short write");
	CHECK_OK(lseek(in, 0, SEEK_SET));
	out = CHECK_OK(open(dst, O_RDWR | O_CREAT | O_TRUNC, 0600));

	while ((n = CHECK_OK(copy_file_range(in, NULL, out, NULL, 100000, 0))) > 0)
		total += n;
	CHECK(total == BIG, "%s: copied %zd", dir, total);
	CHECK(lseek(in, 0, SEEK_CUR) == BIG && lseek(out, 0, SEEK_CUR) == BIG,
	      "positions not advanced");
	CHECK(CHECK_OK(pread(out, back, BIG, 0)) == BIG && !memcmp(back, data, BIG),
	      "%s: copy differs", dir);

	/* explicit offsets leave the positions alone */
	oin = 1000;
	oout = 10;
	CHECK(CHECK_OK(copy_file_range(in, &oin, out, &oout, 500, 0)) == 500 &&
	      oin == 1500 && oout == 510, "copy at offsets");
	CHECK(CHECK_OK(pread(out, back, 500, 10)) == 500 &&
	      !memcmp(back, data + 1000, 500), "copy at offsets differs");
	CHECK(lseek(in, 0, SEEK_CUR) == BIG, "offset copy moved the position");
	oin = BIG + 10;
	CHECK(CHECK_OK(copy_file_range(in, &oin, out, NULL, 10, 0)) == 0, "past EOF");
	CHECK(CHECK_OK(copy_file_range(in, NULL, out, NULL, 0, 0)) == 0, "len 0");

	/* within one file: overlap is EINVAL, apart is fine */
	oin = 0;
	oout = 100;
	CHECK_ERR(copy_file_range(in, &oin, in, &oout, 200, 0), EINVAL);
	oout = BIG;
	CHECK(CHECK_OK(copy_file_range(in, &oin, in, &oout, 200, 0)) == 200,
	      "copy within one file");

	/* errors */
	CHECK_ERR(copy_file_range(in, NULL, out, NULL, 10, 1), EINVAL);
	CHECK_ERR(copy_file_range(-1, NULL, out, NULL, 10, 0), EBADF);
	ro = CHECK_OK(open(dst, O_RDONLY));
	CHECK_ERR(copy_file_range(in, NULL, ro, NULL, 10, 0), EBADF);
	close(ro);
	ro = CHECK_OK(open(dst, O_WRONLY | O_APPEND));
	CHECK_ERR(copy_file_range(in, NULL, ro, NULL, 10, 0), EBADF);
	close(ro);
	ro = CHECK_OK(open(dir, O_RDONLY | O_DIRECTORY));
	CHECK_ERR(copy_file_range(ro, NULL, out, NULL, 10, 0), EISDIR);
	close(ro);
	oin = -5;	/* wraps around as an unsigned position */
	CHECK_ERR(copy_file_range(in, &oin, out, NULL, 10, 0), EOVERFLOW);
	int p[2];
	CHECK_OK(pipe(p));
	CHECK_ERR(copy_file_range(in, NULL, p[1], NULL, 10, 0), EINVAL);

	/* sendfile: file -> file, and to a pipe no more than it holds */
	CHECK_OK(ftruncate(out, 0));
	CHECK_OK(lseek(out, 0, SEEK_SET));
	oin = 0;
	CHECK(CHECK_OK(sendfile(out, in, &oin, 5000)) == 5000 && oin == 5000,
	      "sendfile");
	CHECK(CHECK_OK(pread(out, back, 5000, 0)) == 5000 &&
	      !memcmp(back, data, 5000), "sendfile copy differs");
	n = CHECK_OK(sendfile(p[1], in, &oin, BIG));
	CHECK(n > 0 && n <= 65536, "sendfile to a pipe: %zd", n);
	CHECK(CHECK_OK(read(p[0], back, BIG)) == n && !memcmp(back, data + 5000, n),
	      "sendfile to a pipe differs");
	CHECK_ERR(sendfile(out, p[0], NULL, 10), EINVAL);
	close(p[0]);
	close(p[1]);

	CHECK_OK(unlink(src));
	CHECK_OK(unlink(dst));
	close(in);
	close(out);
}

int main(int argc, char **argv)
{
	char dir[4096];

	(void)argc;
	for (int i = 0; i < BIG; i++)
		data[i] = (char)(i * 13 + i / 509);
	check_dir(guest_tmpdir());
	snprintf(dir, sizeof(dir), "%s", argv[0]);
	check_dir(dirname(dir));

	/* across file systems: a memfd is on none of them */
	char path[256];
	int in = CHECK_OK(open(guest_path(path, sizeof(path), "x"),
			       O_RDWR | O_CREAT | O_TRUNC, 0600));
	int mfd = CHECK_OK(memfd_create("cfr", 0));
	CHECK_OK(write(in, "abc", 3));
	CHECK_ERR(copy_file_range(in, &(loff_t){ 0 }, mfd, NULL, 3, 0), EXDEV);
	CHECK_OK(unlink(path));
	return 0;
}
