"""The seccomp deny-list handed to bwrap (`--seccomp FD`), compiled to BPF with libseccomp.

Default allow, because interpreters and compilers use a wide, version-dependent set of syscalls;
denied are the kernel entry points a judged program never needs and escapes commonly use.
"""

from __future__ import annotations

import errno
import functools
import tempfile

DENIED_SYSCALLS: tuple[str, ...] = (
    # looking into or steering other processes
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd", "process_madvise",
    # filesystems and namespaces
    "mount", "umount2", "pivot_root", "chroot", "unshare", "setns", "open_tree", "move_mount",
    "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr", "open_by_handle_at", "name_to_handle_at",
    # kernel attack surface
    "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd",
    "io_uring_setup", "io_uring_enter", "io_uring_register", "fanotify_init",
    # host administration
    "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load", "reboot",
    "swapon", "swapoff", "acct", "settimeofday", "clock_settime", "clock_adjtime", "adjtimex",
    "sethostname", "setdomainname", "syslog", "quotactl", "iopl", "ioperm", "personality",
    "lookup_dcookie", "vhangup",
)

AF_UNIX = 1
TIOCSTI = 0x5412
CLONE_NEWUSER = 0x10000000


class SeccompUnavailable(RuntimeError):
    """libseccomp cannot be loaded or the filter cannot be built: the sandbox refuses to run."""


@functools.cache
def deny_filter_bpf() -> bytes:
    """The filter as raw BPF bytes (about 700 bytes); built once per process."""
    try:
        import pyseccomp as sc
    except (ImportError, OSError) as exc:  # libseccomp2 missing
        raise SeccompUnavailable(f"libseccomp is not usable: {exc}") from exc
    filt = sc.SyscallFilter(sc.ALLOW)
    for name in DENIED_SYSCALLS:
        try:
            filt.add_rule(sc.ERRNO(errno.EPERM), name)
        except (RuntimeError, ValueError, OSError):
            continue  # a syscall this kernel/arch does not know cannot be called either
    # Only unix sockets: the net namespace already has no route out, this closes the rest.
    filt.add_rule(sc.ERRNO(errno.EAFNOSUPPORT), "socket", sc.Arg(0, sc.NE, AF_UNIX))
    filt.add_rule(sc.ERRNO(errno.EPERM), "ioctl", sc.Arg(1, sc.MASKED_EQ, 0xFFFFFFFF, TIOCSTI))
    filt.add_rule(sc.ERRNO(errno.EPERM), "clone", sc.Arg(0, sc.MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER))
    # clone3 passes flags in memory where BPF cannot look; ENOSYS makes libc fall back to clone.
    filt.add_rule(sc.ERRNO(errno.ENOSYS), "clone3")
    with tempfile.TemporaryFile() as out:
        filt.export_bpf(out)
        out.seek(0)
        return out.read()
