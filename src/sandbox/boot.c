// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * umk boot's command line (the UML/vkernel mode; main.c parses the
 * options it shares with umk run): init's environment (-e), the words
 * after the options as UML writes them (init=PATH, con=..., con0=...),
 * and init's argv and envp.
 *
 * The console, con0: con0=fd:N,fd:M (input from host fd N, output to M;
 * the default is fd:0,fd:1) and con=null (the console reads nothing and
 * writes nowhere).  The other lines, con1..con8 and ssl0..ssl7 (pty,
 * port:PORT, fd:N,fd:M, null), are lines.c's.
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "umk/kernel_entry.h"
#include "sandbox.h"

#define MAX_ENV 128

/* init's environment, as Linux gives it, then -e's in order */
static char *env[MAX_ENV + 1] = {
	"HOME=/", "TERM=linux", "PATH=/sbin:/usr/sbin:/bin:/usr/bin",
};
static int nenv = 3;
static const char *init_path;
static char *init_argv[2];

/* Is s "NAME=..." with NAME a shell identifier? */
static bool env_start(const char *s)
{
	const char *p = s;

	if (!isalpha((unsigned char)*p) && *p != '_')
		return false;
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	return *p == '=';
}

static void env_set(const char *s, size_t len)
{
	size_t name = strchr(s, '=') - s;
	char *v = strndup(s, len);

	if (!v)
		die(UMK_EXIT_INTERNAL, "out of memory");
	for (int i = 0; i < nenv; i++) {
		if (!strncmp(env[i], s, name + 1)) {
			env[i] = v;
			return;
		}
	}
	if (nenv == MAX_ENV)
		die(UMK_EXIT_USAGE, "boot: -e: too many variables (at most %d)", MAX_ENV);
	env[nenv++] = v;
}

/*
 * -e NAME=VALUE[:NAME=VALUE]...: a ':' followed by NAME= starts the next
 * variable, so PATH=/bin:/sbin stays one.
 */
void boot_env_option(const char *arg)
{
	const char *s = arg;

	if (!env_start(s))
		die(UMK_EXIT_USAGE, "boot: -e %s: not NAME=VALUE", arg);
	while (*s) {
		const char *end = s + strcspn(s, ":");

		while (*end && !env_start(end + 1))
			end = end + 1 + strcspn(end + 1, ":");
		env_set(s, end - s);
		s = *end ? end + 1 : end;
	}
}

static int con_fd(const char *s, const char *word)
{
	char *end;
	long fd;

	if (strncmp(s, "fd:", 3))
		goto bad;
	fd = strtol(s + 3, &end, 10);
	if (end == s + 3 || (*end && *end != ',') || fd < 0 || fd > 1000)
		goto bad;
	if (fcntl((int)fd, F_GETFD) < 0)
		die(UMK_EXIT_USAGE, "boot: %s: fd %ld is not open", word, fd);
	return (int)fd;
bad:
	die(UMK_EXIT_USAGE, "boot: %s: con0 is fd:N,fd:M or (con=) null only", word);
}

/* A word after the options: init=, con=, con0=; false if none of them. */
bool boot_word(const char *word, struct umk_boot *b)
{
	if (lines_word(word))
		return true;
	if (!strncmp(word, "init=", 5)) {
		if (word[5] != '/')
			die(UMK_EXIT_USAGE, "boot: %s: an absolute path is needed", word);
		init_path = word + 5;
		return true;
	}
	if (!strcmp(word, "con=null")) {
		int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

		if (fd < 0)
			die(UMK_EXIT_INTERNAL, "boot: con=null: /dev/null: cannot open");
		for (int i = 0; i < 3; i++)
			b->console_fd[i] = fd;
		return true;
	}
	if (!strncmp(word, "con0=", 5)) {
		const char *comma = strchr(word, ',');

		b->console_fd[0] = con_fd(word + 5, word);
		b->console_fd[1] = b->console_fd[2] = comma ? con_fd(comma + 1, word) :
								b->console_fd[0];
		return true;
	}
	if (!strncmp(word, "con", 3) || !strncmp(word, "ssl", 3))
		die(UMK_EXIT_USAGE, "boot: %s: not a line (con0=fd:N,fd:M, con=null, "
		    "conN=..., sslN=...: see umk --help)", word);
	return false;
}

/* init's argv and envp: init=PATH, else /bin/sh with -s, else /sbin/init. */
void boot_setup(struct umk_boot *b, bool single)
{
	init_argv[0] = (char *)(init_path ? init_path : single ? "/bin/sh" : "/sbin/init");
	b->argc = 1;
	b->argv = init_argv;
	b->envp = env;
	b->boot = true;
}
