// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * execve: umk's own program loader.
 *
 * 1. The arguments and environment are copied into one kernel buffer.
 * 2. The file is opened through the VFS; "#!" scripts name an interpreter
 *    (at most 4 levels, as Linux), ELF files are checked (elf.c).
 * 3. A new address space (a fresh stub) gets the segments of the program
 *    and of its interpreter (PT_INTERP), a stack with argv, envp and the
 *    auxiliary vector, and an empty heap after the program.
 * 4. Only when all of that worked does the task switch to it: a new host
 *    thread in the new stub, registers at the entry point, FPU reset,
 *    close-on-exec files closed, caught signals reset.  Before that point
 *    a failure leaves the caller untouched and returns the error.
 */
#include "kernel.h"
#include "elf.h"
#include "exec.h"
#include "mm.h"
#include "syscall.h"
#include "signal.h"
#include "task.h"
#include "timer.h"
#include "vfs/vfs.h"

#define ARG_MAX_BYTES	(2UL << 20)	/* argv + envp, like a 8 MiB stack */
#define MAX_ARG_STRLEN	(32 * PAGE_SIZE)
#define MAX_ARG_STRINGS	0x7fffffff
#define SHEBANG_DEPTH	4

/* ---- the arguments ---- */

void exec_args_free(struct exec_args *ea)
{
	kfree(ea->buf);
	kfree(ea->filename);
	memset(ea, 0, sizeof(*ea));
}

static int args_push(struct exec_args *ea, const char *s, size_t len)
{
	if (len + 1 > MAX_ARG_STRLEN || ea->len + len + 1 > ARG_MAX_BYTES)
		return -E2BIG;
	if (ea->len + len + 1 > ea->cap) {
		size_t cap = ea->cap ? ea->cap : 4096;

		while (cap < ea->len + len + 1)
			cap *= 2;
		char *p = host_realloc(ea->buf, cap);

		if (!p)
			return -ENOMEM;
		ea->buf = p;
		ea->cap = cap;
	}
	memcpy(ea->buf + ea->len, s, len);
	ea->buf[ea->len + len] = 0;
	ea->len += len + 1;
	return 0;
}

/* Copy a NULL-terminated array of guest strings. */
static int args_copy_user(struct task *t, struct exec_args *ea, struct uptr arr,
			  int *count)
{
	char *tmp = kmalloc(MAX_ARG_STRLEN);
	int ret = 0;

	*count = 0;
	if (!tmp)
		return -ENOMEM;
	for (u64 i = 0; !uptr_null(arr); i++) {
		u64 p;

		if (copy_from_user(t, &p, uptr_add(arr, i * 8), 8)) {
			ret = -EFAULT;
			break;
		}
		if (!p)
			break;
		long n = strncpy_from_user(t, tmp, UPTR(p), MAX_ARG_STRLEN);

		if (n < 0) {
			ret = n == -ENAMETOOLONG ? -E2BIG : n;
			break;
		}
		ret = args_push(ea, tmp, n);
		if (ret)
			break;
		(*count)++;
	}
	kfree(tmp);
	return ret;
}

int exec_args_from_user(struct task *t, struct exec_args *ea, const char *filename,
			struct uptr argv, struct uptr envp)
{
	int ret;

	memset(ea, 0, sizeof(*ea));
	ea->filename = kstrdup(filename);
	if (!ea->filename)
		return -ENOMEM;
	ret = args_copy_user(t, ea, argv, &ea->argc);
	if (!ret && ea->argc == 0) {
		/* Linux gives programs started with no argv an empty argv[0]. */
		ret = args_push(ea, "", 0);
		ea->argc = 1;
	}
	if (!ret)
		ret = args_copy_user(t, ea, envp, &ea->envc);
	if (ret)
		exec_args_free(ea);
	return ret;
}

