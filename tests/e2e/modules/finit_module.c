// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A guest's module loader for tests/e2e/modules.sh (not a test itself):
 *
 *   finit_module [-u UID] PATH       finit_module(2) of the file PATH
 *   finit_module [-u UID] -i PATH    init_module(2) of its contents
 *   finit_module [-u UID] -d NAME    delete_module(2) of NAME
 *
 * -u: first become UID (real, effective, saved; groups too).  Prints "ok"
 * or the errno's name, and exits 0 or 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char image[4 << 20];
	int c, fd, mode = 'f';
	long ret, n = 0;

	while ((c = getopt(argc, argv, "u:id")) != -1) {
		switch (c) {
		case 'u': {
			uid_t id = atoi(optarg);

			if (setgroups(0, NULL) || setresgid(id, id, id) || setresuid(id, id, id)) {
				perror("finit_module: becoming the user");
				return 2;
			}
			break;
		}
		case 'i':
		case 'd':
			mode = c;
			break;
		default:
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: finit_module [-u UID] [-i|-d] PATH|NAME\n");
		return 2;
	}
	if (mode == 'd') {
		ret = syscall(SYS_delete_module, argv[optind], O_NONBLOCK);
	} else {
		fd = open(argv[optind], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			perror(argv[optind]);
			return 2;
		}
		if (mode == 'i') {
			n = read(fd, image, sizeof(image));
			if (n < 0) {
				perror(argv[optind]);
				return 2;
			}
			ret = syscall(SYS_init_module, image, n, "");
		} else {
			ret = syscall(SYS_finit_module, fd, "", 0);
		}
	}
	if (ret) {
		printf("%s\n", strerrorname_np(errno));
		return 1;
	}
	printf("ok\n");
	return 0;
}
