// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * umk boot's lines besides the console, as UML writes them: virtual
 * consoles con1=..con8= (/dev/tty1..8) and serial lines ssl0=..ssl7=
 * (/dev/ttyS0..7); the host half (the kernel half is
 * src/kernel/tty/line_tty.c).
 *
 * What a line is on the host:
 *   pty          a host pseudo-terminal (posix_openpt, grantpt, unlockpt),
 *                its master in raw mode; umk holds its slave open too, so
 *                a host program may attach to it (screen, minicom, ...),
 *                leave and attach again without the line hanging up; its
 *                window size is the line's (looked at with each read).
 *                The kernel log says which (UML's "Virtual console 1
 *                assigned device '/dev/pts/7'"; on stderr with -v).
 *   port:PORT    TCP on 127.0.0.1:PORT only (never another address): a
 *                client that connects (nc, socat; bytes as they are, no
 *                telnet protocol) is attached to the line, its bytes typed
 *                into it, the line's output sent to it.  Several lines
 *                may share a port (ssl=port:PORT gives every serial line
 *                it): as UML's port channel, each client gets the lowest
 *                free line on its port; when none is free it is told so
 *                and closed.  A client that leaves hangs the
 *                line up (SIGHUP to its session); the next one gets it
 *                again (init's respawned getty).
 *   fd:N,fd:M    input from umk's host fd N, output to M (N, M > 2: 0-2
 *                are con0's), made non-blocking; when N ends, nothing more
 *                is typed (no hangup: the output goes on).
 *   null         nothing is read, the output is dropped.
 * con=X sets con1..con8 and ssl=X ssl0..ssl7 where no conN=/sslN= says
 * otherwise (con=null also con0: boot.c); con0 itself stays boot.c's.
 *
 * Everything is opened by lines_setup before umk confines itself: the
 * ptys (Landlock comes later), the sockets bound and listening (socket()
 * and bind() are not in umk's seccomp allowlist, and Landlock denies
 * TCP bind and connect; accept is no Landlock right).  Afterwards umk
 * may only accept4 on these sockets (seccomp.c) and read and write.
 *
 * One host thread serves all lines: it polls each line's fd and the
 * listening sockets, types what it reads with kernel_line_input (what the
 * line cannot take yet is offered again 20 ms later), and calls
 * kernel_line_output when an fd the kernel found full (host_line_kick)
 * can take more.  It starts serving once the kernel has made the lines'
 * ttys (host_line_kick(-1)).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include "umk/kernel_entry.h"
#include "sandbox.h"

#define NCON	9	/* con0 (boot.c's) .. con8 */
#define NSSL	8
#define MAX_LISTEN	UMK_MAX_LINES

enum { L_NONE, L_PTY, L_PORT, L_FD, L_NULL };

struct spec {
	int kind;
	int port;		/* L_PORT */
	int in, out;		/* L_FD */
};

struct hline {
	struct spec s;
	int minor;
	int fd;			/* pty master, fd line's input, port's client */
	int slave;		/* pty: the slave, held open */
	int listen;		/* port: index in listeners */
	int id;			/* in the kernel: index of struct umk_line */
	char device[64];
	unsigned char buf[4096];	/* read, not yet taken */
	size_t off, pending;
	int want_write;		/* host_line_kick(id): wait for POLLOUT */
	bool eof;		/* fd line: its input ended */
	unsigned short rows, cols;	/* pty: the size the kernel knows */
};

static struct spec con_spec[NCON], ssl_spec[NSSL], con_all, ssl_all;
static struct hline hl[UMK_MAX_LINES];
static int nhl;
static struct umk_line ul[UMK_MAX_LINES];
static struct {
	int port, fd;
} listeners[MAX_LISTEN];
static int nlisten;
static int wake_fd = -1;
static int ready;

static const char what_ok[] = "pty, port:PORT, fd:N,fd:M or null";

static int parse_port(const char *s, const char *word)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		goto bad;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 1 || v > 65535)
		goto bad;
	return (int)v;
bad:
	die(UMK_EXIT_USAGE, "boot: %s: port:PORT needs a TCP port 1..65535", word);
}

static int parse_fd(const char *s, const char *word, const char **rest)
{
	char *end;
	long fd;

	if (strncmp(s, "fd:", 3) || s[3] < '0' || s[3] > '9')
		die(UMK_EXIT_USAGE, "boot: %s: not fd:N,fd:M", word);
	fd = strtol(s + 3, &end, 10);
	if ((*end && *end != ',') || fd > 1000)
		die(UMK_EXIT_USAGE, "boot: %s: not fd:N,fd:M", word);
	if (fd < 3)
		die(UMK_EXIT_USAGE, "boot: %s: fds 0-2 are con0's; give another fd", word);
	if (fcntl((int)fd, F_GETFD) < 0)
		die(UMK_EXIT_USAGE, "boot: %s: fd %ld is not open", word, fd);
	*rest = end;
	return (int)fd;
}

static void parse_spec(const char *v, const char *word, struct spec *s)
{
	const char *rest;

	memset(s, 0, sizeof(*s));
	if (!strcmp(v, "pty")) {
		s->kind = L_PTY;
	} else if (!strcmp(v, "null")) {
		s->kind = L_NULL;
	} else if (!strncmp(v, "port:", 5)) {
		s->kind = L_PORT;
		s->port = parse_port(v + 5, word);
	} else if (!strncmp(v, "fd:", 3)) {
		s->kind = L_FD;
		s->in = s->out = parse_fd(v, word, &rest);
		if (*rest == ',')
			s->out = parse_fd(rest + 1, word, &rest);
		if (*rest)
			die(UMK_EXIT_USAGE, "boot: %s: not fd:N,fd:M", word);
	} else if (!strcmp(v, "xterm") || !strncmp(v, "pts", 3) || !strncmp(v, "tty:", 4)) {
		die(UMK_EXIT_USAGE, "boot: %s: not supported by umk (%s are)", word, what_ok);
	} else {
		die(UMK_EXIT_USAGE, "boot: %s: unknown line type (%s)", word, what_ok);
	}
}

bool lines_word(const char *word)
{
	bool ssl = !strncmp(word, "ssl", 3);
	const char *eq = strchr(word, '=');
	char *end;
	long n;

	if ((!ssl && strncmp(word, "con", 3)) || !eq)
		return false;
	if (eq == word + 3) {
		/* con=X, ssl=X: every line not given on its own */
		if (!ssl && !strcmp(eq + 1, "null")) {
			con_all.kind = L_NULL;
			return false;	/* and con0: boot.c */
		}
		parse_spec(eq + 1, word, ssl ? &ssl_all : &con_all);
		return true;
	}
	n = strtol(word + 3, &end, 10);
	if (end != eq || word[3] < '0' || word[3] > '9')
		return false;
	if (!ssl && n == 0)
		return false;		/* con0: boot.c */
	if (ssl ? n >= NSSL : n >= NCON)
		die(UMK_EXIT_USAGE, "boot: %s: the lines are %s", word,
		    ssl ? "ssl0..ssl7" : "con0..con8");
	parse_spec(eq + 1, word, ssl ? &ssl_spec[n] : &con_spec[n]);
	return true;
}

static void open_pty(struct hline *h, const char *word)
{
	struct termios tio;
	const char *name;
	int m, s;

	m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (m < 0 || grantpt(m) || unlockpt(m) || !(name = ptsname(m)))
		die(UMK_EXIT_INTERNAL, "boot: %s: no host pseudo-terminal: %s", word,
		    strerror(errno));
	snprintf(h->device, sizeof(h->device), "%s", name);
	/* held open: a host client may leave and come back */
	s = open(h->device, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s < 0 || tcgetattr(s, &tio))
		die(UMK_EXIT_INTERNAL, "boot: %s: %s: %s", word, h->device, strerror(errno));
	cfmakeraw(&tio);
	if (tcsetattr(s, TCSANOW, &tio) || fcntl(m, F_SETFL, O_NONBLOCK | O_RDWR))
		die(UMK_EXIT_INTERNAL, "boot: %s: %s: %s", word, h->device, strerror(errno));
	h->fd = m;
	h->slave = s;
}

