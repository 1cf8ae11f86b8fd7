/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The stub's stackless code.
 *
 * The syscall thread and the first instructions of every new app thread run
 * without touching memory a guest could write: their state is in registers,
 * their commands come from the read-only command page (STUB_CTL), and their
 * constants from .rodata.  A guest thread in the same process can write every
 * writable page, so a stack here would be a way to hijack a thread whose
 * seccomp filter still allows mmap.
 */
#include <asm/unistd.h>
#include "umk/stub_abi.h"

#define FUTEX_WAIT	0
#define FUTEX_WAKE	1
#define SIG_SETMASK	2
#define SECCOMP_SET_MODE_FILTER 1

/* offsets in struct stub_ctl / stub_cmd / stub_res */
#define CTL_SEQ		0
#define CTL_NCMDS	4
#define CTL_FLAGS	12
#define CTL_NOTIFY	16
#define CTL_WAKE	24
#define CTL_CMD		32
#define CTL_ANSWER	4032	/* answer[2], 32 bytes each: fd, resp */
#define CMD_ARG3	32	/* clone's child_tid: &mailbox->tid */
#define MB_TID_TO_FD	8	/* from mailbox->tid to mailbox->notify_fd */
#define SECCOMP_FILTER_FLAG_NEW_LISTENER	(1 << 3)
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV	(1 << 5)
#define CMD_SIZE	80
#define CMD_AUX		56
#define RES_DONE	0
#define RES_NDONE	4
#define RES_RET		8

	.section .text.entry, "ax"
	.globl _start
_start:
	/* The zygote: leave the host's stack for one inside the image, which
	 * zygote_main() then unmaps together with everything else; it reads
	 * argv first (rdi: the host's stack, argc then argv). */
	mov	%rsp, %rdi
	lea	zygote_stack_top(%rip), %rsp
	call	zygote_main
	ud2

	.text
/*
 * The syscall thread: wait until umk bumps ctl->seq, run ctl->cmd[0..ncmds)
 * as raw host syscalls, stop at the first failure, store each return value
 * in the result page, tell umk how many succeeded, answer a guest syscall
 * if umk asked (STUB_CTL_ANSWER), repeat.
 *   r12d: last seq handled   r13d: command index   rbx: current command
 *   r14: STUB_CTL            r15: STUB_RES         rbp: the answer to send
 */
	.globl stub_syscall_loop
stub_syscall_loop:
	movabs	$STUB_CTL, %r14
	movabs	$STUB_RES, %r15
	xor	%r12d, %r12d
1:	mov	CTL_SEQ(%r14), %eax
	cmp	%r12d, %eax
	jne	2f
	mov	$__NR_futex, %eax
	mov	%r14, %rdi
	mov	$FUTEX_WAIT, %esi
	mov	%r12d, %edx
	xor	%r10d, %r10d
	syscall
	jmp	1b
2:	mov	%eax, %r12d
	xor	%r13d, %r13d
3:	mov	CTL_NCMDS(%r14), %eax
	mov	$STUB_MAX_CMDS, %ecx
	cmp	%ecx, %eax
	cmova	%ecx, %eax
	cmp	%eax, %r13d
	jae	5f
	imul	$CMD_SIZE, %r13, %rbx
	lea	CTL_CMD(%r14,%rbx), %rbx
	mov	0(%rbx), %rax
	mov	8(%rbx), %rdi
	mov	16(%rbx), %rsi
	mov	24(%rbx), %rdx
	mov	32(%rbx), %r10
	mov	40(%rbx), %r8
	mov	48(%rbx), %r9
	syscall
	/* the new thread of a clone leaves here, before it could store its
	 * 0 over the parent's result */
	cmpq	$__NR_clone, 0(%rbx)
	jne	4f
	test	%rax, %rax
	jz	stub_thread_start
4:	mov	%rax, RES_RET(%r15,%r13,8)
	cmp	$-4095, %rax
	jae	5f
	inc	%r13d
	jmp	3b
	/* Report on the socket, which guest code cannot use: the message
	 * length (1 + commands that succeeded) cannot be forged by a guest
	 * thread, unlike anything in the writable result page. */
5:	mov	%r13d, RES_NDONE(%r15)
	mov	%r12d, RES_DONE(%r15)
	/* A failed asynchronous batch: its last command (the wake of the
	 * thread that resumes) did not run, and no one reads the report
	 * soon.  End the process; the reaper wakes whoever waits on it. */
	cmp	CTL_NCMDS(%r14), %r13d
	jae	6f
	testl	$STUB_CTL_DIE_ON_FAIL, CTL_FLAGS(%r14)
	jz	6f
	mov	$__NR_exit_group, %eax
	mov	$126, %edi
	syscall
	/* The thread to wake after the report, and the answer to send
	 * (rbp: ctl->answer[seq & 1], or 0): read now, since umk may publish
	 * the next batch as soon as the report is out (not the one after:
	 * this answer is sent first). */
