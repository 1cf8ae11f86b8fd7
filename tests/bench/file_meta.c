// SPDX-License-Identifier: GPL-2.0-or-later
// file_meta open|stat N PATH: N open+close pairs, or N stat calls, of PATH;
// prints the mean cost of one in microseconds.  The file metadata rows of
// `make bench` (issue 4: within 15x native per call).
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec a, b;
	struct stat st;
	bool do_open;
	long n;

	if (argc != 4 || (strcmp(argv[1], "open") && strcmp(argv[1], "stat")))
		return 2;
	do_open = !strcmp(argv[1], "open");
	n = atol(argv[2]);
	if (n <= 0 || stat(argv[3], &st))
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		if (do_open) {
			int fd = open(argv[3], O_RDONLY);

			if (fd < 0)
				return 1;
			close(fd);
		} else if (stat(argv[3], &st)) {
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.2f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n / 1000);
	return 0;
}