static int listen_port(int port, const char *word)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int one = 1, fd;

	for (int i = 0; i < nlisten; i++)
		if (listeners[i].port == port)
			return i;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		die(UMK_EXIT_INTERNAL, "boot: %s: socket: %s", word, strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		if (errno == EADDRINUSE)
			die(UMK_EXIT_USAGE, "boot: %s: port %d on 127.0.0.1 is in use", word,
			    port);
		die(UMK_EXIT_USAGE, "boot: %s: cannot listen on 127.0.0.1:%d: %s", word,
		    port, strerror(errno));
	}
	if (listen(fd, 8))
		die(UMK_EXIT_INTERNAL, "boot: %s: listen: %s", word, strerror(errno));
	listeners[nlisten].port = port;
	listeners[nlisten].fd = fd;
	return nlisten++;
}

static void add_line(const struct spec *s, int minor, const char *word)
{
	struct hline *h = &hl[nhl];
	struct umk_line *u = &ul[nhl];

	h->s = *s;
	h->minor = minor;
	h->id = nhl;
	h->fd = h->slave = -1;
	switch (s->kind) {
	case L_PTY:
		open_pty(h, word);
		break;
	case L_PORT:
		h->listen = listen_port(s->port, word);
		snprintf(h->device, sizeof(h->device), "port:%d (127.0.0.1:%d)", s->port,
			 s->port);
		break;
	case L_FD:
		h->fd = s->in;
		if (fcntl(s->in, F_SETFL, fcntl(s->in, F_GETFL) | O_NONBLOCK) ||
		    fcntl(s->out, F_SETFL, fcntl(s->out, F_GETFL) | O_NONBLOCK))
			die(UMK_EXIT_INTERNAL, "boot: %s: %s", word, strerror(errno));
		snprintf(h->device, sizeof(h->device), "fd:%d,fd:%d", s->in, s->out);
		break;
	case L_NULL:
		snprintf(h->device, sizeof(h->device), "null");
		break;
	}
	u->minor = minor;
	u->in = h->fd;
	u->out = s->kind == L_FD ? s->out : h->fd;
	u->null = s->kind == L_NULL;
	u->device = h->device;
	nhl++;
}

void lines_setup(struct umk_boot *b)
{
	char word[16];

	for (int n = 1; n < NCON; n++) {
		const struct spec *s = con_spec[n].kind ? &con_spec[n] : &con_all;

		snprintf(word, sizeof(word), "con%d", n);
		if (s->kind)
			add_line(s, n, word);
	}
	for (int n = 0; n < NSSL; n++) {
		const struct spec *s = ssl_spec[n].kind ? &ssl_spec[n] : &ssl_all;

		snprintf(word, sizeof(word), "ssl%d", n);
		if (s->kind)
			add_line(s, 64 + n, word);
	}
	if (!nhl)
		return;
	wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (wake_fd < 0)
		die(UMK_EXIT_INTERNAL, "boot: lines: eventfd: %s", strerror(errno));
	b->lines = ul;
	b->nlines = nhl;
}

int lines_listen_fds(int *fds, int max)
{
	int n = 0;

	for (int i = 0; i < nlisten && n < max; i++)
		fds[n++] = listeners[i].fd;
	return n;
}

void lines_print_policy(FILE *f)
{
	char label[16];

	for (int i = 0; i < nhl; i++) {
		const struct hline *h = &hl[i];

		if (h->s.kind != L_PORT)
			continue;
		snprintf(label, sizeof(label), "%s%d:", h->minor >= 64 ? "ssl" : "con",
			 h->minor >= 64 ? h->minor - 64 : h->minor);
		fprintf(f, "  %-13s TCP port %d open on 127.0.0.1 only (bound and listening "
			"before confinement, then accept4 on it alone; Landlock still denies "
			"every TCP bind and connect)\n", label, h->s.port);
	}
}

static void lines_kick(int id)
{
	unsigned long long one = 1;

	if (id < 0)
		__atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
	else if (id < nhl)
		__atomic_store_n(&hl[id].want_write, 1, __ATOMIC_RELEASE);
	(void)!write(wake_fd, &one, sizeof(one));
}

/* A pty line: the host pty's size, when it changed. */
static void pty_winsize(struct hline *h)
{
	struct winsize ws;

	if (ioctl(h->fd, TIOCGWINSZ, &ws) || (ws.ws_row == h->rows && ws.ws_col == h->cols))
		return;
	h->rows = ws.ws_row;
	h->cols = ws.ws_col;
	kernel_line_winsize(h->id, h->rows, h->cols);
}

/* A client on listener li: the lowest free line on its port gets it. */
static void lines_accept(int li)
{
	static const char busy[] = "umk: every line on this port is in use\r\n";
	int fd = accept4(listeners[li].fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (fd < 0)
		return;
	for (int i = 0; i < nhl; i++) {
		struct hline *h = &hl[i];

		if (h->s.kind == L_PORT && h->listen == li && h->fd < 0) {
			h->fd = fd;
			h->off = h->pending = 0;
			kernel_line_connect(h->id, fd);
			return;
		}
	}
	(void)!write(fd, busy, sizeof(busy) - 1);
	close(fd);
}

static void *lines_thread(void *arg)
{
	struct pollfd p[1 + MAX_LISTEN + UMK_MAX_LINES];
	int who[1 + MAX_LISTEN + UMK_MAX_LINES];
	unsigned long long v;
	sigset_t all;

	(void)arg;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, NULL);
	for (;;) {
		bool pending = false;
		int n = 1, r;

		p[0] = (struct pollfd){ .fd = wake_fd, .events = POLLIN };
		for (int i = 0; __atomic_load_n(&ready, __ATOMIC_ACQUIRE) && i < nlisten; i++) {
			who[n] = -1 - i;
			p[n++] = (struct pollfd){ .fd = listeners[i].fd, .events = POLLIN };
		}
		for (int i = 0; __atomic_load_n(&ready, __ATOMIC_ACQUIRE) && i < nhl; i++) {
			struct hline *h = &hl[i];
			bool want = __atomic_load_n(&h->want_write, __ATOMIC_ACQUIRE);
			int wfd = h->s.kind == L_FD ? h->s.out : h->fd;
			short ev = h->pending || h->eof ? 0 : POLLIN;

			pending |= h->pending > 0;
			if (h->fd < 0)
				continue;
			if (want && wfd != h->fd) {
				/* an fd line's output: an entry of its own */
				who[n] = i;
				p[n++] = (struct pollfd){ .fd = wfd, .events = POLLOUT };
			} else if (want) {
				ev |= POLLOUT;
			}
			if (!ev)
				continue;
			who[n] = i;
			p[n++] = (struct pollfd){ .fd = h->fd, .events = ev };
		}
		r = poll(p, n, pending ? 20 : -1);
		if (r < 0 && errno != EINTR)
			return NULL;
		if (r > 0 && (p[0].revents & POLLIN))
			(void)!read(wake_fd, &v, sizeof(v));
		for (int k = 1; r > 0 && k < n; k++) {
			struct hline *h;

			if (!p[k].revents)
				continue;
			if (who[k] < 0) {
				lines_accept(-1 - who[k]);
				continue;
			}
			h = &hl[who[k]];
			if (p[k].revents & POLLOUT) {
				__atomic_store_n(&h->want_write, 0, __ATOMIC_RELEASE);
				kernel_line_output(h->id);
			}
			if (p[k].fd == h->fd && (p[k].revents & (POLLIN | POLLHUP | POLLERR))) {
				ssize_t got = read(h->fd, h->buf, sizeof(h->buf));

				if (got > 0) {
					h->off = 0;
					h->pending = got;
					if (h->s.kind == L_PTY)
						pty_winsize(h);
				} else if (h->s.kind == L_FD &&
					   (got == 0 || (errno != EINTR && errno != EAGAIN))) {
					/* an fd line's input ended: nothing more is
					 * typed, as a terminal nobody types on */
					h->eof = true;
				} else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
					/* the client left (or the pty broke) */
					kernel_line_hangup(h->id, h->s.kind != L_PORT);
					if (h->s.kind == L_PORT)
						close(h->fd);
					h->fd = -1;
					h->pending = 0;
					__atomic_store_n(&h->want_write, 0, __ATOMIC_RELEASE);
				}
			}
		}
		for (int i = 0; i < nhl; i++) {
			struct hline *h = &hl[i];

			if (h->pending) {
				size_t took = kernel_line_input(h->id, h->buf + h->off, h->pending);

				h->off += took;
				h->pending -= took;
			}
		}
	}
	return NULL;
}

void lines_start(void)
{
	pthread_t t;

	if (!nhl)
		return;
	host_line_kick_hook = lines_kick;
	if (pthread_create(&t, NULL, lines_thread, NULL))
		die(UMK_EXIT_INTERNAL, "boot: lines: cannot start their thread");
	pthread_detach(t);
}