int exec_args_from_kernel(struct exec_args *ea, const char *filename,
			  char *const argv[], char *const envp[])
{
	int ret = 0;

	memset(ea, 0, sizeof(*ea));
	ea->filename = kstrdup(filename);
	if (!ea->filename)
		return -ENOMEM;
	for (; argv && *argv && !ret; argv++, ea->argc++)
		ret = args_push(ea, *argv, strlen(*argv));
	for (; envp && *envp && !ret; envp++, ea->envc++)
		ret = args_push(ea, *envp, strlen(*envp));
	if (ret)
		exec_args_free(ea);
	return ret;
}

/* Replace argv[0] by "interp [opt] path" for a #! script. */
static int args_shebang(struct exec_args *ea, const char *interp, const char *opt,
			const char *path)
{
	struct exec_args n = { 0 };
	size_t skip = strlen(ea->buf) + 1;	/* the old argv[0] */
	int ret;

	ret = args_push(&n, interp, strlen(interp));
	if (!ret && opt)
		ret = args_push(&n, opt, strlen(opt));
	if (!ret)
		ret = args_push(&n, path, strlen(path));
	if (!ret && ea->len > skip) {
		if (n.len + ea->len - skip > ARG_MAX_BYTES) {
			ret = -E2BIG;
		} else {
			for (size_t off = skip; off < ea->len && !ret;) {
				size_t l = strlen(ea->buf + off);

				ret = args_push(&n, ea->buf + off, l);
				off += l + 1;
			}
		}
	}
	if (ret) {
		kfree(n.buf);
		return ret;
	}
	kfree(ea->buf);
	ea->buf = n.buf;
	ea->len = n.len;
	ea->cap = n.cap;
	ea->argc += opt ? 2 : 1;
	return 0;
}

/*
 * Parse "#!interp [opt]" in the first line (buf holds up to SHEBANG_MAX
 * bytes).  Like Linux: leading blanks skipped, the interpreter ends at a
 * blank, the rest of the line (trimmed) is one optional argument.
 */
int exec_parse_shebang(char *buf, size_t len, char **interp, char **opt)
{
	char *end = memchr(buf, '\n', len);
	char *p, *q;

	if (!end) {
		if (len >= SHEBANG_MAX)
			return -ENOEXEC;	/* the interpreter line is too long */
		end = buf + len;
	}
	*end = 0;
	for (p = buf + 2; *p == ' ' || *p == '\t'; p++)
		;
	if (!*p)
		return -ENOEXEC;
	for (q = p; *q && *q != ' ' && *q != '\t'; q++)
		;
	*interp = p;
	*opt = NULL;
	if (*q) {
		*q++ = 0;
		while (*q == ' ' || *q == '\t')
			q++;
		char *e = q + strlen(q);

		while (e > q && (e[-1] == ' ' || e[-1] == '\t'))
			*--e = 0;
		if (*q)
			*opt = q;
	}
	return 0;
}

/* ---- loading ELF ---- */

static int read_exact(struct file *f, void *buf, size_t len, s64 off)
{
	long n = vfs_kernel_read(f, buf, len, off);

	if (n < 0)
		return n;
	return (size_t)n == len ? 0 : -EIO;
}

/* Read and check the ELF headers of f; head holds the first hlen bytes. */
static int elf_read(struct file *f, const void *head, size_t hlen,
		    struct elf_image *img)
{
	int ret = elf_check_header(head, hlen, img);

	if (ret)
		return ret;
	size_t phlen = (size_t)img->eh.e_phnum * sizeof(struct elf64_phdr);

	if (img->eh.e_phoff + phlen <= hlen)
		return elf_parse_phdrs(img, (const u8 *)head + img->eh.e_phoff, phlen);
	void *ph = kmalloc(phlen);

	if (!ph)
		return -ENOMEM;
	ret = read_exact(f, ph, phlen, img->eh.e_phoff);
	if (!ret)
		ret = elf_parse_phdrs(img, ph, phlen);
	kfree(ph);
	return ret == -EIO ? -ENOEXEC : ret;
}

struct loaded {
	u64 bias;
	u64 entry;
	u64 phdr;	/* AT_PHDR */
	u64 end;	/* end of the highest segment */
};

/* Map img's segments into mm.  The main program (!is_interp) of type
 * ET_DYN goes at ELF_ET_DYN_BASE; an interpreter anywhere below mmap_base. */
static int elf_load(struct mm *mm, struct file *f, struct elf_image *img,
		    bool is_interp, struct loaded *out)
{
	u64 base = ELF_ET_DYN_BASE, bias;
	int ret;

	if (img->eh.e_type == ET_DYN && is_interp) {
		base = vma_find_gap(&mm->vmas, img->hi - img->lo, 0x10000, mm->mmap_base);
		if (!base)
			return -ENOMEM;
	}
	ret = elf_bias(img, base, &bias);
	if (ret)
		return ret;

	out->bias = bias;
	out->entry = img->eh.e_entry + bias;
	out->phdr = 0;
	out->end = 0;
	for (int i = 0; i < img->nph; i++) {
		struct elf64_phdr *p = &img->ph[i];
		struct elf_seg s;
		long r;

		if (p->p_type == PT_PHDR)
			out->phdr = p->p_vaddr + bias;
		if (elf_segment(img, i, bias, &s))
			continue;
		if (!out->phdr && p->p_offset == 0)
			out->phdr = p->p_vaddr + bias + img->eh.e_phoff;
		if (s.map_len) {
			r = mm_mmap(mm, s.map, s.map_len, s.prot, MAP_PRIVATE | MAP_FIXED, f, s.off);
			if (r < 0)
				return r;
		}
		if (s.zero_len && mm_clear(mm, UPTR(s.zero), s.zero_len))
			return -EFAULT;
		if (s.anon_len) {
			r = mm_mmap(mm, s.anon, s.anon_len, s.prot,
				    MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, NULL, 0);
			if (r < 0)
				return r;
		}
		out->end = MAX(out->end, s.mem_end);
	}
	return 0;
}

/* ---- the stack ---- */

/* Lay out argv, envp and auxv at the top of the stack; rsp in *sp. */
static int build_stack(struct task *t, struct mm *mm, struct exec_args *ea,
		       const struct loaded *prog, const struct loaded *interp,
		       const struct elf_image *img, u64 stack_size, bool exec_stack,
		       u64 *sp)
{
	struct cred *c = &t->proc->cred;
	size_t fnlen = strlen(ea->filename) + 1;
	u64 top = STACK_TOP;
	u64 p = top - 8;
	u64 execfn = p -= fnlen;
	u64 strings = p -= ea->len;
	u64 platform = p -= 8;
	u64 random = p -= 16;
	u64 auxv[2 * 24];
	int na = 0;

	struct vma v = {
		.start = STACK_TOP - stack_size, .end = STACK_TOP,
		.prot = PROT_READ | PROT_WRITE | (exec_stack ? PROT_EXEC : 0),
		.flags = VMA_STACK | VMA_GROWSDOWN,
	};
	int ret = vma_insert(&mm->vmas, &v);

	if (ret)
		return ret;
	mm->total_vm += stack_size >> PAGE_SHIFT;

#define AUX(k, v) (auxv[na++] = (k), auxv[na++] = (v))
	/* no AT_SYSINFO_EHDR: umk has no vDSO yet; glibc makes syscalls */
	AUX(AT_MINSIGSTKSZ, MAX(host_getauxval(AT_MINSIGSTKSZ), (u64)MINSIGSTKSZ));
	AUX(AT_HWCAP, host_getauxval(AT_HWCAP));
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_CLKTCK, 100);
	AUX(AT_PHDR, prog->phdr);
	AUX(AT_PHENT, sizeof(struct elf64_phdr));
	AUX(AT_PHNUM, img->nph);
	AUX(AT_BASE, interp ? interp->bias : 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, prog->entry);
	AUX(AT_UID, c->uid);
	AUX(AT_EUID, c->euid);
	AUX(AT_GID, c->gid);
	AUX(AT_EGID, c->egid);
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, random);
	AUX(AT_HWCAP2, host_getauxval(AT_HWCAP2));
	AUX(AT_EXECFN, execfn);
	AUX(AT_PLATFORM, platform);
	AUX(AT_NULL, 0);
