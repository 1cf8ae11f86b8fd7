// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ttys on a pair of host fds: umk boot's other lines, virtual consoles
 * /dev/tty1..8 (char 4:1..8, UML's con1=..con8=) and serial lines
 * /dev/ttyS0..7 (char 4:64..71, ssl0=..ssl7=), and the console's output
 * (console_tty.c sets the console up; its driver is this one's, with
 * blocking writes: see line_output_blocking).
 *
 * The host side (src/sandbox/lines.c) opens what each line is on before
 * umk confines itself -- a host pseudo-terminal (pty: the fds are its
 * master, in raw mode), a TCP port on 127.0.0.1 (port:PORT: the fds are
 * the connected client's socket, none while no client is connected), two
 * fds given to umk (fd:N,fd:M), or nothing (null: output dropped) -- and
 * hands them over in struct umk_line, non-blocking.  As with the console
 * (console_tty.c), n_tty.c and tty_io.c do the terminal's work and the
 * host fds are only the wire:
 *
 * Input: the host's lines thread reads the fds and types the bytes with
 * kernel_line_input, under the kernel lock, as a pty master's write.
 *
 * Output (writes and echo, queued in tty->ob) is written to the out fd by
 * whoever queued it, under the kernel lock, without blocking: what the
 * host fd cannot take stays queued (writers then wait on the tty, as on a
 * full pty), and host_line_kick asks the lines thread to call
 * kernel_line_output once the fd is writable.  While a port line has no
 * client, its output waits in the queue (the next client gets getty's
 * prompt).
 *
 * When the host side ends (a port's client disconnects; the end of an fd
 * line's input is not one: nothing more is typed) the tty hangs up
 * (tty_hangup: SIGHUP to its session, reads give end of file, writes
 * -EIO) and its queues are emptied.  A port line
 * is used again by the next client: the next open of the tty (init's
 * respawned getty), or the next client while nobody has it open, clears
 * the hangup.  (Linux gives files opened before a hangup hung-up
 * operations for good; here the hangup is the tty's, so a process that
 * survived SIGHUP with an old file sees the new connection too.)
 *
 * A pty line's window size is its host pty's: the lines thread looks at
 * it whenever it reads (a host program that resizes the pty, as screen
 * does, is seen with the next key) and tells kernel_line_winsize, which
 * sends SIGWINCH as TIOCSWINSZ does.  The other lines start at 0x0, as a
 * serial line; TIOCSWINSZ sets them.
 *
 * Lines that are not configured have no device node in devfs, and their
 * char device opens with -ENXIO, as Linux's tty without a driver.
 */
#include "kernel.h"
#include "task.h"
#include "signal.h"
#include "vfs/vfs.h"
#include "vfs/poll.h"
#include "tty/tty.h"

struct line {
	struct tty *tty;
	int id;			/* index in boot_params->lines; -1 console */
	int in, out;		/* host fds, -1: none */
	bool null;		/* output dropped */
	bool gone;		/* the host side ended for good */
	bool blocking;		/* the console: blocking writes, lock dropped */
	bool writing;		/* ... a writer is on the host */
};

static struct line line_tab[UMK_MAX_LINES];
static int nlines;
static struct line console_line = { .id = -1, .in = -1, .out = -1 };
static u8 console_wbuf[TTY_OBUF];	/* the console's writer's bytes */

static struct line *line_of(struct tty *tty)
{
	if (tty == console_line.tty)
		return &console_line;
	for (int i = 0; i < nlines; i++)
		if (line_tab[i].tty == tty)
			return &line_tab[i];
	return NULL;
}

static struct line *line_by_id(int id)
{
	return id >= 0 && id < nlines ? &line_tab[id] : NULL;
}

/* Write all of buf to the host (the console's blocking fd); a broken
 * terminal loses it. */
static void host_write_all(int fd, const u8 *buf, size_t n)
{
	long w;

	while (n) {
		w = host_write(fd, buf, n);
		if (w == -EINTR)
			continue;
		if (w == -EAGAIN) {
			host_fd_poll(fd, true, -1);
			continue;
		}
		if (w <= 0)
			return;
		buf += w;
		n -= w;
	}
}

/*
 * The console's output: its host fd is the user's terminal, shared with
 * the shell that started umk, so it stays blocking; the bytes are taken
 * from tty->ob and written with the kernel lock dropped, one writer at a
 * time (the others leave their bytes to it), so the order is kept.
 */
static bool line_output_blocking(struct line *l)
{
	struct tty *tty = l->tty;
	bool made_room = false;
	size_t n;

	if (l->writing)
		return false;	/* the writer on the host takes ours too */
	l->writing = true;
	while (tty->ob_len) {
		n = MIN(tty->ob_len, TTY_OBUF - tty->ob_head);
		memcpy(console_wbuf, tty->ob + tty->ob_head, n);
		tty->ob_head = (tty->ob_head + n) % TTY_OBUF;
		tty->ob_len -= n;
		if (!tty->ob_len)
			tty->ob_head = 0;
		made_room = true;
		tty_wake(tty, POLLOUT | POLLWRNORM);
		host_kernel_unlock();
		host_write_all(l->out, console_wbuf, n);
		host_kernel_lock();
	}
	l->writing = false;
	return made_room;
}

/* Output in tty->ob to the out fd, as much as it takes now. */
static bool line_output(struct tty *tty)
{
	struct line *l = line_of(tty);
	bool made_room = false;

	if (l && l->blocking)
		return line_output_blocking(l);
	while (l && tty->ob_len) {
		size_t n = MIN(tty->ob_len, TTY_OBUF - tty->ob_head);
		long w = n;

		if (l->out >= 0) {
			w = host_write(l->out, tty->ob + tty->ob_head, n);
			if (w == -EINTR)
				continue;
			if (w == -EAGAIN) {
				host_line_kick(l->id);
				break;
			}
			if (w <= 0)
				w = n;	/* the client is gone: its hangup follows */
		} else if (!l->null) {
			break;		/* a port without a client: kept */
		}
		tty->ob_head = (tty->ob_head + w) % TTY_OBUF;
		tty->ob_len -= w;
		if (!tty->ob_len)
			tty->ob_head = 0;
		made_room = true;
	}
	if (made_room)
		tty_wake(tty, POLLOUT | POLLWRNORM);
	return made_room;
}

static void line_close(struct tty *tty)
{
	(void)tty;	/* the line stays */
}

static const struct tty_driver line_driver = {
	.major = TTY_MAJOR,
	.output = line_output,
	.close = line_close,
};

/* The console: the same driver, its own device number (5:1). */
static const struct tty_driver console_driver = {
	.major = CONSOLE_MAJOR,
	.output = line_output,
	.close = line_close,
};

void line_tty_console(struct tty *tty, int in, int out)
{
	tty->driver = &console_driver;
	console_line.tty = tty;
	console_line.in = in;
	console_line.out = out;
	console_line.blocking = true;
}

int line_tty_setup(const struct umk_boot *b)
{
	for (int i = 0; i < b->nlines && i < UMK_MAX_LINES; i++) {
		const struct umk_line *u = &b->lines[i];
		struct tty *tty = kzalloc(sizeof(*tty));

		if (!tty)
			return -ENOMEM;
		tty->driver = &line_driver;
		tty->index = u->minor;
		n_tty_init_termios(&tty->termios);
		waitqueue_init(&tty->wq);
		tty->next = tty_list;
		tty_list = tty;
		line_tab[i] = (struct line){ .tty = tty, .id = i, .in = u->in,
					     .out = u->out, .null = u->null };
		nlines = i + 1;
		if (u->minor >= TTY_SERIAL_MINOR)
			pr_info("Serial line %d assigned device '%s'",
				u->minor - TTY_SERIAL_MINOR, u->device);
		else
			pr_info("Virtual console %d assigned device '%s'", u->minor,
				u->device);
	}
	if (nlines)
		host_line_kick(-1);	/* the lines thread may serve them */
	return 0;
}

bool line_tty_node(int i, char *name, size_t len, u32 *mode, u32 *minor)
{
	struct tty *tty;

	if (i >= nlines)
		return false;
	tty = line_tab[i].tty;
	*minor = tty->index;
	if (tty->index >= TTY_SERIAL_MINOR) {
		snprintf(name, len, "ttyS%d", tty->index - TTY_SERIAL_MINOR);
		*mode = S_IFCHR | 0660;
	} else {
		snprintf(name, len, "tty%d", tty->index);
		*mode = S_IFCHR | 0620;
	}
	return true;
}

int line_tty_open(u32 minor, struct file *f)
{
	struct tty *tty = NULL;
	struct line *l = NULL;

	for (int i = 0; i < nlines; i++) {
		if ((u32)line_tab[i].tty->index == minor) {
			l = &line_tab[i];
			tty = l->tty;
		}
	}
	if (!tty)
		return -ENXIO;
	if (tty->hungup && !l->gone)
		tty->hungup = false;	/* a new use: the next client's getty */
	return tty_open_file(tty, f, f->flags & O_NOCTTY);
}

size_t kernel_line_input(int id, const void *buf, size_t n)
{
	struct line *l;
	size_t i = 0;

	host_kernel_lock();
	l = line_by_id(id);
	if (l)
		i = tty_host_input(l->tty, buf, n);
	host_kernel_unlock();
	return i;
}

void kernel_line_output(int id)
{
	struct line *l;

	host_kernel_lock();
	l = line_by_id(id);
	if (l)
		line_output(l->tty);
	host_kernel_unlock();
}

void kernel_line_connect(int id, int fd)
{
	struct line *l;

	host_kernel_lock();
	l = line_by_id(id);
	if (l) {
		l->in = l->out = fd;
		/* nobody has the hung-up tty open: the client's first keys
		 * wait for the next getty */
		if (l->tty->hungup && !l->tty->slave_opens)
			l->tty->hungup = false;
		line_output(l->tty);	/* what waited: getty's prompt */
	}
	host_kernel_unlock();
}

void kernel_line_hangup(int id, bool gone)
{
	struct line *l;

	host_kernel_lock();
	l = line_by_id(id);
	if (l) {
		l->in = l->out = -1;
		l->gone = gone;
		if (!l->tty->hungup)
			tty_hangup(l->tty);
		n_tty_flush_input(l->tty);
		n_tty_flush_output(l->tty);
		tty_wake(l->tty, 0);
	}
	host_kernel_unlock();
}

void kernel_line_winsize(int id, unsigned rows, unsigned cols)
{
	struct line *l;

	host_kernel_lock();
	l = line_by_id(id);
	if (l && (l->tty->winsize.ws_row != rows || l->tty->winsize.ws_col != cols)) {
		l->tty->winsize.ws_row = rows;
		l->tty->winsize.ws_col = cols;
		tty_signal_pgrp(l->tty->pgrp, SIGWINCH);
	}
	host_kernel_unlock();
}
