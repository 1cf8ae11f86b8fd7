// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Process identity: ids, credentials, process groups and sessions,
 * set_tid_address, robust lists.  (exit and exit_group are exit.c's.)
 */
#include "kernel.h"
#include "syscall.h"

long sys_getpid(struct task *t, const struct sysargs *a)
{
	return t->proc->pid;
}

long sys_gettid(struct task *t, const struct sysargs *a)
{
	return t->tid;
}

long sys_getppid(struct task *t, const struct sysargs *a)
{
	struct process *parent = t->proc->parent;

	return parent ? parent->pid : 0;
}

long sys_getuid(struct task *t, const struct sysargs *a)
{
	return t->proc->cred.uid;
}

long sys_geteuid(struct task *t, const struct sysargs *a)
{
	return t->proc->cred.euid;
}

long sys_getgid(struct task *t, const struct sysargs *a)
{
	return t->proc->cred.gid;
}

long sys_getegid(struct task *t, const struct sysargs *a)
{
	return t->proc->cred.egid;
}

static long put_three(struct task *t, const struct sysargs *a, u32 x, u32 y, u32 z)
{
	if (copy_to_user(t, UPTR(a->a[0]), &x, 4) || copy_to_user(t, UPTR(a->a[1]), &y, 4) ||
	    copy_to_user(t, UPTR(a->a[2]), &z, 4))
		return -EFAULT;
	return 0;
}

long sys_getresuid(struct task *t, const struct sysargs *a)
{
	struct cred *c = &t->proc->cred;

	return put_three(t, a, c->uid, c->euid, c->suid);
}

long sys_getresgid(struct task *t, const struct sysargs *a)
{
	struct cred *c = &t->proc->cred;

	return put_three(t, a, c->gid, c->egid, c->sgid);
}

long sys_getgroups(struct task *t, const struct sysargs *a)
{
	struct cred *c = &t->proc->cred;
	int size = (int)a->a[0];

	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return c->ngroups;
	if (size < c->ngroups)
		return -EINVAL;
	if (copy_to_user(t, UPTR(a->a[1]), c->groups, c->ngroups * sizeof(u32)))
		return -EFAULT;
	return c->ngroups;
}

long sys_getpgrp(struct task *t, const struct sysargs *a)
{
	return t->proc->pgid;
}

static struct process *pid_or_self(struct task *t, int pid)
{
	return pid == 0 ? t->proc : process_find(pid);
}

long sys_getpgid(struct task *t, const struct sysargs *a)
{
	struct process *p = pid_or_self(t, (int)a->a[0]);

	return p ? p->pgid : -ESRCH;
}

long sys_getsid(struct task *t, const struct sysargs *a)
{
	struct process *p = pid_or_self(t, (int)a->a[0]);

	return p ? p->sid : -ESRCH;
}

long sys_setpgid(struct task *t, const struct sysargs *a)
{
	int pid = (int)a->a[0], pgid = (int)a->a[1];
	struct process *p;

	/* Linux's order: pid 0 is the caller, pgid 0 is that pid, and
	 * only then is a negative pgid refused (so setpgid(-1, 0) is
	 * EINVAL, not ESRCH). */
	if (pid == 0)
		pid = t->proc->pid;
	if (pgid == 0)
		pgid = pid;
	if (pgid < 0)
		return -EINVAL;
	p = pid_or_self(t, pid);
	if (!p || (p != t->proc && p->parent != t->proc))
		return -ESRCH;
	if (p != t->proc && p->sid != t->proc->sid)
		return -EPERM;	/* a child in another session */
	if (p != t->proc && p->did_exec)
		return -EACCES;	/* a child that has called execve */
	if (p->pid == p->sid)
		return -EPERM;	/* a session leader stays in its group */
	if (pgid != p->pid) {
		/* Joining a group needs a member in the same session. */
		bool found = false;

		for (struct process *q = process_next(NULL); q; q = process_next(q))
			if (q->pgid == pgid && q->sid == p->sid)
				found = true;
		if (!found)
			return -EPERM;
	}
	p->pgid = pgid;
	return 0;
}

long sys_setsid(struct task *t, const struct sysargs *a)
{
	struct process *p = t->proc;

	for (struct process *q = process_next(NULL); q; q = process_next(q))
		if (q->pgid == p->pid)
			return -EPERM;	/* already a group leader */
	p->sid = p->pgid = p->pid;
	return p->sid;
}

long sys_set_tid_address(struct task *t, const struct sysargs *a)
{
	t->clear_child_tid = a->a[0];
	return t->tid;
}

long sys_set_robust_list(struct task *t, const struct sysargs *a)
{
	if (a->a[1] != 24)	/* sizeof(struct robust_list_head) */
		return -EINVAL;
	t->robust_list = a->a[0];
	t->robust_len = a->a[1];
	return 0;
}

long sys_get_robust_list(struct task *t, const struct sysargs *a)
{
	struct task *target = a->a[0] ? task_find((int)a->a[0]) : t;
	u64 len = 24;

	if (!target)
		return -ESRCH;
	if (copy_to_user(t, UPTR(a->a[1]), &target->robust_list, 8) ||
	    copy_to_user(t, UPTR(a->a[2]), &len, 8))
		return -EFAULT;
	return 0;
}

/* ---- credentials: setuid(2) and friends, with Linux's rules ----
 *
 * The guest's ids are umk's own (the host ids of umk do not change).  A
 * process with effective uid 0 may set any id; others may only move
 * between their real, effective and saved ids.  The filesystem id follows
 * the effective one.  -1 leaves an id as it is.
 */

static bool uid_ok(const struct cred *c, u32 id)
{
	return id == c->uid || id == c->euid || id == c->suid;
}

static bool gid_ok(const struct cred *c, u32 id)
{
	return id == c->gid || id == c->egid || id == c->sgid;
}

static long set_res_uid(struct task *t, u32 r, u32 e, u32 s)
{
	struct cred *c = &t->proc->cred;
	bool root = c->euid == 0;

	if (!root && ((r != (u32)-1 && !uid_ok(c, r)) || (e != (u32)-1 && !uid_ok(c, e)) ||
		      (s != (u32)-1 && !uid_ok(c, s))))
		return -EPERM;
	if (r != (u32)-1)
		c->uid = r;
	if (e != (u32)-1)
		c->euid = e;
	if (s != (u32)-1)
		c->suid = s;
	c->fsuid = c->euid;
	return 0;
}

static long set_res_gid(struct task *t, u32 r, u32 e, u32 s)
{
	struct cred *c = &t->proc->cred;
	bool root = c->euid == 0;

	if (!root && ((r != (u32)-1 && !gid_ok(c, r)) || (e != (u32)-1 && !gid_ok(c, e)) ||
		      (s != (u32)-1 && !gid_ok(c, s))))
		return -EPERM;
	if (r != (u32)-1)
		c->gid = r;
	if (e != (u32)-1)
		c->egid = e;
	if (s != (u32)-1)
		c->sgid = s;
	c->fsgid = c->egid;
	return 0;
}

long sys_setresuid(struct task *t, const struct sysargs *a)
{
	return set_res_uid(t, a->a[0], a->a[1], a->a[2]);
}

long sys_setresgid(struct task *t, const struct sysargs *a)
{
	return set_res_gid(t, a->a[0], a->a[1], a->a[2]);
}

long sys_setuid(struct task *t, const struct sysargs *a)
{
	struct cred *c = &t->proc->cred;
	u32 id = a->a[0];

	if (id == (u32)-1)
		return -EINVAL;
	if (c->euid == 0)
		return set_res_uid(t, id, id, id);
	if (id != c->uid && id != c->suid)
		return -EPERM;
	return set_res_uid(t, -1, id, -1);
}

long sys_setgid(struct task *t, const struct sysargs *a)
{
	struct cred *c = &t->proc->cred;
	u32 id = a->a[0];

	if (id == (u32)-1)
		return -EINVAL;
	if (c->euid == 0)
		return set_res_gid(t, id, id, id);
	if (id != c->gid && id != c->sgid)
		return -EPERM;
	return set_res_gid(t, -1, id, -1);
}

long sys_setreuid(struct task *t, const struct sysargs *a)
{
	struct cred *c = &t->proc->cred;
	u32 r = a->a[0], e = a->a[1], s = (u32)-1;

	if (c->euid != 0 && ((r != (u32)-1 && r != c->uid && r != c->euid) ||
			     (e != (u32)-1 && !uid_ok(c, e))))
		return -EPERM;
	/* the saved id follows the new effective one when the real one is
	 * set or the effective one moves away from the real one */
	if (r != (u32)-1 || (e != (u32)-1 && e != c->uid))
		s = e != (u32)-1 ? e : c->euid;
	return set_res_uid(t, r, e, s);
}

long sys_setregid(struct task *t, const struct sysargs *a)
{
	struct cred *c = &t->proc->cred;
	u32 r = a->a[0], e = a->a[1], s = (u32)-1;

	if (c->euid != 0 && ((r != (u32)-1 && r != c->gid && r != c->egid) ||
			     (e != (u32)-1 && !gid_ok(c, e))))
		return -EPERM;
	if (r != (u32)-1 || (e != (u32)-1 && e != c->gid))
		s = e != (u32)-1 ? e : c->egid;
	return set_res_gid(t, r, e, s);
}

long sys_setfsuid(struct task *t, const struct sysargs *a)
{
	struct cred *c = &t->proc->cred;
	u32 old = c->fsuid, id = a->a[0];

	if (id != (u32)-1 && (c->euid == 0 || uid_ok(c, id) || id == c->fsuid))
		c->fsuid = id;
	return old;
}

long sys_setfsgid(struct task *t, const struct sysargs *a)
{
	struct cred *c = &t->proc->cred;
	u32 old = c->fsgid, id = a->a[0];

	if (id != (u32)-1 && (c->euid == 0 || gid_ok(c, id) || id == c->fsgid))
		c->fsgid = id;
	return old;
}

long sys_setgroups(struct task *t, const struct sysargs *a)
{
	struct cred *c = &t->proc->cred;
	int n = (int)a->a[0];
	u32 groups[ARRAY_SIZE(c->groups)];

	if (c->euid != 0)
		return -EPERM;
	if (n < 0 || n > 65536)
		return -EINVAL;
	if (n > (int)ARRAY_SIZE(c->groups)) {
		pr_once(LOG_INFO, "setgroups: umk keeps at most %d supplementary groups",
			(int)ARRAY_SIZE(c->groups));
		return -EINVAL;
	}
	if (n && copy_from_user(t, groups, UPTR(a->a[1]), n * sizeof(u32)))
		return -EFAULT;
	memcpy(c->groups, groups, n * sizeof(u32));
	c->ngroups = n;
	return 0;
}