#undef AUX

	u64 words = 1 + ea->argc + 1 + ea->envc + 1 + na;

	memcpy(mm->saved_auxv, auxv, na * sizeof(u64));
	mm->saved_auxv_n = na;

	p = ALIGN_DOWN(p - words * 8, 16);
	if (top - p > stack_size / 2)
		return -E2BIG;

	/* Build the whole block in kernel memory, then copy it once. */
	size_t size = top - p;
	u8 *blk = kzalloc(size);

	if (!blk)
		return -ENOMEM;
	u64 *w = (u64 *)blk;
	u64 s = strings;

	*w++ = ea->argc;
	for (int i = 0; i < ea->argc + ea->envc; i++) {
		*w++ = s;
		s += strlen(ea->buf + (s - strings)) + 1;
		if (i == ea->argc - 1)
			*w++ = 0;	/* argv's end */
	}
	*w++ = 0;		/* envp's end */
	memcpy(w, auxv, na * 8);
	memcpy(blk + (execfn - p), ea->filename, fnlen);
	memcpy(blk + (strings - p), ea->buf, ea->len);
	memcpy(blk + (platform - p), "x86_64", 7);
	ret = host_getrandom(blk + (random - p), 16);
	if (!ret)
		ret = mm_copy_to(mm, UPTR(p), blk, size);
	kfree(blk);
	if (ret)
		return ret;
	mm->start_stack = p;
	mm->arg_start = strings;
	mm->arg_end = mm->env_start = strings;
	for (int i = 0; i < ea->argc; i++)
		mm->arg_end += strlen(ea->buf + (mm->arg_end - strings)) + 1;
	mm->env_start = mm->arg_end;
	mm->env_end = strings + ea->len;
	*sp = p;
	return 0;
}

/* ---- execve ---- */

/* Resolve path to an ELF program, following #! scripts (which rewrite
 * ea's argv).  Returns the opened file in *out and its headers in img. */
static int open_program(struct task *t, int dirfd, const char *path, unsigned lookup,
			struct exec_args *ea, struct file **out, struct elf_image *img)
{
	char *head = kmalloc(PAGE_SIZE);
	char *name = kstrdup(path);
	struct file *f = NULL;
	int ret = -ENOMEM;

	if (!head || !name)
		goto out;
	for (int depth = 0;; depth++) {
		/* the program as asked; its interpreters by their paths */
		ret = depth ? vfs_open_exec(t, name, &f)
			    : vfs_open_exec_at(t, dirfd, name, lookup, &f);
		if (ret)
			goto out;
		long n = vfs_kernel_read(f, head, PAGE_SIZE, 0);

		if (n < 0) {
			ret = n;
			goto out_file;
		}
		if (n >= 2 && head[0] == '#' && head[1] == '!') {
			char *interp, *opt;

			if (depth == SHEBANG_DEPTH) {
				ret = -ELOOP;
				goto out_file;
			}
			ret = exec_parse_shebang(head, MIN((size_t)n, (size_t)SHEBANG_MAX), &interp, &opt);
			if (!ret)
				ret = args_shebang(ea, interp, opt, depth ? name : ea->filename);
			if (ret)
				goto out_file;
			kfree(name);
			name = kstrdup(interp);
			file_put(f);
			f = NULL;
			if (!name) {
				ret = -ENOMEM;
				goto out;
			}
			continue;
		}
		ret = elf_read(f, head, n, img);
		if (ret)
			goto out_file;
		*out = f;
		goto out;
	}
out_file:
	file_put(f);
out:
	kfree(head);
	kfree(name);
	return ret;
}

/* Load the interpreter named by img's PT_INTERP. */
static int load_interp(struct task *t, struct mm *mm, struct file *prog,
		       struct elf_image *img, struct loaded *out)
{
	const struct elf64_phdr *ph = &img->ph[img->interp];
	char *path = kmalloc(ph->p_filesz + 1);
	struct elf_image *iimg = kmalloc(sizeof(*iimg));
	char *head = kmalloc(PAGE_SIZE);
	struct file *f = NULL;
	int ret = -ENOMEM;

	if (!path || !iimg || !head)
		goto out;
	ret = read_exact(prog, path, ph->p_filesz, ph->p_offset);
	if (ret || path[ph->p_filesz - 1] || strlen(path) != ph->p_filesz - 1) {
		ret = -ENOEXEC;
		goto out;
	}
	ret = vfs_open_exec(t, path, &f);
	if (ret)
		goto out;
	long n = vfs_kernel_read(f, head, PAGE_SIZE, 0);

	ret = n < 0 ? (int)n : elf_read(f, head, n, iimg);
	if (!ret && iimg->interp >= 0)
		ret = -ELIBBAD;
	if (ret == -ENOEXEC)
		ret = -ELIBBAD;
	if (!ret)
		ret = elf_load(mm, f, iimg, true, out);
	file_put(f);
out:
	kfree(path);
	kfree(iimg);
	kfree(head);
	return ret;
}

static const char *basename_of(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

int exec_program(struct task *t, const char *path, struct exec_args *ea)
{
	return exec_program_at(t, AT_FDCWD, path, LOOKUP_FOLLOW, ea);
}

int exec_program_at(struct task *t, int dirfd, const char *path, unsigned lookup,
		    struct exec_args *ea)
{
	struct process *p = t->proc;
	struct elf_image *img = kmalloc(sizeof(*img));
	struct loaded prog, interp;
	struct file *f = NULL;
	struct mm *mm = NULL;
	struct plat_ctx *ctx;
	u64 sp, stack_size;
	int ret;

	if (!img)
		return -ENOMEM;
	ret = open_program(t, dirfd, path, lookup, ea, &f, img);
	if (ret)
		goto out;
	ret = mm_new(&mm);
	if (ret)
		goto out_file;
	mm->building = true;	/* one batch of host maps for the whole image */
	ret = elf_load(mm, f, img, false, &prog);
	if (!ret && img->interp >= 0)
		ret = load_interp(t, mm, f, img, &interp);
	if (ret)
		goto out_mm;
	mm->start_brk = mm->brk = PAGE_ALIGN(prog.end);
	mm->start_code = prog.bias + img->lo;
	mm->end_code = prog.end;

	stack_size = p->rlim[RLIMIT_STACK].rlim_cur;
	if (stack_size == RLIM_INFINITY || stack_size > (1UL << 30))
		stack_size = 1UL << 30;
	stack_size = MAX(PAGE_ALIGN(stack_size), 128UL << 10);
	ret = build_stack(t, mm, ea, &prog, img->interp >= 0 ? &interp : NULL, img,
			  stack_size, img->exec_stack, &sp);
	if (ret)
		goto out_mm;
	/* Map the pages just written, so the first instructions do not trap. */
	mm_populate(mm, sp, STACK_TOP, true);
	mm->building = false;
	/*
	 * The new address space is this exec's alone until the point of no
	 * return: its host mappings (a batch the stub needs ~200 us of host
	 * work for) and its first thread are made without the kernel lock,
	 * which a build's execs held ~35 ms in all for that.  A kill that
	 * came meanwhile ends the exec.
	 */
	host_kernel_unlock();
	ret = plat_as_flush(mm->as);
	if (!ret)
		ret = plat_ctx_new(mm->as, &ctx);
	host_kernel_lock();
	if (ret)
		goto out_mm;
	if (t->exiting || p->exiting) {
		plat_ctx_destroy(ctx);
		ret = -EINTR;
		goto out_mm;
	}

	/* ---- the point of no return ---- */
	ret = task_become_sole(t);
	if (ret) {
		plat_ctx_destroy(ctx);
		goto out_mm;
	}
	if (t->ctx_lender)
		ctx_return(t);		/* a vfork child: the parent's thread */
	else if (t->ctx)
		plat_ctx_destroy(t->ctx);
	t->ctx = ctx;
	if (p->mm)
		mm_put(p->mm);
	p->mm = mm;
	linkcache_exec(t);
	if (p->exe)
		file_put(p->exe);
	vfs_deny_write(f);	/* ETXTBSY while any process runs it */
	p->exe = f;
	memset(&t->regs, 0, sizeof(t->regs));
	t->regs.rip = img->interp >= 0 ? interp.entry : prog.entry;
	t->regs.rsp = sp;
	t->regs.eflags = 0x202;
	t->run_flags |= PLAT_RUN_FPRESET;
	t->regs_replaced = true;
	t->robust_list = t->robust_len = 0;
	t->clear_child_tid = 0;
	signals_exec_reset(t);
	p->did_exec = true;
	timers_exec(p);
	fd_close_on_exec(t);
	vfork_release(t);
	snprintf(p->comm, sizeof(p->comm), "%s", basename_of(ea->filename));
	kfree(img);
	return 0;

out_mm:
	mm_put(mm);
out_file:
	file_put(f);
out:
	kfree(img);
	return ret;
}

static long do_execve(struct task *t, const char *path, struct uptr argv, struct uptr envp)
{
	struct exec_args ea;
	long ret = exec_args_from_user(t, &ea, path, argv, envp);

	if (!ret) {
		ret = exec_program(t, path, &ea);
		exec_args_free(&ea);
	}
	return ret;
}

long sys_execve(struct task *t, const struct sysargs *a)
{
	char *path;
	long ret;

	ret = getname(t, UPTR(a->a[0]), &path);
	if (ret < 0)
		return ret;
	ret = do_execve(t, path, UPTR(a->a[1]), UPTR(a->a[2]));
	kfree(path);
	return ret;
}

/*
 * execveat: the program at path relative to dirfd, or with AT_EMPTY_PATH
 * the file dirfd itself (a memfd, an unlinked file: no path needed).  As
 * on Linux, it is named "/dev/fd/N" (or "/dev/fd/N/path") in AT_EXECFN and
 * to a script's interpreter.
 */
long sys_execveat(struct task *t, const struct sysargs *a)
{
	int dirfd = (int)a->a[0];
	int flags = (int)a->a[4];
	struct exec_args ea;
	char *name, *filename = NULL;
	long ret;

	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	ret = getname(t, UPTR(a->a[1]), &name);
	if (ret < 0)
		return ret;
	if (!name[0] && !(flags & AT_EMPTY_PATH)) {
		ret = -ENOENT;
		goto out;
	}
	if (name[0] == '/' || dirfd == AT_FDCWD) {
		filename = kstrdup(name);
	} else {
		filename = kmalloc(PATH_MAX);
		if (filename && snprintf(filename, PATH_MAX, name[0] ? "/dev/fd/%d/%s" : "/dev/fd/%d",
					 dirfd, name) >= PATH_MAX) {
			ret = -ENAMETOOLONG;
			goto out;
		}
	}
	ret = -ENOMEM;
	if (!filename)
		goto out;
	ret = exec_args_from_user(t, &ea, filename, UPTR(a->a[2]), UPTR(a->a[3]));
	if (!ret) {
		ret = exec_program_at(t, dirfd, name,
				      (name[0] ? 0 : LOOKUP_EMPTY) |
				      ((flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW), &ea);
		exec_args_free(&ea);
	}
out:
	kfree(name);
	kfree(filename);
	return ret;
}