6:	mov	CTL_WAKE(%r14), %rbx
	xor	%ebp, %ebp
	testl	$STUB_CTL_ANSWER, CTL_FLAGS(%r14)
	jz	7f
	mov	%r12d, %ebp
	and	$1, %ebp
	shl	$5, %ebp
	lea	CTL_ANSWER(%r14,%rbp), %rbp
7:	mov	$__NR_write, %eax
	mov	$STUB_FD_SOCK, %edi
	mov	%r14, %rsi
	lea	1(%r13), %edx
	syscall
	test	%rbx, %rbx
	jz	8f
	mov	$__NR_futex, %eax
	lea	RES_DONE(%r15), %rdi
	mov	$FUTEX_WAKE, %esi
	mov	$0x7fffffff, %edx
	syscall
	mov	$__NR_futex, %eax
	mov	%rbx, %rdi
	mov	$FUTEX_WAKE, %esi
	mov	$1, %edx
	syscall
	/* Last, the answer: the thread it wakes may take this CPU at once,
	 * and nothing must wait for this thread then. */
8:	test	%rbp, %rbp
	jz	1b
	mov	$__NR_ioctl, %eax
	mov	0(%rbp), %rdi
	mov	$STUB_NOTIF_SEND, %esi
	lea	8(%rbp), %rdx
	syscall
	cmp	$-4095, %rax
	jb	1b
	mov	$__NR_exit_group, %eax
	mov	$126, %edi
	syscall
	ud2

/*
 * A new app thread, right after clone (rbx: its clone command).  Unblock
 * signals, take the alternate stack from the command, install the strict
 * app-thread filter, and raise the first SIGSYS from the trap page, so that
 * umk loads this thread's first guest registers through the handler.
 */
stub_thread_start:
	mov	$__NR_rt_sigprocmask, %eax
	mov	$SIG_SETMASK, %edi
	lea	stub_empty_sigset(%rip), %rsi
	xor	%edx, %edx
	mov	$8, %r10d
	syscall
	test	%rax, %rax
	jnz	9f
	mov	$__NR_sigaltstack, %eax
	lea	CMD_AUX(%rbx), %rdi
	xor	%esi, %esi
	syscall
	test	%rax, %rax
	jnz	9f
	/* With user notifications (ctl->notify) the filter comes with a
	 * listener, whose fd goes to the mailbox for umk to fetch. */
	movabs	$STUB_CTL, %rcx
	mov	CTL_NOTIFY(%rcx), %r8d
	mov	$__NR_seccomp, %eax
	mov	$SECCOMP_SET_MODE_FILTER, %edi
	xor	%esi, %esi
	lea	stub_app_fprog(%rip), %rdx
	test	%r8d, %r8d
	jz	1f
	mov	$(SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV), %esi
	lea	stub_app_notify_fprog(%rip), %rdx
1:	syscall
	test	%rax, %rax
	js	9f
	test	%r8d, %r8d
	jz	2f
	mov	CMD_ARG3(%rbx), %rdi
	mov	%eax, MB_TID_TO_FD(%rdi)
2:	movabs	$STUB_TRAP, %rax
	jmp	*%rax
9:	mov	$__NR_exit_group, %eax
	mov	$127, %edi
	syscall
	ud2

/* Signal handlers return here (sa_restorer). */
	.globl stub_restorer
stub_restorer:
	mov	$__NR_rt_sigreturn, %eax
	syscall
	ud2

/*
 * long stub_guest_copy(char *dst, const char *src, long max): copy a
 * NUL-terminated string of guest memory; its length (the NUL is copied),
 * -1 when max bytes hold no NUL, -2 when a load faulted: the handler sends
 * a SIGSEGV or SIGBUS at stub_guest_copy_load to stub_guest_copy_fault.
 * No stack: a fault leaves nothing to undo.
 */
	.globl stub_guest_copy, stub_guest_copy_load, stub_guest_copy_fault
stub_guest_copy:
	xor	%eax, %eax
1:	cmp	%rdx, %rax
	je	3f
stub_guest_copy_load:
	movzbl	(%rsi,%rax), %ecx
	mov	%cl, (%rdi,%rax)
	test	%cl, %cl
	je	2f
	inc	%rax
	jmp	1b
2:	ret
3:	mov	$-1, %rax
	ret
stub_guest_copy_fault:
	mov	$-2, %rax
	ret

/* Outside the trusted text: the filters turn this syscall into SIGSYS. */
	.section .trap, "ax"
	.globl stub_trap
stub_trap:
	mov	$STUB_NR_HELLO, %eax
	syscall
	ud2

	.section .rodata
	.align 8
	.globl stub_empty_sigset
stub_empty_sigset:
	.quad	0

	.bss
	.align 16
	.space	16384
zygote_stack_top:
