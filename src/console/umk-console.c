// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * umk-console: the client of umk's management console (umk-console(1)).
 *
 *   umk-console UMID COMMAND [ARG]...
 *
 * connects to $XDG_RUNTIME_DIR/umk/UMID/mconsole (~/.umk/UMID/mconsole
 * without XDG_RUNTIME_DIR; a UMID with a '/' is the socket's path), sends
 * "COMMAND ARG...\n" and prints the answer: on stdout when umk says "ok",
 * on stderr when it says "error".  The protocol is src/sandbox/mconsole.c's.
 *
 * Exit status: 0 done, 1 umk refused the command (unknown, bad argument),
 * 2 bad usage or no umk answers at that name.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static const char usage[] =
	"Usage: umk-console UMID COMMAND [ARG]...\n"
	"Send COMMAND to the running umk named UMID (umk run --umid UMID) and\n"
	"print its answer.  Commands: version, help, info, config, halt, reboot,\n"
	"cad, stop, go, sysrq KEY, proc FILE, log TEXT (umk-console UMID help).\n"
	"`umk list` shows the running instances.\n";

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *xdg = getenv("XDG_RUNTIME_DIR"), *home = getenv("HOME");
	char path[PATH_MAX], req[8192];
	static char reply[1 << 20];
	size_t len = 0, got = 0;
	ssize_t n;
	int fd;

	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "--version")) {
		printf("umk-console %s\n", UMK_VERSION);
		return 0;
	}
	if (argc < 3) {
		fputs(usage, stderr);
		return 2;
	}
	if (strchr(argv[1], '/'))
		snprintf(path, sizeof(path), "%s", argv[1]);
	else if (xdg && *xdg == '/')
		snprintf(path, sizeof(path), "%s/umk/%s/mconsole", xdg, argv[1]);
	else if (home && *home == '/')
		snprintf(path, sizeof(path), "%s/.umk/%s/mconsole", home, argv[1]);
	else {
		fprintf(stderr, "umk-console: neither XDG_RUNTIME_DIR nor HOME is set\n");
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		int m = snprintf(req + len, sizeof(req) - len, "%s%s", i > 2 ? " " : "", argv[i]);

		if (m < 0 || (size_t)m >= sizeof(req) - len - 1 || strchr(argv[i], '\n')) {
			fprintf(stderr, "umk-console: the command is too long or has a newline\n");
			return 2;
		}
		len += m;
	}
	req[len++] = '\n';

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "umk-console: %s: path too long for a unix socket\n", path);
		return 2;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		fprintf(stderr, "umk-console: no umk answers at %s: %s\n", path, strerror(errno));
		return 2;
	}
	/* umk may refuse (another user) before it reads: its answer is read
	 * whether the request went out or not */
	signal(SIGPIPE, SIG_IGN);
	if (write(fd, req, len) == (ssize_t)len)
		shutdown(fd, SHUT_WR);
	while (got < sizeof(reply) && (n = read(fd, reply + got, sizeof(reply) - got)) > 0)
		got += n;
	close(fd);
	if (got >= 3 && !memcmp(reply, "ok\n", 3)) {
		fwrite(reply + 3, 1, got - 3, stdout);
		return 0;
	}
	if (got >= 6 && !memcmp(reply, "error\n", 6)) {
		fputs("umk-console: ", stderr);
		fwrite(reply + 6, 1, got - 6, stderr);
		return 1;
	}
	fprintf(stderr, "umk-console: %s: no answer (umk ended?)\n", path);
	return 2;
}
