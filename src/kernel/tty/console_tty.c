// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The console as a tty of umk's own: /dev/console (char 5:1) on the host
 * terminal umk was started on.
 *
 * When umk's stdin and stdout are terminals and umk runs in the
 * foreground (fs/console.c decides), the console is a struct tty like a
 * pty's slave (n_tty.c edits, echoes and signals; tty_io.c reads, writes,
 * ioctls and job control), and the host terminal is only the wire: umk
 * puts it in raw mode (host_console_raw: no host echo, editing, signals,
 * flow control or output processing; the modes are put back at exit, on
 * a fatal signal, while umk is stopped).
 *
 * Input: a host thread (host.c's console thread) reads the host terminal
 * and hands the bytes to kernel_console_input, which types them into the
 * line discipline under the kernel lock, as a pty master's write does; ^C,
 * ^Z and ^\ are n_tty's VINTR, VSUSP and VQUIT for the console's
 * foreground group.  When the read queue is full the thread keeps the
 * rest and offers it again a little later (the host terminal buffers
 * meanwhile).
 *
 * Output (a program's write, and the echo) is queued in tty->ob by n_tty
 * and written to the host terminal by whoever queued it, with the kernel
 * lock dropped during the host write; one writer at a time, the others
 * leave their bytes to it, so the order is kept.  That is the driver of
 * every tty on host fds (line_tty.c, which umk boot's lines use too), in
 * its blocking mode: the terminal is the user's shell's too, so umk must
 * not make it non-blocking.
 *
 * The host terminal's SIGWINCH (its size changed) reaches the same host
 * thread, and kernel_console_winch sets the console's window size from the
 * host terminal and sends SIGWINCH to its foreground group, as TIOCSWINSZ
 * does.  A hangup of the host terminal (its read gives end of file or an
 * error) hangs the console up.
 *
 * Opening /dev/console never makes it a controlling terminal (as Linux's
 * /dev/console); TIOCSCTTY does (busybox init does it for the console's
 * getty and shells).  `umk run`'s command gets it as its controlling
 * terminal from the start, as a command started from a shell has its
 * terminal; `umk boot`'s init gets none, as Linux's.
 */
#include "kernel.h"
#include "task.h"
#include "signal.h"
#include "vfs/poll.h"
#include "tty/tty.h"

struct tty *console_tty;
static int con_in = -1;		/* host fd: the terminal */

int console_tty_setup(int in, int out)
{
	struct linux_termios tio;
	struct tty *tty;
	int err;

	/* the terminal's modes as the user had them: its erase key & co. */
	err = host_tcgets(in, &tio);
	if (err)
		return err;
	tty = kzalloc(sizeof(*tty));
	if (!tty)
		return -ENOMEM;
	tty->index = CONSOLE_MINOR;
	tty->termios = tio;
	host_tiocgwinsz(in, &tty->winsize);
	waitqueue_init(&tty->wq);
	err = host_console_raw(in);
	if (err) {
		kfree(tty);
		return err;
	}
	con_in = in;
	line_tty_console(tty, in, out);	/* the driver: line_tty.c's */
	tty->next = tty_list;
	tty_list = tty;
	console_tty = tty;
	return 0;
}

size_t kernel_console_input(const void *buf, size_t n)
{
	size_t i = 0;

	host_kernel_lock();
	if (console_tty)
		i = tty_host_input(console_tty, buf, n);
	host_kernel_unlock();
	return i;
}

void kernel_console_winch(void)
{
	struct linux_winsize ws;
	struct tty *tty;

	host_kernel_lock();
	tty = console_tty;
	if (tty && !host_tiocgwinsz(con_in, &ws) &&
	    memcmp(&ws, &tty->winsize, sizeof(ws))) {
		tty->winsize = ws;
		tty_signal_pgrp(tty->pgrp, SIGWINCH);
	}
	host_kernel_unlock();
}

void kernel_console_hangup(void)
{
	host_kernel_lock();
	if (console_tty && !console_tty->hungup)
		tty_hangup(console_tty);
	host_kernel_unlock();
}

int console_tty_open(struct file *f)
{
	return tty_open_file(console_tty, f, true);
}
